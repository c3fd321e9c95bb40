//! Versions as files: saving one, the history, comparing, and bringing in plans and
//! spreadsheets that come back by email. Nothing in the plan changes until a review is
//! applied, and an applied review is one undo step.

use std::path::{Path, PathBuf};

use super::App;
use crate::i18n::{tr, trf};
use crate::messages::errors::{
    export_error, import_error, op_error, read_error, resolve_error, row_problem, store_error,
    write_error,
};
use crate::model::ops::{apply_all, ops_between};
use crate::model::{Id, Plan};
use crate::planfile::{
    self, Change, ChangeKind, Choice, Conflict, PlanFile, Value, diff, merge, resolve,
};

/// The "save a version" form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveForm {
    pub label: String,
    pub note: String,
    pub author: String,
    pub folder: String,
    pub error: Option<String>,
}

/// The "export" form: a file for people without the app.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportForm {
    pub format: crate::export::Format,
    pub path: String,
    pub error: Option<String>,
}

/// A form that asks for a file to open: a plan file or an edited spreadsheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpenForm {
    pub path: String,
    pub error: Option<String>,
}

/// The dialog on screen, if any.
#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    SaveVersion(SaveForm),
    Export(ExportForm),
    Open(OpenForm),
}

/// What a review does when applied.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewKind {
    /// Two versions side by side; nothing to apply.
    Compare,
    /// A plan file whose base version is in the history: its changes since then, merged into
    /// the current plan; conflicts need a choice.
    Merge {
        file: Box<PlanFile>,
        merged: Box<Plan>,
    },
    /// A plan file of unknown base, or an edited spreadsheet: every difference from the
    /// current plan, each accepted or rejected.
    Accept {
        incoming: Box<Plan>,
        file: Option<Box<PlanFile>>,
    },
}

/// Changes shown for a person to read, and for imports, to choose.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub title: String,
    pub kind: ReviewKind,
    pub changes: Vec<Change>,
    /// Per change: taken when the review is applied (imports of unknown base only).
    pub accepted: Vec<bool>,
    pub conflicts: Vec<Conflict>,
    /// Per conflict: what to keep.
    pub choices: Vec<Choice>,
    /// Rows of a spreadsheet that could not be used, as sentences with their row numbers.
    pub problems: Vec<String>,
    pub goal_filter: Option<Id>,
    pub kind_filter: Option<ChangeKind>,
}

impl Review {
    pub fn new(title: String, kind: ReviewKind, changes: Vec<Change>) -> Review {
        Review {
            title,
            kind,
            accepted: vec![true; changes.len()],
            changes,
            conflicts: Vec::new(),
            choices: Vec::new(),
            problems: Vec::new(),
            goal_filter: None,
            kind_filter: None,
        }
    }

    /// Whether the review changes the plan when applied.
    pub fn can_apply(&self) -> bool {
        !matches!(self.kind, ReviewKind::Compare)
    }
}

/// A choice made while reading a review.
#[derive(Clone, Debug, PartialEq)]
pub enum ReviewEdit {
    GoalFilter(Option<Id>),
    KindFilter(Option<ChangeKind>),
    /// Take (or leave) change `n` when the review is applied.
    Accept(usize, bool),
    AcceptAll(bool),
    /// Take (or leave) every change to records of one kind.
    AcceptGroup(crate::planfile::EntityKind, bool),
    /// Settle conflict `n`.
    Choose(usize, Choice),
    Apply,
    Close,
}

/// A readable default file name, e.g. `BMGF action plan — v3 — 2026-11-22.fwplan`.
pub fn default_file_name(plan: &Plan, number: usize) -> String {
    format!(
        "{} — v{number} — {}.{}",
        file_stem(plan),
        today(),
        planfile::EXTENSION
    )
}

