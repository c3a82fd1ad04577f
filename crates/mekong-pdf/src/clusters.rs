//! Rejoins the pieces typst cuts a Khmer cluster into, so that text copied, searched or extracted
//! from the PDF reads as written.
//!
//! typst 0.15 turns a shaped run into one text item per stretch of glyphs at the same height
//! (`ShapedText::build` in typst-layout groups glyphs by font, vertical offset and size). A Khmer
//! cluster such as ភ្នំ stacks a base, a subscript and a sign at different heights, so it becomes
//! three items, each holding the whole cluster as its text. The PDF writer (krilla) sees three
//! one-glyph runs and maps each glyph to the whole cluster: "ភ្នំពេញ" is extracted as
//! "ភ្នំភ្នំភ្នំពេញ", and a search for the city's name finds nothing.
//!
//! Put back together as one item whose glyphs carry their own vertical offsets, the cluster is
//! one run again: krilla writes its text once (under `/ActualText`) and places each glyph exactly
//! where it was. Only items that provably came from one cluster are joined: same style, touching
//! on the line, the first ending and the second starting with the same cluster from the same
//! source position.

use typst::layout::{Em, Frame, FrameItem, Point};
use typst::model::Document;
use typst::text::{Glyph, TextItem};
use typst_layout::{Page, PagedDocument};

/// How far apart (in points) two pieces of a line may be and still count as touching: the
/// pieces' positions are sums of the same advances, so they differ only by rounding.
const TOUCHING: f64 = 1e-3;

/// The document with every cluster that typst split across text items made whole again.
pub(crate) fn rejoin_split_clusters(document: PagedDocument) -> PagedDocument {
    if !document.pages().iter().any(|page| has_split_cluster(&page.frame)) {
        return document;
    }
    let pages = document
        .pages()
        .iter()
        .map(|page| {
            let mut frame = page.frame.clone();
            rejoin_in_frame(&mut frame);
            Page { frame, ..page.clone() }
        })
        .collect();
    PagedDocument::new(pages, document.info().clone())
}

fn has_split_cluster(frame: &Frame) -> bool {
    let mut previous: Option<(Point, &TextItem)> = None;
    for (position, item) in frame.items() {
        match item {
            FrameItem::Text(text) => {
                if previous
                    .is_some_and(|(first_position, first)| join(first_position, first, *position, text).is_some())
                {
                    return true;
                }
                previous = Some((*position, text));
            }
            FrameItem::Group(group) => {
                if has_split_cluster(&group.frame) {
                    return true;
                }
                previous = None;
            }
            _ => previous = None,
        }
    }
    false
}

fn rejoin_in_frame(frame: &mut Frame) {
    // Most frames hold no Khmer; leave them (and the memory they share with typst's cache) alone.
    if !has_split_cluster(frame) {
        return;
    }
    let mut items: Vec<(Point, FrameItem)> = Vec::with_capacity(frame.items().len());
    for (position, item) in frame.items() {
        let mut item = item.clone();
        if let FrameItem::Group(group) = &mut item {
            rejoin_in_frame(&mut group.frame);
        }
        if let (Some((first_position, FrameItem::Text(first))), FrameItem::Text(next)) = (items.last_mut(), &item)
            && let Some(joined) = join(*first_position, first, *position, next)
        {
            *first = joined;
            continue;
        }
        items.push((*position, item));
    }
    frame.clear();
    frame.push_multiple(items);
}

