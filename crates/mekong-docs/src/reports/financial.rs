//! The EU financial report as XLSX: per heading and line, the budget, what was spent in the
//! contract's currency and in each currency it was paid in, the variance in amount and per cent;
//! the contract's caps; the amounts not yet converted, listed apart; the conversion method; the
//! snapshot's hash. Amounts are numbers with number formats, never text; each line's spent cell
//! links to the page of the expenses behind it.

use std::collections::BTreeSet;

use mekong_core::money::{Currency, Money};
use mekong_core::reporting::{FinanceRow, Snapshot};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Image, Url, Workbook, Worksheet, XlsxError,
};

use super::{period_words, provenance, statement_key};
use crate::DocError;
use crate::emblem::Emblem;

/// Where the table of headings and lines starts (0-based): below the identification block.
const TABLE_ROW: u32 = 8;

struct Formats {
    title: Format,
    bold: Format,
    header: Format,
    text: Format,
    heading_text: Format,
    percent: Format,
    heading_percent: Format,
    link_amount: Vec<(u8, Format)>,
    amount: Vec<(u8, Format)>,
    heading_amount: Vec<(u8, Format)>,
}

fn amount_format(minor_units: u8) -> String {
    if minor_units == 0 { "#,##0".to_owned() } else { format!("#,##0.{}", "0".repeat(usize::from(minor_units))) }
}

impl Formats {
    fn new() -> Formats {
        let heading_fill = Color::RGB(0x00D9_E2F3);
        let per_units = |base: &Format| -> Vec<(u8, Format)> {
            (0..=3).map(|units| (units, base.clone().set_num_format(amount_format(units)))).collect()
        };
        let amount = Format::new();
        let heading_amount = Format::new().set_bold().set_background_color(heading_fill);
        let link_amount = Format::new()
            .set_font_color(Color::RGB(0x0005_63C1))
            .set_underline(rust_xlsxwriter::FormatUnderline::Single);
        Formats {
            title: Format::new().set_bold().set_font_size(14).set_font_color(Color::RGB(0x0000_3399)),
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0x0000_3399))
                .set_font_color(Color::White)
                .set_border_bottom(FormatBorder::Thin),
            text: Format::new(),
            heading_text: Format::new().set_bold().set_background_color(heading_fill),
            percent: Format::new().set_num_format("0.00%"),
            heading_percent: Format::new().set_num_format("0.00%").set_bold().set_background_color(heading_fill),
            link_amount: per_units(&link_amount),
            amount: per_units(&amount),
            heading_amount: per_units(&heading_amount),
        }
    }

    fn pick(list: &[(u8, Format)], currency: Currency) -> &Format {
        let units = currency.minor_units().min(3);
        list.iter().find(|(u, _)| *u == units).map_or(&list[0].1, |(_, format)| format)
    }
}

/// The amount as a number in its currency's units (minor units divided out).
fn value(money: Money) -> f64 {
    money.amount_minor() as f64 / 10f64.powi(i32::from(money.currency().minor_units()))
}

/// The EU financial report of the snapshot's period as XLSX bytes.
pub fn financial_xlsx(snapshot: &Snapshot, hash: &str) -> Result<Vec<u8>, DocError> {
    write(snapshot, hash).map_err(|error| DocError::Write(error.to_string()))
}

