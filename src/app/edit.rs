//! Edits of the plan asked for by the views: checked by the model, applied, saved and put on the
//! undo stack as one step each, or refused with a message beside the field.

use uuid::Uuid;

use super::App;
use crate::i18n::{tr, trf};
use crate::model::edit::{self as model_edit, Confirm, EditError, Field};
use crate::model::{
    Activity, Actor, ActorKind, Comment, CommentKind, Goal, Id, Indicator, Op, Plan, Status,
    SubIndicator,
};

/// A change to the plan, as a view asks for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Set one field of one record (an activity, goal, indicator, sub-indicator, actor, or the
    /// plan itself): what every view sends.
    Set {
        id: Id,
        field: crate::model::Field,
        value: crate::model::Value,
    },
    /// Replace an activity with this value (text, code, lead, co-leads, status, notes…): for
    /// scripts and tests. Only the fields that differ from the record as it is now are set.
    Activity(Activity),
    AddActivity {
        sub: Id,
    },
    /// A new activity right after this one, in its lane and under its sub-indicator.
    AddActivityAfter(Id),
    Duplicate(Id),
    /// Delete an activity, or a goal, indicator or sub-indicator with everything under it, or
    /// an actor nobody is assigned to.
    Delete(Id),
    Reparent {
        id: Id,
        sub: Id,
    },
    SetStatus {
        id: Id,
        status: Status,
    },
    Confirm {
        id: Id,
        what: Confirm,
    },
    Goal(Goal),
    Indicator(Indicator),
    SubIndicator(SubIndicator),
    AddGoal,
    AddIndicator {
        goal: Id,
    },
    AddSubIndicator {
        indicator: Id,
    },
    Renumber(Id),
    Actor(Actor),
    /// Create an actor; when `assign` names an activity, also make it that activity's lead
    /// (or add it to its co-leads), in the same undo step.
    AddActor {
        actor: Actor,
        assign: Option<(Id, Role)>,
    },
    MergeActors {
        from: Id,
        into: Id,
    },
    /// Record a comment or a decision on an activity, by the remembered author, tagged with
    /// the workshop session running, if any.
    AddComment {
        activity: Id,
        kind: CommentKind,
        text: String,
    },
    DeleteComment(Id),
    /// Link an activity to a GCM objective or action or an SDG target, by its key
    /// (`gcm:6`, `gcm:6a`, `sdg:8.8`).
    AddLink {
        activity: Id,
        target: String,
    },
    /// Remove a link by its id.
    RemoveLink(Id),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Lead,
    CoLead,
}

/// A refused edit, shown beside its field until the next edit of that record.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub record: Id,
    pub field: Field,
    /// The text field that was being typed into, when the edit came from one.
    pub text_field: Option<TextField>,
    pub message: String,
}

/// A text field of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextField {
    Code,
    /// An activity's text, or the title of a goal, indicator or sub-indicator.
    Text,
    Notes,
    KeyElements,
    Baseline,
    Abbreviation,
    FullName,
}

impl TextField {
    /// The field a refused edit of this text is reported on.
    pub fn model_field(self) -> Field {
        match self {
            TextField::Code => Field::Code,
            TextField::Abbreviation => Field::Abbreviation,
            _ => Field::Text,
        }
    }
}

/// Text being typed into a field, saved when the field is left.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub record: Id,
    pub field: TextField,
    pub text: String,
}

/// The edit that saves `draft`, or `None` when its record is gone or has no such field.
pub fn draft_edit(plan: &Plan, d: &Draft) -> Option<Edit> {
    use crate::model::record::{EntityKind as K, Field as F, kind_of};
    let kind = kind_of(plan, d.record)?;
    let field = match (kind, d.field) {
        (K::Plan, TextField::Text) => F::Name,
        (K::Activity, TextField::Text) => F::Text,
        (K::Goal | K::Indicator | K::SubIndicator, TextField::Text) => F::Title,
        (K::Activity | K::Goal | K::Indicator | K::SubIndicator, TextField::Code) => F::Code,
        (K::Activity | K::Actor, TextField::Notes) => F::Notes,
        (K::Goal, TextField::KeyElements) => F::KeyElements,
        (K::SubIndicator, TextField::Baseline) => F::Baseline,
        (K::Actor, TextField::Abbreviation) => F::Abbreviation,
        (K::Actor, TextField::FullName) => F::FullName,
        _ => return None,
    };
    Some(Edit::Set {
        id: d.record,
        field,
        value: crate::model::Value::Text(d.text.clone()),
    })
}

