//! The App: owns the store, the plan and the view state, and routes the views' commands.
//! Views only read and return [`Command`]s; nothing but [`App::handle`] changes state.

use std::collections::HashMap;

use crate::model::{Flag, Id, Outline, Plan, checks};
use crate::store::{Store, StoreError};
use crate::ui;

/// What a view asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Select(Option<Id>),
    SetFilter(String),
    ExpandAll(bool),
}

/// Values derived from the plan, rebuilt only when the plan changes.
pub struct Derived {
    pub outline: Outline,
    pub flags: HashMap<Id, Vec<Flag>>,
}

impl Derived {
    pub fn new(plan: &Plan) -> Derived {
        Derived {
            outline: plan.outline(),
            flags: plan
                .activities
                .iter()
                .map(|a| (a.id, checks::flags(plan, a)))
                .collect(),
        }
    }
}

/// State of the views that is not part of the plan.
#[derive(Default)]
pub struct ViewState {
    pub selected: Option<Id>,
    pub filter: String,
    /// Set for one frame when the user asks to expand or collapse the whole outline.
    pub expand_all: Option<bool>,
}

pub struct App {
    pub store: Store,
    pub plan: Plan,
    pub derived: Derived,
    pub view: ViewState,
    fonts_installed: bool,
}

impl App {
    pub fn new(store: Store) -> Result<App, StoreError> {
        let plan = store.load_plan()?;
        let derived = Derived::new(&plan);
        Ok(App {
            store,
            plan,
            derived,
            view: ViewState::default(),
            fonts_installed: false,
        })
    }

    pub fn handle(&mut self, cmd: Command) {
        match cmd {
            Command::Select(id) => self.view.selected = id,
            Command::SetFilter(text) => self.view.filter = text,
            Command::ExpandAll(open) => self.view.expand_all = Some(open),
        }
    }

    /// Draws one frame and applies what the views asked for. Used by eframe and by UI tests.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        if !self.fonts_installed {
            ui::theme::install(ui.ctx());
            self.fonts_installed = true;
        }
        let expand_all = self.view.expand_all.take();
        let commands = ui::shell::show(ui, self, expand_all);
        for cmd in commands {
            self.handle(cmd);
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }
}
