//! The timeline board: four lanes of cards that a facilitator drags between.
//!
//! Cards have one fixed height (text is clamped; the detail panel has all of it), so the board
//! is laid out by arithmetic and only the cards in view are drawn: a frame costs the same with
//! a hundred cards or ten thousand.

use egui::text::{LayoutJob, TextWrapping};
use egui::{
    Align2, CornerRadius, FontId, LayerId, Order, Pos2, Rect, RichText, Role, ScrollArea, Sense,
    Stroke, StrokeKind, TextFormat, Ui, Vec2, pos2, vec2,
};

use crate::app::{App, Band, Command};
use crate::i18n::{tr, trf};
use crate::messages::labels::{lane_chip, lane_label, lane_span};
use crate::model::board::{Anchor, lane_index};
use crate::model::{Activity, Id, Lane};
use crate::ui::theme;

const GAP: f32 = 8.0;
const PAD: f32 = 8.0;
/// Lines of activity text on a card; in presenter mode the room reads the whole text.
const TEXT_ROWS: usize = 3;
const PRESENTER_TEXT_ROWS: usize = 8;
const BAND_HEADER: f32 = 36.0;
/// How close to the top or bottom edge the pointer must be for the board to scroll by itself.
const EDGE: f32 = 48.0;

/// Sizes that depend on the current text size.
#[derive(Clone, Copy)]
pub struct Metrics {
    pub card_h: f32,
    rows: usize,
    pub col_w: f32,
    size: f32,
    code_row: f32,
    chip_row: f32,
}

impl Metrics {
    fn new(ui: &Ui, width: f32, presenter: bool) -> Metrics {
        let rows = if presenter {
            PRESENTER_TEXT_ROWS
        } else {
            TEXT_ROWS
        };
        let size = ui.style().text_styles[&egui::TextStyle::Body].size;
        let (code_row, text_row, chip_row) = ui.fonts_mut(|f| {
            (
                f.row_height(&FontId::new(size, theme::bold())),
                f.row_height(&FontId::proportional(size)),
                f.row_height(&FontId::proportional(size * 0.8)),
            )
        });
        let card_h = PAD * 2.0 + code_row + 2.0 + text_row * rows as f32 + 6.0 + chip_row + 4.0;
        let col_w = ((width - GAP * 3.0) / 4.0).max(120.0);
        Metrics {
            card_h,
            rows,
            col_w,
            size,
            code_row,
            chip_row,
        }
    }

    fn slot(&self) -> f32 {
        self.card_h + GAP
    }

    fn band_height(&self, band: &Band) -> f32 {
        let n = band.lanes.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let header = if band.goal.is_some() {
            BAND_HEADER
        } else {
            0.0
        };
        header + n as f32 * self.slot()
    }
}

/// Where a dragged card would land.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Target {
    lane: Lane,
    anchor: Anchor,
    /// The insertion marker, in screen coordinates.
    marker_y: f32,
    marker_x: f32,
    /// Where the marker may be drawn: the scroll area it belongs to.
    clip: Rect,
}

/// `reveal` names a card to scroll into view this frame.
pub fn show(ui: &mut Ui, app: &App, reveal: Option<Id>, out: &mut Vec<Command>) {
    let m = Metrics::new(ui, ui.available_width(), app.view.presenter);

    // Lane headers with their counts stay put while the cards scroll.
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = GAP;
        for lane in Lane::ALL {
            let count = app.board.counts[lane_index(lane)];
            let (rect, resp) = ui.allocate_exact_size(
                vec2(m.col_w, m.code_row + m.chip_row + 10.0),
                Sense::hover(),
            );
            resp.widget_info(|| {
                egui::WidgetInfo::labeled(
                    Role::Label,
                    true,
                    trf(
                        "board.lane_count",
                        &[("lane", &lane_label(lane)), ("n", &count)],
                    ),
                )
            });
            let p = ui.painter_at(rect);
            // The lane's colour, the same in the charts, the report and the workbook.
            p.rect_filled(rect, 6, theme::lane_fill(lane));
            let inner = rect.shrink2(vec2(PAD, 4.0));
            let strong = theme::lane_ink(lane);
            p.text(
                inner.left_top(),
                Align2::LEFT_TOP,
                lane_chip(lane),
                FontId::new(m.size, theme::bold()),
                strong,
            );
            p.text(
                inner.right_top(),
                Align2::RIGHT_TOP,
                crate::i18n::num(count),
                FontId::new(m.size, theme::bold()),
                strong,
            );
            p.text(
                inner.left_bottom(),
                Align2::LEFT_BOTTOM,
                lane_span(lane),
                FontId::proportional(m.size * 0.8),
                strong,
            );
        }
    });
    ui.add_space(4.0);

    let drag = app.view.drag;
    if let Some(id) = reveal {
        // The card asked for (moved, added, found) flashes for a moment once in view.
        let now = ui.input(|i| i.time);
        ui.ctx().data_mut(|d| d.insert_temp(flash_id(), (id, now)));
    }
    let reveal = reveal.and_then(|id| locate(app, id));
    let target = if app.view.grouped {
        grouped_board(ui, app, reveal, &m, out)
    } else {
        lanes_board(ui, app, reveal, &m, out)
    };
    if let Some(d) = drag {
        follow_pointer(ui, app, d, target, &m, out);
    }
}

