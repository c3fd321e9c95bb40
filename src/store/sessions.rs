//! Workshop sessions and the change log: every committed command leaves one row in the log,
//! tagged with the session running when it was committed; a session keeps the plan as it was
//! when it started and when it ended, so its report can compare them.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, get_id, get_time};
use crate::model::{Id, Op, Plan};
use crate::planfile::{self, PlanFile};

/// A workshop session.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub id: Id,
    pub title: String,
    /// The date as the facilitator typed it, e.g. `2026-11-22`.
    pub held_on: String,
    pub place: String,
    pub facilitator: String,
    pub participants: u32,
    pub notes: String,
    pub started_at: DateTime<Utc>,
    /// `None` while the session runs.
    pub ended_at: Option<DateTime<Utc>>,
}

/// One committed command, as the change log keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub at: DateTime<Utc>,
    pub session_id: Option<Id>,
    /// What the command was, as the app said it then; older logs have only this.
    pub summary: String,
    /// The records the command touched, in the order of its operations, each once.
    pub records: Vec<Id>,
    /// The change itself, rendered in the reader's language when shown.
    pub ops: Vec<Op>,
}

/// Writes the log row of one command, inside the command's transaction.
pub(super) fn log_change(
    tx: &rusqlite::Transaction,
    session: Option<Id>,
    ops: &[Op],
) -> rusqlite::Result<()> {
    // A set beside the list: a change of 40,000 records stays linear.
    let mut seen = std::collections::HashSet::new();
    let records: Vec<String> = ops
        .iter()
        .filter_map(Op::target)
        .filter(|id| seen.insert(*id))
        .map(|id| id.to_string())
        .collect();
    // Plain strings and plain data always serialize.
    let records = serde_json::to_string(&records).unwrap_or_else(|_| "[]".into());
    let ops_json = serde_json::to_string(ops).unwrap_or_else(|_| "[]".into());
    tx.prepare_cached(
        "INSERT INTO change_log (session_id, at, summary, records, ops) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        session.map(|s| s.to_string()),
        Utc::now().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        // The operations say what was done, in any language; the sentence column stays for
        // logs written before they were kept.
        "",
        records,
        ops_json
    ])?;
    Ok(())
}

const SESSION_COLUMNS: &str =
    "id, title, held_on, place, facilitator, participants, notes, started_at, ended_at";

fn session_row(r: &rusqlite::Row) -> rusqlite::Result<Session> {
    let ended: Option<String> = r.get(8)?;
    Ok(Session {
        id: get_id(r, 0)?,
        title: r.get(1)?,
        held_on: r.get(2)?,
        place: r.get(3)?,
        facilitator: r.get(4)?,
        participants: r.get(5)?,
        notes: r.get(6)?,
        started_at: get_time(r, 7)?,
        ended_at: ended
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|d| d.with_timezone(&Utc)),
    })
}

fn snapshot(plan: &Plan, s: &Session) -> String {
    let file = PlanFile::new(plan.clone(), None, &s.facilitator, &s.title, &s.notes);
    String::from_utf8_lossy(&file.to_bytes()).into_owned()
}

impl Store {
    /// The session every commit is tagged with, if one runs.
    pub fn current_session(&self) -> Option<Id> {
        self.session
    }