/// One sentence for a refused edit, in the UI's language.
pub fn error_text(e: &EditError) -> String {
    match e {
        EditError::EmptyText => tr("edit.err_empty_text").into(),
        EditError::EmptyCode => tr("edit.err_empty_code").into(),
        EditError::CodeUsed { code } => trf("edit.err_code_used", &[("code", code)]),
        EditError::CodeMisfit { code, parent } => trf(
            "edit.err_code_misfit",
            &[("code", code), ("parent", parent)],
        ),
        EditError::EmptyAbbreviation => tr("edit.err_empty_abbreviation").into(),
        EditError::AbbreviationUsed(a) => trf("edit.err_abbreviation_used", &[("abbr", a)]),
        EditError::Missing(_) => tr("edit.err_missing").into(),
        EditError::UnknownActor(_) => tr("edit.err_unknown_actor").into(),
        EditError::ActorTwice => tr("edit.err_actor_twice").into(),
        EditError::MergeIntoItself => tr("edit.err_merge_itself").into(),
        EditError::ActorInUse(n) => trf("edit.err_actor_in_use", &[("n", n)]),
        EditError::UnknownTarget(t) => {
            trf("err.rule.unknown_target", &[("value", &format!("{t:?}"))])
        }
    }
}

/// A short name for a record in messages: its code, or an actor's abbreviation.
fn label(plan: &Plan, id: Id) -> String {
    match plan.goal(id) {
        // A goal's code alone ("2") would not say what it is.
        Some(g) => trf("edit.goal_label", &[("code", &g.code)]),
        None => plan.code_of(id).unwrap_or_else(|| id.to_string()),
    }
}

/// Like [`label`], finding an activity through the window's index first: in a large plan the
/// message of an edit should not cost a scan of every record.
impl App {
    /// Where a new activity of `sub` goes, read off the sorted lists of the derived values
    /// rather than the whole plan.
    fn ends_for_new(&self, sub: Id) -> model_edit::Ends {
        let plan = &self.plan;
        let last = |list: &[usize]| list.last().and_then(|&i| plan.activities.get(i));
        let lane = last(
            &self.derived.lanes[crate::model::board::lane_index(crate::model::Lane::Unscheduled)],
        )
        .filter(|a| a.lane == crate::model::Lane::Unscheduled)
        .map(|a| a.lane_pos);
        let sub = self
            .derived
            .outline
            .goals
            .iter()
            .flat_map(|g| &g.indicators)
            .flat_map(|i| &i.sub_indicators)
            .find(|s| {
                plan.sub_indicators
                    .get(s.sub_indicator)
                    .is_some_and(|x| x.id == sub)
            })
            .and_then(|s| last(&s.activities))
            .filter(|a| a.sub_indicator_id == sub)
            .map(|a| a.outline_pos);
        model_edit::Ends { lane, sub }
    }
}

fn label_in(app: &App, id: Id) -> String {
    match app.activity(id) {
        Some(a) => a.code.clone(),
        None => label(&app.plan, id),
    }
}

/// The record an edit is about, for placing its error.
fn record_of(edit: &Edit) -> Option<Id> {
    Some(match edit {
        Edit::Set { id, .. } => *id,
        Edit::Activity(a) => a.id,
        Edit::AddActivity { sub } => *sub,
        Edit::AddActivityAfter(id) => *id,
        Edit::Duplicate(id)
        | Edit::Delete(id)
        | Edit::Reparent { id, .. }
        | Edit::SetStatus { id, .. }
        | Edit::Confirm { id, .. }
        | Edit::Renumber(id) => *id,
        Edit::Goal(g) => g.id,
        Edit::Indicator(i) => i.id,
        Edit::SubIndicator(s) => s.id,
        Edit::AddGoal => return None,
        Edit::AddIndicator { goal } => *goal,
        Edit::AddSubIndicator { indicator } => *indicator,
        Edit::Actor(a) => a.id,
        Edit::AddActor { assign, actor } => assign.map_or(actor.id, |(id, _)| id),
        Edit::MergeActors { from, .. } => *from,
        Edit::AddComment { activity, .. } => *activity,
        Edit::DeleteComment(id) => *id,
        Edit::AddLink { activity, .. } => *activity,
        Edit::RemoveLink(id) => *id,
    })
}

impl App {
    /// Saves the text being typed, if any. A refused text stays in its field with the
    /// message beside it; returns whether nothing is left pending.
    pub fn commit_draft(&mut self) -> bool {
        let Some(d) = self.view.draft.take() else {
            return true;
        };
        let Some(edit) = draft_edit(&self.plan, &d) else {
            return true;
        };
        if self.edit(edit) || self.view.field_error.is_none() {
            return true;
        }
        if let Some(e) = &mut self.view.field_error {
            e.text_field = Some(d.field);
        }
        self.view.draft = Some(d);
        false
    }

