//! Every kind of edit is applied, saved, undone and redone through the App, with the plan in
//! memory and on disk compared after each step.

mod edit_support;

use edit_support::Fixture;
use framework_planner::app::{Command, Edit, MainView, Role, new_actor};
use framework_planner::model::board::lane_index;
use framework_planner::model::edit::Confirm;
use framework_planner::model::{ActorKind, Lane, Status};

/// The codes of a sub-indicator's activities, checked to be `sub.1` … `sub.n` in outline order,
/// so tests can reason about the next free number.
fn assert_numbered_in_order(t: &Fixture, sub: &str) -> usize {
    let acts = t.acts_under(t.sub_id(sub));
    let codes: Vec<String> = acts.iter().map(|a| a.code.clone()).collect();
    let expected: Vec<String> = (1..=acts.len()).map(|n| format!("{sub}.{n}")).collect();
    assert_eq!(codes, expected, "seeded codes under {sub}");
    acts.len()
}

#[test]
fn activity_text_code_and_notes_are_edited_saved_and_undone() {
    let mut t = Fixture::new();
    let n = assert_numbered_in_order(&t, "1.1.1");
    let last = format!("1.1.1.{n}");

    // Text, with spaces around it that are not kept.
    let mut a = t.act("1.1.1.1");
    a.text = "  Health check-up on arrival and before departure  ".into();
    t.round_trip(Edit::Activity(a.clone()));
    assert_eq!(
        t.act_by_id(a.id).text,
        "Health check-up on arrival and before departure"
    );

    // Code: a free number under the same sub-indicator.
    let mut b = t.act(&last);
    let free = format!("1.1.1.{}", n + 5);
    b.code = free.clone();
    t.round_trip(Edit::Activity(b.clone()));
    assert_eq!(t.act_by_id(b.id).code, free);
    assert!(
        t.app
            .derived
            .flags_of(b.id)
            .iter()
            .all(|f| f.code() != "code_mismatch")
    );

    // Notes.
    let mut c = t.act("1.1.1.2");
    c.notes = "Discussed in the first workshop; MoHFW to confirm.".into();
    t.round_trip(Edit::Activity(c.clone()));
    assert_eq!(t.act_by_id(c.id).notes, c.notes);
}

#[test]
fn an_edit_that_changes_nothing_adds_no_undo_step() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    t.edit(Edit::Activity(a));
    assert!(t.app.history.undo.is_empty());
    assert!(t.app.view.field_error.is_none());
}

#[test]
fn choosing_lead_and_co_leads_keeps_their_order_and_clears_the_inferred_marks() {
    let mut t = Fixture::new();
    // 1.1.1.2's lead, co-lead and timeline were all inferred from merged cells.
    let a = t.act("1.1.1.2");
    assert!(a.inferred.lead && a.inferred.co_leads && a.inferred.timeline);
    let (bb, moewoe, mofa, mole) = (
        t.actor("BB").id,
        t.actor("MoEWOE").id,
        t.actor("MoFA").id,
        t.actor("MoLE").id,
    );

    // Lead: only the lead's mark goes.
    let mut new = a.clone();
    new.leads = vec![bb];
    t.round_trip(Edit::Activity(new));
    let now = t.act_by_id(a.id);
    assert_eq!(now.leads, vec![bb]);
    assert!(!now.inferred.lead);
    assert!(now.inferred.co_leads && now.inferred.timeline);

    // Several co-leads, in the order given: the co-leads' mark goes.
    let mut new = now.clone();
    new.co_leads = vec![moewoe, mofa, mole];
    t.round_trip(Edit::Activity(new));
    let now = t.act_by_id(a.id);
    assert_eq!(now.co_leads, vec![moewoe, mofa, mole]);
    assert!(!now.inferred.co_leads && now.inferred.timeline);
    assert_eq!(t.saved().activity(a.id).unwrap().co_leads, now.co_leads);

    // Reordering alone is a change, and the order is what is saved.
    let mut new = now.clone();
    new.co_leads = vec![mole, moewoe, mofa];
    t.round_trip(Edit::Activity(new));
    assert_eq!(
        t.saved().activity(a.id).unwrap().co_leads,
        vec![mole, moewoe, mofa]
    );

    // A lane chosen in the panel is no longer inferred either.
    let mut new = t.act_by_id(a.id);
    new.lane = Lane::Long;
    t.round_trip(Edit::Activity(new));
    let now = t.act_by_id(a.id);
    assert_eq!(now.lane, Lane::Long);
    assert!(!now.inferred.timeline);
}

