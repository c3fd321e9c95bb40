//! Saved versions are recorded in the database and survive reopening and upgrades.

mod common;

use framework_planner::planfile::PlanFile;
use framework_planner::store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

#[test]
fn recorded_versions_are_listed_newest_first_and_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut store = Store::open(&db).unwrap();
    assert!(store.versions().unwrap().is_empty());
    let plan = store.load_plan().unwrap();

    let mut first = PlanFile::new(plan.clone(), None, "Rahima", "Day 1", "");
    first.saved_at -= chrono::Duration::hours(20);
    let second = PlanFile::new(
        plan,
        Some(first.version_id),
        "Rahima",
        "Day 2",
        "after review",
    );
    store
        .record_version(&first, &dir.path().join("v1.fwplan"))
        .unwrap();
    store
        .record_version(&second, &dir.path().join("v2.fwplan"))
        .unwrap();
    // Recording the same version again changes nothing.
    store
        .record_version(&second, &dir.path().join("copy.fwplan"))
        .unwrap();
    drop(store);

    let store = Store::open(&db).unwrap();
    let list = store.versions().unwrap();
    let labels: Vec<&str> = list.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(labels, ["Day 2", "Day 1"]);
    assert_eq!(list[0].based_on, Some(first.version_id));
    assert_eq!(list[0].sha256, second.sha256());
    assert_eq!(list[0].saved_at, second.saved_at);
    assert!(list[0].path.ends_with("v2.fwplan"));
    assert!(store.has_version(first.version_id).unwrap());
    assert!(!store.has_version(uuid::Uuid::new_v4()).unwrap());
    // The same bytes: the same version, whatever order the plan was loaded in.
    let back = |id| store.version_content(id).unwrap().to_bytes();
    assert!(back(second.version_id) == second.to_bytes());
    assert!(back(first.version_id) == first.to_bytes());

    let missing = store.version_content(uuid::Uuid::new_v4()).unwrap_err();
    assert!(
        matches!(missing, StoreError::NoSuchVersion { .. }),
        "{missing}"
    );
}

#[test]
fn a_damaged_version_in_the_database_is_reported_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let mut store = Store::open(&db).unwrap();
    let v = common::version_of(common::small_plan());
    store
        .record_version(&v, &dir.path().join("v.fwplan"))
        .unwrap();
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE version SET content = replace(content, 'Day 1', 'Day 9')",
            [],
        )
        .unwrap();
    let err = store.version_content(v.version_id).unwrap_err();
    assert!(
        err.to_string()
            .contains("edited outside the app or damaged"),
        "{err}"
    );
}

#[test]
fn a_database_from_before_the_history_gains_it_and_keeps_its_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite");
    let before = Store::open(&db).unwrap().load_plan().unwrap();
    // Turn it back into a schema 1 database: no version table, nor what later schemas added.
    {
        let c = Connection::open(&db).unwrap();
        c.execute_batch(
            "DROP TABLE reference_association; DROP TABLE reference_entry; DROP TABLE link; DROP TABLE change_log; DROP TABLE session; DROP TABLE comment;
             DROP TABLE version; PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let mut store = Store::open(&db).unwrap();
    assert_eq!(
        store.load_plan().unwrap().in_id_order(),
        before.in_id_order()
    );
    let v = PlanFile::new(before, None, "", "after upgrade", "");
    store
        .record_version(&v, &dir.path().join("v.fwplan"))
        .unwrap();
    assert_eq!(store.versions().unwrap().len(), 1);
    drop(store);
    let version: i64 = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 5);
}
