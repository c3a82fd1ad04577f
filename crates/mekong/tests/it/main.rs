//! The one integration test binary: the real application over HTTP, the command line, and a
//! real browser. Tests written with `backend_tests!` run on SQLite and on PostgreSQL.

mod advocacy;
mod api;
mod api_writes;
mod assistance;
mod audit;
mod browser;
mod cli;
mod directory;
mod documents;
mod events;
mod finance;
mod funding;
mod hostile;
mod i18n;
mod iati;
mod identity;
mod intake;
mod mail;
mod markup;
mod matrix;
mod missions;
mod pages;
mod plan_api;
mod practices;
mod projects;
mod recruitment;
mod recruitment_procedure;
mod reporting;
mod results;
mod search;
mod storage;
