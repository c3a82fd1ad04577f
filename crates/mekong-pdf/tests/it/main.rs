//! Integration tests of mekong-pdf: render real documents and read them back with poppler.

mod attendance;
mod poppler;
mod reports;
