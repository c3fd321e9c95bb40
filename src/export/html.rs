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

use super::ExportInfo;
use super::words::Words;
use crate::i18n::Language;
use crate::model::board::{lane_index, lanes};
use crate::model::checks::{self, Flag};
use crate::model::workload::{ActorLoad, workload};
use crate::model::{Activity, Lane, Plan};
use crate::palette::{self, Rgb};

const BENGALI_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansBengali-Regular.ttf");

/// Actors shown in the who-does-what chart; the table lists them all.
const CHART_ACTORS: usize = 20;
/// The fonts of chart labels, set on each SVG `<text>` (Latin, and Bengali script).
const SVG_FONT: &str = "'Noto Sans', 'Noto Sans Bengali', 'Nirmala UI', Vrinda, Arial, sans-serif";
const SVG_FONT_BN: &str =
    "'Noto Sans Bengali', 'Nirmala UI', Vrinda, 'Bangla Sangam MN', 'Noto Sans', sans-serif";

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

/// A sentence for one data check, as the English report prints it.
pub fn flag_sentence(plan: &Plan, a: &Activity, flag: &Flag) -> String {
    Words::new(Language::English).flag_sentence(plan, a, flag)
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
@page { size: A4 landscape; margin: 15mm 12mm 14mm 12mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt "Noto Sans", sans-serif; color: #5b6673; } }
:root { --ink: #1d2733; --muted: #5b6673; --rule: #c9d1db; --band: #eef2f6; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1400px; padding: 0 16px; color: var(--ink); font-size: 9.5pt; line-height: 1.35;
  font-family: "Noto Sans", "Noto Sans Bengali", "Nirmala UI", "Vrinda", "Bangla Sangam MN", "Segoe UI", Arial, sans-serif; }
:lang(bn) { font-family: "Noto Sans Bengali", "Nirmala UI", "Vrinda", "Bangla Sangam MN", "Noto Sans", sans-serif; }
h1 { font-size: 24pt; margin: 0 0 6pt; }
h2 { font-size: 15pt; margin: 0 0 8pt; padding-bottom: 3pt; border-bottom: 2px solid var(--ink); }
h3 { font-size: 11.5pt; margin: 14pt 0 6pt; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; overflow-wrap: anywhere; }
section { padding-top: 10pt; }
section + section { break-before: page; page-break-before: always; }
@media screen { section + section { border-top: 1px dashed var(--rule); margin-top: 28pt; } }
.cover { min-height: 170mm; display: flex; flex-direction: column; justify-content: center; }
.cover .kind { text-transform: uppercase; letter-spacing: .12em; color: var(--muted); font-size: 10pt; }
.cover .short { font-size: 14pt; color: var(--muted); margin-bottom: 18pt; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 4pt 16pt; font-size: 11pt; margin: 0 0 18pt; }
.cover dt { color: var(--muted); }
.cover dd { margin: 0; white-space: pre-line; overflow-wrap: anywhere; }
.figures { display: flex; gap: 10pt; flex-wrap: wrap; }
.figures div { border: 1px solid var(--rule); border-radius: 4pt; padding: 6pt 12pt; min-width: 90pt; }
.figures b { display: block; font-size: 18pt; }
.figures span { color: var(--muted); font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 8pt; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tbody.keep { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid var(--rule); padding: 3pt 5pt; text-align: left; vertical-align: top;
  white-space: pre-line; overflow-wrap: anywhere; }
thead th { background: #dce6f0; font-weight: 700; }
tr.ind th { background: var(--band); font-weight: 700; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted, .note { color: var(--muted); }
.inf { font-style: italic; }
.inf::after { content: "*"; color: #a04f00; font-style: normal; }
.by-lane + .by-lane { break-before: page; page-break-before: always; }
.by-lane + .by-lane.empty { break-before: auto; page-break-before: auto; }
.legend { display: flex; gap: 14pt; flex-wrap: wrap; margin: 4pt 0 10pt; font-size: 8.5pt; }
.legend i { display: inline-block; width: 10pt; height: 10pt; margin-right: 4pt; vertical-align: -1pt; border-radius: 2pt; border: 1px solid #5b6673; }
svg { display: block; max-width: 100%; height: auto; break-inside: avoid; }
.checks ul { margin: 0; padding-left: 14pt; }
.checks li { white-space: normal; }
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

/// Text as a CSS string literal, safe inside `<style>`: quotes and backslashes escaped, line
/// breaks as spaces, and `<` as a CSS escape so the text can never close the style element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            '<' => out += "\\3c ",
            '>' => out += "\\3e ",
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` cut to about `max` characters with "…", at a space when there is one near the end.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let head: String = text.chars().take(max - 1).collect();
    let at = head
        .rfind(' ')
        .filter(|&i| head[..i].chars().count() > max * 2 / 3)
        .unwrap_or(head.len());
    format!("{}…", head[..at].trim_end())
}

/// The running header of every printed page: the plan at the left, version and date at the
/// right (page margin boxes; long names are shortened so the two never run into each other).
fn running_header(plan: &Plan, info: &ExportInfo) -> String {
    format!(
        "\n@page {{ @top-left {{ content: {}; font: 8pt \"Noto Sans\", \"Noto Sans Bengali\", sans-serif; color: #5b6673; \
         vertical-align: bottom; padding-bottom: 2mm; }}\n  @top-right {{ content: {}; font: 8pt \"Noto Sans\", \"Noto Sans Bengali\", sans-serif; \
         color: #5b6673; vertical-align: bottom; padding-bottom: 2mm; }} }}\n",
        css_string(&cut(&plan.name, 90)),
        css_string(&format!(
            "{} · {}",
            cut(&info.version_text(), 80),
            info.date_text()
        ))
    )
}

/// Builds the report, in `info.lang`.
pub fn render(plan: &Plan, info: &ExportInfo) -> String {
    let w = info.words();
    let mut h = String::with_capacity(64 * 1024 + plan.activities.len() * 1200);
    // Writing to a String cannot fail; the results below are ignored for that reason.
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>",
        info.lang.code(),
        escape(&plan.name),
        escape(&info.version_text())
    );
    if info.lang == Language::Bangla || plan_has_bengali(plan, info) {
        h += &bengali_font_face();
    }
    h.push_str(STYLE);
    h += &running_header(plan, info);
    h += "</style>\n</head>\n<body>\n";

    let all_flags: Vec<(usize, Vec<Flag>)> = plan
        .activities_in_order()
        .into_iter()
        .map(|i| (i, checks::flags(plan, &plan.activities[i])))
        .collect();
    let open_checks: usize = all_flags.iter().map(|(_, f)| f.len()).sum();
    let loads = workload(plan);

    cover(&mut h, plan, info, open_checks);
    glance(&mut h, plan, &w);
    by_goal(&mut h, plan, &w);
    by_lane(&mut h, plan, &w);
    who_does_what(&mut h, plan, &loads, &w);
    super::gcm::html_section(&mut h, plan, &w);
    open_data_checks(&mut h, plan, &all_flags, &w);
    h += "</body>\n</html>\n";
    h
}

fn cover(h: &mut String, plan: &Plan, info: &ExportInfo, open_checks: usize) {
    let w = info.words();
    let _ = writeln!(
        h,
        "<section class=\"cover\">\n<div class=\"kind\">{}</div>",
        w.tr("export.report.kind")
    );
    let _ = writeln!(h, "<h1>{}</h1>", t(&plan.name));
    if !plan.short_name.trim().is_empty() {
        let _ = writeln!(h, "<div class=\"short\">{}</div>", t(&plan.short_name));
    }
    *h += "<dl>\n";
    let _ = writeln!(
        h,
        "<dt>{}</dt><dd>{}</dd>",
        w.tr("export.report.version"),
        t(&info.version_text())
    );
    let _ = writeln!(
        h,
        "<dt>{}</dt><dd>{}</dd>",
        w.tr("export.report.date"),
        t(&info.date_text())
    );
    if !info.author.trim().is_empty() {
        let _ = writeln!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            w.tr("export.report.prepared_by"),
            t(&info.author)
        );
    }
    if !plan.source.trim().is_empty() {
        let _ = writeln!(
            h,
            "<dt>{}</dt><dd>{}</dd>",
            w.tr("export.report.source"),
            t(&plan.source)
        );
    }
    *h += "</dl>\n<div class=\"figures\">\n";
    for (n, what) in [
        (plan.goals.len(), "export.report.goals"),
        (plan.indicators.len(), "export.report.indicators"),
        (plan.sub_indicators.len(), "export.report.sub_indicators"),
        (plan.activities.len(), "export.report.activities"),
        (plan.actors.len(), "export.report.actors"),
        (open_checks, "export.report.open_checks"),
    ] {
        let _ = writeln!(
            h,
            "<div><b>{}</b><span>{}</span></div>",
            w.num(n),
            w.tr(what)
        );
    }
    *h += "</div>\n</section>\n";
}

fn legend(h: &mut String, items: &[(Rgb, &str)]) {
    *h += "<div class=\"legend\">";
    for (colour, label) in items {
        let _ = write!(
            h,
            "<span><i style=\"background:{}\"></i>{}</span>",
            colour.hex(),
            t(label)
        );
    }
    *h += "</div>\n";
}

/// Activities per goal and lane: a stacked bar chart and the same figures as a table.
fn glance(h: &mut String, plan: &Plan, w: &Words) {
    let _ = writeln!(
        h,
        "<section class=\"glance\">\n<h2>{}</h2>",
        w.tr("export.report.glance")
    );
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
            (
                w.trf("export.sheet.goal", &[("code", &goal.code)]),
                goal.title.clone(),
                n,
            )
        })
        .collect();
    let items: Vec<(Rgb, &str)> = Lane::ALL
        .iter()
        .map(|l| (palette::lane(*l), w.lane(*l)))
        .collect();
    legend(h, &items);
    let bars: Vec<(String, Vec<usize>)> = rows
        .iter()
        .map(|(code, title, n)| (format!("{code}: {title}"), n.to_vec()))
        .collect();
    stacked_bars(
        h,
        &bars,
        &palette::LANES,
        w.tr("export.report.glance_chart"),
        w,
    );

    let _ = write!(
        h,
        "<table>\n<colgroup><col style=\"width:9%\"><col style=\"width:39%\"><col><col><col><col><col></colgroup>\n\
         <thead><tr><th>{}</th><th>{}</th>",
        w.tr("export.col.goal"),
        w.tr("export.col.title")
    );
    for l in Lane::ALL {
        let _ = write!(h, "<th class=\"num\">{}</th>", w.lane(l));
    }
    let _ = write!(
        h,
        "<th class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        w.tr("export.col.total")
    );
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
            let _ = write!(h, "<td class=\"num\">{}</td>", w.num(*v));
        }
        let _ = writeln!(
            h,
            "<td class=\"num\"><b>{}</b></td></tr>",
            w.num(n.iter().sum::<usize>())
        );
    }
    let _ = write!(h, "<tr><th></th><th>{}</th>", w.tr("export.all_goals"));
    for v in totals {
        let _ = write!(h, "<th class=\"num\">{}</th>", w.num(v));
    }
    let _ = writeln!(
        h,
        "<th class=\"num\">{}</th></tr>\n</tbody>\n</table>\n</section>",
        w.num(totals.iter().sum::<usize>())
    );
}

/// One SVG `<text>`: the escaped text as the element's only content (an HTML parser leaves an
/// `<svg>` at the first HTML element inside it), with its font set on the element itself.
fn svg_text(x: f64, y: f64, attrs: &str, text: &str) -> String {
    let (font, lang) = if text.chars().any(is_bengali) {
        (SVG_FONT_BN, " lang=\"bn\"")
    } else {
        (SVG_FONT, "")
    };
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-family=\"{font}\"{lang}{attrs}>{}</text>",
        escape(text)
    )
}

/// Horizontal stacked bars with a label left of each bar and its total at its end.
fn stacked_bars(
    h: &mut String,
    rows: &[(String, Vec<usize>)],
    colours: &[Rgb],
    title: &str,
    w: &Words,
) {
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
    let ink = palette::INK.hex();
    for (r, (label, values)) in rows.iter().enumerate() {
        let y = 4.0 + ROW_H * r as f64;
        // Long titles are cut to fit beside the bar; the table below has them in full.
        h.push_str(&svg_text(
            LABEL_W - 8.0,
            y + ROW_H * 0.62,
            &format!(" text-anchor=\"end\" font-size=\"11\" fill=\"{ink}\""),
            &cut(label, 58),
        ));
        let mut x = LABEL_W;
        for (i, v) in values.iter().enumerate() {
            if *v == 0 {
                continue;
            }
            let colour = colours[i % colours.len()];
            let bw = BAR_W * *v as f64 / max;
            let _ = write!(
                h,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.6\"><title>{}</title></rect>",
                y + 3.0,
                ROW_H - 6.0,
                colour.hex(),
                palette::OUTLINE.hex(),
                w.num(*v)
            );
            if bw >= 18.0 {
                h.push_str(&svg_text(
                    x + bw / 2.0,
                    y + ROW_H * 0.62,
                    &format!(
                        " text-anchor=\"middle\" font-size=\"10\" font-weight=\"700\" fill=\"{}\"",
                        palette::text_on(colour).hex()
                    ),
                    &w.num(*v),
                ));
            }
            x += bw;
        }
        h.push_str(&svg_text(
            x + 6.0,
            y + ROW_H * 0.62,
            &format!(" font-size=\"11\" font-weight=\"700\" fill=\"{ink}\""),
            &w.num(values.iter().sum::<usize>()),
        ));
        h.push('\n');
    }
    *h += "</svg>\n";
}

/// Lead, co-lead and timeline cells of one activity, marked when inferred.
fn actor_cells(h: &mut String, plan: &Plan, a: &Activity, w: &Words) {
    let cell = |inferred: bool, text: String| {
        if inferred {
            format!(
                "<td class=\"inf\" title=\"{}\">{text}</td>",
                w.tr("export.report.inferred_tip")
            )
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

fn inferred_note(h: &mut String, w: &Words) {
    let _ = writeln!(
        h,
        "<p class=\"note\">{}</p>",
        w.tr("export.report.inferred_note")
    );
}

/// The Chapter 3 layout: per goal, indicator rows, then sub-indicators with their activities.
/// An indicator's heading row shares a page with its first activity (`tbody.keep`).
fn by_goal(h: &mut String, plan: &Plan, w: &Words) {
    let outline = plan.outline();
    for g in &outline.goals {
        let goal = &plan.goals[g.goal];
        let _ = writeln!(
            h,
            "<section class=\"goal\">\n<h2>{}</h2>",
            t(&w.trf(
                "export.goal_subtitle",
                &[("code", &goal.code), ("title", &goal.title)]
            ))
        );
        let _ = write!(
            h,
            "<table>\n<colgroup><col style=\"width:15%\"><col style=\"width:7%\"><col style=\"width:33%\">\
             <col style=\"width:8%\"><col style=\"width:11%\"><col style=\"width:8%\"><col style=\"width:8%\"><col></colgroup>\n\
             <thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n",
            w.tr("export.col.sub_indicator"),
            w.tr("export.col.code"),
            w.tr("export.col.activity"),
            w.tr("export.col.lead"),
            w.tr("export.col.co_leads"),
            w.tr("export.col.timeline"),
            w.tr("export.col.status"),
            w.tr("export.col.notes"),
        );
        for ind in &g.indicators {
            let i = &plan.indicators[ind.indicator];
            let mut rows: Vec<String> = vec![format!(
                "<tr class=\"ind\"><th colspan=\"8\">{}</th></tr>",
                t(&w.trf(
                    "export.report.indicator",
                    &[("code", &i.code), ("title", &i.title)]
                ))
            )];
            for s in &ind.sub_indicators {
                let sub = &plan.sub_indicators[s.sub_indicator];
                let sub_cell = format!("<b>{}</b> {}", t(&sub.code), t(&sub.title));
                if s.activities.is_empty() {
                    rows.push(format!(
                        "<tr><td>{sub_cell}</td><td colspan=\"7\" class=\"muted\">{}</td></tr>",
                        w.tr("export.report.no_activity")
                    ));
                }
                for (n, &ai) in s.activities.iter().enumerate() {
                    let a = &plan.activities[ai];
                    let mut r = String::new();
                    let _ = write!(
                        r,
                        "<tr{}><td>{}</td><td class=\"code\">{}</td><td>{}</td>",
                        row_class(a),
                        if n == 0 { sub_cell.as_str() } else { "" },
                        t(&a.code),
                        t(&a.text)
                    );
                    actor_cells(&mut r, plan, a, w);
                    let inf = if a.inferred.timeline { " inf" } else { "" };
                    let _ = write!(
                        r,
                        "<td class=\"lane{inf}\">{}</td><td>{}</td><td>{}</td></tr>",
                        w.lane(a.lane),
                        w.status(a.status),
                        t(&a.notes)
                    );
                    rows.push(r);
                }
            }
            // The heading and the first row stay together; the rest may break between rows.
            let keep = rows.len().min(2);
            *h += "<tbody class=\"keep\">\n";
            for r in &rows[..keep] {
                let _ = writeln!(h, "{r}");
            }
            *h += "</tbody>\n";
            if rows.len() > keep {
                *h += "<tbody>\n";
                for r in &rows[keep..] {
                    let _ = writeln!(h, "{r}");
                }
                *h += "</tbody>\n";
            }
        }
        *h += "</table>\n";
        inferred_note(h, w);
        *h += "</section>\n";
    }
}

/// The same activities, per lane in the board's order.
fn by_lane(h: &mut String, plan: &Plan, w: &Words) {
    let _ = writeln!(
        h,
        "<section class=\"lanes\">\n<h2>{}</h2>",
        w.tr("export.report.by_lane")
    );
    let per_lane = lanes(plan);
    for lane in Lane::ALL {
        let ids = &per_lane[lane_index(lane)];
        let _ = writeln!(
            h,
            "<div class=\"by-lane{}\">\n<h3>{} <span class=\"muted\">{}</span></h3>",
            if ids.is_empty() { " empty" } else { "" },
            w.lane(lane),
            w.trf("export.report.lane_count", &[("n", &ids.len())])
        );
        if ids.is_empty() {
            let _ = writeln!(
                h,
                "<p class=\"muted\">{}</p>\n</div>",
                w.tr("export.report.none")
            );
            continue;
        }
        let _ = write!(
            h,
            "<table>\n<colgroup><col style=\"width:8%\"><col style=\"width:46%\"><col style=\"width:10%\">\
             <col style=\"width:14%\"><col style=\"width:10%\"><col></colgroup>\n\
             <thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            w.tr("export.col.code"),
            w.tr("export.col.activity"),
            w.tr("export.col.lead"),
            w.tr("export.col.co_leads"),
            w.tr("export.col.status"),
            w.tr("export.col.goal"),
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
            actor_cells(h, plan, a, w);
            let _ = writeln!(
                h,
                "<td>{}</td><td>{}</td></tr>",
                w.status(a.status),
                goal.map_or_else(String::new, |g| t(
                    &w.trf("export.sheet.goal", &[("code", &g.code)])
                ))
            );
        }
        *h += "</tbody>\n</table>\n</div>\n";
    }
    inferred_note(h, w);
    *h += "</section>\n";
}

fn who_does_what(h: &mut String, plan: &Plan, loads: &[ActorLoad], w: &Words) {
    let _ = writeln!(
        h,
        "<section class=\"who\">\n<h2>{}</h2>",
        w.tr("export.sheet.who")
    );
    let _ = writeln!(
        h,
        "<p class=\"muted\">{}</p>",
        w.trf(
            "export.report.who_intro",
            &[
                ("n", &CHART_ACTORS.min(loads.len())),
                ("total", &loads.len())
            ]
        )
    );
    legend(
        h,
        &[
            (palette::LEAD, w.tr("export.col.leads")),
            (palette::CO_LEAD, w.tr("export.col.co_led")),
        ],
    );
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
        &[palette::LEAD, palette::CO_LEAD],
        w.tr("export.report.who_chart"),
        w,
    );

    let _ = write!(
        h,
        "<table>\n<colgroup><col style=\"width:9%\"><col style=\"width:25%\"><col span=\"11\"></colgroup>\n\
         <thead><tr><th rowspan=\"2\">{}</th><th rowspan=\"2\">{}</th>",
        w.tr("export.col.actor"),
        w.tr("export.col.full_name")
    );
    for l in Lane::ALL {
        let _ = write!(h, "<th colspan=\"2\" class=\"num\">{}</th>", w.lane(l));
    }
    let _ = write!(
        h,
        "<th colspan=\"3\" class=\"num\">{}</th></tr>\n<tr>",
        w.tr("export.report.all")
    );
    let (lead, co_lead, total) = (
        w.tr("export.report.lead"),
        w.tr("export.report.co_lead"),
        w.tr("export.report.total"),
    );
    for _ in Lane::ALL {
        let _ = write!(
            h,
            "<th class=\"num\">{lead}</th><th class=\"num\">{co_lead}</th>"
        );
    }
    let _ = write!(
        h,
        "<th class=\"num\">{lead}</th><th class=\"num\">{co_lead}</th><th class=\"num\">{total}</th></tr></thead>\n<tbody>\n"
    );
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
                w.num(l.leads[i].len()),
                w.num(l.co_leads[i].len())
            );
        }
        let _ = writeln!(
            h,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\"><b>{}</b></td></tr>",
            w.num(l.lead_count()),
            w.num(l.co_lead_count()),
            w.num(l.total())
        );
    }
    *h += "</tbody>\n</table>\n</section>\n";
}

fn open_data_checks(h: &mut String, plan: &Plan, all: &[(usize, Vec<Flag>)], w: &Words) {
    let _ = writeln!(
        h,
        "<section class=\"checks\">\n<h2>{}</h2>",
        w.tr("export.report.checks")
    );
    let flagged: Vec<&(usize, Vec<Flag>)> = all.iter().filter(|(_, f)| !f.is_empty()).collect();
    if flagged.is_empty() {
        let _ = writeln!(h, "<p>{}</p>\n</section>", w.tr("export.report.no_checks"));
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
        "<p>{}</p>\n<table style=\"width:auto;table-layout:auto\"><tbody>",
        w.trf("export.report.need_attention", &[("n", &flagged.len())])
    );
    for (k, n) in &kinds {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            w.flag_title(k),
            w.num(*n)
        );
    }
    *h += "</tbody></table>\n";
    let _ = write!(
        h,
        "<table>\n<colgroup><col style=\"width:8%\"><col style=\"width:40%\"><col></colgroup>\n\
         <thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        w.tr("export.col.code"),
        w.tr("export.col.activity"),
        w.tr("export.report.what"),
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
            let _ = write!(h, "<li>{}</li>", t(&w.flag_sentence(plan, a, f)));
        }
        *h += "</ul></td></tr>\n";
    }
    *h += "</tbody>\n</table>\n</section>\n";
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

    #[test]
    fn css_strings_cannot_leave_the_style_element() {
        let s = css_string("a\"b\\c</style><script>\nd");
        assert!(!s.contains('<') && !s.contains('\n'));
        assert_eq!(s, "\"a\\\"b\\\\c\\3c /style\\3e \\3c script\\3e  d\"");
    }
}