#[test]
fn status_is_set_saved_and_undone() {
    let mut t = Fixture::new();
    let a = t.act("2.1.5.1");
    assert_eq!(a.status, Status::Proposed);
    for status in [Status::Agreed, Status::NeedsRevision, Status::Dropped] {
        t.round_trip(Edit::SetStatus { id: a.id, status });
        assert_eq!(t.act_by_id(a.id).status, status);
    }
    // Setting the status it has already is no step.
    let steps = t.app.history.undo.len();
    t.edit(Edit::SetStatus {
        id: a.id,
        status: Status::Dropped,
    });
    assert_eq!(t.app.history.undo.len(), steps);
}

#[test]
fn a_new_activity_takes_the_next_free_code_and_is_selected() {
    let mut t = Fixture::new();
    t.handle(Command::ShowView(MainView::Board));
    let n = assert_numbered_in_order(&t, "1.1.1");
    let sub = t.sub_id("1.1.1");
    // Where the plan, read whole, says a new activity goes; the window reads its sorted lists.
    let Ok(ops) =
        framework_planner::model::edit::add_activity(&t.app.plan, sub, uuid::Uuid::nil(), "x")
    else {
        panic!("an activity can be added under 1.1.1");
    };
    let Some(framework_planner::model::Op::Create(
        framework_planner::model::record::Entity::Activity(expected),
    )) = ops.last()
    else {
        panic!("adding creates an activity");
    };
    let expected = expected.clone();
    let after = t.round_trip(Edit::AddActivity { sub });

    let id = t.app.view.selected.expect("the new activity is selected");
    let a = t.act_by_id(id);
    assert_eq!(a.code, format!("1.1.1.{}", n + 1));
    assert_eq!(a.sub_indicator_id, sub);
    assert_eq!(a.lane, Lane::Unscheduled);
    assert_eq!(a.status, Status::Proposed);
    assert!(a.leads.is_empty() && a.co_leads.is_empty());
    assert!(!a.text.trim().is_empty());
    assert_eq!(
        t.acts_under(sub).last().unwrap().id,
        id,
        "last in the outline"
    );
    assert_eq!(
        (a.lane_pos, a.outline_pos),
        (expected.lane_pos, expected.outline_pos)
    );
    let unscheduled = &t.app.derived.lanes[lane_index(Lane::Unscheduled)];
    assert_eq!(
        t.app.plan.activities[*unscheduled.last().unwrap()].id,
        id,
        "last in its lane"
    );
    assert_eq!(after.activities.len(), 122);
    // It stays where it was added, in view, its text field ready for typing.
    assert_eq!(t.app.view.main, MainView::Board);
    assert_eq!(t.app.view.reveal, Some(id));
    assert_eq!(
        t.app.view.focus_field,
        Some((id, framework_planner::app::TextField::Text))
    );

    // Under 1.3.1 the seed has 1.3.1.1 there and 1.3.1.2 printed under 1.3.2: the number 2
    // is taken, so the new one is 1.3.1.3.
    assert_eq!(t.act("1.3.1.2").sub_indicator_id, t.sub_id("1.3.2"));
    let sub = t.sub_id("1.3.1");
    assert_eq!(t.acts_under(sub).len(), 1);
    t.round_trip(Edit::AddActivity { sub });
    let a = t.act_by_id(t.app.view.selected.unwrap());
    assert_eq!(a.code, "1.3.1.3");
}

#[test]
fn a_duplicate_sits_right_after_its_original_with_the_next_free_code() {
    let mut t = Fixture::new();
    let n = assert_numbered_in_order(&t, "1.1.1");
    let orig = t.act("1.1.1.2");
    t.round_trip(Edit::Duplicate(orig.id));

    let id = t.app.view.selected.expect("the copy is selected");
    assert_ne!(id, orig.id);
    let copy = t.act_by_id(id);
    assert_eq!(copy.code, format!("1.1.1.{}", n + 1));
    assert_eq!(copy.text, orig.text);
    assert_eq!(copy.leads, orig.leads);
    assert_eq!(copy.co_leads, orig.co_leads);
    assert_eq!(copy.lane, orig.lane);
    assert_eq!(copy.status, orig.status);
    assert_eq!(copy.source_line, None);
    assert!(copy.source_note.is_empty());

    let order: Vec<_> = t
        .acts_under(orig.sub_indicator_id)
        .iter()
        .map(|a| a.id)
        .collect();
    let at = order.iter().position(|&x| x == orig.id).unwrap();
    assert_eq!(order[at + 1], id, "next in the outline");

    let lane = &t.app.derived.lanes[lane_index(orig.lane)];
    let pos = |id| {
        lane.iter()
            .position(|&i| t.app.plan.activities[i].id == id)
            .unwrap()
    };
    assert_eq!(pos(id), pos(orig.id) + 1, "next on the board");
}

