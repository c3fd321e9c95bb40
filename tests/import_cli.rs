//! `framework-planner import FILE`: a plan file's or a spreadsheet's changes brought into the
//! database, shown first and applied only with `--yes` (or a "yes" typed on a terminal).

use std::path::Path;
use std::process::{Command, Output};

use framework_planner::model::{Entity, Lane, Plan, ops};
use framework_planner::planfile::{self, PlanFile};
use framework_planner::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

fn import(file: &Path, db: &Path) -> Output {
    Command::new(BIN)
        .args(["import", s(file), "--db", s(db), "--yes"])
        .output()
        .unwrap()
}

/// Without --yes, and with no terminal to answer on: stdin is not a terminal here.
fn preview(file: &Path, db: &Path) -> Output {
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
        .commit(&ops::updates(
            &Entity::Activity(old),
            &Entity::Activity(new),
        ))
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

#[test]
fn an_empty_plan_without_yes_changes_nothing_and_says_how_much_it_would_remove() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let bytes = std::fs::read(&db).unwrap();
    let (plan, versions) = (load(&db), history(&db));
    let mut empty = v1.plan.clone();
    empty.goals.clear();
    empty.indicators.clear();
    empty.sub_indicators.clear();
    empty.actors.clear();
    empty.activities.clear();
    empty.comments.clear();
    let file = dir.path().join("empty.fwplan");
    save(&file, empty, Some(v1.version_id), "empty");

    let o = preview(&file, &db);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(out.contains("change: "), "the changes are listed: {out}");
    assert!(!out.contains("applied: "), "{out}");
    let records = plan.goals.len()
        + plan.indicators.len()
        + plan.sub_indicators.len()
        + plan.actors.len()
        + plan.activities.len()
        + plan.comments.len();
    assert!(
        err.contains(&format!(
            "removes {records} of the plan's {records} records"
        )),
        "{err}"
    );
    assert!(
        err.contains("Nothing was changed") && err.contains("--yes"),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "same bytes");
    assert_eq!(load(&db), plan);
    assert_eq!(history(&db), versions);
}

#[test]
fn a_reused_version_id_with_other_content_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let (plan, versions) = (load(&db), history(&db));
    // Another plan's content under v1's id.
    let mut other = v1.plan.clone();
    edit(&mut other, "4.5.1.2").lane = Lane::Long;
    let mut f = PlanFile::new(other, None, "someone", "v1 again", "");
    f.version_id = v1.version_id;
    let file = dir.path().join("reused.fwplan");
    planfile::write(&file, &f).unwrap();

    let o = import(&file, &db);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(&format!("version id {}", v1.version_id))
            && err.contains("already in the history")
            && err.contains("Nothing was changed"),
        "{err}"
    );
    assert_eq!(
        err.matches("Nothing was changed").count(),
        1,
        "said once: {err}"
    );
    assert_eq!(load(&db), plan);
    assert_eq!(history(&db), versions);
    assert_eq!(get(&load(&db), "4.5.1.2").lane, get(&plan, "4.5.1.2").lane);

    // The same version sent back unchanged is still fine.
    let o = import(&dir.path().join("v1.fwplan"), &db);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn text_from_a_file_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let mut theirs = v1.plan.clone();
    // Retitles the terminal, then clears it.
    let hostile = "Mallory\u{1b}]0;pwned\u{7}\u{1b}[2J";
    edit(&mut theirs, "4.5.1.2").code = "4.5.1.2\u{1b}[31m".into();
    theirs.short_name = hostile.into();
    let file = dir.path().join("escapes.fwplan");
    let f = PlanFile::new(theirs, Some(v1.version_id), hostile, hostile, "");
    planfile::write(&file, &f).unwrap();

    let check = Command::new(BIN)
        .args(["check", s(&file)])
        .output()
        .unwrap();
    let diff = Command::new(BIN)
        .args(["diff", s(&dir.path().join("v1.fwplan")), s(&file)])
        .output()
        .unwrap();
    // A control character in a code breaks the plan's rules: the import is refused, and says
    // so without the raw escape.
    let imported = import(&file, &db);
    assert_eq!(imported.status.code(), Some(1), "{}", stderr(&imported));
    assert!(
        stderr(&imported).contains("control or text-direction characters"),
        "{}",
        stderr(&imported)
    );
    for (name, o) in [("check", &check), ("diff", &diff), ("import", &imported)] {
        assert!(
            o.status.success() || name == "import",
            "{name}: {}",
            stderr(o)
        );
        for stream in [&o.stdout, &o.stderr] {
            assert!(
                !stream.iter().any(|&b| b == 0x1b || b == 0x07),
                "{name}: {}",
                String::from_utf8_lossy(stream)
            );
        }
    }
    let out = stdout(&check);
    assert!(
        out.contains("by Mallory\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"),
        "{out}"
    );
    assert!(
        stdout(&diff).contains("4.5.1.2\\u{1b}[31m"),
        "{}",
        stdout(&diff)
    );
}

