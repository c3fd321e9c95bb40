//! The action matrix's columns and rows, defined once so that the CSV file, the workbook's goal
//! sheets and the import all agree on them.

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

/// Finds a column by its machine name or its label, ignoring case and surrounding spaces.
pub fn column_of(heading: &str) -> Option<usize> {
    let h = heading.trim();
    (0..HEADER.len())
        .find(|&i| HEADER[i].eq_ignore_ascii_case(h) || LABELS[i].eq_ignore_ascii_case(h))
}
