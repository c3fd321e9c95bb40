//! What changed between two plans, as a plain list: to read when comparing versions, and to
//! choose from when a plan file or a spreadsheet comes back. Text changes show the words that
//! changed; where both sides changed the same thing, base, mine and theirs stand side by side.

use egui::text::LayoutJob;
use egui::{Color32, ComboBox, FontId, Frame, RichText, ScrollArea, TextFormat, Ui};

use crate::app::{App, Command, ReviewEdit, ReviewKind, value_text};
use crate::i18n::{tr, trf};
use crate::messages::labels::{entity_label, field_label, lane_chip, status_label};
use crate::model::CommentKind;
use crate::planfile::{
    Change, ChangeKind, Choice, Conflict, ConflictKind, EntityKind, Tag, Value, word_diff,
};
use crate::ui::{theme, widgets};

const KINDS: [ChangeKind; 13] = [
    ChangeKind::Added,
    ChangeKind::Removed,
    ChangeKind::MovedLane,
    ChangeKind::Reordered,
    ChangeKind::Reparented,
    ChangeKind::CodeChanged,
    ChangeKind::LeadsChanged,
    ChangeKind::CoLeadsChanged,
    ChangeKind::StatusChanged,
    ChangeKind::TextChanged,
    ChangeKind::NotesChanged,
    ChangeKind::InferredConfirmed,
    ChangeKind::Edited,
];

pub fn kind_label(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Added => tr("change.added"),
        ChangeKind::Removed => tr("change.removed"),
        ChangeKind::MovedLane => tr("change.moved_lane"),
        ChangeKind::Reordered => tr("change.reordered"),
        ChangeKind::Reparented => tr("change.reparented"),
        ChangeKind::CodeChanged => tr("change.code"),
        ChangeKind::LeadsChanged => tr("change.leads"),
        ChangeKind::CoLeadsChanged => tr("change.co_leads"),
        ChangeKind::StatusChanged => tr("change.status"),
        ChangeKind::TextChanged => tr("change.text"),
        ChangeKind::NotesChanged => tr("change.notes"),
        ChangeKind::InferredConfirmed => tr("change.confirmed"),
        ChangeKind::Edited => tr("change.edited"),
    }
}

/// The heading of a group of changes: the kind of record, plural.
fn group_label(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Plan => tr("review.group_plan"),
        EntityKind::Goal => tr("review.group_goal"),
        EntityKind::Indicator => tr("review.group_indicator"),
        EntityKind::SubIndicator => tr("review.group_sub_indicator"),
        EntityKind::Actor => tr("review.group_actor"),
        EntityKind::Activity => tr("review.group_activity"),
        EntityKind::Comment => tr("review.group_comment"),
        EntityKind::Link => tr("review.group_link"),
    }
}

/// A value in the interface's language where it has one (lanes, statuses, kinds).
fn value_label(v: &Option<Value>, shown: &str) -> String {
    match v {
        Some(Value::Place(lane, _)) => lane_chip(*lane).to_owned(),
        Some(Value::Status(s)) => status_label(*s).to_owned(),
        Some(Value::Kind(k)) => crate::messages::labels::kind_label(*k).to_owned(),
        Some(Value::Ids(ids)) if ids.is_empty() => tr("detail.none").to_owned(),
        _ => shown.to_owned(),
    }
}

fn who(entity: EntityKind, label: &str) -> String {
    match entity {
        EntityKind::Activity => label.to_owned(),
        EntityKind::Plan => tr("entity.the_plan").to_owned(),
        k => format!("{} {label}", entity_label(k)),
    }
}

