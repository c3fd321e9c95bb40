//! Saving a version to a plan file and reading it back.

mod common;

use framework_planner::planfile::{self, PlanFile, ReadError};
use framework_planner::store::Store;

#[test]
fn save_then_read_gives_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("plan.sqlite")).unwrap();
    let plan = store.load_plan().unwrap();
    let version = PlanFile::new(plan.clone(), None, "Rahima", "Day 1", "after goal 2 review");
    let path = dir.path().join("BMGF action plan — v1.fwplan");
    planfile::write(&path, &version).unwrap();

    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!("BMGF plan file: {size} bytes");
    assert!(size < 1024 * 1024, "the BMGF plan file is {size} bytes");

    let back = planfile::read_path(&path).unwrap();
    assert_eq!(back.plan.in_id_order(), plan.in_id_order());
    assert_eq!(back.version_id, version.version_id);
    assert_eq!(back.based_on, None);
    assert_eq!(back.saved_at, version.saved_at);
    assert_eq!(
        (
            back.author.as_str(),
            back.label.as_str(),
            back.note.as_str()
        ),
        ("Rahima", "Day 1", "after goal 2 review")
    );
    assert_eq!(back.sha256(), version.sha256());
}

#[test]
fn read_then_write_gives_the_same_bytes() {
    let plan = framework_planner::seed::bmgf().unwrap();
    let first = PlanFile::new(plan, Some(uuid::Uuid::new_v4()), "A", "L", "N").to_bytes();
    let again = planfile::read(&first).unwrap().to_bytes();
    assert_eq!(first, again);

    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.fwplan"), dir.path().join("b.fwplan"));
    std::fs::write(&a, &first).unwrap();
    planfile::write(&b, &planfile::read_path(&a).unwrap()).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn the_same_plan_saves_to_the_same_bytes_whatever_its_order_in_memory() {
    let plan = common::small_plan();
    let mut shuffled = plan.clone();
    shuffled.activities.reverse();
    shuffled.actors.rotate_left(1);
    assert_eq!(
        common::version_of(plan).to_bytes(),
        common::version_of(shuffled).to_bytes()
    );
}

#[test]
fn an_edit_outside_the_app_is_detected() {
    let bytes = common::version_of(common::small_plan()).to_bytes();
    let text = String::from_utf8(bytes).unwrap();
    for (from, to) in [
        ("\"short\"", "\"long\""),
        ("Day 1", "Day 2"),
        ("Safe migration", "Safe  migration"),
        ("\"lane_pos\": 2048", "\"lane_pos\": 2049"),
    ] {
        assert!(text.contains(from), "{from}");
        let edited = text.replacen(from, to, 1);
        let err = planfile::read(edited.as_bytes()).unwrap_err();
        assert!(matches!(err, ReadError::ChecksumMismatch), "{from}: {err}");
        assert!(
            err.to_string()
                .contains("edited outside the app or damaged")
        );
    }
    // Whitespace between values is not content.
    let reflowed = text.replace(",\n", " ,\n\t");
    assert!(planfile::read(reflowed.as_bytes()).is_ok());
}

#[test]
fn writing_replaces_a_file_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.fwplan");
    std::fs::write(&path, "old").unwrap();
    let version = common::version_of(common::small_plan());
    planfile::write(&path, &version).unwrap();
    assert_eq!(planfile::read_path(&path).unwrap(), version);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );

    let missing = dir.path().join("no/such/folder/v.fwplan");
    let err = planfile::write(&missing, &version).unwrap_err();
    assert!(
        err.to_string().contains("Nothing was written there"),
        "{err}"
    );
    assert!(!missing.exists());
}

#[test]
fn bangla_text_round_trips_through_the_plan_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("plan.sqlite")).unwrap();
    let mut plan = store.load_plan().unwrap();
    let bangla = "প্রত্যাবর্তনকারী অভিবাসীদের জন্য পুনঃএকীকরণ সহায়তা";
    let id = plan.activities[0].id;
    plan.activities[0].text = bangla.to_owned();
    plan.activities[0].notes = "কর্মশালায় আলোচিত".to_owned();
    let version = PlanFile::new(plan.clone(), None, "রহিমা", "খসড়া ১", "লক্ষ্য ২");
    let path = dir.path().join("পরিকল্পনা.fwplan");
    planfile::write(&path, &version).unwrap();

    let back = planfile::read_path(&path).unwrap();
    assert_eq!(
        back.plan.activity(id).map(|a| a.text.as_str()),
        Some(bangla)
    );
    assert_eq!(back.plan.in_id_order(), plan.in_id_order());
    assert_eq!(
        (
            back.author.as_str(),
            back.label.as_str(),
            back.note.as_str()
        ),
        ("রহিমা", "খসড়া ১", "লক্ষ্য ২")
    );
}

/// The writer checks the plan with the reader's rules, not by parsing its own bytes back: what
/// the reader would refuse is refused with the reader's reason, and nothing is written.
#[test]
fn the_writer_refuses_what_the_reader_would_refuse_with_its_reason() {
    use framework_planner::planfile::WriteError;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.fwplan");
    let base = common::small_plan();
    type Damage = Box<dyn Fn(&mut framework_planner::model::Plan)>;
    let cases: Vec<(&str, Damage)> = vec![
        (
            "used twice",
            Box::new(|p| p.activities[1].id = p.activities[0].id),
        ),
        (
            "does not contain",
            Box::new(|p| p.activities[0].leads = vec![common::id(999)]),
        ),
        (
            "twice as co-lead",
            Box::new(|p| {
                let x = p.actors[2].id;
                p.activities[0].co_leads = vec![x, x];
            }),
        ),
        (
            "share the abbreviation",
            Box::new(|p| p.actors[1].abbreviation = p.actors[0].abbreviation.clone()),
        ),
    ];
    for (why, damage) in cases {
        let mut plan = base.clone();
        damage(&mut plan);
        let err = planfile::write(&path, &PlanFile::new(plan, None, "A", "L", "")).unwrap_err();
        match &err {
            WriteError::Unreadable { detail } => assert!(detail.contains(why), "{detail}"),
            other => panic!("{why}: {other}"),
        }
        assert!(!path.exists(), "{why}: nothing written");
    }
    // The same plan undamaged is written, and reads back.
    planfile::write(&path, &PlanFile::new(base.clone(), None, "A", "L", "")).unwrap();
    assert_eq!(
        planfile::read_path(&path).unwrap().plan.in_id_order(),
        base.in_id_order()
    );
}
