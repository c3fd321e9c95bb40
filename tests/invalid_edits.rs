//! Invalid input is refused with a message beside the field and changes nothing: not the plan
//! in memory, not the database, not the undo history.

mod edit_support;

use edit_support::Fixture;
use framework_planner::app::{Edit, Role, new_actor};
use framework_planner::model::Id;
use framework_planner::model::edit::Field;

/// Sends `edit` and checks that it was refused on `field` of `record` and changed nothing.
fn assert_refused(t: &mut Fixture, edit: Edit, record: Id, field: Field) {
    let before = t.app.plan.in_id_order();
    let undo = t.app.history.undo.clone();
    let redo = t.app.history.redo.clone();
    t.edit(edit.clone());

    let e = t
        .app
        .view
        .field_error
        .clone()
        .unwrap_or_else(|| panic!("{edit:?} was accepted"));
    assert_eq!(e.field, field, "{edit:?}");
    assert_eq!(e.record, record, "{edit:?}");
    assert!(!e.message.trim().is_empty(), "{edit:?}");
    let msg = t.app.view.message.clone().expect("a status message");
    assert!(msg.error, "{edit:?}: {}", msg.text);
    assert!(!msg.text.trim().is_empty());

    t.assert_state(&before, &format!("{edit:?}"));
    assert!(t.app.history.undo == undo, "{edit:?}: undo history changed");
    assert!(t.app.history.redo == redo, "{edit:?}: redo history changed");
}

#[test]
fn empty_or_blank_text_is_refused() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    for text in ["", "   ", "\t\n "] {
        let mut new = a.clone();
        new.text = text.into();
        assert_refused(&mut t, Edit::Activity(new), a.id, Field::Text);
    }
    let g = t.app.plan.goals[0].clone();
    let mut new = g.clone();
    new.title = " ".into();
    assert_refused(&mut t, Edit::Goal(new), g.id, Field::Text);
}

#[test]
fn empty_codes_are_refused() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    for code in ["", "  "] {
        let mut new = a.clone();
        new.code = code.into();
        assert_refused(&mut t, Edit::Activity(new), a.id, Field::Code);
    }
    let s = t.app.plan.sub_indicator(t.sub_id("1.1.1")).unwrap().clone();
    let mut new = s.clone();
    new.code = String::new();
    assert_refused(&mut t, Edit::SubIndicator(new), s.id, Field::Code);
}

#[test]
fn a_code_used_by_another_entry_is_refused() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    let mut new = a.clone();
    new.code = "1.1.1.2".into();
    assert_refused(&mut t, Edit::Activity(new), a.id, Field::Code);

    // 1.3.1.2 sits under another sub-indicator, but its code is still taken.
    let b = t.act("1.3.1.1");
    let mut new = b.clone();
    new.code = "1.3.1.2".into();
    assert_refused(&mut t, Edit::Activity(new), b.id, Field::Code);

    let g = t.app.plan.goal(t.goal_id("2")).unwrap().clone();
    let mut new = g.clone();
    new.code = "3".into();
    assert_refused(&mut t, Edit::Goal(new), g.id, Field::Code);

    let i = t.app.plan.indicator(t.indicator_id("2.1")).unwrap().clone();
    let mut new = i.clone();
    new.code = "2.2".into();
    assert_refused(&mut t, Edit::Indicator(new), i.id, Field::Code);
}

#[test]
fn a_code_that_does_not_fit_its_parent_is_refused() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    for code in ["2.1.5.99", "1.1.1", "1.1.1.2.1", "1.1.1.x", "1.1.12.1"] {
        let mut new = a.clone();
        new.code = code.into();
        assert_refused(&mut t, Edit::Activity(new), a.id, Field::Code);
    }
    // Moving it under another sub-indicator while keeping its code does not fit either.
    let mut new = a.clone();
    new.sub_indicator_id = t.sub_id("2.1.5");
    assert_refused(&mut t, Edit::Activity(new), a.id, Field::Code);

    let i = t.app.plan.indicator(t.indicator_id("2.1")).unwrap().clone();
    let mut new = i.clone();
    new.code = "3.9".into();
    assert_refused(&mut t, Edit::Indicator(new), i.id, Field::Code);

    let s = t.app.plan.sub_indicator(t.sub_id("2.1.5")).unwrap().clone();
    let mut new = s.clone();
    new.code = "2.2.9".into();
    assert_refused(&mut t, Edit::SubIndicator(new), s.id, Field::Code);
}