fn write(s: &Snapshot, hash: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date: the file depends on the snapshot only.
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?)
            .set_title(s.label("report-doc-financial"))
            .set_comment(hash),
    );
    let formats = Formats::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(s.label("report-doc-financial")))?;

    let finance = &s.finance;
    let currencies: Vec<Currency> = finance
        .rows
        .iter()
        .flat_map(|row| row.spent_by_currency.iter().map(|money| money.currency()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    // The identification block, the statement beside the emblem.
    sheet.write_string_with_format(0, 0, s.label("report-doc-financial"), &formats.title)?;
    sheet.write_string_with_format(1, 0, &s.programme.title, &formats.bold)?;
    let info = [
        ("report-doc-contract", s.programme.contract_reference.clone()),
        ("report-doc-period", period_words(s)),
        ("report-doc-currency", finance.currency.clone()),
        ("report-doc-method", finance.method.clone()),
        ("report-doc-beneficiary", s.programme.beneficiary.clone()),
    ];
    for (offset, (key, text)) in (2u32..).zip(info) {
        sheet.write_string_with_format(offset, 0, s.label(key), &formats.bold)?;
        sheet.write_string(offset, 1, text)?;
    }
    let emblem_column = u16::try_from(5 + currencies.len()).unwrap_or(u16::MAX);
    let image = Image::new_from_buffer(&Emblem::png(120).map_err(|e| XlsxError::ParameterError(e.to_string()))?)?
        .set_scale_height(0.5)
        .set_scale_width(0.5);
    sheet.insert_image(0, emblem_column + 1, &image)?;
    sheet.write_string_with_format(4, emblem_column + 1, s.label(statement_key(s.statement)), &formats.bold)?;

    // The headings and lines.
    let mut headers = vec![
        s.label("report-doc-code").to_owned(),
        s.label("report-doc-label").to_owned(),
        format!("{} ({})", s.label("report-doc-budget"), finance.currency),
        format!("{} ({})", s.label("report-doc-spent"), finance.currency),
    ];
    headers.extend(
        currencies.iter().map(|currency| format!("{} — {}", s.label("report-doc-spent-original"), currency.code())),
    );
    headers.push(format!("{} ({})", s.label("report-doc-variance"), finance.currency));
    headers.push(s.label("report-doc-variance-percent").to_owned());
    for (column, header) in (0u16..).zip(&headers) {
        sheet.write_string_with_format(TABLE_ROW, column, header, &formats.header)?;
    }
    let mut row_number = TABLE_ROW + 1;
    for row in &finance.rows {
        write_row(sheet, s, &formats, &currencies, row_number, row)?;
        row_number += 1;
    }
    sheet.set_freeze_panes(TABLE_ROW + 1, 2)?;
    sheet.set_column_width(0, 8)?;
    sheet.set_column_width(1, 44)?;
    for column in 2..u16::try_from(headers.len()).unwrap_or(u16::MAX) {
        sheet.set_column_width(column, 16)?;
    }
    sheet.set_row_height(TABLE_ROW, 32)?;

    // The caps.
    row_number += 1;
    sheet.write_string_with_format(row_number, 0, s.label("report-doc-caps"), &formats.title)?;
    row_number += 1;
    for (column, key) in (1u16..).zip(["report-doc-cap", "report-doc-limit", "report-doc-used", "report-doc-respected"])
    {
        sheet.write_string_with_format(row_number, column, s.label(key), &formats.header)?;
    }
    row_number += 1;
    for cap in &finance.caps {
        sheet.write_string(row_number, 1, &cap.label)?;
        sheet.write_number_with_format(
            row_number,
            2,
            value(cap.limit),
            Formats::pick(&formats.amount, cap.limit.currency()),
        )?;
        sheet.write_number_with_format(
            row_number,
            3,
            value(cap.used),
            Formats::pick(&formats.amount, cap.used.currency()),
        )?;
        sheet.write_string(row_number, 4, s.label(if cap.respected { "report-doc-yes" } else { "report-doc-no" }))?;
        row_number += 1;
    }

    // Amounts without a rate yet: never added to the totals above.
    row_number += 1;
    sheet.write_string_with_format(row_number, 0, s.label("report-doc-unconverted"), &formats.title)?;
    row_number += 1;
    for (column, key) in (1u16..).zip(["report-doc-currency", "report-doc-amount"]) {
        sheet.write_string_with_format(row_number, column, s.label(key), &formats.header)?;
    }
    row_number += 1;
    for money in &finance.unconverted {
        sheet.write_string(row_number, 1, money.currency().code())?;
        sheet.write_number_with_format(
            row_number,
            2,
            value(*money),
            Formats::pick(&formats.amount, money.currency()),
        )?;
        row_number += 1;
    }

    // The funder's disclaimer and which snapshot this is.
    row_number += 1;
    sheet.write_string_with_format(row_number, 0, s.label("report-doc-method"), &formats.bold)?;
    sheet.write_string(row_number, 1, &finance.method)?;
    row_number += 1;
    sheet.write_string(row_number, 0, &s.disclaimer)?;
    row_number += 1;
    sheet.write_string_with_format(row_number, 0, s.label("report-doc-hash"), &formats.bold)?;
    sheet.write_string(row_number, 1, hash)?;
    row_number += 1;
    sheet.write_string(row_number, 0, provenance(s, hash))?;

    workbook.save_to_buffer()
}

fn write_row(
    sheet: &mut Worksheet,
    s: &Snapshot,
    formats: &Formats,
    currencies: &[Currency],
    row_number: u32,
    row: &FinanceRow,
) -> Result<(), XlsxError> {
    let emphasised = row.kind != "line";
    let (text, amounts, percent) = if emphasised {
        (&formats.heading_text, &formats.heading_amount, &formats.heading_percent)
    } else {
        (&formats.text, &formats.amount, &formats.percent)
    };
    let currency = row.spent.currency();
    sheet.write_string_with_format(row_number, 0, &row.code, text)?;
    sheet.write_string_with_format(row_number, 1, &row.label, text)?;
    sheet.write_number_with_format(row_number, 2, value(row.budget), Formats::pick(amounts, row.budget.currency()))?;
    if row.spent_figure.is_empty() {
        sheet.write_number_with_format(row_number, 3, value(row.spent), Formats::pick(amounts, currency))?;
    } else {
        // The link first, then the number over its text: the cell stays a number, with the link.
        let format =
            if emphasised { Formats::pick(amounts, currency) } else { Formats::pick(&formats.link_amount, currency) };
        sheet.write_url_with_format(row_number, 3, Url::new(s.figure_url(&row.spent_figure)), format)?;
        sheet.write_number_with_format(row_number, 3, value(row.spent), format)?;
    }
    let mut column = 4u16;
    for wanted in currencies {
        let paid: Vec<&Money> = row.spent_by_currency.iter().filter(|money| money.currency() == *wanted).collect();
        if paid.is_empty() {
            sheet.write_blank(row_number, column, text)?;
        } else {
            let total = paid.iter().fold(0i64, |sum, money| sum.saturating_add(money.amount_minor()));
            sheet.write_number_with_format(
                row_number,
                column,
                value(Money::new(total, *wanted)),
                Formats::pick(amounts, *wanted),
            )?;
        }
        column += 1;
    }
    sheet.write_number_with_format(
        row_number,
        column,
        value(row.variance),
        Formats::pick(amounts, row.variance.currency()),
    )?;
    match row.variance_basis_points {
        Some(points) => sheet.write_number_with_format(row_number, column + 1, points as f64 / 10_000.0, percent)?,
        None => sheet.write_blank(row_number, column + 1, text)?,
    };
    Ok(())
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(label: &str) -> String {
    let name: String = label.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(31).collect();
    if name.trim().is_empty() { "Report".to_owned() } else { name }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::reports::sample::sample_snapshot;

    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

    fn cells(bytes: &[u8]) -> Result<calamine::Range<Data>> {
        let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))?;
        Ok(workbook.worksheet_range_at(0).ok_or("no sheet")??)
    }

    fn text(range: &calamine::Range<Data>, row: u32, column: u32) -> String {
        range.get_value((row, column)).map(ToString::to_string).unwrap_or_default()
    }

    fn number(range: &calamine::Range<Data>, row: u32, column: u32) -> Option<f64> {
        match range.get_value((row, column)) {
            Some(Data::Float(value)) => Some(*value),
            Some(Data::Int(value)) => Some(*value as f64),
            _ => None,
        }
    }

    #[test]
    fn the_financial_report_reads_back_as_numbers_per_heading_and_line() -> Result<()> {
        let snapshot = sample_snapshot();
        let xlsx = financial_xlsx(&snapshot, HASH)?;
        let range = cells(&xlsx)?;
        let (start, _) = range.start().ok_or("empty")?;
        assert_eq!(start, 0);
        let header: Vec<String> = (0..9).map(|column| text(&range, TABLE_ROW, column)).collect();
        assert_eq!(header[0], "Code");
        assert_eq!(header[2], "Budget (EUR)");
        assert_eq!(header[3], "Dépensé (EUR)");
        // EUR, KHR and LAK were paid: one column each, in code order.
        assert_eq!(header[4], "Dépensé dans la devise d’origine — EUR");
        assert_eq!(header[5], "Dépensé dans la devise d’origine — KHR");
        assert_eq!(header[6], "Dépensé dans la devise d’origine — LAK");
        assert_eq!(header[7], "Écart (EUR)");
        assert_eq!(header[8], "Écart (%)");
        for (offset, row) in (TABLE_ROW + 1..).zip(&snapshot.finance.rows) {
            assert_eq!(text(&range, offset, 0), row.code);
            assert_eq!(text(&range, offset, 1), row.label);
            assert_eq!(number(&range, offset, 2), Some(value(row.budget)), "budget of {}", row.label);
            assert_eq!(number(&range, offset, 3), Some(value(row.spent)));
            assert_eq!(number(&range, offset, 7), Some(value(row.variance)));
            let percent = number(&range, offset, 8).ok_or("no variance %")?;
            let expected = row.variance_basis_points.ok_or("no basis points")? as f64 / 10_000.0;
            assert!((percent - expected).abs() < 1e-12);
        }
        // The first line was paid half in euros, half in riels.
        let line = &snapshot.finance.rows[1];
        assert_eq!(number(&range, TABLE_ROW + 2, 4), Some(value(line.spent_by_currency[0])));
        assert_eq!(number(&range, TABLE_ROW + 2, 5), Some(value(line.spent_by_currency[1])));
        assert_eq!(number(&range, TABLE_ROW + 2, 6), None);

        let all: Vec<String> = range.cells().map(|(_, _, cell)| cell.to_string()).collect();
        assert!(all.iter().any(|cell| cell == HASH), "the hash is not printed");
        assert!(all.iter().any(|cell| cell == "Plafonds du contrat"));
        assert!(all.iter().any(|cell| cell == "Réserve pour imprévus ≤ 5 %"));
        assert!(all.iter().any(|cell| cell == "Non"));
        assert!(all.iter().any(|cell| cell == "VND"));
        assert!(all.iter().any(|cell| cell == &snapshot.finance.method));
        assert!(!all.iter().any(|cell| cell.contains("report-doc-")), "a label is missing from main.ftl");
        Ok(())
    }

    #[test]
    fn each_line_spent_links_to_its_expenses_and_the_file_is_the_same_each_time() -> Result<()> {
        let snapshot = sample_snapshot();
        let xlsx = financial_xlsx(&snapshot, HASH)?;
        assert!(xlsx == financial_xlsx(&snapshot, HASH)?, "two renders differ");
        let mut archive = zip::ZipArchive::new(Cursor::new(&xlsx))?;
        let mut rels = String::new();
        archive.by_name("xl/worksheets/_rels/sheet1.xml.rels")?.read_to_string(&mut rels)?;
        for row in snapshot.finance.rows.iter().filter(|row| row.kind == "line") {
            assert!(rels.contains(&snapshot.figure_url(&row.spent_figure)), "no link for {}", row.code);
        }
        Ok(())
    }
}
