//! The national implementation plan of the Global Compact for Migration: objective by
//! objective and action by action, the SDG targets the booklet lists for the objective, the
//! BMGF goals Annex D associates with it, and the plan's activities linked to it with their
//! lead, co-leads, timeline and status; what nothing serves is a gap.
//!
//! As CSV (`export --format alignment`): one row per objective (its `action` empty; its
//! activities are those linked to the objective itself) followed by one row per action (the
//! activities linked to that action). `activities`, `leads`, `co_leads`, `timelines` and
//! `statuses` are `;`-separated lists in the same order, one entry per activity; an activity
//! with several leads or co-leads has them joined by `+`. UTF-8 with a byte order mark, every
//! field quoted, as the matrix CSV. As a workbook: the same rows, one line per activity, and a
//! sheet of the gaps.

use std::collections::HashMap;
use std::io::Write;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::{ExportInfo, safe};
use crate::model::{Id, Plan};
use crate::reference::{Reference, action_key, objective_key};

/// The CSV's header: the machine names scripts read.
pub const HEADER: [&str; 12] = [
    "objective",
    "objective_title",
    "action",
    "action_text",
    "sdg_targets",
    "framework_goals",
    "activities",
    "leads",
    "co_leads",
    "timelines",
    "statuses",
    "activity_texts",
];

/// One objective (action `None`) or one action, with the activities linked to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub objective: u8,
    pub objective_title: String,
    pub action: Option<char>,
    pub action_text: String,
    pub sdg_targets: Vec<String>,
    pub framework_goals: Vec<String>,
    /// Indexes into `plan.activities`, in outline order.
    pub activities: Vec<usize>,
}

