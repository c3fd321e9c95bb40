//! Compare (diff) and three-way merge of plans, matched by id.

use framework_planner::model::board::{self, GAP};
use framework_planner::model::{Activity, Id, Lane, Plan, Status};
use framework_planner::planfile::{
    self, ChangeKind, Choice, ConflictKind, EntityKind, Field, PlanFile, Tag, Value, diff, merge,
    resolve, word_diff,
};

fn bmgf() -> Plan {
    framework_planner::seed::bmgf().unwrap()
}

fn act<'a>(p: &'a mut Plan, code: &str) -> &'a mut Activity {
    p.activities.iter_mut().find(|a| a.code == code).unwrap()
}

fn actor(p: &Plan, abbreviation: &str) -> Id {
    p.actors
        .iter()
        .find(|a| a.abbreviation == abbreviation)
        .unwrap()
        .id
}

fn id_of(p: &Plan, code: &str) -> Id {
    p.activities.iter().find(|a| a.code == code).unwrap().id
}

fn sentences(a: &Plan, b: &Plan) -> Vec<String> {
    diff(a, b).iter().map(|c| c.sentence()).collect()
}

/// The ids of a lane, in board order.
fn lane_order(p: &Plan, lane: Lane) -> Vec<Id> {
    board::lanes(p)[board::lane_index(lane)]
        .iter()
        .map(|&i| p.activities[i].id)
        .collect()
}

/// The merged plan must be a plan a file can hold: written and read back, every reference
/// resolves.
fn assert_whole(p: &Plan) {
    let bytes = PlanFile::new(p.clone(), None, "", "", "").to_bytes();
    if let Err(e) = planfile::read(&bytes) {
        panic!("the merged plan is not whole: {e}");
    }
}

#[test]
fn changes_read_as_sentences() {
    let a = bmgf();
    let mut b = a.clone();
    act(&mut b, "4.5.1.2").lane = Lane::Medium;
    act(&mut b, "2.1.5.2").leads = vec![actor(&a, "MoC")];
    act(&mut b, "6.3.2.2").text.push_str(" and their families");
    act(&mut b, "1.1.1.1").status = Status::Agreed;
    act(&mut b, "1.1.1.2").inferred.lead = false;
    let got = sentences(&a, &b);
    for expected in [
        "4.5.1.2 moved from Short to Medium term",
        "lead of 2.1.5.2 changed from BB to MoC",
        "text of 6.3.2.2 edited",
        "status of 1.1.1.1 changed from proposed to agreed",
        "inferred lead of 1.1.1.2 confirmed",
    ] {
        assert!(
            got.contains(&expected.to_string()),
            "{expected:?} not in {got:#?}"
        );
    }
    assert_eq!(got.len(), 5, "{got:#?}");
    assert!(diff(&a, &a.clone()).is_empty());
}

#[test]
fn each_change_knows_its_goal_and_kind_for_filters() {
    let a = bmgf();
    let mut b = a.clone();
    act(&mut b, "4.5.1.2").lane = Lane::Long;
    act(&mut b, "6.3.2.2").notes = "check with MoE".into();
    let gone = b.activities.remove(0);
    let changes = diff(&a, &b);
    assert_eq!(changes.len(), 3);
    for c in &changes {
        let activity = a.activity(c.id).unwrap();
        let goal = a.parents(activity).2.unwrap();
        assert_eq!(c.goal_id, Some(goal.id), "{}", c.sentence());
        assert_eq!(c.entity, EntityKind::Activity);
    }
    let kinds: Vec<ChangeKind> = changes.iter().map(|c| c.kind).collect();
    assert!(kinds.contains(&ChangeKind::MovedLane));
    assert!(kinds.contains(&ChangeKind::NotesChanged));
    let removed = changes
        .iter()
        .find(|c| c.kind == ChangeKind::Removed)
        .unwrap();
    assert_eq!(removed.id, gone.id);
    // A removed activity shows its code and its text.
    assert_eq!(
        removed.sentence(),
        format!("{} removed: “{}”", gone.code, gone.text)
    );
}