/// "BMGF action plan", with characters no file system accepts replaced.
fn file_stem(plan: &Plan) -> String {
    let name = if plan.short_name.trim().is_empty() {
        plan.name.as_str()
    } else {
        plan.short_name.as_str()
    };
    let safe: String = name
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '-' } else { c })
        .collect();
    format!("{safe} action plan")
}

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

/// Where files are saved when nothing was chosen yet: the documents folder, else home.
pub fn default_folder() -> String {
    directories::UserDirs::new()
        .and_then(|d| {
            d.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(d.home_dir().to_path_buf()))
        })
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

impl App {
    /// Opens the "save a version" form, with the author and folder used last time.
    pub fn open_save_form(&mut self) {
        let n = self.versions().len() + 1;
        self.view.dialog = Some(super::Dialog::SaveVersion(SaveForm {
            label: trf("versions.default_label", &[("n", &n)]),
            note: String::new(),
            author: self.view.author.clone(),
            folder: self.folder(),
            error: None,
        }));
    }

    /// Saves the plan as a version file in `form.folder` and records it in the history.
    /// Returns the file's path; on failure the form stays open with the reason.
    pub fn save_version(&mut self, form: SaveForm) -> Option<PathBuf> {
        let fail = |app: &mut App, form: SaveForm, why: String| {
            app.fail(why.clone());
            app.view.dialog = Some(super::Dialog::SaveVersion(SaveForm {
                error: Some(why),
                ..form
            }));
            None
        };
        let folder = PathBuf::from(form.folder.trim());
        if form.folder.trim().is_empty() || !folder.is_dir() {
            let why = trf("versions.no_folder", &[("folder", &folder.display())]);
            return fail(self, form, why);
        }
        let based_on = self.versions().first().map(|v| v.id);
        let number = self.versions().len() + 1;
        let label = if form.label.trim().is_empty() {
            trf("versions.default_label", &[("n", &number)])
        } else {
            form.label.trim().to_owned()
        };
        let path = folder.join(default_file_name(&self.plan, number));
        // The version holds the plan itself while it is written, not a copy: a large plan is
        // not held twice. It is back in place before anything else happens.
        let file = PlanFile::new(
            std::mem::take(&mut self.plan),
            based_on,
            form.author.trim(),
            &label,
            form.note.trim(),
        );
        let saved = planfile::write(&path, &file)
            .map_err(|e| write_error(&e))
            .and_then(|()| {
                self.store.record_version(&file, &path).map_err(|e| {
                    trf(
                        "versions.not_recorded",
                        &[("path", &path.display()), ("detail", &store_error(&e))],
                    )
                })
            });
        self.plan = file.plan;
        if let Err(why) = saved {
            return fail(self, form, why);
        }
        self.reload_saved();
        self.view.author = form.author.trim().to_owned();
        self.view.folder = folder.display().to_string();
        self.view.dialog = None;
        self.say(trf(
            "versions.saved",
            &[("label", &label), ("path", &path.display())],
        ));
        Some(path)
    }

    /// The folder used last, or the documents folder.
    fn folder(&self) -> String {
        if self.view.folder.is_empty() {
            default_folder()
        } else {
            self.view.folder.clone()
        }
    }

    /// Opens the "open a file" form with the folder used last in its path field.
    pub fn open_open_form(&mut self) {
        let mut path = self.folder();
        if !path.is_empty() && !path.ends_with(std::path::MAIN_SEPARATOR) {
            path.push(std::path::MAIN_SEPARATOR);
        }
        self.view.dialog = Some(super::Dialog::Open(OpenForm { path, error: None }));
    }

    /// Opens the export form for `format`, with a readable file name in the last folder.
    pub fn open_export_form(&mut self, format: crate::export::Format) {
        // A version number means nothing in an export: the plan's name and the date.
        let name = format!(
            "{} — {}.{}",
            file_stem(&self.plan),
            today(),
            format.as_str()
        );
        let path = Path::new(&self.folder()).join(name);
        self.view.dialog = Some(super::Dialog::Export(ExportForm {
            format,
            path: path.display().to_string(),
            error: None,
        }));
    }