/// A change as a sentence in the interface's language, e.g. "4.5.1.2 moved from Short term
/// to Medium term".
pub fn sentence(c: &Change) -> String {
    let who = who(c.entity, &c.label);
    let (old, new) = (
        value_label(&c.old, &c.old_text),
        value_label(&c.new, &c.new_text),
    );
    let field = field_label(c.field);
    if c.is_cleared() {
        return trf(
            "sentence.cleared",
            &[("field", &field), ("who", &who), ("from", &old)],
        );
    }
    let text = c.detail.as_str();
    let decision = matches!(
        (&c.old, &c.new),
        (Some(Value::Remark(CommentKind::Decision)), _)
            | (_, Some(Value::Remark(CommentKind::Decision)))
    );
    let added = c.kind == ChangeKind::Added;
    let key = match (c.entity, c.kind) {
        (EntityKind::Comment, ChangeKind::Added | ChangeKind::Removed) => {
            Some(match (decision, added) {
                (true, true) => "sentence.decision_added",
                (true, false) => "sentence.decision_removed",
                (false, true) => "sentence.comment_added",
                (false, false) => "sentence.comment_removed",
            })
        }
        (EntityKind::Link, ChangeKind::Added) => Some("sentence.link_added"),
        (EntityKind::Link, ChangeKind::Removed) => Some("sentence.link_removed"),
        (_, ChangeKind::Added) if !text.is_empty() => Some("sentence.added_text"),
        (_, ChangeKind::Removed) if !text.is_empty() => Some("sentence.removed_text"),
        _ => None,
    };
    if let Some(key) = key {
        // Comments and links are named by their activity's code alone; a link's entry by the
        // reference's own code, e.g. "GCM 6(a)".
        let text = if c.entity == EntityKind::Link {
            crate::reference::Reference::builtin().code(text)
        } else {
            text.to_owned()
        };
        return trf(key, &[("who", &c.label), ("text", &text)]);
    }
    match c.kind {
        ChangeKind::Added => trf("sentence.added", &[("who", &who)]),
        ChangeKind::Removed => trf("sentence.removed", &[("who", &who)]),
        ChangeKind::MovedLane => trf(
            "sentence.moved_lane",
            &[("who", &who), ("from", &old), ("to", &new)],
        ),
        ChangeKind::Reordered if c.old_text.is_empty() => {
            trf("sentence.moved_within", &[("who", &who), ("lane", &new)])
        }
        ChangeKind::Reordered => trf(
            "sentence.reordered",
            &[("who", &who), ("from", &c.old_text), ("to", &c.new_text)],
        ),
        ChangeKind::Reparented => trf(
            "sentence.reparented",
            &[("who", &who), ("from", &old), ("to", &new)],
        ),
        ChangeKind::CodeChanged => trf("sentence.renumbered", &[("from", &old), ("to", &new)]),
        ChangeKind::InferredConfirmed => {
            trf("sentence.confirmed", &[("field", &field), ("who", &who)])
        }
        _ if matches!(c.new, Some(Value::Text(_))) => {
            trf("sentence.edited", &[("field", &field), ("who", &who)])
        }
        _ => trf(
            "sentence.changed",
            &[
                ("field", &field),
                ("who", &who),
                ("from", &old),
                ("to", &new),
            ],
        ),
    }
}