/// The board without rows by goal: each lane scrolls on its own, so a long lane never leaves
/// the others empty on screen. Returns where a dragged card would land.
fn lanes_board(
    ui: &mut Ui,
    app: &App,
    reveal: Option<(usize, usize, usize)>,
    m: &Metrics,
    out: &mut Vec<Command>,
) -> Option<Target> {
    let band = app.board.bands.first()?;
    let drag = app.view.drag;
    let pointer = ui.ctx().pointer_latest_pos();
    let area = ui.available_rect_before_wrap();
    ui.allocate_rect(area, Sense::hover());
    let mut target = None;
    for (k, cards) in band.lanes.iter().enumerate() {
        let x = area.left() + k as f32 * (m.col_w + GAP);
        let column = Rect::from_min_max(pos2(x, area.top()), pos2(x + m.col_w, area.bottom()));
        ui.painter()
            .rect_filled(column, 6, ui.visuals().faint_bg_color.gamma_multiply(0.6));
        let mut lane_ui = ui.new_child(egui::UiBuilder::new().max_rect(column));
        let scroll = ScrollArea::vertical()
            .id_salt(("board-lane", k))
            .auto_shrink([false, false])
            .show_viewport(&mut lane_ui, |ui, viewport| {
                ui.set_min_height(cards.len().max(1) as f32 * m.slot());
                let origin = ui.min_rect().min;
                if let Some((_, rk, slot)) = reveal
                    && rk == k
                {
                    let r = Rect::from_min_size(
                        origin + vec2(0.0, slot as f32 * m.slot()),
                        vec2(m.col_w, m.card_h),
                    );
                    ui.scroll_to_rect(r, Some(egui::Align::Center));
                }
                let first = ((viewport.min.y / m.slot()).floor().max(0.0)) as usize;
                let last = ((viewport.max.y / m.slot()).ceil().max(0.0)) as usize;
                for (slot, &i) in cards
                    .iter()
                    .enumerate()
                    .take(last.min(cards.len()))
                    .skip(first)
                {
                    let r = Rect::from_min_size(
                        pos2(origin.x, origin.y + slot as f32 * m.slot()),
                        vec2(m.col_w, m.card_h),
                    );
                    card(ui, app, &app.plan.activities[i], r, m, out);
                }
                let (Some(d), Some(p)) = (drag, pointer) else {
                    return None;
                };
                if !column.x_range().contains(p.x) {
                    return None;
                }
                edge_scroll(ui, p);
                let lane_rect = Rect::from_min_size(origin, vec2(m.col_w, ui.min_rect().height()));
                lane_target(app, cards, k, lane_rect, p, d.id, m)
                    .map(|t| Target { clip: column, ..t })
            });
        target = target.or(scroll.inner);
    }
    target
}

