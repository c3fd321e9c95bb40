//! The window's frame: menu, toolbar, status bar, where each view sits, and the shortcuts.

use egui::{CentralPanel, Key, KeyboardShortcut, MenuBar, Modifiers, Panel, RichText, Ui};

use crate::app::{App, Command, Dialog, Edit, MainView, OpenForm};
use crate::export::Format;
use crate::i18n::Language;
use crate::i18n::{tr, trf};
use crate::model::Filter;
use crate::ui::{
    actors, board, branch, checks, detail, files, outline, review, sessions, theme, toolbar,
    versions, widgets, workload,
};

/// Requests that last one frame.
#[derive(Clone, Copy, Default)]
pub struct Once {
    /// Expand (or collapse) the whole outline.
    pub expand_all: Option<bool>,
    /// Scroll this card into view on the board.
    pub reveal: Option<crate::model::Id>,
}

pub fn show(ui: &mut Ui, app: &App, once: Once) -> Vec<Command> {
    let mut out = Vec::new();
    shortcuts(ui, app, &mut out);

    if app.view.presenter {
        Panel::top("presenter").show(ui, |ui| presenter_bar(ui, app, &mut out));
    }
    Panel::top("menu").show(ui, |ui| {
        MenuBar::new().ui(ui, |ui| {
            ui.menu_button(tr("menu.file"), |ui| {
                if ui.button(tr("menu.save_version")).clicked() {
                    out.push(Command::OpenSaveForm);
                }
                if ui.button(tr("menu.open")).clicked() {
                    out.push(Command::SetDialog(Some(Dialog::Open(OpenForm::default()))));
                }
                if ui.button(tr("menu.versions")).clicked() {
                    out.push(Command::ShowView(MainView::Versions));
                }
                if let Some(prev) = &app.view.previous_db {
                    let name = prev
                        .file_stem()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if ui
                        .button(trf("menu.back_to", &[("name", &name)]))
                        .on_hover_text(prev.display().to_string())
                        .clicked()
                    {
                        out.push(Command::BackToPrevious);
                    }
                }
                ui.separator();
                for (format, label) in [
                    (Format::Xlsx, tr("menu.export_xlsx")),
                    (Format::Csv, tr("menu.export_csv")),
                    (Format::Html, tr("menu.export_html")),
                ] {
                    if ui.button(label).clicked() {
                        out.push(Command::OpenExportForm(format));
                    }
                }
                if !app.view.last_db.is_empty() {
                    ui.separator();
                    ui.label(
                        RichText::new(trf("menu.last_db", &[("path", &app.view.last_db)]))
                            .small()
                            .color(widgets::muted(ui)),
                    );
                }
                ui.separator();
                if ui.button(tr("menu.quit")).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(tr("menu.edit"), |ui| {
                if ui
                    .add_enabled(
                        !app.history.undo.is_empty(),
                        egui::Button::new(tr("menu.undo")),
                    )
                    .clicked()
                {
                    out.push(Command::Undo);
                }
                if ui
                    .add_enabled(
                        !app.history.redo.is_empty(),
                        egui::Button::new(tr("menu.redo")),
                    )
                    .clicked()
                {
                    out.push(Command::Redo);
                }
                ui.separator();
                let activity = app.view.selected.filter(|id| app.activity(*id).is_some());
                if ui
                    .add_enabled(activity.is_some(), egui::Button::new(tr("menu.duplicate")))
                    .clicked()
                    && let Some(id) = activity
                {
                    out.push(Command::Edit(Edit::Duplicate(id)));
                }
                if ui
                    .add_enabled(
                        app.view.selected.is_some(),
                        egui::Button::new(tr("menu.delete")),
                    )
                    .clicked()
                    && let Some(id) = app.view.selected
                {
                    out.push(Command::Edit(Edit::Delete(id)));
                }
                ui.separator();
                if ui.button(tr("outline.add_goal")).clicked() {
                    out.push(Command::Edit(Edit::AddGoal));
                }
                if ui.button(tr("menu.renumber_all")).clicked() {
                    out.push(Command::PreviewRenumber(Some(app.plan.id)));
                }
            });
            ui.menu_button(tr("menu.view"), |ui| {
                if ui.button(tr("toolbar.board")).clicked() {
                    out.push(Command::ShowView(MainView::Board));
                }
                if ui.button(tr("toolbar.outline")).clicked() {
                    out.push(Command::ShowView(MainView::Outline));
                }
                if ui.button(tr("toolbar.actors")).clicked() {
                    out.push(Command::ShowView(MainView::Actors));
                }
                if ui.button(tr("toolbar.workload")).clicked() {
                    out.push(Command::ShowView(MainView::Workload));
                }
                if ui.button(tr("toolbar.checks")).clicked() {
                    out.push(Command::ShowView(MainView::Checks));
                }
                if ui.button(tr("toolbar.versions")).clicked() {
                    out.push(Command::ShowView(MainView::Versions));
                }
                ui.separator();
                if ui.button(tr("outline.expand_all")).clicked() {
                    out.push(Command::ExpandAll(true));
                }
                if ui.button(tr("outline.collapse_all")).clicked() {
                    out.push(Command::ExpandAll(false));
                }
                ui.separator();
                let ctx = ui.ctx().clone();
                if ui.button(tr("menu.zoom_in")).clicked() {
                    egui::gui_zoom::zoom_in(&ctx);
                }
                if ui.button(tr("menu.zoom_out")).clicked() {
                    egui::gui_zoom::zoom_out(&ctx);
                }
                if ui.button(tr("menu.zoom_reset")).clicked() {
                    ctx.set_zoom_factor(1.0);
                }
                ui.separator();
                if ui
                    .selectable_label(app.view.presenter, tr("menu.presenter"))
                    .clicked()
                {
                    out.push(Command::Presenter(!app.view.presenter));
                }
                ui.separator();
                ui.label(RichText::new(tr("menu.language")).color(widgets::muted(ui)));
                for lang in Language::ALL {
                    if ui
                        .radio(app.view.language == lang, lang.native_name())
                        .clicked()
                    {
                        out.push(Command::SetLanguage(lang));
                    }
                }
            });
            ui.menu_button(tr("menu.workshop"), |ui| {
                if ui
                    .add_enabled(
                        app.view.session.is_none(),
                        egui::Button::new(tr("menu.start_session")),
                    )
                    .clicked()
                {
                    out.push(Command::OpenSessionForm);
                }
                if ui
                    .add_enabled(
                        app.view.session.is_some(),
                        egui::Button::new(tr("menu.end_session")),
                    )
                    .clicked()
                {
                    out.push(Command::EndSession);
                }
                if ui.button(tr("menu.sessions")).clicked() {
                    out.push(Command::ShowView(MainView::Sessions));
                }
            });
            ui.separator();
            ui.label(RichText::new(&app.plan.name).strong());
        });
    });

    Panel::top("toolbar").show(ui, |ui| {
        ui.add_space(4.0);
        toolbar::show(ui, app, &mut out);
        ui.add_space(2.0);
        sessions::banner(ui, app, &mut out);
    });

    Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            if let Some(m) = &app.view.message {
                let color = if m.error {
                    theme::ATTENTION
                } else {
                    ui.visuals().text_color()
                };
                // A long message keeps the line: cut to the width, whole on hover.
                ui.set_max_width(ui.available_width());
                let room = (ui.available_width() * 0.6).max(200.0);
                ui.scope(|ui| {
                    ui.set_max_width(room);
                    ui.add(egui::Label::new(RichText::new(&m.text).color(color)).truncate())
                        .on_hover_text(&m.text);
                });
                ui.separator();
            }
            if app.store.is_read_only() {
                ui.label(
                    RichText::new(trf(
                        "status.read_only",
                        &[("path", &app.store.path().display())],
                    ))
                    .color(theme::ATTENTION),
                );
            } else {
                ui.label(trf(
                    "status.saved_in",
                    &[("path", &app.store.path().display())],
                ));
            }
            ui.separator();
            ui.label(trf(
                "status.activities",
                &[("n", &app.plan.activities.len())],
            ));
            ui.separator();
            ui.label(
                RichText::new(trf("status.actors", &[("n", &app.plan.actors.len())]))
                    .color(widgets::muted(ui)),
            );
        });
    });

    // Presenter mode gives the room the whole width.
    if !app.view.presenter {
        Panel::right("detail")
            .default_size(460.0)
            .min_size(300.0)
            .show(ui, |ui| {
                // Keep the chosen width even when the content is narrow (nothing selected).
                ui.set_min_width(ui.available_width());
                if app.view.main == MainView::Actors {
                    actors::panel(ui, app, &mut out)
                } else {
                    detail::show(ui, app, &mut out)
                }
            });
    }

    CentralPanel::default().show(ui, |ui| match app.view.main {
        MainView::Outline => outline::show(ui, app, once.expand_all, &mut out),
        MainView::Board => board::show(ui, app, once.reveal, &mut out),
        MainView::Actors => actors::show(ui, app, &mut out),
        MainView::Workload => workload::show(ui, app, &mut out),
        MainView::Checks => checks::show(ui, app, &mut out),
        MainView::Versions => versions::show(ui, app, &mut out),
        MainView::Review => review::show(ui, app, &mut out),
        MainView::Snapshot => versions::snapshot(ui, app, &mut out),
        MainView::Sessions => sessions::show(ui, app, &mut out),
    });
    files::show(ui, app, &mut out);
    sessions::form(ui, app, &mut out);
    if let Some(id) = app.view.renumber {
        branch::renumber_preview(ui, app, id, &mut out);
    }
    out
}