/// The two text items as one, if `next` continues the cluster that `first` ends with.
fn join(first_position: Point, first: &TextItem, next_position: Point, next: &TextItem) -> Option<TextItem> {
    let same_style = first.font == next.font
        && first.size == next.size
        && first.fill == next.fill
        && first.stroke == next.stroke
        && first.lang == next.lang
        && first.region == next.region;
    let touching = (first_position.x + first.width() - next_position.x).to_pt().abs() < TOUCHING;
    if !same_style || !touching {
        return None;
    }
    let last = first.glyphs.last()?;
    let head = next.glyphs.first()?;
    // Glyphs of one cluster share its text range and its source position; two clusters that
    // merely look alike differ in the latter.
    let splits_a_cluster = last.range().end == first.text.len()
        && head.range().start == 0
        && last.span == head.span
        && first.text.get(last.range())? == next.text.get(head.range())?;
    if !splits_a_cluster {
        return None;
    }

    let overlap = head.range().end;
    let mut text = first.text.clone();
    text.push_str(next.text.get(overlap..)?);
    // Glyph ranges are 16-bit; a run too long for them stays as typst made it. Within that
    // bound, no shifted range can overflow: each ends inside the joined text.
    u16::try_from(text.len()).ok()?;
    let shift = u16::try_from(first.text.len().checked_sub(overlap)?).ok()?;
    let rise = Em::from_abs(first_position.y - next_position.y, first.size);

    let mut glyphs = first.glyphs.clone();
    glyphs.extend(next.glyphs.iter().map(|glyph| Glyph {
        y_offset: glyph.y_offset + rise,
        range: glyph.range.start.saturating_add(shift)..glyph.range.end.saturating_add(shift),
        ..glyph.clone()
    }));
    Some(TextItem { text, glyphs, ..first.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::TemplateWorld;
    use crate::{AttendanceColumns, AttendanceDay, AttendanceSheet, Template, lay_out};

    fn laid_out(title: &str) -> Result<PagedDocument, crate::PdfError> {
        let label = |text: &str| text.to_owned();
        let sheet = AttendanceSheet {
            title: label(title),
            subtitle: String::new(),
            host: String::new(),
            heading: label("Attendance sheet"),
            columns: AttendanceColumns {
                number: label("No."),
                name: label("Name"),
                organisation: label("Organisation"),
                city: label("City"),
                signature: label("Signature"),
            },
            days: vec![AttendanceDay { label: label("Tuesday 3 March 2026"), rows: Vec::new() }],
            funder_statement: String::new(),
            generated: String::new(),
        };
        let world = TemplateWorld::new(Template::AttendanceSheet.source()?, serde_json::to_vec(&sheet)?);
        Ok(lay_out(Template::AttendanceSheet, &world)?.0)
    }

    fn text_items(frame: &Frame) -> Vec<String> {
        frame
            .items()
            .flat_map(|(_, item)| match item {
                FrameItem::Text(text) => vec![text.text.to_string()],
                FrameItem::Group(group) => text_items(&group.frame),
                _ => Vec::new(),
            })
            .collect()
    }

    fn page_texts(document: &PagedDocument) -> Vec<String> {
        document.pages().iter().flat_map(|page| text_items(&page.frame)).collect()
    }

    #[test]
    fn a_stacked_khmer_cluster_becomes_one_text_item_again() -> Result<(), crate::PdfError> {
        let document = laid_out("ភ្នំពេញ")?;
        // As typst lays it out: ភ, the subscript ្ន and the sign ំ each carry the whole cluster.
        let pieces = page_texts(&document);
        assert!(pieces.iter().filter(|text| text.starts_with("ភ្នំ")).count() > 1, "{pieces:?}");
        let rejoined = rejoin_split_clusters(document);
        // Joined into one piece; ពេញ follows at the base line as its own piece, which is harmless.
        let pieces = page_texts(&rejoined);
        assert_eq!(pieces.iter().filter(|text| text.starts_with("ភ្នំ")).count(), 1, "{pieces:?}");
        assert!(!rejoined.pages().iter().any(|page| has_split_cluster(&page.frame)));
        Ok(())
    }

    #[test]
    fn latin_and_lao_text_is_left_as_laid_out() -> Result<(), crate::PdfError> {
        let document = laid_out("Thừa Thiên Huế · ວຽງຈັນ · Besançon")?;
        let before = page_texts(&document);
        assert_eq!(page_texts(&rejoin_split_clusters(document)), before);
        Ok(())
    }
}