#[test]
fn deleting_an_activity_is_undone_with_its_assignments() {
    let mut t = Fixture::new();
    let a = t.act("4.4.2.5");
    assert!(!a.leads.is_empty() && !a.co_leads.is_empty());
    t.handle(Command::Select(Some(a.id)));
    let after = t.round_trip(Edit::Delete(a.id));
    assert!(after.activity(a.id).is_none());
    assert_eq!(
        t.app.view.selected, None,
        "the deleted card is no longer selected"
    );
    t.undo();
    assert_eq!(
        t.saved().activity(a.id),
        Some(&a),
        "restored, assignments in order"
    );
}

#[test]
fn deleting_a_goal_takes_its_whole_branch_and_undo_restores_it() {
    let mut t = Fixture::new();
    let goal = t.goal_id("1");
    let before = t.app.plan.clone();
    let inds: Vec<_> = before
        .indicators
        .iter()
        .filter(|i| i.goal_id == goal)
        .map(|i| i.id)
        .collect();
    let subs: Vec<_> = before
        .sub_indicators
        .iter()
        .filter(|s| inds.contains(&s.indicator_id))
        .map(|s| s.id)
        .collect();
    let acts: Vec<_> = before
        .activities
        .iter()
        .filter(|a| subs.contains(&a.sub_indicator_id))
        .map(|a| a.id)
        .collect();
    assert!(!inds.is_empty() && !subs.is_empty() && !acts.is_empty());

    let after = t.round_trip(Edit::Delete(goal));
    assert!(after.goal(goal).is_none());
    assert!(inds.iter().all(|&i| after.indicator(i).is_none()));
    assert!(subs.iter().all(|&s| after.sub_indicator(s).is_none()));
    assert!(acts.iter().all(|&a| after.activity(a).is_none()));
    assert_eq!(after.goals.len(), before.goals.len() - 1);
    assert_eq!(after.indicators.len(), before.indicators.len() - inds.len());
    assert_eq!(
        after.sub_indicators.len(),
        before.sub_indicators.len() - subs.len()
    );
    assert_eq!(after.activities.len(), before.activities.len() - acts.len());
    assert_eq!(after.actors, before.in_id_order().actors);

    t.undo();
    assert_eq!(t.saved().in_id_order(), before.in_id_order());
}

#[test]
fn deleting_an_indicator_or_a_sub_indicator_takes_what_is_under_it() {
    let mut t = Fixture::new();
    let sub = t.sub_id("2.1.5");
    let n = t.acts_under(sub).len();
    let before = t.app.plan.activities.len();
    let after = t.round_trip(Edit::Delete(sub));
    assert!(after.sub_indicator(sub).is_none());
    assert_eq!(after.activities.len(), before - n);

    let ind = t.indicator_id("4.4");
    let subs: Vec<_> = t
        .app
        .plan
        .sub_indicators
        .iter()
        .filter(|s| s.indicator_id == ind)
        .map(|s| s.id)
        .collect();
    let after = t.round_trip(Edit::Delete(ind));
    assert!(after.indicator(ind).is_none());
    assert!(
        after
            .activities
            .iter()
            .all(|a| !subs.contains(&a.sub_indicator_id))
    );
}

#[test]
fn reparenting_gives_the_next_code_under_the_new_sub_indicator() {
    let mut t = Fixture::new();
    let n = assert_numbered_in_order(&t, "2.1.5");
    let a = t.act("1.1.1.2");
    let to = t.sub_id("2.1.5");
    t.round_trip(Edit::Reparent { id: a.id, sub: to });
    let now = t.act_by_id(a.id);
    assert_eq!(now.sub_indicator_id, to);
    assert_eq!(now.code, format!("2.1.5.{}", n + 1));
    assert_eq!(t.acts_under(to).last().unwrap().id, a.id, "at the end");
    assert_eq!(now.text, a.text);
    assert_eq!(now.leads, a.leads);
    assert!(
        t.app
            .derived
            .flags_of(a.id)
            .iter()
            .all(|f| f.code() != "code_mismatch")
    );

    // Moving it to where it is already is no step.
    let steps = t.app.history.undo.len();
    t.edit(Edit::Reparent { id: a.id, sub: to });
    assert_eq!(t.app.history.undo.len(), steps);
}

