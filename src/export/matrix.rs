//! The action matrix's columns and rows, defined once so that the CSV file, the workbook's goal
//! sheets and the import all agree on them.

use super::words::Words;
use crate::i18n::Language;
use crate::model::{Activity, Plan, checks};

/// Machine names of the columns, in order: the CSV header, and what imports look for.
pub const HEADER: [&str; 12] = [
    "goal_code",
    "indicator_code",
    "sub_indicator_code",
    "activity_code",
    "activity",
    "lead",
    "co_leads",
    "timeline",
    "status",
    "flags",
    "notes",
    "id",
];

/// Headings people read in the workbook, in the order of [`HEADER`]. Imports accept either.
pub const LABELS: [&str; 12] = [
    "Goal",
    "Indicator",
    "Sub-indicator",
    "Code",
    "Activity",
    "Lead",
    "Co-leads",
    "Timeline",
    "Status",
    "Data checks",
    "Notes",
    "id",
];

pub const GOAL: usize = 0;
pub const INDICATOR: usize = 1;
pub const SUB_INDICATOR: usize = 2;
pub const CODE: usize = 3;
pub const TEXT: usize = 4;
pub const LEAD: usize = 5;
pub const CO_LEADS: usize = 6;
pub const TIMELINE: usize = 7;
pub const STATUS: usize = 8;
pub const FLAGS: usize = 9;
pub const NOTES: usize = 10;
pub const ID: usize = 11;

/// Separator of several actors, or several flags, in one cell.
pub const LIST_SEP: char = ';';

/// One activity's row: the plan's values as text, not yet neutralised for any format.
pub fn row(plan: &Plan, a: &Activity) -> [String; 12] {
    let (sub, ind, goal) = plan.parents(a);
    let flags: Vec<&str> = checks::flags(plan, a).iter().map(|f| f.code()).collect();
    let sep = LIST_SEP.to_string();
    [
        goal.map_or_else(String::new, |g| g.code.clone()),
        ind.map_or_else(String::new, |x| x.code.clone()),
        sub.map_or_else(String::new, |x| x.code.clone()),
        a.code.clone(),
        a.text.clone(),
        plan.actor_labels(&a.leads).join(&sep),
        plan.actor_labels(&a.co_leads).join(&sep),
        a.lane.as_str().to_owned(),
        a.status.as_str().to_owned(),
        flags.join(&sep),
        a.notes.clone(),
        a.id.to_string(),
    ]
}

/// One activity's row as people read it in the workbook: lanes, statuses and data checks as
/// labels in the export's language (the CSV keeps the stable names of [`row`]).
pub fn readable_row(plan: &Plan, a: &Activity, words: &Words) -> [String; 12] {
    let mut row = row(plan, a);
    row[TIMELINE] = words.lane(a.lane).to_owned();
    row[STATUS] = words.status(a.status).to_owned();
    row[FLAGS] = checks::flags(plan, a)
        .iter()
        .map(|f| words.flag_title(f.code()))
        .collect::<Vec<_>>()
        .join("; ");
    row
}

/// The most a spreadsheet cell holds, in UTF-16 code units (Excel's limit).
pub const MAX_CELL: usize = 32_767;

/// `text` as it fits in one cell: whole when it fits, else cut at a character boundary and
/// ended with a visible marker (`marker`, e.g. "(continued in the plan file)").
pub fn fit_cell<'a>(text: &'a str, marker: &str) -> std::borrow::Cow<'a, str> {
    if text.encode_utf16().count() <= MAX_CELL {
        return std::borrow::Cow::Borrowed(text);
    }
    let room = MAX_CELL - marker.encode_utf16().count() - 3;
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > room {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    std::borrow::Cow::Owned(format!("{} …\n{marker}", &text[..end]))
}

/// The value an imported cell stands for: `current` when the cell is what [`fit_cell`] made
/// of it (in any export language), so a cut cell never shortens the plan's text; else the cell.
pub fn uncut(cell: &str, current: &str) -> String {
    for lang in Language::ALL {
        let marker = Words::new(lang).tr("export.continued");
        if fit_cell(current, marker) == cell && cell != current {
            return current.to_owned();
        }
    }
    cell.to_owned()
}

/// Finds a column by its machine name or its label in any export language, ignoring case,
/// surrounding spaces and a byte order mark.
pub fn column_of(heading: &str) -> Option<usize> {
    let h = heading.trim_start_matches('\u{feff}').trim();
    (0..HEADER.len()).find(|&i| {
        HEADER[i].eq_ignore_ascii_case(h)
            || LABELS[i].eq_ignore_ascii_case(h)
            || Language::ALL
                .into_iter()
                .any(|lang| Words::new(lang).matrix_labels()[i].eq_ignore_ascii_case(h))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_too_long_is_cut_with_a_marker_and_reads_back_whole() {
        let marker = "(continued in the plan file)";
        let short = "fits";
        assert_eq!(fit_cell(short, marker), short);
        for unit in ["a", "স্বা", "😀"] {
            let long = unit.repeat(45_000 / unit.chars().count());
            let cut = fit_cell(&long, marker);
            assert!(cut.encode_utf16().count() <= MAX_CELL, "{unit}");
            assert!(cut.ends_with(marker));
            assert_eq!(uncut(&cut, &long), long, "{unit}");
            // An edited cell is the edit.
            assert_eq!(uncut("new text", &long), "new text");
        }
    }

    #[test]
    fn headings_are_found_in_every_language() {
        assert_eq!(column_of("\u{feff}goal_code"), Some(GOAL));
        assert_eq!(column_of("Sub-indicator"), Some(SUB_INDICATOR));
        assert_eq!(column_of("উপ-সূচক"), Some(SUB_INDICATOR));
        assert_eq!(column_of("সময়সীমা"), Some(TIMELINE));
        assert_eq!(column_of("id"), Some(ID));
    }
}
