//! Merging two actors carries every assignment over, once, in place, and undoes exactly.

mod edit_support;

use edit_support::Fixture;
use framework_planner::app::{Edit, new_actor};
use framework_planner::model::{Id, Plan};

/// Activities that have `actor` as lead or co-lead, in id order.
fn users(plan: &Plan, actor: Id) -> Vec<Id> {
    let mut v: Vec<Id> = plan
        .activities
        .iter()
        .filter(|a| a.leads.contains(&actor) || a.co_leads.contains(&actor))
        .map(|a| a.id)
        .collect();
    v.sort();
    v
}

#[test]
fn merging_moi_into_mol_moves_every_assignment_and_undoes_exactly() {
    let mut t = Fixture::new();
    // The source prints the Ministry of Information both as "MoI" and as "Mol".
    let (from, into) = (t.actor("MoI").id, t.actor("Mol").id);
    let (bb, mofa, moewoe) = (t.actor("BB").id, t.actor("MoFA").id, t.actor("MoEWOE").id);

    // Besides the seeded assignments, build the cases a merge must get right:
    // `from` among other co-leads keeps its place;
    let mut a = t.act("4.4.2.1");
    assert_eq!(a.co_leads, vec![from]);
    a.co_leads = vec![bb, from, mofa];
    t.edit(Edit::Activity(a.clone()));
    // both on one activity, as co-leads, `from` first: `into` takes its place, once;
    let mut b = t.act("2.4.1.1");
    assert_eq!(b.co_leads, vec![into]);
    b.co_leads = vec![from, mofa, into];
    t.edit(Edit::Activity(b.clone()));
    // `from` as lead and `into` as co-lead: `into` leads and leaves the co-leads;
    let mut c = t.act("4.5.1.1");
    assert_eq!(c.co_leads, vec![into]);
    c.leads = vec![from];
    c.co_leads = vec![into, moewoe];
    t.edit(Edit::Activity(c.clone()));
    // `from` as the only lead.
    let mut d = t.act("1.1.1.1");
    d.leads = vec![from];
    t.edit(Edit::Activity(d.clone()));
    assert_eq!(t.app.history.undo.len(), 4);

    let had_from = users(&t.app.plan, from);
    let had_into = users(&t.app.plan, into);
    assert_eq!(had_from.len(), 4);
    let before = t.app.plan.clone();

    let after = t.round_trip(Edit::MergeActors { from, into });
    assert!(after.actor(from).is_none(), "the merged actor is gone");
    assert!(after.actor(into).is_some());
    assert!(users(&after, from).is_empty(), "nothing points to it");
    assert_eq!(after.actors.len(), before.actors.len() - 1);
    assert_eq!(t.app.view.selected_actor, Some(into));

    let now = |id: Id| after.activity(id).unwrap().clone();
    assert_eq!(now(a.id).co_leads, vec![bb, into, mofa]);
    assert_eq!(now(b.id).co_leads, vec![into, mofa]);
    assert_eq!(now(c.id).leads, vec![into]);
    assert_eq!(now(c.id).co_leads, vec![moewoe]);
    assert_eq!(now(d.id).leads, vec![into]);

    // Every activity that had either actor now has `into` exactly once; no other changes.
    for x in &before.activities {
        let y = now(x.id);
        if had_from.contains(&x.id) || had_into.contains(&x.id) {
            let n = y
                .leads
                .iter()
                .chain(&y.co_leads)
                .filter(|&&i| i == into)
                .count();
            assert_eq!(n, 1, "{}", x.code);
            assert_eq!(
                (&y.text, &y.code, y.inferred),
                (&x.text, &x.code, x.inferred)
            );
        } else {
            assert_eq!(&y, x);
        }
    }

    // One undo restores the actor and every assignment, in memory and on disk.
    t.undo();
    assert_eq!(t.app.plan.in_id_order(), before.in_id_order());
    assert_eq!(t.saved().in_id_order(), before.in_id_order());
    assert_eq!(users(&t.app.plan, from), had_from);
}

#[test]
fn a_variant_added_to_the_registry_takes_over_the_printed_one() {
    let mut t = Fixture::new();
    // The seed has only "MFI" (singular) in a cell; the glossary's "MFIs" is added and kept.
    let from = t.actor("MFI");
    let had = users(&t.app.plan, from.id);
    assert!(!had.is_empty());
    let mut into = new_actor("MFIs");
    into.full_name = from.full_name.clone();
    t.edit(Edit::AddActor {
        actor: into.clone(),
        assign: None,
    });

    let after = t.round_trip(Edit::MergeActors {
        from: from.id,
        into: into.id,
    });
    for id in &had {
        let a = after.activity(*id).unwrap();
        assert!(a.leads.contains(&into.id) || a.co_leads.contains(&into.id));
    }
    assert_eq!(users(&after, into.id), had);
    assert!(after.actor(from.id).is_none());
}

#[test]
fn merging_an_actor_nobody_uses_only_removes_it() {
    let mut t = Fixture::new();
    let mut spare = new_actor("LGs");
    spare.full_name = "local government institutes".into();
    t.edit(Edit::AddActor {
        actor: spare.clone(),
        assign: None,
    });
    let into = t.actor("LGIs").id;
    let users_before = users(&t.app.plan, into);
    let after = t.round_trip(Edit::MergeActors {
        from: spare.id,
        into,
    });
    assert!(after.actor(spare.id).is_none());
    assert_eq!(users(&after, into), users_before);
}
