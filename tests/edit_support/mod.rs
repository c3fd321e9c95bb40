//! Shared helpers of the edit tests: an App on a fresh seeded database, lookups by code, and
//! checks that the plan in memory, the plan on disk and the derived values agree.
#![allow(dead_code)] // each test file uses a different part

use std::path::PathBuf;

use framework_planner::app::{App, Command, Derived, Edit};
use framework_planner::model::{Activity, Actor, Id, Plan, checks};
use framework_planner::store::Store;

/// An App on its own seeded database in a temporary folder.
pub struct Fixture {
    pub app: App,
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.sqlite");
        let app = App::new(Store::open(&db).unwrap()).unwrap();
        Fixture { app, db, _dir: dir }
    }

    /// An App on the database at `db`, which the caller keeps.
    pub fn open(db: &std::path::Path) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let app = App::new(Store::open(db).unwrap()).unwrap();
        Fixture {
            app,
            db: db.to_path_buf(),
            _dir: dir,
        }
    }

    /// The plan as a fresh connection reads it from disk.
    pub fn saved(&self) -> Plan {
        Store::open(&self.db).unwrap().load_plan().unwrap()
    }

    pub fn handle(&mut self, cmd: Command) {
        self.app.handle(cmd);
    }

    pub fn edit(&mut self, edit: Edit) {
        self.app.handle(Command::Edit(edit));
    }

    pub fn undo(&mut self) {
        self.app.handle(Command::Undo);
    }

    pub fn redo(&mut self) {
        self.app.handle(Command::Redo);
    }

    /// The activity with this code.
    pub fn act(&self, code: &str) -> Activity {
        self.app
            .plan
            .activities
            .iter()
            .find(|a| a.code == code)
            .unwrap_or_else(|| panic!("no activity {code}"))
            .clone()
    }

    pub fn act_by_id(&self, id: Id) -> Activity {
        self.app.plan.activity(id).expect("activity exists").clone()
    }

    pub fn actor(&self, abbreviation: &str) -> Actor {
        self.app
            .plan
            .actors
            .iter()
            .find(|a| a.abbreviation == abbreviation)
            .unwrap_or_else(|| panic!("no actor {abbreviation}"))
            .clone()
    }

    pub fn sub_id(&self, code: &str) -> Id {
        self.app
            .plan
            .sub_indicators
            .iter()
            .find(|s| s.code == code)
            .unwrap_or_else(|| panic!("no sub-indicator {code}"))
            .id
    }

    pub fn indicator_id(&self, code: &str) -> Id {
        self.app
            .plan
            .indicators
            .iter()
            .find(|s| s.code == code)
            .unwrap_or_else(|| panic!("no indicator {code}"))
            .id
    }

    pub fn goal_id(&self, code: &str) -> Id {
        self.app
            .plan
            .goals
            .iter()
            .find(|s| s.code == code)
            .unwrap_or_else(|| panic!("no goal {code}"))
            .id
    }

    /// Activities under a sub-indicator, in outline order (position, then code).
    pub fn acts_under(&self, sub: Id) -> Vec<Activity> {
        let mut v: Vec<Activity> = self
            .app
            .plan
            .activities
            .iter()
            .filter(|a| a.sub_indicator_id == sub)
            .cloned()
            .collect();
        v.sort_by(|a, b| {
            a.outline_pos
                .cmp(&b.outline_pos)
                .then_with(|| a.code.cmp(&b.code))
        });
        v
    }

    /// Checks that memory, disk and the derived values agree, and that the plan equals
    /// `expected` when given.
    pub fn assert_state(&self, expected: &Plan, context: &str) {
        let mem = self.app.plan.in_id_order();
        assert!(mem == *expected, "{context}: the plan in memory differs");
        assert!(
            self.saved().in_id_order() == *expected,
            "{context}: the plan on disk differs"
        );
        assert_derived_fresh(&self.app, context);
    }

    /// Applies an edit as one undo step, then undoes and redoes it, checking memory and disk
    /// at each step. Returns the plan after the edit, sorted.
    pub fn round_trip(&mut self, edit: Edit) -> Plan {
        let before = self.app.plan.in_id_order();
        self.assert_state(&before, "before the edit");
        let steps = self.app.history.undo.len();
        self.edit(edit.clone());
        assert!(
            self.app.view.field_error.is_none(),
            "{edit:?} refused: {:?}",
            self.app.view.field_error
        );
        let msg = self.app.view.message.clone().expect("a status message");
        assert!(!msg.error, "{edit:?}: {}", msg.text);
        assert_eq!(self.app.history.undo.len(), steps + 1, "one undo step");
        assert!(self.app.history.redo.is_empty());
        let after = self.app.plan.in_id_order();
        assert!(after != before, "{edit:?} changed nothing");
        self.assert_state(&after, "after the edit");

        self.undo();
        assert_eq!(self.app.history.undo.len(), steps);
        self.assert_state(&before, "after undo");

        self.redo();
        assert_eq!(self.app.history.undo.len(), steps + 1);
        self.assert_state(&after, "after redo");
        after
    }
}

/// The App's derived values equal those built from scratch from its plan, so the incremental
/// refresh after edits, undo and redo left nothing stale.
pub fn assert_derived_fresh(app: &App, context: &str) {
    let fresh = Derived::new(&app.plan);
    let d = &app.derived;
    assert_eq!(d.flags, fresh.flags, "{context}: flags");
    assert_eq!(d.checks, fresh.checks, "{context}: number of checks");
    assert_eq!(d.lanes, fresh.lanes, "{context}: lanes");
    assert_eq!(d.index, fresh.index, "{context}: index");
    assert_eq!(d.parents, fresh.parents, "{context}: parents");
    assert_eq!(d.comments, fresh.comments, "{context}: comment counts");
    assert_eq!(
        format!("{:?}", d.outline),
        format!("{:?}", fresh.outline),
        "{context}: outline"
    );
    for a in &app.plan.activities {
        assert_eq!(
            d.flags_of(a.id),
            checks::flags(&app.plan, a).as_slice(),
            "{context}: flags of {}",
            a.code
        );
    }
}
