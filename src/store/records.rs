//! Operations committed field by field, each checked against what the database holds now.
//! Another window or process may have written since this one loaded the plan: an operation
//! whose old value is no longer there is refused, and the whole transaction with it.

use rusqlite::types::Value as Sql;
use rusqlite::{OptionalExtension, Transaction, params_from_iter};

use super::{delete_entity, write_entity};
use crate::model::record::{Entity, EntityKind, Field, Value};
use crate::model::{Id, Op};

/// Why an operation was not committed.
pub(super) enum Refusal {
    Sql(rusqlite::Error),
    /// The record, or the field, is not what the operation expected.
    Conflict {
        kind: EntityKind,
        id: Id,
        field: Option<Field>,
    },
}

impl From<rusqlite::Error> for Refusal {
    fn from(e: rusqlite::Error) -> Refusal {
        Refusal::Sql(e)
    }
}

/// Where a field lives in the database.
enum Column {
    One(&'static str),
    /// An activity's lane and position.
    Place,
    /// An activity's leads or co-leads, rows of `assignment` with this role.
    Assigned(&'static str),
}

pub(super) fn table(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Plan => "plan",
        EntityKind::Goal => "goal",
        EntityKind::Indicator => "indicator",
        EntityKind::SubIndicator => "sub_indicator",
        EntityKind::Actor => "actor",
        EntityKind::Activity => "activity",
        EntityKind::Comment => "comment",
        EntityKind::Link => "link",
    }
}

/// The column people know a record by (its code, an actor's abbreviation), if it has one.
pub(super) fn code_column(kind: EntityKind) -> Option<&'static str> {
    [Field::Code, Field::Abbreviation, Field::ShortName]
        .into_iter()
        .find_map(|f| match column(kind, f) {
            Some(Column::One(c)) if crate::model::record::fields_of(kind).contains(&f) => Some(c),
            _ => None,
        })
}

fn column(kind: EntityKind, field: Field) -> Option<Column> {
    use Column::One;
    use EntityKind as K;
    Some(match (kind, field) {
        (K::Plan, Field::Name) => One("name"),
        (K::Plan, Field::ShortName) => One("short_name"),
        (K::Plan, Field::Source) => One("source"),
        (K::Indicator, Field::Parent) => One("goal_id"),
        (K::SubIndicator, Field::Parent) => One("indicator_id"),
        (K::Activity, Field::Parent) => One("sub_indicator_id"),
        (K::Comment | K::Link, Field::Parent) => One("activity_id"),
        (_, Field::Code) => One("code"),
        (_, Field::Title) => One("title"),
        (_, Field::KeyElements) => One("key_elements"),
        (_, Field::Baseline) => One("baseline"),
        (_, Field::Position) => One("position"),
        (_, Field::SourceLine) => One("source_line"),
        (_, Field::Abbreviation) => One("abbreviation"),
        (_, Field::FullName) => One("full_name"),
        (_, Field::Kind) => One("kind"),
        (_, Field::Notes) => One("notes"),
        (_, Field::Text) => One("text"),
        (_, Field::Leads) => Column::Assigned("lead"),
        (_, Field::CoLeads) => Column::Assigned("co_lead"),
        (_, Field::Placement) => Column::Place,
        (_, Field::OutlinePos) => One("outline_pos"),
        (_, Field::Status) => One("status"),
        (_, Field::InferredLead) => One("lead_inferred"),
        (_, Field::InferredCoLeads) => One("co_leads_inferred"),
        (_, Field::InferredTimeline) => One("timeline_inferred"),
        (_, Field::SourceNote) => One("source_note"),
        (K::Comment, Field::Author) => One("author"),
        (K::Comment, Field::At) => One("at"),
        (K::Comment, Field::Remark) => One("kind"),
        (K::Comment, Field::Session) => One("session_id"),
        (K::Link, Field::Target) => One("target"),
        _ => return None,
    })
}

/// A value as the database stores it, one SQL value per column (or per assigned actor).
fn sql_of(v: &Value) -> Vec<Sql> {
    let text = |s: &str| Sql::Text(s.to_owned());
    match v {
        Value::Text(s) => vec![text(s)],
        Value::Int(n) => vec![Sql::Integer(*n)],
        Value::Line(l) => vec![l.map_or(Sql::Null, |l| Sql::Integer(l.into()))],
        Value::Bool(b) => vec![Sql::Integer((*b).into())],
        Value::Id(id) => vec![text(&id.to_string())],
        Value::Ids(ids) => ids.iter().map(|id| text(&id.to_string())).collect(),
        Value::Place(lane, pos) => vec![text(lane.as_str()), Sql::Integer(*pos)],
        Value::Status(s) => vec![text(s.as_str())],
        Value::Kind(k) => vec![text(k.as_str())],
        Value::Time(t) => vec![text(
            &t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        )],
        Value::Remark(k) => vec![text(k.as_str())],
        Value::OptId(o) => vec![o.map_or(Sql::Null, |id| text(&id.to_string()))],
    }
}

