//! The toolbar above the main view: which view, undo and redo, and the filters a workshop uses.

use egui::{ComboBox, Key, Modifiers, RichText, Ui};

use crate::app::{App, Command, MainView};
use crate::i18n::{tr, trf};
use crate::messages::labels::status_label;
use crate::model::{Filter, Status};

/// A name for screen readers on a widget whose visible text is its value.
fn name(resp: &egui::Response, label: &str) {
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, label));
}

pub fn show(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    // One row that does not jump: the views on the left, the tools on the right, each group
    // anchored to its own side, so a tab that appears (Review changes) only takes free space.
    ui.horizontal(|ui| {
        let checks = app.derived.checks;
        let checks_label = trf("toolbar.checks_count", &[("n", &checks)]);
        for (view, label, tip) in [
            (MainView::Board, tr("toolbar.board"), tr("help.view_board")),
            (
                MainView::Outline,
                tr("toolbar.outline"),
                tr("help.view_outline"),
            ),
            (
                MainView::Actors,
                tr("toolbar.actors"),
                tr("help.view_actors"),
            ),
            (
                MainView::Workload,
                tr("toolbar.workload"),
                tr("help.view_workload"),
            ),
            (
                MainView::Checks,
                checks_label.as_str(),
                tr("help.view_checks"),
            ),
            (
                MainView::Coverage,
                tr("toolbar.coverage_short"),
                tr("help.view_coverage"),
            ),
            (
                MainView::Versions,
                tr("toolbar.versions"),
                tr("help.view_versions"),
            ),
        ] {
            if ui
                .selectable_label(app.view.main == view, label)
                .on_hover_text(tip)
                .clicked()
            {
                out.push(Command::ShowView(view));
            }
        }
        if app.view.review.is_some()
            && ui
                .selectable_label(app.view.main == MainView::Review, tr("toolbar.review"))
                .clicked()
        {
            out.push(Command::ShowView(MainView::Review));
        }
        // What the tabs leave: the search field gives way first when the window is narrow.
        // The other tools' width is the one measured last frame (it depends on the language).
        let measured = egui::Id::NULL.with("toolbar-other-tools");
        let other = ui
            .data(|d| d.get_temp::<f32>(measured))
            .unwrap_or(OTHER_TOOLS);
        let search = (ui.available_width() - other - 8.0).clamp(90.0, 200.0);
        let used = ui
            .with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                tools(ui, app, search, out)
            })
            .response
            .rect
            .width();
        let other_now = (used - search).max(0.0);
        if (other_now - other).abs() > 0.5 {
            ui.data_mut(|d| d.insert_temp(measured, other_now));
            ui.ctx()
                .request_discard("the toolbar's tools changed width");
        }
    });
}

/// About how wide the right-hand tools are without the search field, in points.
const OTHER_TOOLS: f32 = 480.0;

/// The right-hand group, laid out from the right edge: filters, goal, search, undo and redo,
/// presenter mode.
fn tools(ui: &mut Ui, app: &App, search: f32, out: &mut Vec<Command>) {
    let f = &app.view.filter;
    filters_menu(ui, app, out);

    goal_filter(ui, app, "filter-goal", true, out);

    let mut text = f.text.clone();
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .hint_text(tr("toolbar.search_hint"))
                .desired_width(search),
        )
        .on_hover_text(tr("toolbar.search_tip"));
    if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::F)) {
        field.request_focus();
    }
    if field.changed() {
        out.push(Command::SetFilter(Filter { text, ..f.clone() }));
    }
    ui.separator();
    let redo = ui
        .add_enabled(
            !app.history.redo.is_empty(),
            egui::Button::new(tr("toolbar.redo")),
        )
        .on_hover_text(tr("toolbar.redo_tip"));
    if redo.clicked() {
        out.push(Command::Redo);
    }
    let undo = ui
        .add_enabled(
            !app.history.undo.is_empty(),
            egui::Button::new(tr("toolbar.undo")),
        )
        .on_hover_text(tr("toolbar.undo_tip"));
    if undo.clicked() {
        out.push(Command::Undo);
    }
    ui.separator();
    if app.view.main == MainView::Board {
        let add = crate::ui::shell::add_activity_edit(app);
        if ui
            .add_enabled(add.is_some(), egui::Button::new(tr("outline.add_activity")))
            .on_hover_text(tr("board.add_activity_tip"))
            .on_disabled_hover_text(tr("outline.add_activity_disabled"))
            .clicked()
            && let Some(edit) = add
        {
            out.push(Command::Edit(edit));
        }
    }
    if ui
        .selectable_label(app.view.presenter, tr("toolbar.presenter"))
        .on_hover_text(tr("toolbar.presenter_tip"))
        .clicked()
    {
        out.push(Command::Presenter(!app.view.presenter));
    }
}