    /// Turns an edit into operations, applies and saves them as one undo step. Returns
    /// whether the plan changed; a refused edit leaves the plan as it was and says why.
    pub fn edit(&mut self, edit: Edit) -> bool {
        // A whole record built before an earlier change of this frame changes only what the
        // view meant to change.
        let edit = match edit {
            Edit::Activity(a) => match (self.frame_base.get(&a.id), self.activity(a.id)) {
                (Some(base), Some(current)) => Edit::Activity(a.rebased(base, current)),
                _ => Edit::Activity(a),
            },
            other => other,
        };
        let record = record_of(&edit);
        let plan = &self.plan;
        // New records get their id here, so the same edit can select what it created.
        let new_id = Uuid::new_v4();
        let mut select = None;
        let result: Result<(Vec<Op>, String), EditError> = match &edit {
            Edit::Set { id, field, value } => match self.activity(*id) {
                // An activity, found through the index rather than by reading the plan.
                Some(old) => model_edit::set_activity_field(plan, old, *field, value.clone()),
                None => model_edit::set_field(plan, *id, *field, value.clone()),
            }
            .map(|ops| (ops, trf("msg.edited", &[("what", &label_in(self, *id))]))),
            Edit::Activity(a) => model_edit::update_activity(plan, a.clone())
                .map(|ops| (ops, trf("msg.edited", &[("what", &label_in(self, a.id))]))),
            Edit::SetStatus { id, status } => plan
                .activity(*id)
                .ok_or(EditError::Missing(*id))
                .and_then(|a| {
                    let mut new = a.clone();
                    new.status = *status;
                    model_edit::update_activity(plan, new)
                })
                .map(|ops| {
                    let msg = trf(
                        "msg.status",
                        &[
                            ("what", &label_in(self, *id)),
                            ("status", &crate::messages::labels::status_label(*status)),
                        ],
                    );
                    (ops, msg)
                }),
            Edit::AddActivity { sub } => {
                select = Some(new_id);
                let ends = self.ends_for_new(*sub);
                model_edit::add_activity_with(
                    plan,
                    *sub,
                    new_id,
                    tr("edit.new_activity_text"),
                    ends,
                )
                .map(|ops| (ops, tr("msg.added_activity").to_owned()))
            }
            Edit::AddActivityAfter(after) => {
                select = Some(new_id);
                model_edit::add_activity_after(plan, *after, new_id, tr("edit.new_activity_text"))
                    .map(|ops| (ops, tr("msg.added_activity").to_owned()))
            }
            Edit::Duplicate(id) => {
                select = Some(new_id);
                model_edit::duplicate_activity(plan, *id, new_id).map(|ops| {
                    (
                        ops,
                        trf("msg.duplicated", &[("what", &label_in(self, *id))]),
                    )
                })
            }
            Edit::Delete(id) => {
                let what = label_in(self, *id);
                let ops = if plan.actor(*id).is_some() {
                    model_edit::delete_actor(plan, *id)
                } else {
                    model_edit::delete_branch(plan, *id)
                };
                ops.map(|ops| (ops, trf("msg.deleted", &[("what", &what)])))
            }
            Edit::Reparent { id, sub } => {
                model_edit::reparent_activity(plan, *id, *sub).map(|ops| {
                    let to = label_in(self, *sub);
                    (ops, trf("msg.reparented", &[("to", &to)]))
                })
            }
            Edit::Confirm { id, what } => model_edit::confirm(plan, *id, *what)
                .map(|ops| (ops, trf("msg.confirmed", &[("what", &label_in(self, *id))]))),
            Edit::Goal(g) => model_edit::update_goal(plan, g.clone())
                .map(|ops| (ops, trf("msg.edited", &[("what", &label_in(self, g.id))]))),
            Edit::Indicator(i) => model_edit::update_indicator(plan, i.clone())
                .map(|ops| (ops, trf("msg.edited", &[("what", &label_in(self, i.id))]))),
            Edit::SubIndicator(s) => model_edit::update_sub_indicator(plan, s.clone())
                .map(|ops| (ops, trf("msg.edited", &[("what", &label_in(self, s.id))]))),
            Edit::AddGoal => {
                select = Some(new_id);
                model_edit::add_goal(plan, new_id, tr("edit.new_goal_title"))
                    .map(|ops| (ops, tr("msg.added_goal").to_owned()))
            }
            Edit::AddIndicator { goal } => {
                select = Some(new_id);
                model_edit::add_indicator(plan, *goal, new_id, tr("edit.new_indicator_title"))
                    .map(|ops| (ops, tr("msg.added_indicator").to_owned()))
            }
            Edit::AddSubIndicator { indicator } => {
                select = Some(new_id);
                model_edit::add_sub_indicator(
                    plan,
                    *indicator,
                    new_id,
                    tr("edit.new_sub_indicator_title"),
                )
                .map(|ops| (ops, tr("msg.added_sub_indicator").to_owned()))
            }
            Edit::Renumber(id) => model_edit::renumber(plan, *id).map(|ops| {
                let n = model_edit::code_changes(&ops).len();
                (ops, trf("msg.renumbered", &[("n", &n)]))
            }),
            Edit::Actor(a) => model_edit::update_actor(plan, a.clone())
                .map(|ops| (ops, trf("msg.edited", &[("what", &a.abbreviation)]))),
            Edit::AddActor { actor, assign } => {
                add_actor(plan, actor.clone(), *assign).map(|ops| {
                    (
                        ops,
                        trf("msg.added_actor", &[("what", &actor.abbreviation)]),
                    )
                })
            }
            Edit::MergeActors { from, into } => {
                model_edit::merge_actors(plan, *from, *into).map(|ops| {
                    let msg = trf(
                        "msg.merged",
                        &[
                            ("from", &label_in(self, *from)),
                            ("into", &label_in(self, *into)),
                            ("n", &ops.len().saturating_sub(1)),
                        ],
                    );
                    (ops, msg)
                })
            }
            Edit::AddComment {
                activity,
                kind,
                text,
            } => {
                use chrono::SubsecRound;
                let comment = Comment {
                    id: new_id,
                    activity_id: *activity,
                    author: self.view.author.clone(),
                    // Milliseconds, as plan files keep times.
                    at: chrono::Utc::now().trunc_subsecs(3),
                    text: text.clone(),
                    kind: *kind,
                    session_id: self.store.current_session(),
                };
                let key = match kind {
                    CommentKind::Comment => "msg.comment_added",
                    CommentKind::Decision => "msg.decision_recorded",
                };
                model_edit::add_comment(plan, comment)
                    .map(|ops| (ops, trf(key, &[("what", &label_in(self, *activity))])))
            }
            Edit::DeleteComment(id) => model_edit::delete_comment(plan, *id)
                .map(|ops| (ops, tr("msg.comment_deleted").to_owned())),
            Edit::AddLink { .. } | Edit::RemoveLink(_) => return self.link_edit(edit.clone()),
        };
        match result {
            Err(e) => {
                let message = error_text(&e);
                self.view.field_error = record.map(|record| FieldError {
                    record,
                    field: e.field(),
                    text_field: None,
                    message: message.clone(),
                });
                self.fail(trf("msg.refused", &[("detail", &message)]));
                false
            }
            Ok((ops, _)) if ops.is_empty() => {
                self.view.field_error = None;
                false
            }
            Ok((ops, message)) => {
                if !self.perform(&ops) {
                    return false;
                }
                self.view.field_error = None;
                self.history.undo.push(ops);
                self.history.redo.clear();
                if let Some(id) = select {
                    self.view.selected = Some(id);
                } else if let Edit::Delete(id) = edit
                    && self.view.selected == Some(id)
                {
                    self.view.selected = None;
                }
                if let Edit::MergeActors { into, .. } = edit {
                    self.view.selected_actor = Some(into);
                }
                if let (Edit::AddActivity { .. } | Edit::AddActivityAfter(_), Some(id)) =
                    (&edit, select)
                {
                    // Ready to type: the new card in view, its text field taking the keyboard
                    // with the placeholder text selected.
                    self.view.reveal = Some(id);
                    self.view.focus_field = Some((id, TextField::Text));
                    self.view.detail_hidden = false;
                }
                self.say(message);
                true
            }
        }
    }
}

/// Creates an actor and, if asked, assigns it to an activity in the same step.
fn add_actor(plan: &Plan, actor: Actor, assign: Option<(Id, Role)>) -> model_edit::Ops {
    let mut ops = model_edit::add_actor(plan, actor.clone())?;
    let Some((id, role)) = assign else {
        return Ok(ops);
    };
    let a = plan.activity(id).ok_or(EditError::Missing(id))?;
    // Check the assignment against the plan as it will be once the actor exists.
    let mut with_actor = plan.clone();
    crate::model::ops::apply_all(&mut with_actor, &ops).map_err(|_| EditError::Missing(id))?;
    let mut new = a.clone();
    match role {
        Role::Lead => new.leads = vec![actor.id],
        Role::CoLead => new.co_leads.push(actor.id),
    }
    ops.extend(model_edit::update_activity(&with_actor, new)?);
    Ok(ops)
}

/// A blank actor for the registry's "add" form and the picker's "create".
pub fn new_actor(abbreviation: &str) -> Actor {
    Actor {
        id: Uuid::new_v4(),
        abbreviation: abbreviation.trim().to_owned(),
        full_name: String::new(),
        kind: ActorKind::Other,
        notes: String::new(),
        source_line: None,
    }
}