#[test]
fn each_inferred_value_is_confirmed_on_its_own() {
    let mut t = Fixture::new();
    let a = t.act("4.4.2.5");
    assert!(a.inferred.lead && a.inferred.co_leads && a.inferred.timeline);

    t.round_trip(Edit::Confirm {
        id: a.id,
        what: Confirm::Lead,
    });
    let now = t.act_by_id(a.id).inferred;
    assert!(!now.lead && now.co_leads && now.timeline);

    t.round_trip(Edit::Confirm {
        id: a.id,
        what: Confirm::CoLeads,
    });
    let now = t.act_by_id(a.id).inferred;
    assert!(!now.lead && !now.co_leads && now.timeline);

    t.round_trip(Edit::Confirm {
        id: a.id,
        what: Confirm::Timeline,
    });
    let now = t.act_by_id(a.id);
    assert!(!now.inferred.timeline);
    assert_eq!(
        (now.leads, now.co_leads, now.lane),
        (a.leads, a.co_leads, a.lane)
    );

    // Confirming what is confirmed already is no step.
    let steps = t.app.history.undo.len();
    t.edit(Edit::Confirm {
        id: a.id,
        what: Confirm::Lead,
    });
    assert_eq!(t.app.history.undo.len(), steps);
}

#[test]
fn goals_indicators_and_sub_indicators_are_edited() {
    let mut t = Fixture::new();
    let free_goal = (t.app.plan.goals.len() + 3).to_string();
    let mut g = t.app.plan.goal(t.goal_id("6")).unwrap().clone();
    g.code = free_goal.clone();
    g.title = "Safe, orderly and regular migration".into();
    t.round_trip(Edit::Goal(g.clone()));
    assert_eq!(t.app.plan.goal(g.id), Some(&g));

    let mut i = t.app.plan.indicator(t.indicator_id("2.1")).unwrap().clone();
    i.code = "2.9".into();
    i.title = "Institutions".into();
    t.round_trip(Edit::Indicator(i.clone()));
    assert_eq!(t.app.plan.indicator(i.id), Some(&i));

    let mut s = t.app.plan.sub_indicator(t.sub_id("1.1.1")).unwrap().clone();
    s.code = "1.1.9".into();
    s.title = "Health care for all migrants".into();
    t.round_trip(Edit::SubIndicator(s.clone()));
    assert_eq!(t.app.plan.sub_indicator(s.id), Some(&s));

    // A title alone may change under a code printed askew in the source.
    let mut s = t.app.plan.sub_indicator(t.sub_id("2.1.5")).unwrap().clone();
    s.title = "Diaspora engaged".into();
    t.round_trip(Edit::SubIndicator(s.clone()));
    assert_eq!(t.app.plan.sub_indicator(s.id).unwrap().title, s.title);
}

#[test]
fn new_goals_indicators_and_sub_indicators_take_the_next_codes() {
    let mut t = Fixture::new();
    let goals = t.app.plan.goals.len();
    t.round_trip(Edit::AddGoal);
    let g = t.app.view.selected.expect("the new goal is selected");
    let goal = t.app.plan.goal(g).unwrap().clone();
    assert_eq!(goal.code, (goals + 1).to_string());
    assert!(
        t.app
            .plan
            .goals
            .iter()
            .all(|x| x.id == g || x.position < goal.position),
        "last in order"
    );

    // A new indicator under the new goal is its first; one under goal 1 follows its last.
    t.round_trip(Edit::AddIndicator { goal: g });
    let first = t.app.view.selected.unwrap();
    assert_eq!(
        t.app.plan.indicator(first).unwrap().code,
        format!("{}.1", goal.code)
    );
    let g1 = t.goal_id("1");
    let under_g1 = t
        .app
        .plan
        .indicators
        .iter()
        .filter(|i| i.goal_id == g1)
        .count();
    t.round_trip(Edit::AddIndicator { goal: g1 });
    let i = t.app.plan.indicator(t.app.view.selected.unwrap()).unwrap();
    assert_eq!(i.code, format!("1.{}", under_g1 + 1));
    assert_eq!(i.goal_id, g1);

    let ind = t.indicator_id("1.3");
    let under = t
        .app
        .plan
        .sub_indicators
        .iter()
        .filter(|s| s.indicator_id == ind)
        .count();
    t.round_trip(Edit::AddSubIndicator { indicator: ind });
    let s = t
        .app
        .plan
        .sub_indicator(t.app.view.selected.unwrap())
        .unwrap();
    assert_eq!(s.code, format!("1.3.{}", under + 1));
    assert_eq!(s.indicator_id, ind);
    assert!(s.baseline.is_empty() && s.source_line.is_none());
}