/// A conflict as a sentence in the interface's language.
pub fn conflict_sentence(c: &Conflict) -> String {
    let who = who(c.entity, &c.label);
    match c.kind {
        ConflictKind::BothEdited => trf(
            "conflict.both",
            &[("field", &field_label(c.field)), ("who", &who)],
        ),
        ConflictKind::DeletedByTheirs => trf("conflict.deleted_theirs", &[("who", &who)]),
        ConflictKind::DeletedByOurs => trf("conflict.deleted_ours", &[("who", &who)]),
    }
}

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let Some(review) = &app.view.review else {
        ui.label(tr("review.none"));
        return;
    };
    // The view reads the review and sends each choice as a command: copying a review (it
    // may hold a whole plan) every frame would cost more than drawing it.
    let r = review;
    let mut edit = |e: ReviewEdit| out.push(Command::ReviewEdit(e));

    ui.heading(&r.title);
    let intro = match r.kind {
        ReviewKind::Compare => tr("review.intro_compare"),
        ReviewKind::Merge { .. } => tr("review.intro_merge"),
        ReviewKind::Accept { .. } => tr("review.intro_accept"),
    };
    ui.label(RichText::new(intro).color(widgets::muted(ui)));
    ui.add_space(6.0);

    // Filters: by goal and by kind of change.
    ui.horizontal_wrapped(|ui| {
        let goal_text = r.goal_filter.and_then(|g| app.plan.goal(g)).map_or_else(
            || tr("toolbar.all_goals").to_owned(),
            |g| format!("{} {}", tr("toolbar.goal"), g.code),
        );
        let combo = ComboBox::from_id_salt("review-goal")
            .selected_text(goal_text)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(r.goal_filter.is_none(), tr("toolbar.all_goals"))
                    .clicked()
                {
                    edit(ReviewEdit::GoalFilter(None));
                }
                for g in &app.plan.goals {
                    let label = format!("{} {} · {}", tr("toolbar.goal"), g.code, g.title);
                    if ui
                        .selectable_label(r.goal_filter == Some(g.id), label)
                        .clicked()
                    {
                        edit(ReviewEdit::GoalFilter(Some(g.id)));
                    }
                }
            });
        combo.response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::ComboBox, true, tr("toolbar.goal_filter"))
        });
        let kind_text = r.kind_filter.map_or(tr("review.all_kinds"), kind_label);
        let combo = ComboBox::from_id_salt("review-kind")
            .selected_text(kind_text)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(r.kind_filter.is_none(), tr("review.all_kinds"))
                    .clicked()
                {
                    edit(ReviewEdit::KindFilter(None));
                }
                for k in KINDS {
                    if r.changes.iter().any(|c| c.kind == k)
                        && ui
                            .selectable_label(r.kind_filter == Some(k), kind_label(k))
                            .clicked()
                    {
                        edit(ReviewEdit::KindFilter(Some(k)));
                    }
                }
            });
        combo.response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::ComboBox, true, tr("review.kind_filter"))
        });
        if r.can_apply() {
            ui.separator();
            if ui.button(tr("review.accept_all")).clicked() {
                edit(ReviewEdit::AcceptAll(true));
            }
            if ui.button(tr("review.reject_all")).clicked() {
                edit(ReviewEdit::AcceptAll(false));
            }
        }
    });
    ui.add_space(4.0);

    // Buttons first, so they stay in view whatever the length of the list.
    ui.horizontal(|ui| {
        if r.can_apply() {
            let n = r.accepted.iter().filter(|a| **a).count() + r.conflicts.len();
            if ui
                .button(RichText::new(trf("review.apply", &[("n", &n)])).family(theme::bold()))
                .on_hover_text(tr("review.apply_tip"))
                .clicked()
            {
                edit(ReviewEdit::Apply);
            }
        }
        if ui.button(tr("review.close")).clicked() {
            edit(ReviewEdit::Close);
        }
    });
    ui.separator();

    let visible = |c_goal: Option<crate::model::Id>, kind: Option<ChangeKind>| {
        r.goal_filter.is_none_or(|g| c_goal == Some(g))
            && match (r.kind_filter, kind) {
                (None, _) => true,
                (Some(k), Some(x)) => k == x,
                (Some(_), None) => false,
            }
    };
    let shown: Vec<usize> = (0..r.changes.len())
        .filter(|&i| visible(r.changes[i].goal_id, Some(r.changes[i].kind)))
        .collect();
    let conflicts: Vec<usize> = (0..r.conflicts.len())
        .filter(|&i| visible(r.conflicts[i].goal_id, None) || r.kind_filter.is_none())
        .collect();

    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if !r.problems.is_empty() {
                Frame::group(ui.style()).show(ui, |ui| {
                    ui.label(
                        RichText::new(trf("review.problems", &[("n", &r.problems.len())]))
                            .color(theme::ATTENTION)
                            .family(theme::bold()),
                    );
                    for p in &r.problems {
                        ui.label(p);
                    }
                });
                ui.add_space(8.0);
            }
            if !conflicts.is_empty() {
                ui.label(
                    RichText::new(trf("review.conflicts", &[("n", &r.conflicts.len())]))
                        .family(theme::bold())
                        .size(18.0)
                        .color(theme::ATTENTION),
                );
                for i in conflicts {
                    let mut choice = r.choices[i].clone();
                    if conflict_row(ui, &r.conflicts[i], &mut choice) {
                        edit(ReviewEdit::Choose(i, choice));
                    }
                    ui.add_space(6.0);
                }
                ui.add_space(8.0);
            }
            ui.label(
                RichText::new(trf(
                    "review.changes",
                    &[("n", &shown.len()), ("total", &r.changes.len())],
                ))
                .family(theme::bold())
                .size(18.0),
            );
            if r.changes.is_empty() {
                ui.label(tr("review.no_changes"));
            }
            let choosing = r.can_apply();
            let mut group = None;
            for i in shown {
                let kind = r.changes[i].entity;
                if group != Some(kind) {
                    group = Some(kind);
                    ui.add_space(6.0);
                    ui.horizontal_wrapped(|ui| {
                        let n = r.changes.iter().filter(|c| c.entity == kind).count();
                        ui.label(
                            RichText::new(format!(
                                "{} ({})",
                                group_label(kind),
                                crate::i18n::num(n)
                            ))
                            .family(theme::bold()),
                        );
                        if choosing {
                            if ui.small_button(tr("review.take_group")).clicked() {
                                edit(ReviewEdit::AcceptGroup(kind, true));
                            }
                            if ui.small_button(tr("review.leave_group")).clicked() {
                                edit(ReviewEdit::AcceptGroup(kind, false));
                            }
                        }
                    });
                }
                ui.horizontal_wrapped(|ui| {
                    if choosing {
                        let mut on = r.accepted[i];
                        let resp = ui.checkbox(&mut on, "");
                        let sentence = sentence(&r.changes[i]);
                        resp.widget_info(|| {
                            egui::WidgetInfo::selected(
                                egui::Role::CheckBox,
                                true,
                                on,
                                trf("review.take", &[("change", &sentence)]),
                            )
                        });
                        if resp.changed() {
                            edit(ReviewEdit::Accept(i, on));
                        }
                    }
                    change_row(ui, &r.changes[i]);
                });
                ui.add_space(2.0);
            }
        });
}