/// Every objective and action in order, each with the activities linked to it.
pub fn rows(plan: &Plan, r: &Reference) -> Vec<Row> {
    // Outline order, so the lists read like the action tables.
    let order: HashMap<Id, usize> = plan
        .activities_in_order()
        .into_iter()
        .enumerate()
        .map(|(pos, i)| (plan.activities[i].id, pos))
        .collect();
    let index: HashMap<Id, usize> = plan
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i))
        .collect();
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for l in &plan.links {
        if let Some(&i) = index.get(&l.activity_id) {
            let v = by_key.entry(l.target.as_str()).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    for v in by_key.values_mut() {
        v.sort_by_key(|i| {
            order
                .get(&plan.activities[*i].id)
                .copied()
                .unwrap_or(usize::MAX)
        });
    }
    let mut out = Vec::with_capacity(r.objectives.len() + r.actions.len());
    for o in &r.objectives {
        let sdg: Vec<String> = r.targets_of(o.number).map(|t| t.target.clone()).collect();
        let goals = r.objective_goals(o.number);
        out.push(Row {
            objective: o.number,
            objective_title: o.title.clone(),
            action: None,
            action_text: String::new(),
            sdg_targets: sdg.clone(),
            framework_goals: goals.clone(),
            activities: by_key
                .get(objective_key(o.number).as_str())
                .cloned()
                .unwrap_or_default(),
        });
        for a in r.actions_of(o.number) {
            out.push(Row {
                objective: o.number,
                objective_title: o.title.clone(),
                action: Some(a.letter),
                action_text: a.text.clone(),
                sdg_targets: sdg.clone(),
                framework_goals: goals.clone(),
                activities: by_key
                    .get(action_key(a.objective, a.letter).as_str())
                    .cloned()
                    .unwrap_or_default(),
            });
        }
    }
    out
}

fn labels(plan: &Plan, ids: &[Id]) -> String {
    plan.actor_labels(ids).join("+")
}

/// The CSV cells of a row.
pub fn cells(plan: &Plan, row: &Row) -> [String; 12] {
    let acts = || row.activities.iter().map(|&i| &plan.activities[i]);
    let join = |v: Vec<String>| v.join(";");
    [
        row.objective.to_string(),
        row.objective_title.clone(),
        row.action.map(String::from).unwrap_or_default(),
        row.action_text.clone(),
        row.sdg_targets.join(";"),
        row.framework_goals.join(";"),
        join(acts().map(|a| a.code.clone()).collect()),
        join(acts().map(|a| labels(plan, &a.leads)).collect()),
        join(acts().map(|a| labels(plan, &a.co_leads)).collect()),
        join(acts().map(|a| a.lane.as_str().to_owned()).collect()),
        join(acts().map(|a| a.status.as_str().to_owned()).collect()),
        join(acts().map(|a| a.text.replace(';', ",")).collect()),
    ]
}

/// Writes the alignment CSV.
pub fn write_csv<W: Write>(plan: &Plan, r: &Reference, mut out: W) -> Result<(), ::csv::Error> {
    out.write_all(super::csv::BOM)?;
    let mut w = ::csv::WriterBuilder::new()
        .quote_style(::csv::QuoteStyle::Always)
        .from_writer(out);
    w.write_record(HEADER)?;
    for row in rows(plan, r) {
        w.write_record(
            cells(plan, &row)
                .iter()
                .map(|c| safe::neutralise(c).into_owned()),
        )?;
    }
    w.flush()?;
    Ok(())
}

/// The workbook: the implementation plan, one line per linked activity (or one line saying
/// there is none), and the gaps.
pub fn to_bytes(plan: &Plan, r: &Reference, info: &ExportInfo) -> Result<Vec<u8>, XlsxError> {
    let w = info.words();
    let font = "Noto Sans";
    let base = Format::new()
        .set_font_name(font)
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let head = base
        .clone()
        .set_bold()
        .set_background_color(0xE8EEF4)
        .set_border_bottom(FormatBorder::Thin);
    // Headings and notes run across the empty cells beside them: no wrapping.
    let plain = Format::new().set_font_name(font).set_font_size(10);
    let title = plain.clone().set_bold().set_font_size(14);
    let obj = base.clone().set_bold().set_background_color(0xF4F6F8);
    let gap = base.clone().set_italic().set_font_color(0xA04000);
    let muted = plain.clone().set_font_color(0x555555);

    let mut wb = Workbook::new();
    let rows = rows(plan, r);
    {
        let sh = wb.add_worksheet();
        sh.set_name(sheet(w.tr("export.gcm.sheet_plan")))?;
        let widths = [
            8.0, 8.0, 60.0, 16.0, 12.0, 12.0, 50.0, 14.0, 18.0, 13.0, 14.0,
        ];
        for (c, wd) in widths.iter().enumerate() {
            sh.set_column_width(c as u16, *wd)?;
        }
        sh.write_with_format(0, 0, w.tr("export.gcm.title"), &title)?;
        sh.write_with_format(
            1,
            0,
            safe::neutralise(&format!(
                "{} · {} · {}",
                plan.name,
                info.version_text(),
                info.date_text()
            ))
            .as_ref(),
            &muted,
        )?;
        sh.write_with_format(2, 0, w.tr("export.gcm.intro"), &muted)?;
        let heads = [
            "export.gcm.col.objective",
            "export.gcm.col.action",
            "export.gcm.col.text",
            "export.gcm.col.sdg",
            "export.gcm.col.goals",
            "export.gcm.col.code",
            "export.gcm.col.activity",
            "export.gcm.col.lead",
            "export.gcm.col.co_leads",
            "export.gcm.col.timeline",
            "export.gcm.col.status",
        ];
        let top = 4u32;
        for (c, k) in heads.iter().enumerate() {
            sh.write_with_format(top, c as u16, w.tr(k), &head)?;
        }
        // Two lines: "BMGF goals (Annex D)" wraps in its narrow column.
        sh.set_row_height(top, 28.0)?;
        sh.set_freeze_panes(top + 1, 0)?;
        let mut row = top;
        for x in &rows {
            let (label, text, fmt) = match x.action {
                None => (String::new(), x.objective_title.as_str(), &obj),
                Some(l) => (format!("({l})"), x.action_text.as_str(), &base),
            };
            let lines = x.activities.len().max(1);
            for k in 0..lines {
                row += 1;
                // The workbook does not grow rows to fit wrapped text by itself: a row is as
                // tall as its longest cell wraps to, about one character per unit of width.
                let act = x.activities.get(k).map(|&i| &plan.activities[i]);
                let wraps = [
                    (text.chars().count(), widths[2]),
                    (act.map_or(0, |a| a.text.chars().count()), widths[6]),
                    (x.sdg_targets.join(", ").chars().count(), widths[3]),
                    (
                        act.map_or(0, |a| {
                            plan.actor_labels(&a.co_leads).join(", ").chars().count()
                        }),
                        widths[8],
                    ),
                ]
                .iter()
                .map(|(n, w)| (*n as f64 / (w * 1.1)).ceil().max(1.0))
                .fold(1.0_f64, f64::max);
                sh.set_row_height(row, 13.5 * wraps + 1.5)?;
                sh.write_with_format(row, 0, x.objective as f64, fmt)?;
                sh.write_with_format(row, 1, label.as_str(), fmt)?;
                sh.write_with_format(row, 2, safe::neutralise(text).as_ref(), fmt)?;
                sh.write_with_format(row, 3, x.sdg_targets.join(", ").as_str(), fmt)?;
                sh.write_with_format(row, 4, x.framework_goals.join(", ").as_str(), fmt)?;
                match x.activities.get(k) {
                    Some(&i) => {
                        let a = &plan.activities[i];
                        sh.write_with_format(row, 5, safe::neutralise(&a.code).as_ref(), &base)?;
                        sh.write_with_format(row, 6, safe::neutralise(&a.text).as_ref(), &base)?;
                        sh.write_with_format(
                            row,
                            7,
                            safe::neutralise(&plan.actor_labels(&a.leads).join(", ")).as_ref(),
                            &base,
                        )?;
                        sh.write_with_format(
                            row,
                            8,
                            safe::neutralise(&plan.actor_labels(&a.co_leads).join(", ")).as_ref(),
                            &base,
                        )?;
                        sh.write_with_format(row, 9, w.lane(a.lane), &base)?;
                        sh.write_with_format(row, 10, w.status(a.status), &base)?;
                    }
                    None => {
                        sh.write_with_format(row, 6, w.tr("export.gcm.no_activity"), &gap)?;
                    }
                }
            }
        }
        sh.autofilter(top, 0, row, (heads.len() - 1) as u16)?;
        sh.set_landscape();
        sh.set_paper_size(9);
        sh.set_print_fit_to_pages(1, 0);
        sh.set_repeat_rows(top, top)?;
    }
    {
        let sh = wb.add_worksheet();
        sh.set_name(sheet(w.tr("export.gcm.sheet_gaps")))?;
        sh.set_column_width(0, 10.0)?;
        sh.set_column_width(1, 8.0)?;
        sh.set_column_width(2, 90.0)?;
        sh.write_with_format(0, 0, w.tr("export.gcm.gaps_title"), &title)?;
        sh.write_with_format(1, 0, w.tr("export.gcm.gaps_intro"), &muted)?;
        let top = 3u32;
        for (c, k) in [
            "export.gcm.col.objective",
            "export.gcm.col.action",
            "export.gcm.col.text",
        ]
        .iter()
        .enumerate()
        {
            sh.write_with_format(top, c as u16, w.tr(k), &head)?;
        }
        sh.set_freeze_panes(top + 1, 0)?;
        let mut row = top;
        // An objective is a gap when neither it nor any of its actions has an activity.
        for o in &r.objectives {
            let own: Vec<&Row> = rows.iter().filter(|x| x.objective == o.number).collect();
            let none = own.iter().all(|x| x.activities.is_empty());
            for x in own {
                if !x.activities.is_empty() || (x.action.is_none() && !none) {
                    continue;
                }
                row += 1;
                let (label, text, fmt) = match x.action {
                    None => (String::new(), x.objective_title.as_str(), &obj),
                    Some(l) => (format!("({l})"), x.action_text.as_str(), &base),
                };
                sh.write_with_format(row, 0, x.objective as f64, fmt)?;
                sh.write_with_format(row, 1, label.as_str(), fmt)?;
                sh.write_with_format(row, 2, text, fmt)?;
                let wraps = (text.chars().count() as f64 / 99.0).ceil().max(1.0);
                sh.set_row_height(row, 13.5 * wraps + 1.5)?;
            }
        }
        sh.set_paper_size(9);
        sh.set_print_fit_to_pages(1, 0);
    }
    wb.save_to_buffer()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet(name: &str) -> String {
    name.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// The section of the printable report.
pub fn html_section(h: &mut String, plan: &Plan, w: &super::words::Words) {
    use super::html::t;
    use std::fmt::Write as _;
    let r = Reference::builtin();
    let rows = rows(plan, r);
    let _ = writeln!(
        h,
        "<section class=\"gcm\">\n<h2>{}</h2>\n<p>{}</p>",
        w.tr("export.gcm.title"),
        w.tr("export.gcm.intro")
    );
    let linked = rows.iter().filter(|x| !x.activities.is_empty()).count();
    let gap_objectives: Vec<u8> = r
        .objectives
        .iter()
        .map(|o| o.number)
        .filter(|n| {
            rows.iter()
                .filter(|x| x.objective == *n)
                .all(|x| x.activities.is_empty())
        })
        .collect();
    let _ = writeln!(
        h,
        "<p>{}</p>",
        w.trf(
            "export.gcm.summary",
            &[
                ("n", &linked),
                ("total", &rows.len()),
                ("gaps", &w.num(gap_objectives.len())),
            ]
        )
    );
    let _ = write!(
        h,
        "<table>\n<colgroup><col style=\"width:10%\"><col style=\"width:36%\"><col style=\"width:10%\">\
         <col style=\"width:9%\"><col></colgroup>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        w.tr("export.gcm.col.objective"),
        w.tr("export.gcm.col.text"),
        w.tr("export.gcm.col.sdg"),
        w.tr("export.gcm.col.goals"),
        w.tr("export.gcm.col.activities"),
    );
    for x in &rows {
        // Actions without an activity are listed under the gaps, not here.
        if x.action.is_some() && x.activities.is_empty() {
            continue;
        }
        let (code, text) = match x.action {
            None => (format!("GCM {}", x.objective), x.objective_title.as_str()),
            Some(l) => (format!("{}({l})", x.objective), x.action_text.as_str()),
        };
        let acts: Vec<String> = x
            .activities
            .iter()
            .map(|&i| {
                let a = &plan.activities[i];
                format!(
                    "<b>{}</b> {} — {}, {}",
                    t(&a.code),
                    t(&plan.actor_labels(&a.leads).join(", ")),
                    w.lane(a.lane),
                    w.status(a.status)
                )
            })
            .collect();
        let acts = if acts.is_empty() {
            format!("<i>{}</i>", w.tr("export.gcm.none_direct"))
        } else {
            acts.join("<br>")
        };
        let class = if x.action.is_none() {
            " class=\"goalrow\""
        } else {
            ""
        };
        let _ = writeln!(
            h,
            "<tr{class}><td class=\"code\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            t(&code),
            t(text),
            t(&x.sdg_targets.join(", ")),
            t(&x.framework_goals.join(", ")),
            acts
        );
    }
    *h += "</tbody>\n</table>\n";
    let _ = writeln!(h, "<h3>{}</h3>", w.tr("export.gcm.gaps_title"));
    let _ = writeln!(h, "<p>{}</p>\n<ul>", w.tr("export.gcm.gaps_intro"));
    for n in &gap_objectives {
        if let Some(o) = r.objective(*n) {
            let _ = writeln!(h, "<li><b>GCM {}</b> {}</li>", o.number, t(&o.title));
        }
    }
    *h += "</ul>\n<p>";
    let letters: Vec<String> = rows
        .iter()
        .filter(|x| {
            x.action.is_some() && x.activities.is_empty() && !gap_objectives.contains(&x.objective)
        })
        .map(|x| format!("{}({})", x.objective, x.action.unwrap_or(' ')))
        .collect();
    if !letters.is_empty() {
        let _ = write!(
            h,
            "{} {}",
            w.tr("export.gcm.gap_actions"),
            t(&letters.join(", "))
        );
    }
    *h += "</p>\n</section>\n";
}