fn shortcuts(ui: &Ui, app: &App, out: &mut Vec<Command>) {
    let ctx = ui.ctx();
    // Esc ends a drag first; otherwise it clears the selection. A text field being edited
    // gets it first, to leave the field without saving.
    let in_text = ctx.text_edit_focused() || widgets::text_field_was_focused(ctx);
    // F11 enters and leaves presenter mode from anywhere.
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F11)) {
        out.push(Command::Presenter(!app.view.presenter));
    }
    if !in_text && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        if app.view.renumber.is_some() {
            out.push(Command::PreviewRenumber(None));
        } else if app.view.drag.is_some() {
            out.push(Command::CancelDrag);
        } else if app.view.presenter && app.view.dialog.is_none() {
            out.push(Command::Presenter(false));
        } else if app.view.selected.is_some() {
            out.push(Command::Select(None));
        }
    }
    // Files work from anywhere, a text field included.
    if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::S))) {
        out.push(Command::OpenSaveForm);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::O))) {
        out.push(Command::SetDialog(Some(Dialog::Open(OpenForm::default()))));
    }
    // A plan file or a spreadsheet dropped on the window opens for review.
    let dropped: Vec<std::path::PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .collect()
    });
    if let Some(path) = dropped.into_iter().next() {
        out.push(Command::OpenFile(path));
    }
    // A text field keeps its own undo and arrow keys.
    if ctx.text_edit_focused() {
        return;
    }
    let redo = [
        KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z),
        KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
    ];
    if redo
        .iter()
        .any(|s| ctx.input_mut(|i| i.consume_shortcut(s)))
    {
        out.push(Command::Redo);
    } else if ctx
        .input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)))
    {
        out.push(Command::Undo);
    }
    let Some(id) = app.view.selected else { return };
    // Deleting needs no "are you sure?": Ctrl+Z brings it back.
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Delete)) {
        out.push(Command::Edit(Edit::Delete(id)));
        return;
    }
    if app.activity(id).is_some()
        && ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::D)))
    {
        out.push(Command::Edit(Edit::Duplicate(id)));
        return;
    }
    for (key, step) in [
        (Key::ArrowUp, board::Step::Up),
        (Key::ArrowDown, board::Step::Down),
        (Key::ArrowLeft, board::Step::Left),
        (Key::ArrowRight, board::Step::Right),
    ] {
        if ctx.input_mut(|i| i.consume_key(Modifiers::ALT, key)) {
            out.extend(board::step_move(app, id, step));
        } else if app.view.main == MainView::Board
            && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key))
        {
            out.extend(board::step_selection(app, id, step));
        }
    }
}