#[test]
fn renumbering_positions_is_not_a_move_but_reordering_is() {
    let a = bmgf();
    let mut b = a.clone();
    for x in &mut b.activities {
        x.lane_pos = x.lane_pos * 3 + 7;
        x.outline_pos *= 10;
    }
    assert!(diff(&a, &b).is_empty(), "{:#?}", sentences(&a, &b));

    // Move the last card of the Short lane to the top: only it moved.
    let short = lane_order(&a, Lane::Short);
    let last = *short.last().unwrap();
    let top = a.activity(short[0]).unwrap().lane_pos;
    b.activities
        .iter_mut()
        .find(|x| x.id == last)
        .unwrap()
        .lane_pos = top * 3 + 7 - GAP;
    let changes = diff(&a, &b);
    assert_eq!(changes.len(), 1, "{:#?}", sentences(&a, &b));
    assert_eq!(changes[0].kind, ChangeKind::Reordered);
    assert_eq!(changes[0].id, last);
    let code = &a.activity(last).unwrap().code;
    assert_eq!(
        changes[0].sentence(),
        format!(
            "{code} moved up in Short term (from place {} to 1)",
            short.len()
        )
    );
}

#[test]
fn additions_and_edits_of_other_entities_are_listed() {
    let a = bmgf();
    let mut b = a.clone();
    b.goals[0].title.push_str(" (revised)");
    let mut new_actor = b.actors[0].clone();
    new_actor.id = uuid::Uuid::new_v4();
    new_actor.abbreviation = "NEWORG".into();
    b.actors.push(new_actor);
    let sub = b.sub_indicators[0].id;
    act(&mut b, "2.1.5.2").sub_indicator_id = sub;
    let got = sentences(&a, &b);
    let sub_code = &a.sub_indicators[0].code;
    assert!(
        got.contains(&format!("title of goal {} edited", a.goals[0].code)),
        "{got:#?}"
    );
    assert!(got.contains(&"actor NEWORG added".to_string()), "{got:#?}");
    assert!(
        got.contains(&format!(
            "2.1.5.2 moved from sub-indicator 2.1.5 to {sub_code}"
        )),
        "{got:#?}"
    );
}

#[test]
fn word_diff_highlights_the_changed_words() {
    let d = word_diff(
        "Providing skills training",
        "Providing entrepreneurship training",
    );
    assert_eq!(
        d,
        vec![
            (Tag::Equal, "Providing "),
            (Tag::Delete, "skills"),
            (Tag::Insert, "entrepreneurship"),
            (Tag::Equal, " training"),
        ]
    );
}

#[test]
fn disjoint_edits_merge_cleanly() {
    let base = bmgf();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    act(&mut ours, "4.5.1.2").lane = Lane::Medium;
    act(&mut ours, "6.3.2.2").text = "Ours: skills training".into();
    act(&mut theirs, "2.1.5.2").leads = vec![actor(&base, "MoC")];
    // Another field of an activity ours also edited.
    act(&mut theirs, "6.3.2.2").status = Status::Agreed;
    theirs.goals[1].title = "Theirs: a new title".into();

    let r = merge(&base, &ours, &theirs);
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    let m = &r.merged;
    let get = |code: &str| m.activities.iter().find(|a| a.code == code).unwrap();
    assert_eq!(get("4.5.1.2").lane, Lane::Medium);
    assert_eq!(get("6.3.2.2").text, "Ours: skills training");
    assert_eq!(get("6.3.2.2").status, Status::Agreed);
    assert_eq!(get("2.1.5.2").leads, vec![actor(&base, "MoC")]);
    assert_eq!(m.goals[1].title, "Theirs: a new title");
    // What the merge applied is exactly theirs' part.
    let applied: Vec<String> = r.applied.iter().map(|c| c.sentence()).collect();
    assert_eq!(applied.len(), 3, "{applied:#?}");
    assert!(applied.contains(&"lead of 2.1.5.2 changed from BB to MoC".to_string()));
    assert_whole(m);
}