    /// Writes the plan in a format people open without the app.
    pub fn export(&mut self, form: ExportForm) {
        let path = PathBuf::from(form.path.trim());
        let folder_ok = path
            .parent()
            .is_some_and(|p| p.as_os_str().is_empty() || p.is_dir());
        if form.path.trim().is_empty() || !folder_ok {
            let why = trf("versions.no_folder", &[("folder", &path.display())]);
            self.fail(why.clone());
            self.view.dialog = Some(super::Dialog::Export(ExportForm {
                error: Some(why),
                ..form
            }));
            return;
        }
        let info = self.export_info();
        match crate::export::write_file(&self.plan, &info, form.format, &path) {
            Ok(()) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    self.view.folder = dir.display().to_string();
                }
                self.view.dialog = None;
                self.say(trf("versions.exported", &[("path", &path.display())]));
            }
            Err(e) => {
                let why = export_error(&e);
                self.fail(why.clone());
                self.view.dialog = Some(super::Dialog::Export(ExportForm {
                    error: Some(why),
                    ..form
                }));
            }
        }
    }

    /// What an export says about itself: the saved version the plan is (or is based on, with
    /// the number of changes since), the remembered author, and the interface's language.
    pub fn export_info(&self) -> crate::export::ExportInfo {
        let author = self.view.author.clone();
        crate::export::version_of(&self.store, &self.plan, &author)
            .ok()
            .flatten()
            .unwrap_or_else(|| crate::export::ExportInfo::now(tr("versions.working_copy"), author))
            .in_language(crate::i18n::language())
    }

    /// Opens a plan file or an edited spreadsheet (by its extension) for review. One that
    /// cannot be opened comes back in the open form with the whole reason, where a long
    /// sentence is read in full rather than cut off in the status bar.
    pub fn open_file(&mut self, path: &Path) {
        self.view.dialog = None;
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let opened = if ext == "xlsx" || ext == "csv" {
            self.open_spreadsheet(path)
        } else {
            self.open_plan_file(path)
        };
        if let Err(why) = opened {
            self.fail(why.clone());
            self.view.dialog = Some(super::Dialog::Open(OpenForm {
                path: path.display().to_string(),
                error: Some(why),
            }));
        }
    }

    /// Opens a plan file that came back: a merge when its base is in the history, otherwise
    /// a list of differences to accept or reject. Nothing changes until the review is applied.
    fn open_plan_file(&mut self, path: &Path) -> Result<(), String> {
        let file = planfile::read_path(path).map_err(|e| {
            trf(
                "versions.unreadable",
                &[("path", &path.display()), ("detail", &read_error(&e))],
            )
        })?;
        if file.plan.id != self.plan.id {
            return self.open_separate(path, file);
        }
        // Another version under an id the history already holds would merge from the wrong
        // base and leave the history wrong: refused before anything is shown.
        self.store
            .check_version_id(&file)
            .map_err(|e| store_error(&e))?;
        // The same file a second time: what it brought is in the plan already, and offering its
        // conflicts again would undo choices made the first time.
        if self.store.has_version(file.version_id).unwrap_or(false) {
            self.say(trf(
                "versions.already_applied",
                &[("label", &file.label), ("author", &file.author)],
            ));
            return Ok(());
        }
        let title = trf(
            "versions.incoming_title",
            &[("label", &file.label), ("author", &file.author)],
        );
        let base = file
            .based_on
            .filter(|b| self.store.has_version(*b).unwrap_or(false))
            .and_then(|b| self.store.version_content(b).ok());
        let review = match base {
            Some(base) => {
                let m = merge(&base.plan, &self.plan, &file.plan);
                let mut r = Review::new(
                    title,
                    ReviewKind::Merge {
                        file: Box::new(file),
                        merged: Box::new(m.merged),
                    },
                    m.applied,
                );
                r.choices = vec![Choice::Ours; m.conflicts.len()];
                r.conflicts = m.conflicts;
                r
            }
            None => {
                let changes = diff(&self.plan, &file.plan);
                let mut r = Review::new(
                    title,
                    ReviewKind::Accept {
                        incoming: Box::new(file.plan.clone()),
                        file: Some(Box::new(file)),
                    },
                    changes,
                );
                r.problems.push(tr("versions.base_unknown").to_owned());
                r
            }
        };
        self.open_review(review);
        Ok(())
    }

    /// Opens a file of another plan as a plan of its own, in its own database beside this
    /// one; this plan stays as it is, and File → "Back to …" returns to it.
    fn open_separate(&mut self, path: &Path, file: PlanFile) -> Result<(), String> {
        let dir = self
            .store
            .path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
            .join("plans");
        let db = dir.join(format!("{}.sqlite", file.plan.id));
        let plan = file.plan.clone();
        let opened = crate::store::Store::open_with(&db, move || Ok(plan)).and_then(|mut store| {
            // A database that already held this plan keeps its own state; the file is only
            // added to its history.
            store.record_version(&file, path)?;
            App::new(store)
        });
        let other = opened.map_err(|e| {
            trf(
                "versions.separate_failed",
                &[("name", &file.plan.name), ("detail", &store_error(&e))],
            )
        })?;
        self.switch_to(other);
        self.say(trf(
            "versions.separate_opened",
            &[("name", &self.plan.name), ("path", &db.display())],
        ));
        Ok(())
    }

    /// Works on another plan from now on, keeping the person's settings and remembering
    /// this plan's database to go back to.
    fn switch_to(&mut self, mut other: App) {
        let here = self.store.path().to_path_buf();
        let view = std::mem::take(&mut self.view);
        std::mem::swap(&mut self.chooser, &mut other.chooser);
        *self = other;
        self.view = super::ViewState {
            zoom: view.zoom,
            author: view.author,
            folder: view.folder,
            grouped: view.grouped,
            previous_db: Some(here),
            ..Default::default()
        };
    }

    /// Goes back to the plan worked on before a separate plan was opened.
    pub fn back_to_previous(&mut self) {
        let Some(db) = self.view.previous_db.clone() else {
            return;
        };
        match crate::store::Store::open(&db).and_then(App::new) {
            Err(e) => self.fail(store_error(&e)),
            Ok(other) => {
                self.switch_to(other);
                self.say(trf("versions.back", &[("name", &self.plan.name)]));
            }
        }
    }

    /// Opens an edited spreadsheet in the exported layout as changes to accept or reject.
    fn open_spreadsheet(&mut self, path: &Path) -> Result<(), String> {
        let sheet = crate::export::import::read_spreadsheet(path, &self.plan).map_err(|e| {
            trf(
                "versions.unreadable",
                &[("path", &path.display()), ("detail", &import_error(&e))],
            )
        })?;
        let changes = diff(&self.plan, &sheet.plan);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut r = Review::new(
            trf("versions.sheet_title", &[("name", &name)]),
            ReviewKind::Accept {
                incoming: Box::new(sheet.plan),
                file: None,
            },
            changes,
        );
        r.problems = sheet.problems.iter().map(row_problem).collect();
        // A blank lead or co-leads cell is a real edit, but one that may be an accident:
        // it is shown as "cleared" and left for the person to tick.
        let cleared = untick_cleared(&mut r);
        if cleared > 0 {
            r.problems
                .push(trf("versions.cleared_unticked", &[("n", &cleared)]));
        }
        self.open_review(r);
        Ok(())
    }

    /// Compares two versions of the history; `None` stands for the current plan.
    pub fn compare_versions(&mut self, a: Option<Id>, b: Option<Id>) {
        let load = |app: &App, v: Option<Id>| -> Result<(Plan, String), String> {
            match v {
                None => Ok((app.plan.clone(), tr("versions.current").to_owned())),
                Some(id) => app
                    .store
                    .version_content(id)
                    .map(|f| (f.plan, f.label))
                    .map_err(|e| store_error(&e)),
            }
        };
        match (load(self, a), load(self, b)) {
            (Ok((pa, la)), Ok((pb, lb))) => {
                let title = trf("versions.compare_title", &[("a", &la), ("b", &lb)]);
                let changes = diff(&pa, &pb);
                self.open_review(Review::new(title, ReviewKind::Compare, changes));
            }
            (Err(e), _) | (_, Err(e)) => self.fail(e),
        }
    }

    /// Makes the plan what a saved version holds, as one undoable change.
    pub fn restore_version(&mut self, id: Id) {
        match self.store.version_content(id) {
            Err(e) => self.fail(store_error(&e)),
            Ok(file) => {
                let ops = ops_between(&self.plan, &file.plan);
                if ops.is_empty() {
                    self.say(tr("versions.restore_nothing").to_owned());
                } else if self.perform(&ops) {
                    self.history.undo.push(ops);
                    self.history.redo.clear();
                    self.say(trf("versions.restored", &[("label", &file.label)]));
                }
            }
        }
    }

    /// Applies a choice made in the review view.
    pub fn edit_review(&mut self, e: ReviewEdit) {
        match e {
            ReviewEdit::Apply => return self.start_apply(),
            ReviewEdit::Close => {
                self.view.review = None;
                self.view.main = super::MainView::Outline;
                return;
            }
            _ => {}
        }
        let Some(r) = &mut self.view.review else {
            return;
        };
        match e {
            ReviewEdit::GoalFilter(g) => r.goal_filter = g,
            ReviewEdit::KindFilter(k) => r.kind_filter = k,
            ReviewEdit::Accept(n, on) => {
                if let Some(a) = r.accepted.get_mut(n) {
                    *a = on;
                }
            }
            ReviewEdit::AcceptAll(on) => r.accepted.iter_mut().for_each(|a| *a = on),
            ReviewEdit::AcceptGroup(kind, on) => {
                for (c, a) in r.changes.iter().zip(r.accepted.iter_mut()) {
                    if c.entity == kind {
                        *a = on;
                    }
                }
            }
            ReviewEdit::Choose(n, choice) => {
                if let Some(c) = r.choices.get_mut(n) {
                    *c = choice;
                }
            }
            ReviewEdit::Apply | ReviewEdit::Close => {}
        }
    }

    fn open_review(&mut self, review: Review) {
        self.view.review = Some(review);
        self.view.main = super::MainView::Review;
    }

    /// Applies what the review's choices take, as one undo step, and records an imported
    /// plan file in the history so that a file based on it later finds its base.
    pub fn apply_review(&mut self) {
        let Some(review) = self.view.review.take() else {
            return;
        };
        let target = match target_of(&self.plan, &review) {
            Ok(t) => t,
            Err(why) => {
                self.fail(why);
                self.view.review = Some(review);
                return;
            }
        };
        let ops = ops_between(&self.plan, &target);
        // Check the whole step applies before touching the database.
        let mut check = self.plan.clone();
        if let Err(e) = apply_all(&mut check, &ops) {
            self.fail(trf("msg.stale", &[("detail", &op_error(&e))]));
            self.view.review = Some(review);
            return;
        }
        if !ops.is_empty() && !self.perform(&ops) {
            self.view.review = Some(review);
            return;
        }
        if !ops.is_empty() {
            self.history.undo.push(ops.clone());
            self.history.redo.clear();
        }
        let file = match &review.kind {
            ReviewKind::Merge { file, .. } => Some(file),
            ReviewKind::Accept { file, .. } => file.as_ref(),
            ReviewKind::Compare => None,
        };
        if let Some(f) = file {
            // The history keeps the file as it came; where it came from is not known here.
            let _ = self.store.record_version(f, Path::new(""));
            self.reload_saved();
        }
        self.view.main = super::MainView::Outline;
        self.say(trf("versions.applied", &[("n", &ops.len())]));
    }
}

