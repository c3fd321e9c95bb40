//! Starting the window: the plan's app, or a window that explains why the plan cannot open.

use std::path::PathBuf;

use crate::app::App;
use crate::i18n::tr;
use crate::store::Store;

pub fn run(db: Option<PathBuf>) -> Result<(), String> {
    let path = match db {
        Some(p) => p,
        None => crate::cli::default_db()?,
    };
    let opened = Store::open(&path)
        .map_err(|e| e.to_string())
        .and_then(|store| App::new(store).map_err(|e| e.to_string()));
    let title = match &opened {
        Ok(app) => app.plan.name.clone(),
        Err(_) => "Framework Planner".to_owned(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_app_id("framework-planner")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    let result = match opened {
        Ok(app) => eframe::run_native(
            "framework-planner",
            options,
            Box::new(|cc| {
                let mut app = app;
                load_settings(cc, &mut app);
                Ok(Box::new(app))
            }),
        ),
        Err(msg) => {
            // Say it on the terminal too, for people who started the app from one.
            eprintln!("framework-planner: {msg}");
            eframe::run_native(
                "framework-planner",
                options,
                Box::new(|cc| {
                    crate::ui::theme::install(&cc.egui_ctx);
                    Ok(Box::new(ErrorApp { message: msg }))
                }),
            )
        }
    };
    result.map_err(|e| format!("Could not open a window: {e}. Is a display available?"))
}

/// Shown instead of the plan when the database cannot be opened.
struct ErrorApp {
    message: String,
}

impl eframe::App for ErrorApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(40.0);
            ui.vertical_centered(|ui| {
                ui.heading(tr("error.title"));
                ui.add_space(12.0);
                ui.set_max_width(700.0);
                ui.label(&self.message);
                ui.add_space(20.0);
                if ui.button(tr("error.quit")).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
        });
    }
}

/// Settings kept between runs, per user (not per plan): zoom, the main view, grouping.
pub fn save_settings(storage: &mut dyn eframe::Storage, app: &App) {
    eframe::set_value(storage, "zoom", &app.view.zoom);
    eframe::set_value(
        storage,
        "board",
        &(app.view.main == crate::app::MainView::Board),
    );
    eframe::set_value(storage, "grouped", &app.view.grouped);
    eframe::set_value(storage, "author", &app.view.author);
    eframe::set_value(storage, "folder", &app.view.folder);
}

fn load_settings(cc: &eframe::CreationContext, app: &mut App) {
    let Some(storage) = cc.storage else { return };
    if let Some(zoom) =
        eframe::get_value::<f32>(storage, "zoom").filter(|z| (0.5..=3.0).contains(z))
    {
        cc.egui_ctx.set_zoom_factor(zoom);
        app.view.zoom = zoom;
    }
    if eframe::get_value::<bool>(storage, "board") == Some(true) {
        app.view.main = crate::app::MainView::Board;
    }
    app.view.grouped = eframe::get_value::<bool>(storage, "grouped").unwrap_or(false);
    app.view.author = eframe::get_value::<String>(storage, "author").unwrap_or_default();
    app.view.folder = eframe::get_value::<String>(storage, "folder").unwrap_or_default();
}