/// The goal filter as a drop-down: the toolbar's (with "All goals") and presenter mode's.
pub fn goal_filter(ui: &mut Ui, app: &App, salt: &str, all: bool, out: &mut Vec<Command>) {
    let f = &app.view.filter;
    let plan = &app.plan;
    let text = f.goal.and_then(|id| plan.goal(id)).map_or_else(
        || tr("toolbar.all_goals").to_owned(),
        |g| format!("{} {}", tr("toolbar.goal"), g.code),
    );
    let combo = ComboBox::from_id_salt(salt)
        .selected_text(text)
        .show_ui(ui, |ui| {
            if all
                && ui
                    .selectable_label(f.goal.is_none(), tr("toolbar.all_goals"))
                    .clicked()
            {
                out.push(Command::SetFilter(Filter {
                    goal: None,
                    indicator: None,
                    ..f.clone()
                }));
            }
            for g in &app.derived.outline.goals {
                let Some(goal) = plan.goals.get(g.goal) else {
                    continue;
                };
                if ui
                    .selectable_label(
                        f.goal == Some(goal.id),
                        format!("{} · {}", goal.code, goal.title),
                    )
                    .clicked()
                {
                    out.push(Command::SetFilter(Filter {
                        goal: Some(goal.id),
                        indicator: None,
                        ..f.clone()
                    }));
                }
            }
        });
    name(&combo.response, tr("toolbar.goal_filter"));
}

/// The filters a workshop uses less often, in one menu whose label counts those in use.
fn filters_menu(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    let f = &app.view.filter;
    let plan = &app.plan;
    let active = [
        f.indicator.is_some(),
        f.actor.is_some(),
        f.status.is_some(),
        f.attention_only,
    ]
    .into_iter()
    .filter(|b| *b)
    .count();
    let label = if active > 0 {
        trf("toolbar.more_filters_n", &[("n", &active)])
    } else {
        tr("toolbar.more_filters").to_owned()
    };
    ui.menu_button(label, |ui| {
        let ind_text = f.indicator.and_then(|id| plan.indicator(id)).map_or_else(
            || tr("toolbar.all_indicators").to_owned(),
            |i| format!("{} {}", tr("toolbar.indicator"), i.code),
        );
        ui.menu_button(ind_text, |ui| {
            egui::ScrollArea::vertical()
                .max_height(ui.ctx().content_rect().height() * 0.7)
                .show(ui, |ui| {
                    if ui
                        .selectable_label(f.indicator.is_none(), tr("toolbar.all_indicators"))
                        .clicked()
                    {
                        out.push(Command::SetFilter(Filter {
                            indicator: None,
                            ..f.clone()
                        }));
                    }
                    for g in &app.derived.outline.goals {
                        if f.goal.is_some_and(|id| id != plan.goals[g.goal].id) {
                            continue;
                        }
                        for i in &g.indicators {
                            let ind = &plan.indicators[i.indicator];
                            if ui
                                .selectable_label(
                                    f.indicator == Some(ind.id),
                                    format!("{} · {}", ind.code, ind.title),
                                )
                                .clicked()
                            {
                                out.push(Command::SetFilter(Filter {
                                    indicator: Some(ind.id),
                                    ..f.clone()
                                }));
                            }
                        }
                    }
                });
        });
        let actor_text = f.actor.and_then(|id| plan.actor(id)).map_or_else(
            || tr("toolbar.all_actors").to_owned(),
            |a| a.abbreviation.clone(),
        );
        ui.menu_button(actor_text, |ui| {
            egui::ScrollArea::vertical()
                .max_height(ui.ctx().content_rect().height() * 0.7)
                .show(ui, |ui| {
                    if ui
                        .selectable_label(f.actor.is_none(), tr("toolbar.all_actors"))
                        .clicked()
                    {
                        out.push(Command::SetFilter(Filter {
                            actor: None,
                            ..f.clone()
                        }));
                    }
                    for a in &plan.actors {
                        let label = format!("{} — {}", a.abbreviation, a.full_name);
                        if ui.selectable_label(f.actor == Some(a.id), label).clicked() {
                            out.push(Command::SetFilter(Filter {
                                actor: Some(a.id),
                                ..f.clone()
                            }));
                        }
                    }
                });
        });
        let status_text = f
            .status
            .map_or_else(|| tr("toolbar.all_statuses"), status_label);
        ui.menu_button(status_text, |ui| {
            if ui
                .selectable_label(f.status.is_none(), tr("toolbar.all_statuses"))
                .clicked()
            {
                out.push(Command::SetFilter(Filter {
                    status: None,
                    ..f.clone()
                }));
            }
            for s in Status::ALL {
                if ui
                    .selectable_label(f.status == Some(s), status_label(s))
                    .clicked()
                {
                    out.push(Command::SetFilter(Filter {
                        status: Some(s),
                        ..f.clone()
                    }));
                }
            }
        });
        let mut attention = f.attention_only;
        if ui
            .checkbox(&mut attention, tr("toolbar.attention_only"))
            .changed()
        {
            out.push(Command::SetFilter(Filter {
                attention_only: attention,
                ..f.clone()
            }));
        }
        if app.view.main == MainView::Board {
            ui.separator();
            let mut grouped = app.view.grouped;
            if ui
                .checkbox(&mut grouped, tr("toolbar.group_by_goal"))
                .changed()
            {
                out.push(Command::GroupByGoal(grouped));
            }
        }
        ui.separator();
        if ui
            .add_enabled(
                f.is_active(),
                egui::Button::new(RichText::new(tr("toolbar.clear_filters"))),
            )
            .clicked()
        {
            out.push(Command::SetFilter(Filter::default()));
        }
    });
}
