//! The printable report: one self-contained HTML file, print-ready on A4 landscape.
//!
//! Sections, each starting on a new page: a cover, the plan at a glance (a chart of activities
//! per goal and lane), the action tables by goal (laid out like the framework's Chapter 3), the
//! same by timeline, who does what, and the open data checks.
//!
//! Nothing loads from anywhere: styles are inline, the charts are inline SVG, there are no
//! scripts, images or links. Every text from the plan is escaped with [`escape`].
//!
//! Bangla: the page names "Noto Sans Bengali" first for Bengali script (then the fonts Windows
//! and macOS ship for it). When the plan holds Bengali text, the app's Noto Sans Bengali Regular
//! is embedded as a base64 `@font-face` limited to the Bengali range, so the report prints
//! correctly on a machine without a Bengali font. It adds about 270 KB, which is why it is left
//! out of reports with no Bengali text; bold Bengali is synthesised by the browser rather than
//! embedding a second 280 KB.

use std::fmt::Write;

use super::{ExportInfo, lane_title};
use crate::model::board::{lane_index, lanes};
use crate::model::checks::{self, Flag};
use crate::model::workload::{ActorLoad, workload};
use crate::model::{Activity, Lane, Plan};

const BENGALI_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansBengali-Regular.ttf");

/// Lane colours, in the order of `Lane::ALL`; chosen to stay apart in greyscale print too.
const LANE_COLOURS: [&str; 4] = ["#1f77b4", "#ff9f1c", "#2a9d5c", "#b8bec6"];
const LEAD_COLOUR: &str = "#1f5f99";
const CO_LEAD_COLOUR: &str = "#9cc3e6";
/// Actors shown in the who-does-what chart; the table lists them all.
const CHART_ACTORS: usize = 20;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out += "&amp;",
            '<' => out += "&lt;",
            '>' => out += "&gt;",
            '"' => out += "&quot;",
            '\'' => out += "&#39;",
            c => out.push(c),
        }
    }
    out
}

fn is_bengali(c: char) -> bool {
    ('\u{0980}'..='\u{09FF}').contains(&c)
}

/// Escaped text, marked as Bangla when it holds Bengali script so that browsers pick the right
/// font and line breaking.
pub(super) fn t(text: &str) -> String {
    if text.chars().any(is_bengali) {
        format!("<span lang=\"bn\">{}</span>", escape(text))
    } else {
        escape(text)
    }
}

fn plan_has_bengali(plan: &Plan, info: &ExportInfo) -> bool {
    let texts = [
        &plan.name,
        &plan.short_name,
        &plan.source,
        &info.author,
        &info.version_label,
    ];
    texts.iter().any(|s| s.chars().any(is_bengali))
        || plan.goals.iter().any(|g| g.title.chars().any(is_bengali))
        || plan
            .indicators
            .iter()
            .any(|g| g.title.chars().any(is_bengali))
        || plan
            .sub_indicators
            .iter()
            .any(|g| g.title.chars().any(is_bengali))
        || plan.actors.iter().any(|a| {
            (a.abbreviation.clone() + &a.full_name)
                .chars()
                .any(is_bengali)
        })
        || plan.activities.iter().any(|a| {
            a.text.chars().any(is_bengali)
                || a.notes.chars().any(is_bengali)
                || a.code.chars().any(is_bengali)
        })
}