/// The board in rows by goal: the rows scroll together, as cards only move within their row.
fn grouped_board(
    ui: &mut Ui,
    app: &App,
    reveal: Option<(usize, usize, usize)>,
    m: &Metrics,
    out: &mut Vec<Command>,
) -> Option<Target> {
    let m = *m;
    let drag = app.view.drag;
    let total: f32 = app.board.bands.iter().map(|b| m.band_height(b)).sum();
    let scroll = ScrollArea::vertical()
        .id_salt("board")
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            ui.set_min_height(total);
            let origin = ui.min_rect().min;
            if let Some((b, k, slot)) = reveal {
                let band = &app.board.bands[b];
                let header = if band.goal.is_some() {
                    BAND_HEADER
                } else {
                    0.0
                };
                let above: f32 = app.board.bands[..b].iter().map(|x| m.band_height(x)).sum();
                let r = Rect::from_min_size(
                    origin
                        + vec2(
                            k as f32 * (m.col_w + GAP),
                            above + header + slot as f32 * m.slot(),
                        ),
                    vec2(m.col_w, m.card_h),
                );
                ui.scroll_to_rect(r, Some(egui::Align::Center));
            }
            let mut target = None;
            let pointer = ui.ctx().pointer_latest_pos();
            let dragged_goal = drag
                .and_then(|d| app.derived.index.get(&d.id).copied())
                .and_then(|i| app.derived.goal_of(i));

            let mut top = 0.0;
            for band in &app.board.bands {
                let h = m.band_height(band);
                let band_rect =
                    Rect::from_min_size(origin + vec2(0.0, top), vec2(ui.available_width(), h));
                let in_view = top + h >= viewport.min.y && top <= viewport.max.y;
                if in_view {
                    draw_band(ui, app, band, band_rect, viewport, origin.y, &m, out);
                }
                // Cards only move between lanes of their own goal's band.
                if let (Some(d), Some(p)) = (drag, pointer)
                    && band_rect.y_range().contains(p.y)
                    && (band.goal.is_none() || band.goal == dragged_goal)
                {
                    target = drop_target(app, band, band_rect, p, d.id, &m);
                }
                top += h;
            }
            if let (Some(_), Some(p)) = (drag, pointer) {
                edge_scroll(ui, p);
            }
            let clip = ui.clip_rect();
            target.map(|t| Target { clip, ..t })
        });
    scroll.inner
}

#[expect(clippy::too_many_arguments)]
fn draw_band(
    ui: &mut Ui,
    app: &App,
    band: &Band,
    rect: Rect,
    viewport: Rect,
    origin_y: f32,
    m: &Metrics,
    out: &mut Vec<Command>,
) {
    let mut cards_top = rect.top();
    if let Some(g) = band.goal {
        let goal = &app.plan.goals[g];
        let header = Rect::from_min_size(rect.min, vec2(rect.width(), BAND_HEADER - 6.0));
        ui.painter()
            .rect_filled(header, 4, ui.visuals().extreme_bg_color);
        ui.painter().text(
            header.left_center() + vec2(PAD, 0.0),
            Align2::LEFT_CENTER,
            trf(
                "board.band_header",
                &[("code", &goal.code), ("title", &goal.title)],
            ),
            FontId::new(m.size, theme::bold()),
            ui.visuals().strong_text_color(),
        );
        cards_top += BAND_HEADER;
    }
    // Only the slots inside the viewport are visited.
    let first = (((viewport.min.y + origin_y - cards_top) / m.slot())
        .floor()
        .max(0.0)) as usize;
    let last = (((viewport.max.y + origin_y - cards_top) / m.slot())
        .ceil()
        .max(0.0)) as usize;
    for (k, cards) in band.lanes.iter().enumerate() {
        let x = rect.left() + k as f32 * (m.col_w + GAP);
        let column = Rect::from_min_max(pos2(x, cards_top), pos2(x + m.col_w, rect.bottom()));
        ui.painter()
            .rect_filled(column, 6, ui.visuals().faint_bg_color.gamma_multiply(0.6));
        for (slot, &i) in cards
            .iter()
            .enumerate()
            .take(last.min(cards.len()))
            .skip(first)
        {
            let r = Rect::from_min_size(
                pos2(x, cards_top + slot as f32 * m.slot()),
                vec2(m.col_w, m.card_h),
            );
            card(ui, app, &app.plan.activities[i], r, m, out);
        }
    }
}

/// How long a revealed card stays highlighted, in seconds.
const FLASH: f64 = 1.2;

fn flash_id() -> egui::Id {
    egui::Id::NULL.with("board-flash")
}

/// How strongly `id` is highlighted now (1 just revealed, 0 not at all).
fn flash(ui: &Ui, id: Id) -> f32 {
    let Some((flashed, since)) = ui.ctx().data(|d| d.get_temp::<(Id, f64)>(flash_id())) else {
        return 0.0;
    };
    let age = ui.input(|i| i.time) - since;
    if flashed != id || !(0.0..FLASH).contains(&age) {
        return 0.0;
    }
    // A delayed repaint: the highlight fades at a calm frame rate, and nothing waits on it.
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(30));
    (1.0 - age / FLASH) as f32
}

