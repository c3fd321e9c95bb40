//! The action matrix as CSV: one row per activity, in outline order.

use std::io::Write;

use crate::model::{Plan, checks};

pub const HEADER: [&str; 10] = [
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
];

/// Writes the action matrix. Values are the plan's current ones; inferred values are included
/// and named in `flags`.
pub fn write<W: Write>(plan: &Plan, out: W) -> Result<(), ::csv::Error> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for i in plan.activities_in_order() {
        let a = &plan.activities[i];
        let (sub, ind, goal) = plan.parents(a);
        let flags: Vec<&str> = checks::flags(plan, a).iter().map(|f| f.code()).collect();
        w.write_record([
            goal.map_or("", |g| &g.code),
            ind.map_or("", |x| &x.code),
            sub.map_or("", |x| &x.code),
            &a.code,
            &a.text,
            &plan.actor_labels(&a.leads).join(";"),
            &plan.actor_labels(&a.co_leads).join(";"),
            a.lane.as_str(),
            a.status.as_str(),
            &flags.join(";"),
        ])?;
    }
    w.flush()?;
    Ok(())
}