/// A sentence for one data check, as the report prints it.
pub fn flag_sentence(plan: &Plan, a: &Activity, flag: &Flag) -> String {
    match flag {
        Flag::NoLead => "No lead is named.".into(),
        Flag::SeveralLeads => format!(
            "Several leads are named ({}); the action tables expect one.",
            plan.actor_labels(&a.leads).join(", ")
        ),
        Flag::NoTimeline => "No timeline is set.".into(),
        Flag::CodeMismatch { parent_code } => format!(
            "The code {} does not sit under its sub-indicator {parent_code}.",
            a.code
        ),
        Flag::UnknownActor { abbreviation } => {
            format!("{abbreviation} has no full name in the list of actors.")
        }
        Flag::InferredLead => {
            "The lead is not printed on this row of the source; it was taken from the row above and needs confirming.".into()
        }
        Flag::InferredCoLeads => {
            "The co-leads are not printed on this row of the source; they were taken from the row above and need confirming.".into()
        }
        Flag::InferredTimeline => {
            "The timeline is not printed on this row of the source; it was taken from the row above and needs confirming.".into()
        }
        Flag::SourceNote => format!("The source row is irregular: {}", a.source_note.trim()),
    }
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub(super) const STYLE: &str = r#"
@page { size: A4 landscape; margin: 12mm 12mm 14mm 12mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt sans-serif; color: #667; } }
:root { --ink: #1d2733; --muted: #5b6673; --rule: #c9d1db; --band: #eef2f6; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1400px; padding: 0 16px; color: var(--ink); font-size: 9.5pt; line-height: 1.35;
  font-family: "Noto Sans", "Noto Sans Bengali", "Nirmala UI", "Vrinda", "Bangla Sangam MN", "Segoe UI", Arial, sans-serif; }
:lang(bn) { font-family: "Noto Sans Bengali", "Nirmala UI", "Vrinda", "Bangla Sangam MN", "Noto Sans", sans-serif; }
h1 { font-size: 24pt; margin: 0 0 6pt; }
h2 { font-size: 15pt; margin: 0 0 8pt; padding-bottom: 3pt; border-bottom: 2px solid var(--ink); }
h3 { font-size: 11.5pt; margin: 14pt 0 6pt; }
section { padding-top: 10pt; }
section + section { break-before: page; page-break-before: always; }
@media screen { section + section { border-top: 1px dashed var(--rule); margin-top: 28pt; } }
.cover { min-height: 170mm; display: flex; flex-direction: column; justify-content: center; }
.cover .kind { text-transform: uppercase; letter-spacing: .12em; color: var(--muted); font-size: 10pt; }
.cover .short { font-size: 14pt; color: var(--muted); margin-bottom: 18pt; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 4pt 16pt; font-size: 11pt; margin: 0 0 18pt; }
.cover dt { color: var(--muted); }
.cover dd { margin: 0; }
.figures { display: flex; gap: 10pt; flex-wrap: wrap; }
.figures div { border: 1px solid var(--rule); border-radius: 4pt; padding: 6pt 12pt; min-width: 90pt; }
.figures b { display: block; font-size: 18pt; }
.figures span { color: var(--muted); font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 8pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid var(--rule); padding: 3pt 5pt; text-align: left; vertical-align: top; }
thead th { background: #dce6f0; font-weight: 700; }
tr.ind th { background: var(--band); font-weight: 700; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.code, td.lane { white-space: nowrap; }
h3 { break-after: avoid; page-break-after: avoid; }
.by-lane + .by-lane { break-before: page; page-break-before: always; }
.by-lane + .by-lane.empty { break-before: auto; page-break-before: auto; }
.muted, .note { color: var(--muted); }
.inf { font-style: italic; }
.inf::after { content: "*"; color: #b35900; font-style: normal; }
.legend { display: flex; gap: 14pt; flex-wrap: wrap; margin: 4pt 0 10pt; font-size: 8.5pt; }
.legend i { display: inline-block; width: 10pt; height: 10pt; margin-right: 4pt; vertical-align: -1pt; border-radius: 2pt; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 11px; fill: var(--ink); }
.checks ul { margin: 0; padding-left: 14pt; }
.dropped td { color: var(--muted); text-decoration: line-through; }
"#;

/// The `@font-face` rule that embeds Noto Sans Bengali for the Bengali range.
pub(super) fn bengali_font_face() -> String {
    format!(
        "\n@font-face {{ font-family: \"Noto Sans Bengali\"; font-style: normal; font-weight: 400; \
         src: local(\"Noto Sans Bengali\"), url(data:font/ttf;base64,{}) format(\"truetype\"); \
         unicode-range: U+0964-0965, U+0980-09FF, U+200C-200D, U+25CC; }}",
        base64(BENGALI_FONT)
    )
}

/// Builds the report.
pub fn render(plan: &Plan, info: &ExportInfo) -> String {
    let mut h = String::with_capacity(64 * 1024 + plan.activities.len() * 1200);
    // Writing to a String cannot fail; the results below are ignored for that reason.
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>",
        escape(&plan.name),
        escape(&info.version_label)
    );
    if plan_has_bengali(plan, info) {
        h += &bengali_font_face();
    }
    h.push_str(STYLE);
    h += "</style>\n</head>\n<body>\n";

    let all_flags: Vec<(usize, Vec<Flag>)> = plan
        .activities_in_order()
        .into_iter()
        .map(|i| (i, checks::flags(plan, &plan.activities[i])))
        .collect();
    let open_checks: usize = all_flags.iter().map(|(_, f)| f.len()).sum();
    let loads = workload(plan);

    cover(&mut h, plan, info, open_checks);
    glance(&mut h, plan);
    by_goal(&mut h, plan);
    by_lane(&mut h, plan);
    who_does_what(&mut h, plan, &loads);
    open_data_checks(&mut h, plan, &all_flags);
    h += "</body>\n</html>\n";
    h
}

fn cover(h: &mut String, plan: &Plan, info: &ExportInfo, open_checks: usize) {
    *h += "<section class=\"cover\">\n<div class=\"kind\">Action plan report</div>\n";
    let _ = writeln!(h, "<h1>{}</h1>", t(&plan.name));
    if !plan.short_name.trim().is_empty() {
        let _ = writeln!(h, "<div class=\"short\">{}</div>", t(&plan.short_name));
    }
    *h += "<dl>\n";
    let _ = writeln!(h, "<dt>Version</dt><dd>{}</dd>", t(&info.version_label));
    let _ = writeln!(h, "<dt>Date</dt><dd>{}</dd>", escape(&info.date_text()));
    if !info.author.trim().is_empty() {
        let _ = writeln!(h, "<dt>Prepared by</dt><dd>{}</dd>", t(&info.author));
    }
    if !plan.source.trim().is_empty() {
        let _ = writeln!(h, "<dt>Source</dt><dd>{}</dd>", t(&plan.source));
    }
    *h += "</dl>\n<div class=\"figures\">\n";
    for (n, what) in [
        (plan.goals.len(), "goals"),
        (plan.indicators.len(), "indicators"),
        (plan.sub_indicators.len(), "sub-indicators"),
        (plan.activities.len(), "activities"),
        (plan.actors.len(), "actors"),
        (open_checks, "open data checks"),
    ] {
        let _ = writeln!(h, "<div><b>{n}</b><span>{what}</span></div>");
    }
    *h += "</div>\n</section>\n";
}

fn legend(h: &mut String, items: &[(&str, &str)]) {
    *h += "<div class=\"legend\">";
    for (colour, label) in items {
        let _ = write!(
            h,
            "<span><i style=\"background:{colour}\"></i>{}</span>",
            escape(label)
        );
    }
    *h += "</div>\n";
}

/// Activities per goal and lane: a stacked bar chart and the same figures as a table.
fn glance(h: &mut String, plan: &Plan) {
    *h += "<section class=\"glance\">\n<h2>The plan at a glance</h2>\n";
    let outline = plan.outline();
    let rows: Vec<(String, String, [usize; 4])> = outline
        .goals
        .iter()
        .map(|g| {
            let goal = &plan.goals[g.goal];
            let mut n = [0usize; 4];
            for s in g.indicators.iter().flat_map(|i| &i.sub_indicators) {
                for &a in &s.activities {
                    n[lane_index(plan.activities[a].lane)] += 1;
                }
            }
            (format!("Goal {}", goal.code), goal.title.clone(), n)
        })
        .collect();
    let labels: Vec<&str> = Lane::ALL.iter().map(|l| lane_title(*l)).collect();
    let items: Vec<(&str, &str)> = LANE_COLOURS.iter().copied().zip(labels).collect();
    legend(h, &items);
    let bars: Vec<(String, Vec<usize>)> = rows
        .iter()
        .map(|(code, title, n)| (format!("{code}: {title}"), n.to_vec()))
        .collect();
    stacked_bars(h, &bars, &LANE_COLOURS, "Activities per goal and timeline");

    *h += "<table>\n<thead><tr><th>Goal</th><th>Title</th>";
    for l in Lane::ALL {
        let _ = write!(h, "<th class=\"num\">{}</th>", lane_title(l));
    }
    *h += "<th class=\"num\">Total</th></tr></thead>\n<tbody>\n";
    let mut totals = [0usize; 4];
    for (code, title, n) in &rows {
        let _ = write!(
            h,
            "<tr><td class=\"code\">{}</td><td>{}</td>",
            t(code),
            t(title)
        );
        for (i, v) in n.iter().enumerate() {
            totals[i] += v;
            let _ = write!(h, "<td class=\"num\">{v}</td>");
        }
        let _ = writeln!(
            h,
            "<td class=\"num\"><b>{}</b></td></tr>",
            n.iter().sum::<usize>()
        );
    }
    *h += "<tr><th></th><th>All goals</th>";
    for v in totals {
        let _ = write!(h, "<th class=\"num\">{v}</th>");
    }
    let _ = writeln!(
        h,
        "<th class=\"num\">{}</th></tr>\n</tbody>\n</table>\n</section>",
        totals.iter().sum::<usize>()
    );
}

/// Horizontal stacked bars with a label left of each bar and its total at its end.
fn stacked_bars(h: &mut String, rows: &[(String, Vec<usize>)], colours: &[&str], title: &str) {
    const LABEL_W: f64 = 360.0;
    const BAR_W: f64 = 560.0;
    const ROW_H: f64 = 24.0;
    let width = LABEL_W + BAR_W + 50.0;
    let height = ROW_H * rows.len() as f64 + 8.0;
    let max = rows
        .iter()
        .map(|(_, v)| v.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let _ = writeln!(
        h,
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">",
        escape(title)
    );
    for (r, (label, values)) in rows.iter().enumerate() {
        let y = 4.0 + ROW_H * r as f64;
        // Long titles are cut to fit beside the bar; the table below has them in full.
        let short: String = if label.chars().count() > 58 {
            label.chars().take(56).collect::<String>() + "…"
        } else {
            label.clone()
        };
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LABEL_W - 8.0,
            y + ROW_H * 0.62,
            t(&short)
        );
        let mut x = LABEL_W;
        for (i, v) in values.iter().enumerate() {
            if *v == 0 {
                continue;
            }
            let w = BAR_W * *v as f64 / max;
            let _ = write!(
                h,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{v}</title></rect>",
                y + 3.0,
                ROW_H - 6.0,
                colours[i % colours.len()]
            );
            if w >= 18.0 {
                let _ = write!(
                    h,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" style=\"fill:#fff;font-size:10px\">{v}</text>",
                    x + w / 2.0,
                    y + ROW_H * 0.62
                );
            }
            x += w;
        }
        let _ = writeln!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" style=\"font-weight:700\">{}</text>",
            x + 6.0,
            y + ROW_H * 0.62,
            values.iter().sum::<usize>()
        );
    }
    *h += "</svg>\n";
}

/// Lead, co-lead and timeline cells of one activity, marked when inferred.
fn actor_cells(h: &mut String, plan: &Plan, a: &Activity) {
    let cell = |inferred: bool, text: String| {
        if inferred {
            format!("<td class=\"inf\" title=\"inferred, to confirm\">{text}</td>")
        } else {
            format!("<td>{text}</td>")
        }
    };
    h.push_str(&cell(
        a.inferred.lead,
        t(&plan.actor_labels(&a.leads).join(", ")),
    ));
    h.push_str(&cell(
        a.inferred.co_leads,
        t(&plan.actor_labels(&a.co_leads).join(", ")),
    ));
}

fn row_class(a: &Activity) -> &'static str {
    if a.status == crate::model::Status::Dropped {
        " class=\"dropped\""
    } else {
        ""
    }
}

fn status_text(a: &Activity) -> &'static str {
    use crate::model::Status;
    match a.status {
        Status::Proposed => "proposed",
        Status::Agreed => "agreed",
        Status::NeedsRevision => "needs revision",
        Status::Dropped => "dropped",
    }
}

const INFERRED_NOTE: &str = "<p class=\"note\">Values marked * were not printed on their row in the source document; they were taken from the row above and are to be confirmed.</p>\n";

/// The Chapter 3 layout: per goal, indicator rows, then sub-indicators with their activities.
fn by_goal(h: &mut String, plan: &Plan) {
    let outline = plan.outline();
    for g in &outline.goals {
        let goal = &plan.goals[g.goal];
        let _ = writeln!(
            h,
            "<section class=\"goal\">\n<h2>Goal {}: {}</h2>",
            t(&goal.code),
            t(&goal.title)
        );
        h.push_str(
            "<table>\n<colgroup><col style=\"width:15%\"><col style=\"width:6%\"><col style=\"width:35%\">\
             <col style=\"width:8%\"><col style=\"width:11%\"><col style=\"width:8%\"><col style=\"width:7%\"><col></colgroup>\n\
             <thead><tr><th>Sub-indicator</th><th>Code</th><th>Activity</th><th>Lead</th><th>Co-leads</th>\
             <th>Timeline</th><th>Status</th><th>Notes</th></tr></thead>\n<tbody>\n",
        );
        for ind in &g.indicators {
            let i = &plan.indicators[ind.indicator];
            let _ = writeln!(
                h,
                "<tr class=\"ind\"><th colspan=\"8\">Indicator {}: {}</th></tr>",
                t(&i.code),
                t(&i.title)
            );
            for s in &ind.sub_indicators {
                let sub = &plan.sub_indicators[s.sub_indicator];
                let sub_cell = format!("<b>{}</b> {}", t(&sub.code), t(&sub.title));
                if s.activities.is_empty() {
                    let _ = writeln!(
                        h,
                        "<tr><td>{sub_cell}</td><td colspan=\"7\" class=\"muted\">No activity.</td></tr>"
                    );
                }
                for (n, &ai) in s.activities.iter().enumerate() {
                    let a = &plan.activities[ai];
                    let _ = write!(
                        h,
                        "<tr{}><td>{}</td><td class=\"code\">{}</td><td>{}</td>",
                        row_class(a),
                        if n == 0 { sub_cell.as_str() } else { "" },
                        t(&a.code),
                        t(&a.text)
                    );
                    actor_cells(h, plan, a);
                    let lane = if a.inferred.timeline {
                        format!("<td class=\"lane inf\">{}</td>", lane_title(a.lane))
                    } else {
                        format!("<td class=\"lane\">{}</td>", lane_title(a.lane))
                    };
                    let _ = writeln!(
                        h,
                        "{lane}<td>{}</td><td>{}</td></tr>",
                        status_text(a),
                        t(&a.notes)
                    );
                }
            }
        }
        *h += "</tbody>\n</table>\n";
        h.push_str(INFERRED_NOTE);
        *h += "</section>\n";
    }
}

/// The same activities, per lane in the board's order.
fn by_lane(h: &mut String, plan: &Plan) {
    *h += "<section class=\"lanes\">\n<h2>The plan by timeline</h2>\n";
    let per_lane = lanes(plan);
    for lane in Lane::ALL {
        let ids = &per_lane[lane_index(lane)];
        let _ = writeln!(
            h,
            "<div class=\"by-lane{}\">\n<h3>{} <span class=\"muted\">({} activities)</span></h3>",
            if ids.is_empty() { " empty" } else { "" },
            lane_title(lane),
            ids.len()
        );
        if ids.is_empty() {
            *h += "<p class=\"muted\">None.</p>\n</div>\n";
            continue;
        }
        h.push_str(
            "<table>\n<colgroup><col style=\"width:7%\"><col style=\"width:47%\"><col style=\"width:10%\">\
             <col style=\"width:14%\"><col style=\"width:8%\"><col></colgroup>\n\
             <thead><tr><th>Code</th><th>Activity</th><th>Lead</th><th>Co-leads</th><th>Status</th><th>Goal</th></tr></thead>\n<tbody>\n",
        );
        for &ai in ids {
            let a = &plan.activities[ai];
            let (_, _, goal) = plan.parents(a);
            let _ = write!(
                h,
                "<tr{}><td class=\"code\">{}</td><td>{}</td>",
                row_class(a),
                t(&a.code),
                t(&a.text)
            );
            actor_cells(h, plan, a);
            let _ = writeln!(
                h,
                "<td>{}</td><td>{}</td></tr>",
                status_text(a),
                goal.map_or_else(String::new, |g| t(&format!("Goal {}", g.code)))
            );
        }
        *h += "</tbody>\n</table>\n</div>\n";
    }
    h.push_str(INFERRED_NOTE);
    *h += "</section>\n";
}

fn who_does_what(h: &mut String, plan: &Plan, loads: &[ActorLoad]) {
    *h += "<section class=\"who\">\n<h2>Who does what</h2>\n";
    let _ = writeln!(
        h,
        "<p class=\"muted\">Activities each actor leads and co-leads, per timeline. The chart shows the {} busiest actors; the table lists all {}.</p>",
        CHART_ACTORS.min(loads.len()),
        loads.len()
    );
    legend(h, &[(LEAD_COLOUR, "Leads"), (CO_LEAD_COLOUR, "Co-leads")]);
    let label = |id| {
        plan.actor(id).map_or_else(
            || id.to_string(),
            |a| {
                if a.full_name.trim().is_empty() {
                    a.abbreviation.clone()
                } else {
                    format!("{} ({})", a.abbreviation, a.full_name)
                }
            },
        )
    };
    let bars: Vec<(String, Vec<usize>)> = loads
        .iter()
        .filter(|l| l.total() > 0)
        .take(CHART_ACTORS)
        .map(|l| (label(l.actor), vec![l.lead_count(), l.co_lead_count()]))
        .collect();
    stacked_bars(
        h,
        &bars,
        &[LEAD_COLOUR, CO_LEAD_COLOUR],
        "Activities led and co-led per actor",
    );

    *h += "<table>\n<thead><tr><th rowspan=\"2\">Actor</th><th rowspan=\"2\">Full name</th>";
    for l in Lane::ALL {
        let _ = write!(h, "<th colspan=\"2\" class=\"num\">{}</th>", lane_title(l));
    }
    *h += "<th colspan=\"3\" class=\"num\">All</th></tr>\n<tr>";
    for _ in Lane::ALL {
        *h += "<th class=\"num\">lead</th><th class=\"num\">co-lead</th>";
    }
    *h += "<th class=\"num\">lead</th><th class=\"num\">co-lead</th><th class=\"num\">total</th></tr></thead>\n<tbody>\n";
    for l in loads {
        let (abbr, full) = plan.actor(l.actor).map_or_else(
            || (l.actor.to_string(), String::new()),
            |a| (a.abbreviation.clone(), a.full_name.clone()),
        );
        let _ = write!(
            h,
            "<tr><td class=\"code\">{}</td><td>{}</td>",
            t(&abbr),
            t(&full)
        );
        for i in 0..4 {
            let _ = write!(
                h,
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                l.leads[i].len(),
                l.co_leads[i].len()
            );
        }
        let _ = writeln!(
            h,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\"><b>{}</b></td></tr>",
            l.lead_count(),
            l.co_lead_count(),
            l.total()
        );
    }
    *h += "</tbody>\n</table>\n</section>\n";
}

fn open_data_checks(h: &mut String, plan: &Plan, all: &[(usize, Vec<Flag>)]) {
    *h += "<section class=\"checks\">\n<h2>Open data checks</h2>\n";
    let flagged: Vec<&(usize, Vec<Flag>)> = all.iter().filter(|(_, f)| !f.is_empty()).collect();
    if flagged.is_empty() {
        *h += "<p>No activity needs attention.</p>\n</section>\n";
        return;
    }
    // A summary first: how many of each kind, so a meeting can take them in turn.
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for f in flagged.iter().flat_map(|(_, f)| f) {
        match kinds.iter_mut().find(|(k, _)| *k == f.code()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((f.code(), 1)),
        }
    }
    let _ = writeln!(
        h,
        "<p>{} activities need attention:</p>\n<table style=\"width:auto\"><tbody>",
        flagged.len()
    );
    for (k, n) in &kinds {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{n}</td></tr>",
            kind_title(k)
        );
    }
    *h += "</tbody></table>\n";
    h.push_str(
        "<table>\n<colgroup><col style=\"width:7%\"><col style=\"width:40%\"><col></colgroup>\n\
         <thead><tr><th>Code</th><th>Activity</th><th>What needs attention</th></tr></thead>\n<tbody>\n",
    );
    for (i, flags) in flagged {
        let a = &plan.activities[*i];
        let _ = write!(
            h,
            "<tr><td class=\"code\">{}</td><td>{}</td><td><ul>",
            t(&a.code),
            t(&a.text)
        );
        for f in flags {
            let _ = write!(h, "<li>{}</li>", t(&flag_sentence(plan, a, f)));
        }
        *h += "</ul></td></tr>\n";
    }
    *h += "</tbody>\n</table>\n</section>\n";
}

fn kind_title(code: &str) -> &'static str {
    match code {
        "no_lead" => "No lead named",
        "several_leads" => "Several leads named",
        "no_timeline" => "No timeline set",
        "code_mismatch" => "Code not under its sub-indicator",
        "unknown_actor" => "Actor without a full name",
        "inferred_lead" => "Lead inferred from the row above",
        "inferred_co_leads" => "Co-leads inferred from the row above",
        "inferred_timeline" => "Timeline inferred from the row above",
        "source_note" => "Irregular row in the source",
        _ => "Other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\" onclick='y'>&</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