fn change_row(ui: &mut Ui, c: &Change) {
    ui.vertical(|ui| {
        ui.label(sentence(c));
        if let (Some(Value::Text(old)), Some(Value::Text(new))) = (&c.old, &c.new) {
            words(ui, old, new);
        }
    });
}

/// The text with its changed words marked: removed ones struck through, added ones underlined.
pub fn words(ui: &mut Ui, old: &str, new: &str) {
    let size = ui.style().text_styles[&egui::TextStyle::Body].size;
    let normal = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    for (tag, part) in word_diff(old, new) {
        let format = match tag {
            Tag::Equal => TextFormat::simple(FontId::proportional(size), normal),
            Tag::Delete => TextFormat {
                font_id: FontId::proportional(size),
                color: Color32::from_rgb(0xe0, 0x6c, 0x6c),
                strikethrough: egui::Stroke::new(1.5, Color32::from_rgb(0xe0, 0x6c, 0x6c)),
                background: Color32::from_rgba_unmultiplied(0xe0, 0x6c, 0x6c, 40),
                ..Default::default()
            },
            Tag::Insert => TextFormat {
                font_id: FontId::proportional(size),
                color: Color32::from_rgb(0x5c, 0xc0, 0x7a),
                underline: egui::Stroke::new(1.5, Color32::from_rgb(0x5c, 0xc0, 0x7a)),
                background: Color32::from_rgba_unmultiplied(0x5c, 0xc0, 0x7a, 40),
                ..Default::default()
            },
        };
        job.append(part, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    Frame::new()
        .inner_margin(egui::Margin::symmetric(8, 4))
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(4)
        .show(ui, |ui| ui.label(job));
}

/// Base, mine and theirs side by side, and the choice; returns whether the choice changed.
fn conflict_row(ui: &mut Ui, c: &Conflict, choice: &mut Choice) -> bool {
    let mut changed = false;
    Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(conflict_sentence(c)).family(theme::bold()));
        // Three equal columns, so long texts wrap side by side.
        ui.columns(3, |cols| {
            let sides = [
                (tr("review.base"), &c.base_text),
                (tr("review.mine"), &c.ours_text),
                (tr("review.theirs"), &c.theirs_text),
            ];
            for (col, (head, text)) in cols.iter_mut().zip(sides) {
                col.label(RichText::new(head).color(widgets::muted(col)));
                col.add(egui::Label::new(text.as_str()).wrap());
            }
        });
        ui.horizontal_wrapped(|ui| {
            let mine = ui.radio(*choice == Choice::Ours, tr("review.keep_mine"));
            if mine.clicked() {
                *choice = Choice::Ours;
                changed = true;
            }
            let theirs = ui.radio(*choice == Choice::Theirs, tr("review.take_theirs"));
            if theirs.clicked() {
                *choice = Choice::Theirs;
                changed = true;
            }
            // Text can be written anew, from either side.
            if matches!(c.ours, Some(Value::Text(_))) {
                let editing = matches!(choice, Choice::Edited(_));
                if ui.radio(editing, tr("review.edit")).clicked() && !editing {
                    *choice = Choice::Edited(Value::Text(value_text(&c.ours)));
                    changed = true;
                }
            }
        });
        if let Choice::Edited(Value::Text(text)) = choice {
            let mut t = text.clone();
            let resp = ui.add(
                egui::TextEdit::multiline(&mut t)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            );
            widgets::note_focus(ui, &resp);
            if resp.changed() {
                *choice = Choice::Edited(Value::Text(t));
                changed = true;
            }
        }
    });
    changed
}

/// One step of the change log as a line: when, then its first changes in the interface's
/// language (a step of hundreds, an import, shows its first few and how many more).
pub fn log_line(step: &crate::store::Change, plan: &crate::model::Plan, when: &str) -> String {
    const SHOWN: usize = 3;
    // Digits as the interface's language writes them.
    let at = crate::i18n::num(step.at.with_timezone(&chrono::Local).format(when));
    let mut parts: Vec<String> = step
        .ops
        .iter()
        .take(SHOWN)
        .map(|op| sentence(&crate::planfile::diff::change_of(op, plan)))
        .collect();
    if step.ops.is_empty() {
        // Logged before the log kept operations: what the app said then.
        parts.push(step.summary.clone());
    } else if step.ops.len() > SHOWN {
        parts.push(trf(
            "session.step_more",
            &[("n", &(step.ops.len() - SHOWN))],
        ));
    }
    format!("{at} · {}", parts.join("; "))
}
