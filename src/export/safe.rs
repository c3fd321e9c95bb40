//! Keeping plan text inert where it lands: spreadsheets must show it as text, never run it.
//!
//! A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` as a formula, and some
//! strip a leading tab or carriage return and then do the same (OWASP, "CSV Injection"). The
//! guidance is to make such cells start with a single quote, which spreadsheets take as "this
//! is text". The exports apply it as follows:
//!
//! - **CSV** has no cell types, so the quote goes into the file: [`neutralise`] prefixes `'`.
//!   A value that already begins with `'` gets one too, so [`restore`] can always remove exactly
//!   one and text round-trips unchanged through an import.
//! - **XLSX** cells are written with `write_string`, which stores them as shared strings: Excel
//!   and LibreOffice never evaluate those. The risk is an edit: pressing F2 and Enter in such a
//!   cell would re-read `=…` as a formula. So cells that [`needs_neutralising`] get a format with
//!   Excel's *quote prefix* property, the stored form of a typed leading `'`: the cell shows and
//!   keeps the exact text, and stays text after editing. Adding a literal `'` as well would show
//!   it in the cell and change the text people read, so the workbook does not.
//! - **HTML** escapes every text (`&`, `<`, `>`, `"`, `'`); see `html::escape`.

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula, or that it strips first.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell with this text could be taken for a formula.
pub fn needs_neutralising(text: &str) -> bool {
    text.starts_with(TRIGGERS)
}

/// The text as it goes into a CSV cell: prefixed with `'` when it could be taken for a formula,
/// or when it already begins with `'` (so that [`restore`] is exact).
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if needs_neutralising(text) || text.starts_with('\'') {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The inverse of [`neutralise`], for imports: removes one leading `'`. Spreadsheets that keep
/// the quote as a cell property rather than in the text leave nothing to remove.
pub fn restore(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_get_a_quote_and_come_back_exactly() {
        for text in [
            "=1+1",
            "+SUM(A1)",
            "-2",
            "@cmd",
            "\tx",
            "\r=x",
            "'quoted",
            "''",
            "plain",
            "",
            "স্বাস্থ্য",
        ] {
            let n = neutralise(text);
            let expect_quote = needs_neutralising(text) || text.starts_with('\'');
            assert_eq!(n.starts_with('\''), expect_quote, "{text:?}");
            assert!(!needs_neutralising(&n), "{text:?} stays dangerous");
            assert_eq!(restore(&n), text, "{text:?} round-trips");
        }
    }
}