#[test]
fn an_import_of_comments_only_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let mut theirs = v1.plan.clone();
    let activity = get(&theirs, "1.1.1.1").id;
    theirs.comments.push(framework_planner::model::Comment {
        id: uuid::Uuid::new_v4(),
        activity_id: activity,
        author: "Rahima".into(),
        at: chrono::Utc::now(),
        text: "Agreed in the room".into(),
        kind: framework_planner::model::CommentKind::Comment,
        session_id: None,
    });
    let file = dir.path().join("comment.fwplan");
    save(&file, theirs, Some(v1.version_id), "comment");
    let o = import(&file, &db);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    // The comment is a change like any other, listed and counted.
    assert!(err.contains("1 changes applied, 1 comment added"), "{err}");
    assert_eq!(load(&db).comments.len(), 1);
}

#[test]
fn a_locked_database_says_nothing_was_changed_once() {
    let dir = tempfile::tempdir().unwrap();
    let (db, v1) = setup(dir.path());
    let mut theirs = v1.plan.clone();
    edit(&mut theirs, "4.5.1.2").lane = Lane::Long;
    let file = dir.path().join("back.fwplan");
    save(&file, theirs, Some(v1.version_id), "back");
    // Another program holds the write lock for the whole import.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let o = import(&file, &db);
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("in use by another program"), "{err}");
    assert_eq!(err.matches("Nothing was changed").count(), 1, "{err}");
}

/// A CSV in the exported layout, edited: one status changed, one row cut short, one lead
/// blanked.
fn edited_csv(dir: &Path, plan: &Plan) -> std::path::PathBuf {
    use framework_planner::export::{ExportInfo, Format, write_file};
    let csv = dir.join("plan.csv");
    write_file(plan, &ExportInfo::now("v", ""), Format::Csv, &csv).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let row = |lines: &Vec<String>, code: &str| {
        lines
            .iter()
            // Every field is quoted in the export.
            .position(|l| l.split(',').nth(3).map(|c| c.trim_matches('"')) == Some(code))
            .unwrap()
    };
    let i = row(&lines, "4.5.1.2");
    lines[i] = lines[i].replacen(",\"proposed\",", ",\"agreed\",", 1);
    let i = row(&lines, "1.1.1.3");
    lines[i] = lines[i].split(',').take(6).collect::<Vec<_>>().join(",");
    let cut_row = i + 1;
    let i = row(&lines, "1.1.1.1");
    let mut cells: Vec<&str> = lines[i].split(',').collect();
    let lead = cells.iter().position(|c| *c == "\"MoHFW\"").unwrap();
    cells[lead] = "\"\"";
    lines[i] = cells.join(",");
    let out = dir.join("edited.csv");
    std::fs::write(&out, lines.join("\n") + "\n").unwrap();
    assert!(cut_row > 1);
    out
}

#[test]
fn a_spreadsheet_is_imported_as_the_window_reviews_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = setup(dir.path());
    let plan = load(&db);
    let csv = edited_csv(dir.path(), &plan);

    let o = preview(&csv, &db);
    assert_eq!(o.status.code(), Some(1), "not applied without --yes");
    assert_eq!(load(&db), plan);
    let out = stdout(&o);
    assert!(
        out.contains("change: status of 4.5.1.2 changed from proposed to agreed"),
        "{out}"
    );
    assert!(out.contains("problem: edited.csv, row "), "{out}");
    assert!(out.contains("cut off"), "{out}");
    assert!(
        out.contains("left out: lead of 1.1.1.1 cleared (was MoHFW)"),
        "{out}"
    );

    let o = import(&csv, &db);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = load(&db);
    assert_eq!(get(&after, "4.5.1.2").status.as_str(), "agreed");
    assert_eq!(
        get(&after, "1.1.1.3"),
        get(&plan, "1.1.1.3"),
        "the cut row changed nothing"
    );
    assert_eq!(
        get(&after, "1.1.1.1").leads,
        get(&plan, "1.1.1.1").leads,
        "not cleared"
    );
    assert!(stderr(&o).contains("1 changes applied"), "{}", stderr(&o));
}