/// One card: code, text, actors and markers, clickable and draggable.
fn card(ui: &mut Ui, app: &App, a: &Activity, rect: Rect, m: &Metrics, out: &mut Vec<Command>) {
    let id = ui.scope_id().with(("card", a.id));
    let resp = ui.interact(rect, id, Sense::click_and_drag());
    let selected = app.view.selected == Some(a.id);
    let dragging = app.view.drag.is_some_and(|d| d.id == a.id);
    resp.widget_info(|| {
        egui::WidgetInfo::selected(Role::Button, true, selected, card_label(app, a))
    });

    if dragging {
        // The card's old place stays visible as an outline while it moves.
        ui.painter().rect_stroke(
            rect,
            6,
            Stroke::new(1.5, ui.visuals().weak_text_color()),
            StrokeKind::Inside,
        );
    } else {
        let marks = paint_card(
            ui,
            app,
            a,
            rect,
            m,
            selected,
            resp.hovered() || resp.has_focus(),
        );
        // Each mark on the card says what it means when the pointer rests on it.
        if resp.hovered()
            && let Some(p) = ui.ctx().pointer_hover_pos()
            && let Some((_, tip)) = marks.iter().find(|(r, _)| r.contains(p))
        {
            resp.clone().on_hover_text_at_pointer(tip.as_str());
        }
    }

    if resp.clicked() {
        out.push(Command::Select(Some(a.id)));
    }
    // The same moves as a menu on the card (right click, or the menu key).
    resp.context_menu(|ui| {
        ui.label(RichText::new(tr("detail.move_to")).strong());
        if move_buttons(ui, app, a, out) {
            ui.close();
        }
    });
    // The grab point is where the button went down, not where the drag was recognised.
    if resp.drag_started()
        && let Some(p) = ui
            .input(|i| i.pointer.press_origin())
            .or(resp.interact_pointer_pos())
    {
        out.push(Command::StartDrag {
            id: a.id,
            grab: (p - rect.min).into(),
        });
    }
}

fn card_label(app: &App, a: &Activity) -> String {
    let leads = app.plan.actor_labels(&a.leads).join(", ");
    let mut label = format!("{} {} — {}", a.code, a.text, leads);
    if crate::ui::comments::status_color(a.status).is_some() {
        label = format!(
            "{label} — {}",
            crate::messages::labels::status_label(a.status)
        );
    }
    let n = app.derived.comment_count(a.id);
    if n > 0 {
        label = format!("{label} — {}", trf("board.comments", &[("n", &n)]));
    }
    label
}

