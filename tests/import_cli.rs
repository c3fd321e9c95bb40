//! `framework-planner import FILE`: a plan file's changes brought into the database.

use std::path::Path;
use std::process::{Command, Output};

use framework_planner::model::{Entity, Lane, Op, Plan};
use framework_planner::planfile::{self, PlanFile};
use framework_planner::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

fn import(file: &Path, db: &Path) -> Output {
    Command::new(BIN)
        .args(["import", s(file), "--db", s(db)])
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn save(path: &Path, plan: Plan, based_on: Option<uuid::Uuid>, label: &str) -> PlanFile {
    let f = PlanFile::new(plan, based_on, "test", label, "");
    planfile::write(path, &f).unwrap();
    f
}

fn edit<'a>(plan: &'a mut Plan, code: &str) -> &'a mut framework_planner::model::Activity {
    plan.activities.iter_mut().find(|a| a.code == code).unwrap()
}

fn get<'a>(plan: &'a Plan, code: &str) -> &'a framework_planner::model::Activity {
    plan.activities.iter().find(|a| a.code == code).unwrap()
}

/// A database with the built-in plan, a version of it saved to `v1.fwplan` and recorded.
fn setup(dir: &Path) -> (std::path::PathBuf, PlanFile) {
    let db = dir.join("plan.sqlite");
    let mut store = Store::open(&db).unwrap();
    let plan = store.load_plan().unwrap();
    let v1 = dir.join("v1.fwplan");
    let f = save(&v1, plan, None, "v1");
    store.record_version(&f, &v1).unwrap();
    (db, f)
}

/// Edits the text of an activity in the database, as the app would.
fn edit_in_db(db: &Path, code: &str, text: &str) {
    let mut store = Store::open(db).unwrap();
    let plan = store.load_plan().unwrap();
    let old = get(&plan, code).clone();
    let mut new = old.clone();
    new.text = text.into();
    store
        .commit(&[Op::Put {
            before: Some(Entity::Activity(old)),
            after: Some(Entity::Activity(new)),
        }])
        .unwrap();
}

fn load(db: &Path) -> Plan {
    Store::open(db).unwrap().load_plan().unwrap()
}

fn history(db: &Path) -> Vec<uuid::Uuid> {
    let store = Store::open(db).unwrap();
    store
        .versions()
        .unwrap()
        .into_iter()
        .map(|v| v.id)
        .collect()
}

#[test]
fn a_file_based_on_a_recorded_version_brings_its_changes_and_becomes_a_base() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    // Our own work after v1, which theirs does not have: it must stay.
    edit_in_db(&db, "1.1.1.1", "Ours, after v1");

    let mut theirs = v1.plan.clone();
    edit(&mut theirs, "4.5.1.2").lane = Lane::Long;
    edit(&mut theirs, "2.1.5.2").notes = "Checked with the ministry".into();
    let back = dir.path().join("back.fwplan");
    let t = save(&back, theirs.clone(), Some(v1.version_id), "back");

    let o = import(&back, &db);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("applied: 4.5.1.2 moved from Short to Long term"),
        "{out}"
    );
    assert!(out.contains("2.1.5.2"), "{out}");
    assert!(!out.contains("note:"), "the base was known: {out}");
    assert!(!out.contains("conflict:"), "{out}");
    assert!(
        stderr(&o).contains("2 changes applied, 0 conflicts"),
        "{}",
        stderr(&o)
    );

    let plan = load(&db);
    assert_eq!(get(&plan, "4.5.1.2").lane, Lane::Long);
    assert_eq!(get(&plan, "2.1.5.2").notes, "Checked with the ministry");
    assert_eq!(
        get(&plan, "1.1.1.1").text,
        "Ours, after v1",
        "our work kept"
    );
    assert!(
        history(&db).contains(&t.version_id),
        "recorded in the history"
    );

    // A later file made from the imported one finds it as its base.
    let mut later = theirs;
    edit(&mut later, "1.1.1.2").notes = "Later".into();
    let back2 = dir.path().join("back2.fwplan");
    save(&back2, later, Some(t.version_id), "back 2");
    let o = import(&back2, &db);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("note:"), "{out}");
    assert_eq!(out.lines().count(), 1, "only the new change: {out}");
    let plan = load(&db);
    assert_eq!(get(&plan, "1.1.1.2").notes, "Later");
    assert_eq!(get(&plan, "1.1.1.1").text, "Ours, after v1");
}

#[test]
fn a_conflict_keeps_ours_applies_the_rest_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    edit_in_db(&db, "2.1.5.2", "Ours");
    let mut theirs = v1.plan.clone();
    edit(&mut theirs, "2.1.5.2").text = "Theirs".into();
    edit(&mut theirs, "4.5.1.2").lane = Lane::Long;
    let back = dir.path().join("back.fwplan");
    save(&back, theirs, Some(v1.version_id), "back");

    let o = import(&back, &db);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("conflict: text of 2.1.5.2 edited on both sides (ours kept)"),
        "{out}"
    );
    assert!(
        out.contains("applied: 4.5.1.2 moved from Short to Long term"),
        "{out}"
    );
    let plan = load(&db);
    assert_eq!(get(&plan, "2.1.5.2").text, "Ours");
    assert_eq!(get(&plan, "4.5.1.2").lane, Lane::Long);
}

#[test]
fn a_file_with_an_unknown_base_is_taken_whole_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let mut theirs = v1.plan.clone();
    edit(&mut theirs, "4.5.1.2").lane = Lane::Long;
    theirs.name = "Renamed plan".into();
    let back = dir.path().join("back.fwplan");
    // Based on a version this database never saw.
    save(&back, theirs, Some(uuid::Uuid::new_v4()), "back");

    let o = import(&back, &db);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("note: the version") && out.contains("every difference was taken"),
        "{out}"
    );
    assert!(
        stderr(&o).contains("base version unknown"),
        "{}",
        stderr(&o)
    );
    let plan = load(&db);
    assert_eq!(get(&plan, "4.5.1.2").lane, Lane::Long);
    assert_eq!(plan.name, "Renamed plan", "the plan's name comes along");
}

#[test]
fn a_damaged_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = setup(dir.path());
    let bytes = std::fs::read(&db).unwrap();
    let (plan, versions) = (load(&db), history(&db));
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/planfiles");
    for (name, words) in [
        ("truncated", "ends too early"),
        ("checksum_mismatch", "edited outside the app or damaged"),
    ] {
        let o = import(&catalogue.join(format!("{name}.fwplan")), &db);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stdout(&o).is_empty(), "{name}");
        let err = stderr(&o);
        assert!(
            err.contains(words) && err.contains("Nothing was changed"),
            "{name}: {err}"
        );
        assert_eq!(std::fs::read(&db).unwrap(), bytes, "{name}: same bytes");
    }
    assert_eq!(load(&db), plan);
    assert_eq!(history(&db), versions);
}

#[test]
fn a_file_of_another_plan_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let (plan, versions) = (load(&db), history(&db));
    let mut other = v1.plan.clone();
    other.id = uuid::Uuid::new_v4();
    other.name = "Another framework".into();
    edit(&mut other, "4.5.1.2").lane = Lane::Long;
    let file = dir.path().join("other.fwplan");
    save(&file, other, Some(v1.version_id), "other");

    let o = import(&file, &db);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("holds another plan (Another framework); nothing was imported")
            && err.contains("--db"),
        "{err}"
    );
    assert_eq!(load(&db), plan);
    assert_eq!(history(&db), versions);

    let o = Command::new(BIN).args(["import"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "a usage error");
}