    /// Starts a session: records it with the plan as it is now, and tags every later commit
    /// with it until it ends.
    pub fn start_session(&mut self, s: &Session, plan: &Plan) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO session (id, title, held_on, place, facilitator, participants, notes,
                   started_at, ended_at, start_plan, end_plan)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL, ?9, NULL)",
                params![
                    s.id.to_string(),
                    s.title,
                    s.held_on,
                    s.place,
                    s.facilitator,
                    s.participants,
                    s.notes,
                    s.started_at
                        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                    snapshot(plan, s)
                ],
            )
            .map_err(|e| self.err(e))?;
        self.session = Some(s.id);
        Ok(())
    }

    /// Ends the running session, keeping the plan as it is now. Returns the session ended.
    pub fn end_session(&mut self, plan: &Plan) -> Result<Option<Session>, StoreError> {
        let Some(mut s) = self.running_session()? else {
            self.session = None;
            return Ok(None);
        };
        let now = Utc::now();
        self.conn
            .execute(
                "UPDATE session SET ended_at = ?2, end_plan = ?3 WHERE id = ?1",
                params![
                    s.id.to_string(),
                    now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                    snapshot(plan, &s)
                ],
            )
            .map_err(|e| self.err(e))?;
        self.session = None;
        s.ended_at = Some(now);
        Ok(Some(s))
    }

    /// The session that has started and not ended, if any.
    pub fn running_session(&self) -> Result<Option<Session>, StoreError> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {SESSION_COLUMNS} FROM session WHERE ended_at IS NULL
                     ORDER BY started_at DESC LIMIT 1"
                ),
                [],
                session_row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Every session, newest first.
    pub fn sessions(&self) -> Result<Vec<Session>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {SESSION_COLUMNS} FROM session ORDER BY started_at DESC, rowid DESC"
            ))
            .map_err(|e| self.err(e))?;
        st.query_map([], session_row)
            .and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }

    /// The plan as it was when the session started, and when it ended (`None` while it runs).
    pub fn session_plans(&self, id: Id) -> Result<(Plan, Option<Plan>), StoreError> {
        let (start, end): (String, Option<String>) = self
            .conn
            .query_row(
                "SELECT start_plan, end_plan FROM session WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))?;
        let read = |text: &str| {
            planfile::read(text.as_bytes())
                .map(|f| f.plan)
                .map_err(|e| StoreError::BadData {
                    path: self.path.clone(),
                    detail: format!("the plan kept for session {id} cannot be read: {e}"),
                })
        };
        let start = read(&start)?;
        let end = end.as_deref().map(read).transpose()?;
        Ok((start, end))
    }

    /// The changes committed during a session, oldest first.
    pub fn changes_in(&self, session: Id) -> Result<Vec<Change>, StoreError> {
        self.changes_where("WHERE session_id = ?1", Some(session))
    }

    /// Every change of the log, oldest first.
    pub fn changes(&self) -> Result<Vec<Change>, StoreError> {
        self.changes_where("", None)
    }

    /// The last `n` changes of the log, newest first.
    pub fn recent_changes(&self, n: usize) -> Result<Vec<Change>, StoreError> {
        self.changes_query(&format!("ORDER BY id DESC LIMIT {n}"), None)
    }

    fn changes_where(&self, filter: &str, session: Option<Id>) -> Result<Vec<Change>, StoreError> {
        self.changes_query(&format!("{filter} ORDER BY id"), session)
    }

    fn changes_query(&self, tail: &str, session: Option<Id>) -> Result<Vec<Change>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT at, session_id, summary, records, ops FROM change_log {tail}"
            ))
            .map_err(|e| self.err(e))?;
        let row = |r: &rusqlite::Row| {
            let session: Option<String> = r.get(1)?;
            let records: String = r.get(3)?;
            let records: Vec<String> = serde_json::from_str(&records).unwrap_or_default();
            let ops: String = r.get(4)?;
            Ok(Change {
                at: get_time(r, 0)?,
                session_id: session.and_then(|s| uuid::Uuid::parse_str(&s).ok()),
                summary: r.get(2)?,
                records: records
                    .iter()
                    .filter_map(|s| uuid::Uuid::parse_str(s).ok())
                    .collect(),
                ops: serde_json::from_str(&ops).unwrap_or_default(),
            })
        };
        let rows = match session {
            Some(id) => st.query_map([id.to_string()], row),
            None => st.query_map([], row),
        };
        rows.and_then(|rows| rows.collect())
            .map_err(|e| self.err(e))
    }
}