/// Leaves the changes that clear a lead or the co-leads unticked; returns how many.
pub fn untick_cleared(r: &mut Review) -> usize {
    let mut n = 0;
    for (c, taken) in r.changes.iter().zip(r.accepted.iter_mut()) {
        if c.is_cleared() {
            *taken = false;
            n += 1;
        }
    }
    n
}

/// The plan a review's choices lead to.
pub fn target_of(current: &Plan, review: &Review) -> Result<Plan, String> {
    match &review.kind {
        ReviewKind::Compare => Ok(current.clone()),
        ReviewKind::Merge { merged, .. } => {
            let mut target = (**merged).clone();
            for (c, choice) in review.conflicts.iter().zip(&review.choices) {
                if *choice != Choice::Ours {
                    resolve(&mut target, c, choice.clone()).map_err(|e| resolve_error(&e))?;
                }
            }
            leave_out(&mut target, current, review)?;
            Ok(target)
        }
        ReviewKind::Accept { incoming, .. } => {
            let mut target = (**incoming).clone();
            leave_out(&mut target, current, review)?;
            Ok(target)
        }
    }
}

/// Puts back what `current` has for every change the review leaves, and checks that what is
/// taken does not need something left (an activity under a sub-indicator that is not added).
fn leave_out(target: &mut Plan, current: &Plan, review: &Review) -> Result<(), String> {
    for (c, taken) in review.changes.iter().zip(&review.accepted) {
        if !taken {
            reject(target, current, c);
        }
    }
    match crate::model::record::dangling(target) {
        None => Ok(()),
        Some(d) => Err(trf(
            "versions.needs_left_out",
            &[
                ("kind", &crate::messages::labels::entity_label(d.kind)),
                ("what", &d.label),
                ("needs", &crate::messages::labels::entity_label(d.needs)),
            ],
        )),
    }
}