#[test]
fn an_actor_is_edited_and_its_new_abbreviation_shows_everywhere() {
    let mut t = Fixture::new();
    let mut a = t.actor("UN");
    let user = t.act("1.1.1.4");
    assert!(user.co_leads.contains(&a.id));
    a.abbreviation = "UNHCR".into();
    a.full_name = "United Nations High Commissioner for Refugees".into();
    a.kind = ActorKind::UnOrInternational;
    a.notes = "Named in the workshop.".into();
    t.round_trip(Edit::Actor(a.clone()));
    assert_eq!(t.app.plan.actor(a.id), Some(&a));
    let labels = t.app.plan.actor_labels(&t.act_by_id(user.id).co_leads);
    assert!(labels.contains(&"UNHCR".to_string()), "{labels:?}");
}

#[test]
fn actors_are_added_alone_or_assigned_in_the_same_step() {
    let mut t = Fixture::new();
    let mut plain = new_actor("  ILO ");
    plain.full_name = "International Labour Organization".into();
    t.round_trip(Edit::AddActor {
        actor: plain.clone(),
        assign: None,
    });
    assert_eq!(t.actor("ILO").id, plain.id, "saved trimmed");

    // As lead: replaces the lead; the inferred mark goes with it.
    let a = t.act("4.4.2.5");
    assert!(a.inferred.lead);
    let mut iom = new_actor("IOM");
    iom.full_name = "International Organization for Migration".into();
    let steps = t.app.history.undo.len();
    t.round_trip(Edit::AddActor {
        actor: iom.clone(),
        assign: Some((a.id, Role::Lead)),
    });
    assert_eq!(t.app.history.undo.len(), steps + 1, "one step");
    let now = t.act_by_id(a.id);
    assert_eq!(now.leads, vec![iom.id]);
    assert_eq!(now.co_leads, a.co_leads);
    assert!(!now.inferred.lead);
    // One undo takes both the assignment and the actor away.
    t.undo();
    assert!(t.app.plan.actor(iom.id).is_none());
    assert_eq!(t.act_by_id(a.id), a);
    t.redo();

    // As co-lead: added after the others.
    let b = t.act("1.1.1.1");
    let mut wfp = new_actor("WFP");
    wfp.full_name = "World Food Programme".into();
    t.round_trip(Edit::AddActor {
        actor: wfp.clone(),
        assign: Some((b.id, Role::CoLead)),
    });
    let mut expected = b.co_leads.clone();
    expected.push(wfp.id);
    assert_eq!(t.act_by_id(b.id).co_leads, expected);
    assert_eq!(t.act_by_id(b.id).leads, b.leads);
}

#[test]
fn an_actor_nobody_is_assigned_to_can_be_deleted() {
    let mut t = Fixture::new();
    let mut x = new_actor("TMP");
    x.full_name = "A temporary actor".into();
    t.edit(Edit::AddActor {
        actor: x.clone(),
        assign: None,
    });
    let after = t.round_trip(Edit::Delete(x.id));
    assert!(after.actor(x.id).is_none());
}

#[test]
fn a_new_edit_after_undo_clears_what_could_be_redone() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    t.edit(Edit::SetStatus {
        id: a.id,
        status: Status::Agreed,
    });
    t.undo();
    assert_eq!(t.app.history.redo.len(), 1);
    t.edit(Edit::SetStatus {
        id: a.id,
        status: Status::Dropped,
    });
    assert!(t.app.history.redo.is_empty());
    t.redo();
    assert_eq!(t.act_by_id(a.id).status, Status::Dropped);
}