/// Paints one card; returns where its marks are, each with what it means.
fn paint_card(
    ui: &Ui,
    app: &App,
    a: &Activity,
    rect: Rect,
    m: &Metrics,
    selected: bool,
    hot: bool,
) -> Vec<(Rect, String)> {
    let mut marks = Vec::new();
    let v = ui.visuals();
    let painter = ui.painter_at(rect.expand(2.0));
    let stroke = if selected && app.view.presenter {
        Stroke::new(3.5, theme::FOCUS_YELLOW)
    } else if selected {
        Stroke::new(2.5, v.selection.bg_fill)
    } else if hot {
        Stroke::new(1.5, v.widgets.hovered.fg_stroke.color)
    } else {
        Stroke::new(1.0, v.widgets.noninteractive.bg_stroke.color)
    };
    painter.rect(
        rect,
        CornerRadius::same(6),
        v.window_fill,
        stroke,
        StrokeKind::Inside,
    );
    let glow = flash(ui, a.id);
    if glow > 0.0 {
        painter.rect_filled(rect, 6, v.selection.bg_fill.gamma_multiply(0.35 * glow));
    }

    let inner = rect.shrink(PAD);
    let text_color = v.strong_text_color();
    let code = painter.text(
        inner.left_top(),
        Align2::LEFT_TOP,
        &a.code,
        FontId::new(m.size, theme::bold()),
        text_color,
    );

    // The status, when it is no longer "proposed", as a chip beside the code.
    if let Some(color) = crate::ui::comments::status_color(a.status) {
        let g = painter.layout_no_wrap(
            crate::messages::labels::status_label(a.status).to_owned(),
            FontId::proportional(m.size * 0.75),
            color,
        );
        let chip = Rect::from_min_size(
            pos2(code.right() + 6.0, code.top()),
            vec2(g.size().x + 10.0, code.height()),
        );
        if chip.right() < inner.right() - m.size * 2.0 {
            marks.push((
                chip,
                trf(
                    "tip.status",
                    &[("status", &crate::messages::labels::status_label(a.status))],
                ),
            ));
            painter.rect_stroke(chip, 8, Stroke::new(1.0, color), StrokeKind::Inside);
            let y = chip.center().y - g.size().y / 2.0;
            painter.galley(pos2(chip.left() + 5.0, y), g, color);
        }
    }

    // Comments and decisions: a speech bubble with their number, at the bottom right.
    let n = app.derived.comment_count(a.id);
    if n > 0 {
        let g = painter.layout_no_wrap(
            n.to_string(),
            FontId::proportional(m.size * 0.75),
            theme::INFERRED,
        );
        let h = m.chip_row + 2.0;
        let w = g.size().x + 10.0;
        let bubble = Rect::from_min_size(
            pos2(inner.right() - w, inner.bottom() - h - 4.0),
            vec2(w, h),
        );
        marks.push((bubble, trf("tip.comments", &[("n", &n)])));
        painter.rect_filled(bubble, 4, theme::INFERRED.gamma_multiply(0.2));
        painter.rect_stroke(
            bubble,
            4,
            Stroke::new(1.0, theme::INFERRED),
            StrokeKind::Inside,
        );
        let tail = [
            pos2(bubble.left() + 4.0, bubble.bottom()),
            pos2(bubble.left() + 10.0, bubble.bottom()),
            pos2(bubble.left() + 3.0, bubble.bottom() + 4.0),
        ];
        painter.add(egui::Shape::convex_polygon(
            tail.to_vec(),
            theme::INFERRED,
            Stroke::NONE,
        ));
        painter.galley(
            pos2(bubble.left() + 5.0, bubble.center().y - g.size().y / 2.0),
            g,
            theme::INFERRED,
        );
    }

    // Markers at the top right: needs attention, or inferred values to confirm.
    let flags = app.derived.flags_of(a.id);
    let marker = if flags.iter().any(|f| !f.is_inferred()) {
        Some((
            tr("board.marker_attention"),
            theme::ATTENTION,
            tr("tip.attention"),
        ))
    } else if !flags.is_empty() {
        Some((
            tr("board.marker_inferred"),
            theme::INFERRED,
            tr("tip.inferred"),
        ))
    } else {
        None
    };
    if let Some((text, color, tip)) = marker {
        let r = painter.text(
            inner.right_top(),
            Align2::RIGHT_TOP,
            text,
            FontId::proportional(m.size),
            color,
        );
        marks.push((r.expand(4.0), tip.to_owned()));
    }

    let mut job = LayoutJob::single_section(
        a.text.clone(),
        TextFormat::simple(FontId::proportional(m.size), v.text_color()),
    );
    job.wrap = TextWrapping {
        max_width: inner.width(),
        max_rows: m.rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    painter.galley(
        inner.left_top() + vec2(0.0, m.code_row + 2.0),
        galley,
        text_color,
    );

    // Lead in full colour, co-leads muted, on the bottom line.
    let mut x = inner.left();
    let y = inner.bottom() - m.chip_row;
    let leads = app.plan.actor_labels(&a.leads);
    let co = app.plan.actor_labels(&a.co_leads);
    let full_name = |id: &Id| {
        app.plan
            .actor(*id)
            .map(|x| format!("{} — {}", x.abbreviation, x.full_name))
            .unwrap_or_default()
    };
    for ((label, strong), actor) in leads
        .iter()
        .map(|l| (l, true))
        .chain(co.iter().map(|l| (l, false)))
        .zip(a.leads.iter().chain(&a.co_leads))
    {
        let color = if strong {
            text_color
        } else {
            v.weak_text_color()
        };
        let g = painter.layout_no_wrap(label.clone(), FontId::proportional(m.size * 0.8), color);
        let w = g.size().x + 10.0;
        // Leave room for the comments bubble.
        let right = if n > 0 {
            inner.right() - m.size * 2.0
        } else {
            inner.right()
        };
        if x + w > right {
            break;
        }
        let chip = Rect::from_min_size(pos2(x, y - 2.0), vec2(w, m.chip_row + 4.0));
        let key = if strong { "tip.lead" } else { "tip.co_lead" };
        marks.push((chip, trf(key, &[("name", &full_name(actor))])));
        painter.rect_stroke(chip, 8, Stroke::new(1.0, color), StrokeKind::Inside);
        painter.galley(chip.min + vec2(5.0, 2.0), g, color);
        x += w + 4.0;
    }
    marks
}

/// The lane and place under the pointer within a band, if any.
fn drop_target(
    app: &App,
    band: &Band,
    rect: Rect,
    p: Pos2,
    dragged: Id,
    m: &Metrics,
) -> Option<Target> {
    let k = ((p.x - rect.left()) / (m.col_w + GAP)).floor();
    if !(0.0..4.0).contains(&k) {
        return None;
    }
    let k = k as usize;
    let cards_top = rect.top()
        + if band.goal.is_some() {
            BAND_HEADER
        } else {
            0.0
        };
    let lane_rect = Rect::from_min_max(
        pos2(rect.left() + k as f32 * (m.col_w + GAP), cards_top),
        pos2(
            rect.left() + k as f32 * (m.col_w + GAP) + m.col_w,
            rect.bottom(),
        ),
    );
    lane_target(app, &band.lanes[k], k, lane_rect, p, dragged, m)
}

/// The place under the pointer in one lane whose cards start at the top of `rect`.
fn lane_target(
    app: &App,
    cards: &[usize],
    k: usize,
    rect: Rect,
    p: Pos2,
    dragged: Id,
    m: &Metrics,
) -> Option<Target> {
    let lane = Lane::ALL[k];
    let cards_top = rect.top();
    let slot = (((p.y - cards_top) / m.slot()).round().max(0.0) as usize).min(cards.len());
    let id_at = |s: usize| app.plan.activities[cards[s]].id;
    // Dropping a card onto its own place: anchor to a neighbour so nothing moves.
    let anchor = if slot < cards.len() && id_at(slot) != dragged {
        Anchor::Before(id_at(slot))
    } else if slot < cards.len() && slot + 1 < cards.len() {
        Anchor::Before(id_at(slot + 1))
    } else if slot > 0 && id_at(slot - 1) != dragged {
        Anchor::After(id_at(slot - 1))
    } else if slot > 1 {
        Anchor::After(id_at(slot - 2))
    } else {
        Anchor::End
    };
    Some(Target {
        lane,
        anchor,
        marker_y: cards_top + slot as f32 * m.slot() - GAP / 2.0,
        marker_x: rect.left(),
        clip: rect,
    })
}

/// While a card is dragged: draw it under the pointer and the insertion marker, scroll near
/// the edges, and drop it when the button is released.
fn follow_pointer(
    ui: &mut Ui,
    app: &App,
    drag: crate::app::Drag,
    target: Option<Target>,
    m: &Metrics,
    out: &mut Vec<Command>,
) {
    let Some(a) = app.activity(drag.id) else {
        out.push(Command::CancelDrag);
        return;
    };
    let (pointer, released) = ui.input(|i| (i.pointer.latest_pos(), !i.pointer.primary_down()));
    if released {
        match target {
            Some(t) => out.push(Command::Move {
                id: a.id,
                lane: t.lane,
                anchor: t.anchor,
            }),
            None => out.push(Command::CancelDrag),
        }
        return;
    }
    let Some(p) = pointer else { return };
    if let Some(t) = target {
        let y = t.marker_y.clamp(t.clip.top(), t.clip.bottom());
        ui.painter().with_clip_rect(t.clip).line_segment(
            [pos2(t.marker_x, y), pos2(t.marker_x + m.col_w, y)],
            Stroke::new(4.0, ui.visuals().selection.bg_fill),
        );
    }
    // The card itself, above everything else, translucent and set off to the lower right of
    // where it was grabbed, so the marker under the pointer stays in sight.
    let rect = Rect::from_min_size(
        p - Vec2::from(drag.grab) + vec2(16.0, 12.0),
        vec2(m.col_w, m.card_h),
    );
    let layer = LayerId::new(Order::Tooltip, ui.scope_id().with("dragged-card"));
    let shadow = ui
        .visuals()
        .popup_shadow
        .as_shape(rect, CornerRadius::same(6));
    ui.ctx().layer_painter(layer).add(shadow);
    let mut floating = ui.new_child(egui::UiBuilder::new().layer_id(layer).max_rect(rect));
    floating.multiply_opacity(0.8);
    paint_card(&floating, app, a, rect, m, true, false);
    ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
}

/// Scrolls the board while a dragged card is held near its top or bottom edge. `ui` must be
/// inside the scroll area.
fn edge_scroll(ui: &Ui, p: Pos2) {
    let view = ui.clip_rect();
    let speed = if p.y < view.top() + EDGE {
        (view.top() + EDGE - p.y).min(EDGE) / 2.0
    } else if p.y > view.bottom() - EDGE {
        -(p.y - (view.bottom() - EDGE)).min(EDGE) / 2.0
    } else {
        return;
    };
    ui.scroll_with_delta(Vec2::new(0.0, speed));
    // Keep scrolling while the pointer rests at the edge.
    ui.ctx().request_repaint();
}

/// Buttons for every move of one card: to each lane, up, down. Shared by the card's menu and
/// the detail panel; returns whether one was pressed.
pub fn move_buttons(ui: &mut Ui, app: &App, a: &Activity, out: &mut Vec<Command>) -> bool {
    let mut pressed = false;
    ui.horizontal_wrapped(|ui| {
        for lane in Lane::ALL {
            // The current lane shows as chosen, not as a disabled button.
            let resp = ui.add(egui::Button::selectable(a.lane == lane, lane_label(lane)));
            resp.widget_info(|| {
                egui::WidgetInfo::selected(Role::Button, true, a.lane == lane, lane_label(lane))
            });
            if resp.clicked() && a.lane != lane {
                out.push(Command::Move {
                    id: a.id,
                    lane,
                    anchor: Anchor::End,
                });
                pressed = true;
            }
        }
    });
    ui.horizontal(|ui| {
        for (step, label) in [
            (Step::Up, tr("detail.move_up")),
            (Step::Down, tr("detail.move_down")),
        ] {
            let cmd = step_move(app, a.id, step);
            if ui
                .add_enabled(cmd.is_some(), egui::Button::new(label))
                .clicked()
                && let Some(cmd) = cmd
            {
                out.push(cmd);
                pressed = true;
            }
        }
    });
    pressed
}

/// A direction for keyboard moves and selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Up,
    Down,
    Left,
    Right,
}