#[test]
fn the_same_field_edited_on_both_sides_is_a_conflict() {
    let base = bmgf();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    act(&mut ours, "6.3.2.2").text = "Ours".into();
    act(&mut theirs, "6.3.2.2").text = "Theirs".into();
    act(&mut ours, "2.1.5.2").leads = vec![actor(&base, "MoC")];
    act(&mut theirs, "2.1.5.2").leads = vec![actor(&base, "MoC")];

    let r = merge(&base, &ours, &theirs);
    assert_eq!(
        r.conflicts.len(),
        1,
        "the same change on both sides is no conflict"
    );
    let c = &r.conflicts[0];
    assert_eq!(c.kind, ConflictKind::BothEdited);
    assert_eq!(c.field, Some(Field::Text));
    assert_eq!(c.label, "6.3.2.2");
    let base_text = base.activity(c.id).unwrap().text.clone();
    assert_eq!(c.base, Some(Value::Text(base_text)));
    assert_eq!(c.ours, Some(Value::Text("Ours".into())));
    assert_eq!(c.theirs, Some(Value::Text("Theirs".into())));
    assert!(c.goal_id.is_some());

    let mut m = r.merged.clone();
    assert_eq!(m.activity(c.id).unwrap().text, "Ours", "ours until chosen");
    resolve(&mut m, c, Choice::Theirs).unwrap();
    assert_eq!(m.activity(c.id).unwrap().text, "Theirs");
    resolve(
        &mut m,
        c,
        Choice::Edited(Value::Text("Both, edited".into())),
    )
    .unwrap();
    assert_eq!(m.activity(c.id).unwrap().text, "Both, edited");
    assert!(resolve(&mut m, c, Choice::Edited(Value::Bool(true))).is_err());
    assert_eq!(m.activity(c.id).unwrap().text, "Both, edited");
}

#[test]
fn deleting_what_the_other_side_edited_is_a_conflict() {
    let base = bmgf();
    let x = id_of(&base, "6.3.2.2");
    let y = id_of(&base, "1.1.1.1");
    let untouched = id_of(&base, "1.1.1.2");

    // Theirs deletes what ours edited; and deletes one that nobody edited.
    let mut ours = base.clone();
    act(&mut ours, "6.3.2.2").notes = "ours".into();
    let mut theirs = base.clone();
    theirs.activities.retain(|a| a.id != x && a.id != untouched);
    let r = merge(&base, &ours, &theirs);
    assert_eq!(r.conflicts.len(), 1, "{:#?}", r.conflicts);
    assert_eq!(r.conflicts[0].kind, ConflictKind::DeletedByTheirs);
    assert_eq!(r.conflicts[0].id, x);
    assert!(r.merged.activity(x).is_some(), "kept until chosen");
    assert!(r.merged.activity(untouched).is_none(), "a clean delete");
    let mut m = r.merged.clone();
    resolve(&mut m, &r.conflicts[0], Choice::Theirs).unwrap();
    assert!(m.activity(x).is_none());

    // Ours deletes what theirs edited.
    let mut ours = base.clone();
    ours.activities.retain(|a| a.id != y);
    let mut theirs = base.clone();
    act(&mut theirs, "1.1.1.1").status = Status::Agreed;
    let r = merge(&base, &ours, &theirs);
    assert_eq!(r.conflicts.len(), 1);
    let c = &r.conflicts[0];
    assert_eq!(c.kind, ConflictKind::DeletedByOurs);
    assert!(
        r.merged.activity(y).is_none(),
        "ours (deleted) until chosen"
    );
    let mut m = r.merged.clone();
    resolve(&mut m, c, Choice::Theirs).unwrap();
    assert_eq!(m.activity(y).unwrap().status, Status::Agreed);
    assert_whole(&m);
}

#[test]
fn deleting_a_parent_the_other_side_still_uses_keeps_it() {
    let base = bmgf();
    let sub = base.sub_indicators[0].clone();
    let mut theirs = base.clone();
    theirs.activities.retain(|a| a.sub_indicator_id != sub.id);
    theirs.sub_indicators.retain(|s| s.id != sub.id);
    let mut ours = base.clone();
    let mut added = ours
        .activities
        .iter()
        .find(|a| a.sub_indicator_id == sub.id)
        .unwrap()
        .clone();
    added.id = uuid::Uuid::new_v4();
    added.code = format!("{}.99", sub.code);
    ours.activities.push(added.clone());

    let r = merge(&base, &ours, &theirs);
    assert!(r.merged.sub_indicator(sub.id).is_some());
    assert!(r.merged.activity(added.id).is_some());
    assert!(
        r.conflicts
            .iter()
            .any(|c| c.kind == ConflictKind::DeletedByTheirs && c.id == sub.id),
        "{:#?}",
        r.conflicts
    );
    assert_whole(&r.merged);
}

