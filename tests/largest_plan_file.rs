//! The writer and the reader agree: the largest supported plan is written and read back, and
//! what the reader would refuse is never written.

use framework_planner::planfile::{self, MAX_ACTIVITIES, MAX_BYTES, PlanFile, WriteError};

#[test]
fn a_plan_of_the_largest_supported_size_is_saved_and_read_back() {
    const { assert!(MAX_ACTIVITIES >= 100_000) };
    let plan = framework_planner::bench::synthetic_plan(MAX_ACTIVITIES).unwrap();
    let file = PlanFile::new(plan, None, "bench", "100,000 activities", "");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("largest.fwplan");
    planfile::write(&path, &file).unwrap();

    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!("{MAX_ACTIVITIES} activities: {size} bytes");
    assert!(size <= MAX_BYTES, "{size} bytes");
    // Over the size kept pretty-printed, the file is compact JSON: one line.
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > planfile::PRETTY_MAX_BYTES);
    assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count(), 1);
    drop(bytes);

    let back = planfile::read_path(&path).unwrap();
    assert_eq!(back.plan.activities.len(), MAX_ACTIVITIES);
    assert_eq!(back.sha256(), file.sha256());
    assert_eq!(back.plan.in_id_order(), file.plan.in_id_order());
}

#[test]
fn the_bmgf_plan_file_stays_readable_json() {
    let plan = framework_planner::seed::bmgf().unwrap();
    let bytes = PlanFile::new(plan, None, "", "", "").to_bytes();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("{\n  \"format\": \"framework-planner-plan\""));
    assert!(text.lines().count() > 1000, "one member per line");
}

#[test]
fn a_plan_too_large_to_read_back_is_not_written() {
    let mut plan = framework_planner::seed::bmgf().unwrap();
    // A note larger than any plan file may be, pasted into one activity.
    plan.activities[0].notes = "x".repeat(MAX_BYTES as usize + 1);
    let file = PlanFile::new(plan, None, "", "", "");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("too large.fwplan");
    std::fs::write(&path, b"the file that was there").unwrap();

    let err = planfile::write(&path, &file).unwrap_err();
    assert!(matches!(err, WriteError::TooLarge { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("Nothing was written"), "{text}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"the file that was there",
        "the file there is unchanged"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

/// A large plan's file is written as it is made, with the reader's checks alongside: a plan
/// the reader would refuse leaves the file that was there as it was, and nothing else.
#[test]
fn a_large_plan_the_reader_would_refuse_is_not_written() {
    let mut plan = framework_planner::seed::bmgf().unwrap();
    // Large enough to be streamed, and an id used twice.
    plan.activities[0].notes = "x".repeat(planfile::PRETTY_MAX_BYTES + 1);
    plan.activities[1].id = plan.activities[2].id;
    let file = PlanFile::new(plan, None, "", "", "");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("refused.fwplan");
    std::fs::write(&path, b"the file that was there").unwrap();

    let err = planfile::write(&path, &file).unwrap_err();
    assert!(matches!(err, WriteError::Unreadable { .. }), "{err}");
    assert!(err.to_string().contains("Nothing was written"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), b"the file that was there");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

/// A large plan's streamed file is byte for byte the file made in memory.
#[test]
fn a_streamed_file_is_the_file_made_in_memory() {
    let mut plan = framework_planner::bench::synthetic_plan(40_000).unwrap();
    plan.links = framework_planner::bench::synthetic_links(&plan);
    plan.activities[7].notes = "a \"quoted\" note\nwith a tab\t and a \u{1} control".into();
    let file = PlanFile::new(plan, None, "me", "large", "");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.fwplan");
    planfile::write(&path, &file).unwrap();
    let written = std::fs::read(&path).unwrap();
    assert!(written.len() > planfile::PRETTY_MAX_BYTES);
    assert!(written == file.to_bytes());
}
