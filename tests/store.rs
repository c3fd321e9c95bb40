//! Opening, creating, seeding and refusing databases.

use framework_planner::store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

fn count(path: &std::path::Path, table: &str) -> i64 {
    let c = Connection::open(path).unwrap();
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_fresh_database_is_created_and_seeded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/plan.sqlite");
    let store = Store::open(&path).unwrap();
    let plan = store.load_plan().unwrap();
    assert_eq!(plan.activities.len(), 121);
    assert_eq!(plan.goals.len(), 6);
    drop(store);
    let c = Connection::open(&path).unwrap();
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn reopening_does_not_seed_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.sqlite");
    let first = Store::open(&path).unwrap().load_plan().unwrap();
    let second = Store::open(&path).unwrap().load_plan().unwrap();
    assert_eq!(count(&path, "plan"), 1);
    assert_eq!(count(&path, "activity"), 121);
    assert_eq!(count(&path, "actor"), first.actors.len() as i64);
    assert_eq!(first.activities.len(), second.activities.len());
    // The loaded plan is the seeded plan, field by field.
    let seeded = framework_planner::seed::bmgf().unwrap();
    let sort = |mut v: Vec<framework_planner::model::Activity>| {
        v.sort_by_key(|a| a.id);
        v
    };
    assert_eq!(sort(second.activities), sort(seeded.activities));
}

#[test]
fn a_newer_schema_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(
        matches!(err, StoreError::NewerSchema { found: 999, .. }),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("newer version") && msg.contains("left unchanged"),
        "{msg}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_corrupt_file_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        (
            "text.sqlite",
            b"this is not a database at all, just some text\n".repeat(100),
        ),
        ("zeros.sqlite", vec![0u8; 8192]),
        ("header-only.sqlite", {
            let mut v = b"SQLite format 3\0".to_vec();
            v.extend(std::iter::repeat_n(0xAB, 4096));
            v
        }),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = Store::open(&path)
            .err()
            .unwrap_or_else(|| panic!("{name} accepted"));
        assert!(
            matches!(err, StoreError::NotADatabase { .. }),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains("left unchanged"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was modified");
    }
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE customers (id, name);")
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