/// The bar above everything in presenter mode: the goal on screen, and the way out.
fn presenter_bar(ui: &mut Ui, app: &App, out: &mut Vec<Command>) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr("presenter.heading")).family(theme::bold()));
        ui.separator();
        let mut only = app.view.presenter_goal_only;
        if ui.checkbox(&mut only, tr("presenter.goal_only")).changed() {
            out.push(Command::PresenterGoalOnly(only));
        }
        if app.view.presenter_goal_only {
            let f = &app.view.filter;
            let current = f.goal.and_then(|id| app.plan.goal(id));
            let text = current.map_or_else(
                || tr("toolbar.all_goals").to_owned(),
                |g| format!("{} {}", tr("toolbar.goal"), g.code),
            );
            let combo = egui::ComboBox::from_id_salt("presenter-goal")
                .selected_text(text)
                .show_ui(ui, |ui| {
                    for g in &app.derived.outline.goals {
                        let Some(goal) = app.plan.goals.get(g.goal) else {
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
            combo.response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::ComboBox, true, tr("toolbar.goal_filter"))
            });
            if let Some(g) = current {
                ui.label(RichText::new(&g.title).family(theme::bold()));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr("presenter.leave")).clicked() {
                out.push(Command::Presenter(false));
            }
        });
    });
    ui.add_space(4.0);
}