/// Puts back in `target` what `current` has for one change: one field of a record both hold,
/// or a whole record added or removed.
fn reject(target: &mut Plan, current: &Plan, c: &Change) {
    use crate::model::record::{EntityKind, Fields, PlanHead, Record};
    match (c.field, &c.old) {
        (Some(field), Some(old))
            if c.kind != ChangeKind::Added && c.kind != ChangeKind::Removed =>
        {
            if c.entity == EntityKind::Plan {
                let mut head = PlanHead::of(target);
                if head.set(field, old.clone()) {
                    target.name = head.name;
                    target.short_name = head.short_name;
                    target.source = head.source;
                }
                return;
            }
            fn set<R: Record>(plan: &mut Plan, id: Id, field: crate::planfile::Field, v: Value) {
                if let Some(x) = R::list_mut(plan).iter_mut().find(|x| x.id() == id) {
                    x.set(field, v);
                }
            }
            crate::with_record!(c.entity, set(target, c.id, field, old.clone()), ());
        }
        _ => {
            fn copy<R: Record>(target: &mut Plan, from: &Plan, id: Id) {
                R::list_mut(target).retain(|x| x.id() != id);
                if let Some(x) = R::list(from).iter().find(|x| x.id() == id) {
                    R::list_mut(target).push(x.clone());
                }
            }
            crate::with_record!(c.entity, copy(target, current, c.id), ());
        }
    }
}

/// A field value as the review shows it, for the conflicts' "edit" box.
pub fn value_text(v: &Option<Value>) -> String {
    match v {
        Some(Value::Text(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The name the next saved version's file will have.
pub fn versions_file_name(app: &App) -> String {
    default_file_name(&app.plan, app.versions().len() + 1)
}