#[test]
fn renumbered_codes_still_match_by_id() {
    let base = bmgf();
    let mut ours = base.clone();
    // Ours renumbers the activities of 2.1.5: 2.1.5.1 ↔ 2.1.5.2.
    let (one, two) = (id_of(&base, "2.1.5.1"), id_of(&base, "2.1.5.2"));
    ours.activities
        .iter_mut()
        .find(|a| a.id == one)
        .unwrap()
        .code = "2.1.5.2".into();
    ours.activities
        .iter_mut()
        .find(|a| a.id == two)
        .unwrap()
        .code = "2.1.5.1".into();
    // Theirs edits the text of what was 2.1.5.2.
    let mut theirs = base.clone();
    act(&mut theirs, "2.1.5.2").text = "Theirs: investment in bonds".into();

    let r = merge(&base, &ours, &theirs);
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    let moved = r.merged.activity(two).unwrap();
    assert_eq!(moved.code, "2.1.5.1", "ours' code");
    assert_eq!(moved.text, "Theirs: investment in bonds", "theirs' text");
    let applied: Vec<String> = r.applied.iter().map(|c| c.sentence()).collect();
    assert_eq!(applied, vec!["text of 2.1.5.1 edited".to_string()]);
}

#[test]
fn concurrent_moves_of_different_cards_do_not_conflict() {
    let base = bmgf();
    let short = lane_order(&base, Lane::Short);
    let (a, b) = (short[3], short[5]);
    // Ours moves a to the top of Short.
    let mut ours = base.clone();
    let top = base.activity(short[0]).unwrap().lane_pos;
    ours.activities
        .iter_mut()
        .find(|x| x.id == a)
        .unwrap()
        .lane_pos = top - GAP;
    // Theirs moves b to the end of Short and renumbers the whole lane while doing so.
    let mut theirs = base.clone();
    let mut order: Vec<Id> = short.iter().copied().filter(|&x| x != b).collect();
    order.push(b);
    for (i, id) in order.iter().enumerate() {
        theirs
            .activities
            .iter_mut()
            .find(|x| x.id == *id)
            .unwrap()
            .lane_pos = (i as i64 + 1) * 7;
    }
    // And moves another card from Long to Medium.
    let long = lane_order(&base, Lane::Long)[0];
    theirs
        .activities
        .iter_mut()
        .find(|x| x.id == long)
        .unwrap()
        .lane = Lane::Medium;

    let r = merge(&base, &ours, &theirs);
    assert!(r.conflicts.is_empty(), "{:#?}", r.conflicts);
    let merged = lane_order(&r.merged, Lane::Short);
    assert_eq!(merged.first(), Some(&a), "ours' move kept");
    assert_eq!(merged.last(), Some(&b), "theirs' move applied");
    assert_eq!(merged.len(), short.len());
    assert_eq!(r.merged.activity(long).unwrap().lane, Lane::Medium);
    // Theirs' renumbering did not reach the merged plan: only the moves did.
    let kinds: Vec<ChangeKind> = r.applied.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![ChangeKind::Reordered, ChangeKind::MovedLane],
        "{:#?}",
        r.applied
    );

    // Both moving the same card to different places is a conflict.
    let mut ours2 = ours.clone();
    ours2
        .activities
        .iter_mut()
        .find(|x| x.id == b)
        .unwrap()
        .lane = Lane::Long;
    let r = merge(&base, &ours2, &theirs);
    assert_eq!(r.conflicts.len(), 1, "{:#?}", r.conflicts);
    assert_eq!(r.conflicts[0].field, Some(Field::Placement));
    assert!(
        r.conflicts[0]
            .sentence()
            .contains("ours Long term, theirs Short term")
    );
}

#[test]
fn merging_with_no_changes_on_one_side_gives_the_other() {
    let base = bmgf();
    let mut theirs = base.clone();
    act(&mut theirs, "4.5.1.2").lane = Lane::Long;
    theirs.activities.remove(7);
    let r = merge(&base, &base, &theirs);
    assert!(r.conflicts.is_empty());
    assert!(
        diff(&r.merged, &theirs).is_empty(),
        "{:#?}",
        diff(&r.merged, &theirs)
    );
    let r = merge(&base, &theirs, &base);
    assert!(r.conflicts.is_empty() && r.applied.is_empty());
}