/// What the database holds now for one field of one record; `None` when the record is gone.
fn read(
    tx: &Transaction,
    kind: EntityKind,
    id: Id,
    field: Field,
) -> rusqlite::Result<Option<Vec<Sql>>> {
    let table = table(kind);
    let Some(col) = column(kind, field) else {
        return Ok(None);
    };
    let key = id.to_string();
    match col {
        Column::One(c) => tx
            .prepare_cached(&format!("SELECT {c} FROM {table} WHERE id = ?1"))?
            .query_row([&key], |r| r.get::<_, Sql>(0))
            .optional()
            .map(|v| v.map(|v| vec![v])),
        Column::Place => tx
            .prepare_cached("SELECT lane, lane_pos FROM activity WHERE id = ?1")?
            .query_row([&key], |r| {
                Ok(vec![r.get::<_, Sql>(0)?, r.get::<_, Sql>(1)?])
            })
            .optional(),
        Column::Assigned(role) => {
            let exists = tx
                .prepare_cached("SELECT 1 FROM activity WHERE id = ?1")?
                .query_row([&key], |_| Ok(()))
                .optional()?;
            if exists.is_none() {
                return Ok(None);
            }
            let mut st = tx.prepare_cached(
                "SELECT actor_id FROM assignment WHERE activity_id = ?1 AND role = ?2 ORDER BY position",
            )?;
            let rows = st.query_map([key.as_str(), role], |r| r.get::<_, Sql>(0))?;
            rows.collect::<rusqlite::Result<Vec<_>>>().map(Some)
        }
    }
}

fn write(
    tx: &Transaction,
    kind: EntityKind,
    id: Id,
    field: Field,
    v: &Value,
) -> rusqlite::Result<()> {
    let table = table(kind);
    let key = Sql::Text(id.to_string());
    let Some(col) = column(kind, field) else {
        return Ok(());
    };
    match col {
        Column::One(c) => {
            let mut args = vec![key];
            args.extend(sql_of(v));
            tx.prepare_cached(&format!("UPDATE {table} SET {c} = ?2 WHERE id = ?1"))?
                .execute(params_from_iter(args))?;
        }
        Column::Place => {
            let mut args = vec![key];
            args.extend(sql_of(v));
            tx.prepare_cached("UPDATE activity SET lane = ?2, lane_pos = ?3 WHERE id = ?1")?
                .execute(params_from_iter(args))?;
        }
        Column::Assigned(role) => {
            tx.prepare_cached("DELETE FROM assignment WHERE activity_id = ?1 AND role = ?2")?
                .execute(params_from_iter([key.clone(), Sql::Text(role.into())]))?;
            let mut ins = tx.prepare_cached(
                "INSERT INTO assignment (activity_id, actor_id, role, position) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (pos, actor) in sql_of(v).into_iter().enumerate() {
                ins.execute(params_from_iter([
                    key.clone(),
                    actor,
                    Sql::Text(role.into()),
                    Sql::Integer(pos as i64),
                ]))?;
            }
        }
    }
    Ok(())
}

fn exists(tx: &Transaction, kind: EntityKind, id: Id) -> rusqlite::Result<bool> {
    tx.prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", table(kind)))?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()
        .map(|r| r.is_some())
}

/// Commits one operation, after checking that the database still holds what it changes.
pub(super) fn commit_op(tx: &Transaction, op: &Op) -> Result<(), Refusal> {
    let conflict = |kind, id, field| Refusal::Conflict { kind, id, field };
    match op {
        Op::Place { id, from, to } => {
            let n = tx
                .prepare_cached(
                    "UPDATE activity SET lane = ?2, lane_pos = ?3, timeline_inferred = ?4
                     WHERE id = ?1 AND lane = ?5 AND lane_pos = ?6 AND timeline_inferred = ?7",
                )?
                .execute(rusqlite::params![
                    id.to_string(),
                    to.lane.as_str(),
                    to.pos,
                    to.inferred,
                    from.lane.as_str(),
                    from.pos,
                    from.inferred
                ])?;
            if n != 1 {
                return Err(conflict(EntityKind::Activity, *id, Some(Field::Placement)));
            }
        }
        Op::Update {
            kind,
            id,
            field,
            old,
            new,
        } => match read(tx, *kind, *id, *field)? {
            Some(now) if now == sql_of(old) => write(tx, *kind, *id, *field, new)?,
            Some(_) => return Err(conflict(*kind, *id, Some(*field))),
            None => return Err(conflict(*kind, *id, None)),
        },
        Op::Create(e) => {
            if exists(tx, e.kind(), e.id())? {
                return Err(conflict(e.kind(), e.id(), None));
            }
            write_entity(tx, e)?;
        }
        Op::Delete(e) => {
            check_whole(tx, e)?;
            if delete_entity(tx, e)? != 1 {
                return Err(conflict(e.kind(), e.id(), None));
            }
        }
    }
    Ok(())
}

/// Refuses the deletion of a record someone changed since it was read.
fn check_whole(tx: &Transaction, e: &Entity) -> Result<(), Refusal> {
    for &field in e.fields() {
        let Some(v) = e.get(field) else { continue };
        match read(tx, e.kind(), e.id(), field)? {
            Some(now) if now == sql_of(&v) => {}
            Some(_) => {
                return Err(Refusal::Conflict {
                    kind: e.kind(),
                    id: e.id(),
                    field: Some(field),
                });
            }
            None => {
                return Err(Refusal::Conflict {
                    kind: e.kind(),
                    id: e.id(),
                    field: None,
                });
            }
        }
    }
    Ok(())
}
