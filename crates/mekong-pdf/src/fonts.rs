//! The fonts compiled into the binary: the only fonts a rendered document can use.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The SIL Open Font Licence of the embedded fonts, for a `licences` page or command: the OFL asks
/// that the licence travel with every copy of the fonts, and the binary is such a copy.
pub const FONT_LICENCE: &str = include_str!("../fonts/OFL.txt");

/// The font files, in the order the template's fallback list names their families.
const FONT_FILES: [&[u8]; 6] = [
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSansKhmer-Regular.ttf"),
    include_bytes!("../fonts/NotoSansKhmer-Bold.ttf"),
    include_bytes!("../fonts/NotoSansLao-Regular.ttf"),
    include_bytes!("../fonts/NotoSansLao-Bold.ttf"),
];

/// The parsed fonts and the book typst searches them by, built once per process because parsing
/// 1.3 MB of font tables on every render would cost more than the rendering of a short document.
pub(crate) struct EmbeddedFonts {
    pub(crate) book: LazyHash<FontBook>,
    pub(crate) fonts: Vec<Font>,
}

pub(crate) static EMBEDDED_FONTS: LazyLock<EmbeddedFonts> = LazyLock::new(|| {
    // A file that does not parse yields no font rather than a panic; the tests check all six load.
    let fonts: Vec<Font> = FONT_FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    EmbeddedFonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_six_embedded_fonts_parse_with_their_family_names() {
        let mut families: Vec<(String, u16)> = EMBEDDED_FONTS
            .fonts
            .iter()
            .map(|font| (font.info().family.clone(), font.info().variant.weight.to_number()))
            .collect();
        families.sort();
        let expected = [
            ("Noto Sans", 400),
            ("Noto Sans", 700),
            ("Noto Sans Khmer", 400),
            ("Noto Sans Khmer", 700),
            ("Noto Sans Lao", 400),
            ("Noto Sans Lao", 700),
        ]
        .map(|(family, weight)| (family.to_owned(), weight));
        assert_eq!(families, expected);
    }

    #[test]
    fn the_licence_is_the_open_font_licence() {
        assert!(FONT_LICENCE.contains("SIL OPEN FONT LICENSE Version 1.1"));
    }
}