#[test]
fn renumbering_into_a_code_held_outside_the_branch_is_refused() {
    let mut t = Fixture::new();
    // 1.3.1 holds 1.3.1.1 and a new activity numbered 1.3.1.3, because 1.3.1.2 is printed
    // under 1.3.2. Renumbering 1.3.1 would give the new one 1.3.1.2, which is taken.
    let sub = t.sub_id("1.3.1");
    t.edit(Edit::AddActivity { sub });
    assert_eq!(t.act_by_id(t.app.view.selected.unwrap()).code, "1.3.1.3");
    assert_refused(&mut t, Edit::Renumber(sub), sub, Field::Code);
}

#[test]
fn abbreviations_must_be_present_and_unique() {
    let mut t = Fixture::new();
    let x = new_actor("MoLE");
    assert_refused(
        &mut t,
        Edit::AddActor {
            actor: x.clone(),
            assign: None,
        },
        x.id,
        Field::Abbreviation,
    );
    let x = new_actor("   ");
    assert_refused(
        &mut t,
        Edit::AddActor {
            actor: x.clone(),
            assign: None,
        },
        x.id,
        Field::Abbreviation,
    );

    let mut bb = t.actor("BB");
    bb.abbreviation = " MoLE ".into();
    assert_refused(&mut t, Edit::Actor(bb.clone()), bb.id, Field::Abbreviation);
    bb.abbreviation = String::new();
    assert_refused(&mut t, Edit::Actor(bb.clone()), bb.id, Field::Abbreviation);

    // Creating from an activity's picker: nothing is assigned either; the error is the
    // activity's, where the picker is.
    let a = t.act("1.1.1.1");
    assert_refused(
        &mut t,
        Edit::AddActor {
            actor: new_actor("BB"),
            assign: Some((a.id, Role::Lead)),
        },
        a.id,
        Field::Abbreviation,
    );
}

#[test]
fn an_actor_cannot_be_merged_into_itself() {
    let mut t = Fixture::new();
    let m = t.actor("Mol").id;
    assert_refused(
        &mut t,
        Edit::MergeActors { from: m, into: m },
        m,
        Field::Record,
    );
}

#[test]
fn an_actor_in_use_cannot_be_deleted() {
    let mut t = Fixture::new();
    let m = t.actor("MoHFW").id;
    assert!(t.act("1.1.1.1").leads.contains(&m));
    assert_refused(&mut t, Edit::Delete(m), m, Field::Record);
}

#[test]
fn the_same_actor_twice_among_lead_and_co_leads_is_refused() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    let lead = a.leads[0];
    // The detail panel shows assignment errors at the lead picker.
    let mut new = a.clone();
    new.co_leads.push(lead);
    assert_refused(&mut t, Edit::Activity(new), a.id, Field::Leads);

    let other = t.actor("BB").id;
    let mut new = a.clone();
    new.co_leads = vec![other, other];
    assert_refused(&mut t, Edit::Activity(new), a.id, Field::Leads);

    let mut new = a.clone();
    new.leads = vec![lead, lead];
    assert_refused(&mut t, Edit::Activity(new), a.id, Field::Leads);

    // An actor not in the registry cannot be assigned.
    let mut new = a.clone();
    new.co_leads.push(uuid_not_in_registry());
    assert_refused(&mut t, Edit::Activity(new), a.id, Field::Leads);
}

fn uuid_not_in_registry() -> Id {
    Id::from_u128(0x0000_0000_0000_4000_8000_0000_dead_beef)
}

#[test]
fn a_refused_edit_after_an_accepted_one_leaves_it_undoable() {
    let mut t = Fixture::new();
    let a = t.act("1.1.1.1");
    let mut ok = a.clone();
    ok.notes = "checked".into();
    t.edit(Edit::Activity(ok));
    let mut bad = t.act_by_id(a.id);
    bad.text.clear();
    assert_refused(&mut t, Edit::Activity(bad), a.id, Field::Text);

    // The next accepted edit of the record clears the message.
    let mut ok = t.act_by_id(a.id);
    ok.notes = "checked twice".into();
    t.edit(Edit::Activity(ok));
    assert!(t.app.view.field_error.is_none());
    t.undo();
    t.undo();
    assert_eq!(t.act_by_id(a.id), a);
}
