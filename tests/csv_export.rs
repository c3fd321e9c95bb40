//! The action matrix CSV: exact header, every activity, values from the database.

use std::process::Command;

use framework_planner::model::checks;
use framework_planner::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

#[test]
fn cli_export_matches_the_database_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let out = dir.path().join("matrix.csv");
    let status = Command::new(BIN)
        .args(["export", "--format", "csv", "--out"])
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .status()
        .unwrap();
    assert!(status.success());

    let bytes = std::fs::read(&out).unwrap();
    let text = String::from_utf8(bytes).expect("UTF-8");
    // A byte order mark tells Excel the file is UTF-8; CSV readers skip it.
    let text = text.strip_prefix('\u{feff}').expect("a byte order mark");
    assert_eq!(
        text.lines().next().unwrap(),
        "\"goal_code\",\"indicator_code\",\"sub_indicator_code\",\"activity_code\",\"activity\",\"lead\",\"co_leads\",\"timeline\",\"status\",\"flags\",\"notes\",\"id\""
    );

    let plan = Store::open(&db).unwrap().load_plan().unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), plan.activities.len());
    let order = plan.activities_in_order();
    for (row, &i) in rows.iter().zip(&order) {
        let a = &plan.activities[i];
        let (sub, ind, goal) = plan.parents(a);
        assert_eq!(&row[0], goal.unwrap().code);
        assert_eq!(&row[1], ind.unwrap().code);
        assert_eq!(&row[2], sub.unwrap().code);
        assert_eq!(&row[3], a.code);
        assert_eq!(&row[4], a.text, "text round-trips unchanged");
        assert_eq!(&row[5], plan.actor_labels(&a.leads).join(";"));
        let co: Vec<&str> = row[6].split(';').filter(|s| !s.is_empty()).collect();
        assert_eq!(co, plan.actor_labels(&a.co_leads));
        assert!(["short", "medium", "long", "unscheduled"].contains(&&row[7]));
        assert_eq!(&row[7], a.lane.as_str());
        assert_eq!(&row[8], a.status.as_str());
        let flags: Vec<&str> = checks::flags(&plan, a).iter().map(|f| f.code()).collect();
        assert_eq!(&row[9], flags.join(";"));
        assert_eq!(&row[10], a.notes);
        assert_eq!(
            &row[11],
            a.id.to_string(),
            "the id column matches rows on import"
        );
    }
    // Inferred values are exported and named in flags.
    let r = rows.iter().find(|r| &r[3] == "1.1.1.2").unwrap();
    assert_eq!(&r[5], "MoHFW");
    assert_eq!(&r[7], "short");
    assert!(r[9].contains("inferred_lead") && r[9].contains("inferred_timeline"));
    // A code printed under another sub-indicator is flagged.
    let r = rows.iter().find(|r| &r[3] == "1.3.1.2").unwrap();
    assert!(r[9].contains("code_mismatch"));
}

#[test]
fn export_reflects_changes_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    drop(Store::open(&db).unwrap());
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("UPDATE activity SET lane = 'long', text = 'স্বাস্থ্য পরীক্ষা, \"quoted\"' WHERE code = '1.1.1.1'", [])
        .unwrap();
    drop(c);
    let out = dir.path().join("m.csv");
    let ok = Command::new(BIN)
        .args(["export", "--format", "csv", "--out"])
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .status()
        .unwrap();
    assert!(ok.success());
    let mut rdr = csv::Reader::from_path(&out).unwrap();
    let row = rdr
        .records()
        .map(Result::unwrap)
        .find(|r| &r[3] == "1.1.1.1")
        .unwrap();
    assert_eq!(&row[4], "স্বাস্থ্য পরীক্ষা, \"quoted\"");
    assert_eq!(&row[7], "long");
}

#[test]
fn errors_go_to_stderr_with_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let cases: Vec<Vec<String>> = vec![
        vec![
            "export".into(),
            "--format".into(),
            "pdf".into(),
            "--out".into(),
            "x".into(),
        ],
        vec!["export".into(), "--format".into(), "csv".into()],
        vec![
            "export".into(),
            "--format".into(),
            "csv".into(),
            "--out".into(),
            dir.path()
                .join("no/such/folder/m.csv")
                .display()
                .to_string(),
        ],
    ];
    for args in cases {
        let out = Command::new(BIN)
            .args(&args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} succeeded");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("framework-planner: "), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
    }
    // A newer database is named as such on stderr.
    let newer = dir.path().join("newer.sqlite");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 50;")
        .unwrap();
    let out = Command::new(BIN)
        .args(["export", "--format", "csv", "--out", "/dev/null", "--db"])
        .arg(&newer)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newer version"));
}
