//! Every data check is raised by a case built for it and cleared when the case is fixed, both in
//! the App's derived flags and by the check itself.

mod edit_support;

use edit_support::{Fixture, assert_derived_fresh};
use framework_planner::app::{Command, Edit, Role, new_actor};
use framework_planner::model::board::Anchor;
use framework_planner::model::edit::Confirm;
use framework_planner::model::{Flag, Id, Lane, checks};

/// Whether the activity carries a flag with this code, asserting that the App's derived flags
/// and a fresh check agree.
fn flagged(t: &Fixture, id: Id, code: &str) -> bool {
    let a = t.app.plan.activity(id).unwrap();
    let fresh = checks::flags(&t.app.plan, a);
    assert_eq!(t.app.derived.flags_of(id), fresh.as_slice(), "{}", a.code);
    assert_derived_fresh(&t.app, code);
    fresh.iter().any(|f| f.code() == code)
}

#[test]
fn no_lead_is_raised_when_the_lead_is_removed_and_cleared_when_one_is_set() {
    let mut t = Fixture::new();
    let a = t.act("2.1.5.1");
    assert_eq!(a.leads.len(), 1);
    assert!(!flagged(&t, a.id, "no_lead"));

    let mut new = a.clone();
    new.leads.clear();
    t.edit(Edit::Activity(new));
    assert!(flagged(&t, a.id, "no_lead"));

    let mut new = t.act_by_id(a.id);
    new.leads = vec![t.actor("MoFA").id];
    t.edit(Edit::Activity(new));
    assert!(!flagged(&t, a.id, "no_lead"));
}

#[test]
fn several_leads_is_raised_by_a_second_lead_and_cleared_when_one_remains() {
    let mut t = Fixture::new();
    let a = t.act("2.1.5.1");
    assert!(!flagged(&t, a.id, "several_leads"));
    let other = t.actor("BB").id;
    assert!(!a.leads.contains(&other) && !a.co_leads.contains(&other));

    let mut new = a.clone();
    new.leads.push(other);
    t.edit(Edit::Activity(new));
    assert!(flagged(&t, a.id, "several_leads"));
    assert!(!flagged(&t, a.id, "no_lead"));

    let mut new = t.act_by_id(a.id);
    new.leads = vec![other];
    t.edit(Edit::Activity(new));
    assert!(!flagged(&t, a.id, "several_leads"));
}

#[test]
fn no_timeline_is_raised_in_the_unscheduled_lane_and_cleared_when_scheduled() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    assert_ne!(a.lane, Lane::Unscheduled);
    assert!(!flagged(&t, a.id, "no_timeline"));

    t.handle(Command::Move {
        id: a.id,
        lane: Lane::Unscheduled,
        anchor: Anchor::End,
    });
    assert!(flagged(&t, a.id, "no_timeline"));

    t.handle(Command::Move {
        id: a.id,
        lane: Lane::Medium,
        anchor: Anchor::End,
    });
    assert!(!flagged(&t, a.id, "no_timeline"));

    // A new activity is unscheduled and has no lead until someone says otherwise.
    t.edit(Edit::AddActivity {
        sub: a.sub_indicator_id,
    });
    let new = t.app.view.selected.unwrap();
    assert!(flagged(&t, new, "no_timeline"));
    assert!(flagged(&t, new, "no_lead"));
}

#[test]
fn a_code_printed_under_another_sub_indicator_is_flagged_until_recoded() {
    let mut t = Fixture::new();
    // The source prints 1.3.1.2 in the table of sub-indicator 1.3.2.
    let a = t.act("1.3.1.2");
    let flags = checks::flags(&t.app.plan, &a);
    assert!(flags.contains(&Flag::CodeMismatch {
        parent_code: "1.3.2".into()
    }));
    assert!(flagged(&t, a.id, "code_mismatch"));

    // Fixed by giving it a code under the sub-indicator it sits in (1.3.2 has no other
    // activity, so the first number is free).
    assert_eq!(t.acts_under(a.sub_indicator_id).len(), 1);
    let mut new = a.clone();
    new.code = "1.3.2.1".into();
    t.edit(Edit::Activity(new));
    assert!(!flagged(&t, a.id, "code_mismatch"));
}

