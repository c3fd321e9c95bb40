//! The plan file commands: export --format plan, check, diff and merge.

use std::path::Path;
use std::process::{Command, Output};

use framework_planner::model::{Lane, Plan};
use framework_planner::planfile::{self, PlanFile};
use framework_planner::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
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

#[test]
fn export_writes_a_version_and_records_it_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let (v1, v2) = (dir.path().join("v1.fwplan"), dir.path().join("v2.fwplan"));
    for (out, label) in [(&v1, "Day 1"), (&v2, "Day 2")] {
        let o = run(&[
            "export",
            "--format",
            "plan",
            "--out",
            s(out),
            "--db",
            s(&db),
            "--label",
            label,
            "--author",
            "Rahima",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (f1, f2) = (
        planfile::read_path(&v1).unwrap(),
        planfile::read_path(&v2).unwrap(),
    );
    assert_eq!((f1.label.as_str(), f1.author.as_str()), ("Day 1", "Rahima"));
    assert_eq!(f1.based_on, None);
    assert_eq!(
        f2.based_on,
        Some(f1.version_id),
        "made from the newest version"
    );
    let store = Store::open(&db).unwrap();
    let history = store.versions().unwrap();
    let ids: Vec<_> = history.iter().map(|v| v.id).collect();
    assert_eq!(ids, vec![f2.version_id, f1.version_id]);
    assert_eq!(history[1].path, s(&v1));

    let o = run(&["check", s(&v1)]);
    assert!(o.status.success());
    let line = stdout(&o);
    assert_eq!(line.lines().count(), 1);
    assert!(
        line.contains("valid plan file of BMGF, 121 activities"),
        "{line}"
    );
    assert!(
        line.contains("\"Day 1\"") && line.contains("by Rahima"),
        "{line}"
    );
}

#[test]
fn check_refuses_a_damaged_file_with_its_reason() {
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/planfiles");
    for (name, words) in [
        ("checksum_mismatch", "edited outside the app or damaged"),
        ("newer_version", "made by a newer version"),
        ("truncated", "ends too early"),
    ] {
        let o = run(&["check", s(&catalogue.join(format!("{name}.fwplan")))]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stdout(&o).is_empty());
        let err = stderr(&o);
        assert!(
            err.starts_with("framework-planner: ") && err.contains(words),
            "{name}: {err}"
        );
    }
    let o = run(&["check", "/no/such/file.fwplan"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
}

#[test]
fn diff_prints_one_sentence_per_change() {
    let dir = tempfile::tempdir().unwrap();
    let a = framework_planner::seed::bmgf().unwrap();
    let mut b = a.clone();
    edit(&mut b, "4.5.1.2").lane = Lane::Medium;
    edit(&mut b, "6.3.2.2").text.push_str(" and families");
    let moc = b
        .actors
        .iter()
        .find(|x| x.abbreviation == "MoC")
        .unwrap()
        .id;
    edit(&mut b, "2.1.5.2").leads = vec![moc];
    let (pa, pb) = (dir.path().join("a.fwplan"), dir.path().join("b.fwplan"));
    save(&pa, a, None, "a");
    save(&pb, b, None, "b");
    let o = run(&["diff", s(&pa), s(&pb)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut lines: Vec<String> = stdout(&o).lines().map(String::from).collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "4.5.1.2 moved from Short to Medium term",
            "lead of 2.1.5.2 changed from BB to MoC",
            "text of 6.3.2.2 edited",
        ]
    );
}

#[test]
fn merge_writes_the_merged_plan_and_exits_by_whether_it_was_clean() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let base = framework_planner::seed::bmgf().unwrap();
    let b = save(&p("base.fwplan"), base.clone(), None, "base");
    let mut ours = base.clone();
    edit(&mut ours, "6.3.2.2").text = "Ours".into();
    let o_file = save(&p("ours.fwplan"), ours, Some(b.version_id), "ours");
    let mut theirs = base.clone();
    edit(&mut theirs, "4.5.1.2").lane = Lane::Long;
    save(
        &p("theirs.fwplan"),
        theirs.clone(),
        Some(b.version_id),
        "theirs",
    );

    let args = |theirs: &str, out: &str| {
        let (base, ours, theirs, out) = (p("base.fwplan"), p("ours.fwplan"), p(theirs), p(out));
        run(&[
            "merge",
            "--base",
            s(&base),
            "--ours",
            s(&ours),
            "--theirs",
            s(&theirs),
            "--out",
            s(&out),
        ])
    };
    let o = args("theirs.fwplan", "merged.fwplan");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "applied: 4.5.1.2 moved from Short to Long term\n"
    );
    let m = planfile::read_path(&p("merged.fwplan")).unwrap();
    assert_eq!(m.based_on, Some(o_file.version_id));
    let get = |code: &str| m.plan.activities.iter().find(|a| a.code == code).unwrap();
    assert_eq!(get("6.3.2.2").text, "Ours");
    assert_eq!(get("4.5.1.2").lane, Lane::Long);

    // The same text edited on both sides: a conflict, ours kept, the file still written.
    edit(&mut theirs, "6.3.2.2").text = "Theirs".into();
    save(&p("theirs2.fwplan"), theirs, Some(b.version_id), "theirs 2");
    let o = args("theirs2.fwplan", "merged2.fwplan");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("applied: 4.5.1.2 moved from Short to Long term"),
        "{out}"
    );
    assert!(
        out.contains("conflict: text of 6.3.2.2 edited on both sides (ours kept)"),
        "{out}"
    );
    let m = planfile::read_path(&p("merged2.fwplan")).unwrap();
    assert_eq!(
        m.plan
            .activities
            .iter()
            .find(|a| a.code == "6.3.2.2")
            .unwrap()
            .text,
        "Ours"
    );

    // Versions of another plan are refused and nothing is written.
    let mut other = base.clone();
    other.id = uuid::Uuid::new_v4();
    save(&p("other.fwplan"), other, None, "other");
    let o = args("other.fwplan", "merged3.fwplan");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not versions of the same plan"));
    assert!(!p("merged3.fwplan").exists());
}