/// Where a card is on the board as shown: band, lane and slot.
fn locate(app: &App, id: Id) -> Option<(usize, usize, usize)> {
    app.board.locate(&app.plan, &app.derived, id)
}

/// The keyboard move (Alt+arrows, and the detail panel's buttons): up or down among the cards
/// shown, or to the lane on the left or right (at its end).
pub fn step_move(app: &App, id: Id, step: Step) -> Option<Command> {
    let a = app.activity(id)?;
    let lane_k = lane_index(a.lane);
    match step {
        Step::Left | Step::Right => {
            let k = if step == Step::Left {
                lane_k.checked_sub(1)?
            } else {
                lane_k + 1
            };
            let lane = *Lane::ALL.get(k)?;
            Some(Command::Move {
                id,
                lane,
                anchor: Anchor::End,
            })
        }
        Step::Up | Step::Down => {
            let (b, k, s) = locate(app, id)?;
            let cards = &app.board.bands[b].lanes[k];
            let other = |s: usize| app.plan.activities[cards[s]].id;
            let anchor = if step == Step::Up {
                Anchor::Before(other(s.checked_sub(1)?))
            } else {
                if s + 1 >= cards.len() {
                    return None;
                }
                Anchor::After(other(s + 1))
            };
            Some(Command::Move {
                id,
                lane: a.lane,
                anchor,
            })
        }
    }
}

/// Arrow keys on the board: select the card above, below, or in the next lane.
pub fn step_selection(app: &App, id: Id, step: Step) -> Option<Command> {
    let (b, k, s) = locate(app, id)?;
    let band = &app.board.bands[b];
    let (k, s) = match step {
        Step::Up => (k, s.checked_sub(1)?),
        Step::Down => (k, s + 1),
        Step::Left => (k.checked_sub(1)?, s),
        Step::Right => (k + 1, s),
    };
    let cards = band.lanes.get(k)?;
    let i = *cards.get(s.min(cards.len().checked_sub(1)?))?;
    Some(Command::Reveal(app.plan.activities[i].id))
}