#[test]
fn a_changed_sub_indicator_code_flags_its_activities_until_they_are_renumbered() {
    let mut t = Fixture::new();
    let sub = t.sub_id("2.1.5");
    let acts: Vec<Id> = t.acts_under(sub).iter().map(|a| a.id).collect();
    assert!(acts.iter().all(|&id| !flagged(&t, id, "code_mismatch")));

    let mut s = t.app.plan.sub_indicator(sub).unwrap().clone();
    s.code = "2.1.9".into();
    t.edit(Edit::SubIndicator(s));
    for &id in &acts {
        let a = t.act_by_id(id);
        assert!(
            checks::flags(&t.app.plan, &a).contains(&Flag::CodeMismatch {
                parent_code: "2.1.9".into()
            }),
            "{}",
            a.code
        );
        assert!(flagged(&t, id, "code_mismatch"));
    }

    t.edit(Edit::Renumber(sub));
    for (k, &id) in acts.iter().enumerate() {
        assert_eq!(t.act_by_id(id).code, format!("2.1.9.{}", k + 1));
        assert!(!flagged(&t, id, "code_mismatch"));
    }
}

#[test]
fn an_actor_without_a_full_name_is_unknown_until_named() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    assert!(!flagged(&t, a.id, "unknown_actor"));

    // Created from the picker: an abbreviation only.
    let x = new_actor("DGHS");
    assert!(x.full_name.is_empty());
    t.edit(Edit::AddActor {
        actor: x.clone(),
        assign: Some((a.id, Role::CoLead)),
    });
    let flags = checks::flags(&t.app.plan, &t.act_by_id(a.id));
    assert!(flags.contains(&Flag::UnknownActor {
        abbreviation: "DGHS".into()
    }));
    assert!(flagged(&t, a.id, "unknown_actor"));

    // A name of spaces is no name.
    let mut named = x.clone();
    named.full_name = "   ".into();
    named.notes = "to be named".into();
    t.edit(Edit::Actor(named.clone()));
    assert!(flagged(&t, a.id, "unknown_actor"));

    named.full_name = "Directorate General of Health Services".into();
    t.edit(Edit::Actor(named));
    assert!(!flagged(&t, a.id, "unknown_actor"));
}

#[test]
fn inferred_values_are_flagged_until_confirmed() {
    let mut t = Fixture::new();
    let a = t.act("4.4.2.5");
    for (what, code) in [
        (Confirm::Lead, "inferred_lead"),
        (Confirm::CoLeads, "inferred_co_leads"),
        (Confirm::Timeline, "inferred_timeline"),
    ] {
        assert!(flagged(&t, a.id, code));
        t.edit(Edit::Confirm { id: a.id, what });
        assert!(!flagged(&t, a.id, code));
    }
    assert!(
        t.app
            .derived
            .flags_of(a.id)
            .iter()
            .all(|f| !f.is_inferred())
    );

    // Choosing the value also confirms it: a new lead, new co-leads, another lane.
    let b = t.act("4.4.2.2");
    assert!(flagged(&t, b.id, "inferred_lead"));
    assert!(flagged(&t, b.id, "inferred_timeline"));
    let mut new = b.clone();
    new.leads = vec![t.actor("MoLE").id];
    t.edit(Edit::Activity(new));
    assert!(!flagged(&t, b.id, "inferred_lead"));
    let other = Lane::ALL
        .into_iter()
        .find(|l| *l != b.lane && *l != Lane::Unscheduled)
        .unwrap();
    t.handle(Command::Move {
        id: b.id,
        lane: other,
        anchor: Anchor::End,
    });
    assert!(!flagged(&t, b.id, "inferred_timeline"));

    let c = t.act("1.1.1.2");
    assert!(flagged(&t, c.id, "inferred_co_leads"));
    let mut new = c.clone();
    new.co_leads.push(t.actor("MoFA").id);
    t.edit(Edit::Activity(new));
    assert!(!flagged(&t, c.id, "inferred_co_leads"));
}

#[test]
fn a_source_note_is_flagged_while_it_is_there() {
    let mut t = Fixture::new();
    let a = t.act("2.1.5.1");
    assert!(a.source_note.is_empty());
    assert!(!flagged(&t, a.id, "source_note"));

    let mut new = a.clone();
    new.source_note = "The row is split over two pages.".into();
    t.edit(Edit::Activity(new));
    assert!(flagged(&t, a.id, "source_note"));

    // A copy is not from the source, so it carries no note.
    t.edit(Edit::Duplicate(a.id));
    let copy = t.app.view.selected.unwrap();
    assert!(!flagged(&t, copy, "source_note"));

    let mut new = t.act_by_id(a.id);
    new.source_note = "  ".into();
    t.edit(Edit::Activity(new));
    assert!(!flagged(&t, a.id, "source_note"));
}

#[test]
fn undoing_a_fix_brings_the_flag_back() {
    let mut t = Fixture::new();
    let a = t.act("4.4.2.5");
    t.edit(Edit::Confirm {
        id: a.id,
        what: Confirm::Lead,
    });
    assert!(!flagged(&t, a.id, "inferred_lead"));
    t.handle(Command::Undo);
    assert!(flagged(&t, a.id, "inferred_lead"));
    t.handle(Command::Redo);
    assert!(!flagged(&t, a.id, "inferred_lead"));
}
