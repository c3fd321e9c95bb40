//! SQLite storage: opening (with migrations and first-run seeding), loading the plan, writing it.

mod history;
mod records;
mod schema;
mod sessions;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use thiserror::Error;
use uuid::Uuid;

use crate::model::{
    Activity, Actor, ActorKind, Comment, CommentKind, Entity, EntityKind, Field, Goal, Id,
    Indicator, Inferred, Lane, Link, Op, Plan, Status, SubIndicator,
};
use crate::planfile::PlanFile;
use crate::seed;

pub use history::VersionInfo;
pub use sessions::{Change, Session};

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = schema::MIGRATIONS.len() as i64;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer version of Framework Planner (database schema {found}; this version reads up to {supported}). The file was left unchanged. Open it with a newer version of the app, or choose another database with --db."
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path} is not a Framework Planner database, or it is damaged ({detail}). The file was left unchanged. Choose another database with --db, or move this file away to start a fresh one."
    )]
    NotADatabase { path: PathBuf, detail: String },
    #[error(
        "{path} is in use by another program and did not become free in time. Nothing was changed. Close the other copy of Framework Planner and try again."
    )]
    Busy { path: PathBuf },
    #[error("Could not create the folder {path}: {source}. Nothing was written.")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("The built-in framework data is invalid: {0}")]
    Seed(#[from] seed::SeedError),
    #[error("The database {path} holds data this version cannot read: {detail}")]
    BadData { path: PathBuf, detail: String },
    #[error(
        "The version {id} is not in the history of {path}. Nothing was changed. Choose another version from the list."
    )]
    NoSuchVersion { path: PathBuf, id: Id },
    #[error(
        "{path} can only be read here (a read-only file, folder or disk), so nothing can be changed in it. Nothing was changed. Copy it to a folder you can write to and open that copy to edit."
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "The disk holding {path} is full. Nothing was changed: the database is as it was before. Free some space, then try again."
    )]
    DiskFull { path: PathBuf },
    #[error(
        "{path} was written by an older version of Framework Planner and must be upgraded before it is read, which cannot be done where it can only be read. Nothing was changed. Copy it to a folder you can write to and open that copy."
    )]
    NeedsUpgrade { path: PathBuf },
    #[error(
        "The file's version id {id} is already in the history of {path} with other content: two different versions cannot share an id, so the file was not imported. Nothing was changed. Ask the sender to save the version again."
    )]
    VersionIdReused { path: PathBuf, id: Id },
    #[error(
        "The {kind} {label} was changed by someone else since this plan was read{}. Nothing was saved.",
        field.map(|f| format!(" (its {})", f.label())).unwrap_or_default()
    )]
    Conflict {
        kind: EntityKind,
        id: Id,
        /// The record's code or abbreviation as the database holds it, or its id.
        label: String,
        /// The field another writer changed; `None` when the record was added or removed.
        field: Option<Field>,
    },
    #[error("Database error on {path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Whether the message itself says that nothing was changed, so that callers do not
    /// say it a second time.
    pub fn says_nothing_changed(&self) -> bool {
        matches!(
            self,
            StoreError::Busy { .. }
                | StoreError::ReadOnly { .. }
                | StoreError::DiskFull { .. }
                | StoreError::NeedsUpgrade { .. }
                | StoreError::VersionIdReused { .. }
                | StoreError::NoSuchVersion { .. }
                | StoreError::Conflict { .. }
        )
    }
}

/// An open database holding one plan.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The workshop session running, whose id every committed change is tagged with.
    session: Option<Id>,
    /// Opened read-only (see [`Store::open_read_only`]): every write is refused.
    read_only: bool,
    /// `PRAGMA data_version` when last asked, to notice commits by other connections.
    data_version: Option<i64>,
}

impl Store {
    /// Opens the database at `path`, creating and seeding it with the built-in framework if it
    /// does not exist yet or is empty. A newer or damaged database is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, seed::bmgf)
    }

    /// Like [`Store::open`], seeding a new database with the plan `seed` returns.
    pub fn open_with(
        path: &Path,
        seed: impl FnOnce() -> Result<Plan, seed::SeedError>,
    ) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.exists()
        {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            session: None,
            read_only: false,
            data_version: None,
        };
        store
            .conn
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| classify(path, e))?;

        // Read the version before anything writes: a newer or damaged file must stay as it is.
        let version: i64 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        // A foreign SQLite file (tables but not ours) is refused too.
        if version == 0 && store.has_foreign_tables()? {
            return Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                detail: "it holds tables that are not Framework Planner's".into(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        store
            .conn
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
            )
            .map_err(|e| classify(path, e))?;
        store.migrate(version)?;
        if !store.has_plan()? {
            let plan = seed()?;
            store.insert_plan(&plan)?;
        }
        store.load_reference()?;
        store.session = store.running_session()?.map(|s| s.id);
        Ok(store)
    }

    /// Opens the database for reading only, changing nothing on disk: no migration, no seed,
    /// no journal mode. For a database in a read-only folder or on a read-only disk. A database
    /// that does not exist, or needs an upgrade first, is refused.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                detail: "there is no database at this path".into(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let open = |uri: &str| -> Result<(Store, i64), StoreError> {
            let conn = Connection::open_with_flags(uri, flags).map_err(|e| classify(path, e))?;
            conn.busy_timeout(std::time::Duration::from_secs(5))
                .map_err(|e| classify(path, e))?;
            let version: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| classify(path, e))?;
            let store = Store {
                conn,
                path: path.to_path_buf(),
                session: None,
                read_only: true,
                data_version: None,
            };
            Ok((store, version))
        };
        let file_uri = |extra: &str| {
            // A URI, so that `immutable` can be given; `?` and `#` in a path must be escaped.
            let p = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            let p = p
                .to_string_lossy()
                .replace('%', "%25")
                .replace('?', "%3f")
                .replace('#', "%23");
            format!("file:{p}{extra}")
        };
        // A database in WAL mode needs its shared-memory file; where it cannot be made (a
        // read-only folder) SQLite reads the file as immutable, as it is on disk.
        let (mut store, version) = match open(&file_uri("?mode=ro")) {
            Ok(x) => x,
            Err(_) => open(&file_uri("?mode=ro&immutable=1"))?,
        };
        if version == 0 && store.has_foreign_tables()? {
            return Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                detail: "it holds tables that are not Framework Planner's".into(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            return Err(StoreError::NeedsUpgrade {
                path: path.to_path_buf(),
            });
        }
        store.session = store.running_session()?.map(|s| s.id);
        Ok(store)
    }

    /// Opens the database for something that only reads it (an export, the window when it
    /// cannot write): as usual, or read-only when the file, its folder or its disk cannot be
    /// written. Says which through [`Store::is_read_only`].
    pub fn open_for_reading(path: &Path) -> Result<Store, StoreError> {
        match Store::open(path) {
            Ok(s) => Ok(s),
            Err(e) if path.is_file() && cannot_write(&e) => Store::open_read_only(path),
            Err(e) => Err(e),
        }
    }

    /// Whether the database was opened read-only: every change is refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    fn refuse_if_read_only(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
            });
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Rows inserted, updated or deleted through this connection since it was opened
    /// (SQLite's `total_changes`): what a change costs the database, counted, not timed.
    pub fn total_changes(&self) -> u64 {
        self.conn.total_changes()
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify_on(&self.conn, &self.path, e)
    }

    fn has_foreign_tables(&self) -> Result<bool, StoreError> {
        let n: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        for (i, sql) in schema::MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self
                .conn
                .transaction()
                .map_err(|e| classify(&self.path, e))?;
            tx.execute_batch(sql).map_err(|e| classify(&self.path, e))?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(|e| classify(&self.path, e))?;
            tx.commit().map_err(|e| classify(&self.path, e))?;
        }
        Ok(())
    }

    /// Fills the reference frameworks' tables from the data in the binary, on first run and
    /// after the migration that made them; a database that holds them already is left as is.
    fn load_reference(&mut self) -> Result<(), StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM reference_entry", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if n > 0 {
            return Ok(());
        }
        let r = crate::reference::Reference::builtin();
        let path = self.path.clone();
        let e = |e| classify(&path, e);
        let tx = self.conn.transaction().map_err(e)?;
        {
            let mut entry = tx
                .prepare(
                    "INSERT INTO reference_entry (key, framework, parent, code, title, text, source_line, note)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(e)?;
            for o in &r.objectives {
                let key = crate::reference::objective_key(o.number);
                entry
                    .execute(params![
                        key,
                        "gcm_objective",
                        None::<String>,
                        r.code(&key),
                        o.short_name,
                        o.title,
                        o.source_line,
                        o.note
                    ])
                    .map_err(e)?;
            }
            for a in &r.actions {
                let key = crate::reference::action_key(a.objective, a.letter);
                let parent = crate::reference::objective_key(a.objective);
                entry
                    .execute(params![
                        key,
                        "gcm_action",
                        parent,
                        r.code(&key),
                        a.group,
                        a.text,
                        a.source_line,
                        a.note
                    ])
                    .map_err(e)?;
            }
            for g in &r.sdg_goals {
                let key = format!("sdggoal:{}", g.goal);
                entry
                    .execute(params![
                        key,
                        "sdg_goal",
                        None::<String>,
                        format!("SDG {}", g.goal),
                        g.title,
                        g.title,
                        g.source_line,
                        ""
                    ])
                    .map_err(e)?;
            }
            for t in &r.sdg_targets {
                let key = crate::reference::target_key(&t.target);
                let parent = format!("sdggoal:{}", t.goal);
                entry
                    .execute(params![
                        key,
                        "sdg_target",
                        parent,
                        r.code(&key),
                        "",
                        t.text,
                        t.source_line,
                        ""
                    ])
                    .map_err(e)?;
            }
            for m in &r.mcof_goals {
                let key = format!("mcof:{}", m.code);
                entry
                    .execute(params![
                        key,
                        "mcof_goal",
                        None::<String>,
                        r.code(&key),
                        "",
                        m.text,
                        m.source_line,
                        ""
                    ])
                    .map_err(e)?;
            }
            let mut assoc = tx
                .prepare(
                    "INSERT OR IGNORE INTO reference_association (from_key, to_key, printed, source_line, note)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(e)?;
            for ot in &r.objective_targets {
                let from = crate::reference::objective_key(ot.objective);
                let to = crate::reference::target_key(&ot.target);
                assoc
                    .execute(params![from, to, ot.target, ot.source_line, ot.note])
                    .map_err(e)?;
            }
            for l in &r.annex_d {
                assoc
                    .execute(params![
                        format!("bmgf:goal:{}", l.goal),
                        l.link,
                        l.printed,
                        l.source_line,
                        l.note
                    ])
                    .map_err(e)?;
            }
        }
        tx.commit().map_err(e)
    }

    fn has_plan(&self) -> Result<bool, StoreError> {
        self.conn
            .query_row("SELECT 1 FROM plan LIMIT 1", [], |_| Ok(()))
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| self.err(e))
    }

    /// Writes a whole plan in one transaction (first-run seeding, and tests).
    pub fn insert_plan(&mut self, plan: &Plan) -> Result<(), StoreError> {
        self.refuse_if_read_only()?;
        let path = self.path.clone();
        let e = |e| classify(&path, e);
        let tx = self.conn.transaction().map_err(e)?;
        tx.execute(
            "INSERT INTO plan (id, name, short_name, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                plan.id.to_string(),
                plan.name,
                plan.short_name,
                plan.source,
                chrono::Utc::now().to_rfc3339()
            ],
        )
        .map_err(e)?;
        // Parents before children, as the foreign keys ask; the same statements as edits use.
        let records = plan
            .goals
            .iter()
            .map(|x| Entity::Goal(x.clone()))
            .chain(plan.indicators.iter().map(|x| Entity::Indicator(x.clone())))
            .chain(
                plan.sub_indicators
                    .iter()
                    .map(|x| Entity::SubIndicator(x.clone())),
            )
            .chain(plan.actors.iter().map(|x| Entity::Actor(x.clone())))
            .chain(plan.activities.iter().map(|x| Entity::Activity(x.clone())))
            .chain(plan.comments.iter().map(|x| Entity::Comment(x.clone())))
            .chain(plan.links.iter().map(|x| Entity::Link(x.clone())));
        for r in records {
            write_entity(&tx, &r).map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    /// Commits the operations of one command in one transaction: all of them or none.
    pub fn commit(&mut self, ops: &[Op]) -> Result<(), StoreError> {
        self.commit_inner(ops, None)
    }

    /// Commits an import in one transaction, all of it or none: the operations (the plan's
    /// name among them, when the file changes it) and the imported `file`, read from `path`,
    /// recorded in the history.
    pub fn commit_import(
        &mut self,
        ops: &[Op],
        file: &PlanFile,
        path: &Path,
    ) -> Result<(), StoreError> {
        self.commit_inner(ops, Some((file, path)))
    }

    fn commit_inner(
        &mut self,
        ops: &[Op],
        import: Option<(&PlanFile, &Path)>,
    ) -> Result<(), StoreError> {
        self.refuse_if_read_only()?;
        if let Some((file, _)) = import {
            self.check_version_id(file)?;
        }
        let result = self.commit_tx(ops, import);
        // The OS error behind a failed write (a full disk) is read after the transaction
        // was rolled back, from the connection that saw it.
        result.map_err(|e| match e {
            StoreError::Sqlite { source, .. } => self.err(source),
            other => other,
        })
    }

    fn commit_tx(
        &mut self,
        ops: &[Op],
        import: Option<(&PlanFile, &Path)>,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let e = |e| classify(&path, e);
        // Immediate: the write lock is taken before the checks read, so another writer's commit
        // cannot slip in between the check and the write (it waits for the busy timeout).
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(e)?;
        if let Some((file, from)) = import {
            history::insert_version(&tx, file, from).map_err(e)?;
        }
        for op in ops {
            if let Err(r) = records::commit_op(&tx, op) {
                return Err(match r {
                    records::Refusal::Sql(x) => e(x),
                    records::Refusal::Conflict { kind, id, field } => StoreError::Conflict {
                        kind,
                        id,
                        label: label_in(&tx, kind, id, op),
                        field,
                    },
                });
            }
        }
        sessions::log_change(&tx, self.session, ops).map_err(e)?;
        crate::files::pause_point("commit");
        tx.commit().map_err(e)
    }

    /// Loads the plan held by this database.
    pub fn load_plan(&self) -> Result<Plan, StoreError> {
        let path = &self.path;
        let e = |e| classify(path, e);
        let bad = |detail: String| StoreError::BadData {
            path: path.clone(),
            detail,
        };
        let (id, name, short_name, source): (String, String, String, String) = self
            .conn
            .query_row(
                "SELECT id, name, short_name, source FROM plan LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .map_err(e)?;
        let plan_id = parse_id(&id).map_err(bad)?;

        let mut st = self
            .conn
            .prepare("SELECT id, code, title, key_elements, position, source_line FROM goal")
            .map_err(e)?;
        let goals = st
            .query_map([], |r| {
                Ok(Goal {
                    id: get_id(r, 0)?,
                    code: r.get(1)?,
                    title: r.get(2)?,
                    key_elements: r.get(3)?,
                    position: r.get(4)?,
                    source_line: r.get(5)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(e)?;

        let mut st = self
            .conn
            .prepare("SELECT id, goal_id, code, title, position, source_line FROM indicator")
            .map_err(e)?;
        let indicators = st
            .query_map([], |r| {
                Ok(Indicator {
                    id: get_id(r, 0)?,
                    goal_id: get_id(r, 1)?,
                    code: r.get(2)?,
                    title: r.get(3)?,
                    position: r.get(4)?,
                    source_line: r.get(5)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(e)?;

        let mut st = self
            .conn
            .prepare("SELECT id, indicator_id, code, title, baseline, position, source_line FROM sub_indicator")
            .map_err(e)?;
        let sub_indicators = st
            .query_map([], |r| {
                Ok(SubIndicator {
                    id: get_id(r, 0)?,
                    indicator_id: get_id(r, 1)?,
                    code: r.get(2)?,
                    title: r.get(3)?,
                    baseline: r.get(4)?,
                    position: r.get(5)?,
                    source_line: r.get(6)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(e)?;

        let mut st = self
            .conn
            .prepare("SELECT id, abbreviation, full_name, kind, notes, source_line FROM actor ORDER BY abbreviation COLLATE NOCASE")
            .map_err(e)?;
        let actors = st
            .query_map([], |r| {
                let kind: String = r.get(3)?;
                Ok(Actor {
                    id: get_id(r, 0)?,
                    abbreviation: r.get(1)?,
                    full_name: r.get(2)?,
                    kind: ActorKind::parse(&kind).unwrap_or(ActorKind::Other),
                    notes: r.get(4)?,
                    source_line: r.get(5)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(e)?;

        let mut st = self
            .conn
            .prepare(
                "SELECT id, sub_indicator_id, code, text, lane, lane_pos, outline_pos, status, notes,
                 lead_inferred, co_leads_inferred, timeline_inferred, source_note, source_line FROM activity",
            )
            .map_err(e)?;
        let mut activities = st
            .query_map([], |r| {
                let lane: String = r.get(4)?;
                let status: String = r.get(7)?;
                Ok(Activity {
                    id: get_id(r, 0)?,
                    sub_indicator_id: get_id(r, 1)?,
                    code: r.get(2)?,
                    text: r.get(3)?,
                    leads: Vec::new(),
                    co_leads: Vec::new(),
                    // The schema's CHECK constraints keep these valid.
                    lane: Lane::parse(&lane).unwrap_or(Lane::Unscheduled),
                    lane_pos: r.get(5)?,
                    outline_pos: r.get(6)?,
                    status: Status::parse(&status).unwrap_or(Status::Proposed),
                    notes: r.get(8)?,
                    inferred: Inferred {
                        lead: r.get(9)?,
                        co_leads: r.get(10)?,
                        timeline: r.get(11)?,
                    },
                    source_note: r.get(12)?,
                    source_line: r.get(13)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(e)?;

        let index: std::collections::HashMap<Id, usize> = activities
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        // In the table's own order, which is the order they were written in (by position):
        // sorting every assignment in SQL costs more than reading them. Should the positions
        // come out of order, they are read again sorted.
        for sorted in [false, true] {
            let sql = if sorted {
                "SELECT activity_id, actor_id, role, position FROM assignment
                 ORDER BY activity_id, role, position"
            } else {
                "SELECT activity_id, actor_id, role, position FROM assignment"
            };
            let mut last = vec![(i64::MIN, i64::MIN); activities.len()];
            for a in &mut activities {
                a.leads.clear();
                a.co_leads.clear();
            }
            let mut st = self.conn.prepare(sql).map_err(e)?;
            let mut rows = st.query([]).map_err(e)?;
            let mut in_order = true;
            while let Some(r) = rows.next().map_err(e)? {
                let activity = get_id(r, 0).map_err(e)?;
                let actor = get_id(r, 1).map_err(e)?;
                let lead = r.get_ref(2).map_err(e)?.as_str().map_err(|x| e(x.into()))? == "lead";
                let position: i64 = r.get(3).map_err(e)?;
                let Some(&i) = index.get(&activity) else {
                    continue; // the foreign key makes this impossible; skip rather than fail
                };
                let (list, at) = if lead {
                    (&mut activities[i].leads, &mut last[i].0)
                } else {
                    (&mut activities[i].co_leads, &mut last[i].1)
                };
                if *at > position && !sorted {
                    in_order = false;
                    break;
                }
                *at = position;
                list.push(actor);
            }
            if in_order {
                break;
            }
        }

        let mut st = self
            .conn
            .prepare(
                "SELECT id, activity_id, author, at, text, kind, session_id FROM comment
                 ORDER BY at, id",
            )
            .map_err(e)?;
        let comments = st
            .query_map([], |r| {
                let kind: String = r.get(5)?;
                let session: Option<String> = r.get(6)?;
                Ok(Comment {
                    id: get_id(r, 0)?,
                    activity_id: get_id(r, 1)?,
                    author: r.get(2)?,
                    at: get_time(r, 3)?,
                    text: r.get(4)?,
                    // The schema's CHECK constraint keeps this valid.
                    kind: CommentKind::parse(&kind).unwrap_or(CommentKind::Comment),
                    session_id: session.and_then(|s| Uuid::parse_str(&s).ok()),
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(e)?;

        let mut st = self
            .conn
            .prepare("SELECT id, activity_id, target FROM link ORDER BY rowid")
            .map_err(e)?;
        let links = st
            .query_map([], |r| {
                Ok(Link {
                    id: get_id(r, 0)?,
                    activity_id: get_id(r, 1)?,
                    target: r.get(2)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(e)?;

        Ok(Plan {
            id: plan_id,
            name,
            short_name,
            source,
            goals,
            indicators,
            sub_indicators,
            actors,
            activities,
            comments,
            links,
        })
    }

    /// Whether another connection (another window, the command line) committed to this
    /// database since the last call; the first call only takes note.
    pub fn changed_elsewhere(&mut self) -> Result<bool, StoreError> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let changed = self.data_version.is_some_and(|seen| seen != v);
        self.data_version = Some(v);
        Ok(changed)
    }
}

/// How a conflict names its record: the code or abbreviation the database holds, else what
/// the operation knows of it.
fn label_in(tx: &rusqlite::Transaction, kind: EntityKind, id: Id, op: &Op) -> String {
    let held = records::code_column(kind).and_then(|col| {
        tx.query_row(
            &format!("SELECT {col} FROM {} WHERE id = ?1", records::table(kind)),
            [id.to_string()],
            |r| r.get::<_, String>(0),
        )
        .ok()
    });
    held.unwrap_or_else(|| match op {
        Op::Create(e) | Op::Delete(e) => e.label(),
        _ => id.to_string(),
    })
}

/// Inserts or replaces one record; returns the number of rows written (1).
fn write_entity(tx: &rusqlite::Transaction, entity: &Entity) -> rusqlite::Result<usize> {
    // `ON CONFLICT DO UPDATE` rather than `INSERT OR REPLACE`: a replace deletes the row
    // first, which would cascade to the assignments and children.
    match entity {
        Entity::Goal(g) => tx
            .prepare_cached(
                "INSERT INTO goal (id, plan_id, code, title, key_elements, position, source_line)
                 VALUES (?1, (SELECT id FROM plan LIMIT 1), ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET code = excluded.code, title = excluded.title,
                   key_elements = excluded.key_elements, position = excluded.position,
                   source_line = excluded.source_line",
            )?
            .execute(params![
                g.id.to_string(),
                g.code,
                g.title,
                g.key_elements,
                g.position,
                g.source_line
            ]),
        Entity::Indicator(i) => tx
            .prepare_cached(
                "INSERT INTO indicator (id, goal_id, code, title, position, source_line)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET goal_id = excluded.goal_id, code = excluded.code,
                   title = excluded.title, position = excluded.position,
                   source_line = excluded.source_line",
            )?
            .execute(params![
                i.id.to_string(),
                i.goal_id.to_string(),
                i.code,
                i.title,
                i.position,
                i.source_line
            ]),
        Entity::SubIndicator(s) => tx
            .prepare_cached(
                "INSERT INTO sub_indicator (id, indicator_id, code, title, baseline, position, source_line)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET indicator_id = excluded.indicator_id,
                   code = excluded.code, title = excluded.title, baseline = excluded.baseline,
                   position = excluded.position, source_line = excluded.source_line",
            )?
            .execute(params![
                s.id.to_string(),
                s.indicator_id.to_string(),
                s.code,
                s.title,
                s.baseline,
                s.position,
                s.source_line
            ]),
        Entity::Actor(a) => tx
            .prepare_cached(
                "INSERT INTO actor (id, plan_id, abbreviation, full_name, kind, notes, source_line)
                 VALUES (?1, (SELECT id FROM plan LIMIT 1), ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET abbreviation = excluded.abbreviation,
                   full_name = excluded.full_name, kind = excluded.kind, notes = excluded.notes,
                   source_line = excluded.source_line",
            )?
            .execute(params![
                a.id.to_string(),
                a.abbreviation,
                a.full_name,
                a.kind.as_str(),
                a.notes,
                a.source_line
            ]),
        Entity::Activity(a) => {
            let id = a.id.to_string();
            let n = tx
                .prepare_cached(
                    "INSERT INTO activity (id, sub_indicator_id, code, text, lane, lane_pos, outline_pos,
                       status, notes, lead_inferred, co_leads_inferred, timeline_inferred, source_note,
                       source_line)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                     ON CONFLICT(id) DO UPDATE SET sub_indicator_id = excluded.sub_indicator_id,
                       code = excluded.code, text = excluded.text, lane = excluded.lane,
                       lane_pos = excluded.lane_pos, outline_pos = excluded.outline_pos,
                       status = excluded.status, notes = excluded.notes,
                       lead_inferred = excluded.lead_inferred,
                       co_leads_inferred = excluded.co_leads_inferred,
                       timeline_inferred = excluded.timeline_inferred,
                       source_note = excluded.source_note, source_line = excluded.source_line",
                )?
                .execute(params![
                    id,
                    a.sub_indicator_id.to_string(),
                    a.code,
                    a.text,
                    a.lane.as_str(),
                    a.lane_pos,
                    a.outline_pos,
                    a.status.as_str(),
                    a.notes,
                    a.inferred.lead,
                    a.inferred.co_leads,
                    a.inferred.timeline,
                    a.source_note,
                    a.source_line
                ])?;
            tx.prepare_cached("DELETE FROM assignment WHERE activity_id = ?1")?
                .execute(params![id])?;
            let mut asg = tx.prepare_cached(
                "INSERT INTO assignment (activity_id, actor_id, role, position) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (role, ids) in [("lead", &a.leads), ("co_lead", &a.co_leads)] {
                for (pos, actor) in ids.iter().enumerate() {
                    asg.execute(params![id, actor.to_string(), role, pos as i64])?;
                }
            }
            Ok(n)
        }
        Entity::Comment(c) => tx
            .prepare_cached(
                "INSERT INTO comment (id, activity_id, author, at, text, kind, session_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET activity_id = excluded.activity_id,
                   author = excluded.author, at = excluded.at, text = excluded.text,
                   kind = excluded.kind, session_id = excluded.session_id",
            )?
            .execute(params![
                c.id.to_string(),
                c.activity_id.to_string(),
                c.author,
                c.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                c.text,
                c.kind.as_str(),
                c.session_id.map(|s| s.to_string())
            ]),
        Entity::Link(l) => tx
            .prepare_cached(
                "INSERT INTO link (id, activity_id, target) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET activity_id = excluded.activity_id,
                   target = excluded.target",
            )?
            .execute(params![l.id.to_string(), l.activity_id.to_string(), l.target]),
    }
}

/// Deletes one record; its assignments go with it. Returns the number of rows deleted (1).
fn delete_entity(tx: &rusqlite::Transaction, entity: &Entity) -> rusqlite::Result<usize> {
    let table = records::table(entity.kind());
    tx.prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1"))?
        .execute(params![entity.id().to_string()])
}

fn parse_id(s: &str) -> Result<Id, String> {
    Uuid::parse_str(s).map_err(|_| format!("{s:?} is not a valid id"))
}

fn get_id(r: &rusqlite::Row, i: usize) -> rusqlite::Result<Id> {
    let s: String = r.get(i)?;
    Uuid::parse_str(&s).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(err))
    })
}

fn get_time(r: &rusqlite::Row, i: usize) -> rusqlite::Result<chrono::DateTime<chrono::Utc>> {
    let s: String = r.get(i)?;
    chrono::DateTime::parse_from_rfc3339(&s)
        .map(|d| d.with_timezone(&chrono::Utc))
        .map_err(|err| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(err))
        })
}

/// Turns SQLite's error codes into the errors people can act on.
/// Whether opening failed because the database cannot be written where it is.
fn cannot_write(e: &StoreError) -> bool {
    match e {
        StoreError::ReadOnly { .. } => true,
        StoreError::Sqlite {
            source: rusqlite::Error::SqliteFailure(f, _),
            ..
        } => matches!(
            f.code,
            rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied
        ),
        StoreError::CreateDir { .. } => true,
        _ => false,
    }
}

/// Like [`classify`], also telling a full disk behind SQLite's "disk I/O error" by the OS
/// error the connection saw last.
#[allow(unsafe_code)] // one FFI call that rusqlite does not wrap
fn classify_on(conn: &Connection, path: &Path, e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && f.code == rusqlite::ErrorCode::SystemIoFailure
    {
        // SAFETY: the handle is the live connection's own; sqlite3_system_errno only reads
        // the error number SQLite kept from its last failed system call.
        let errno = unsafe { rusqlite::ffi::sqlite3_system_errno(conn.handle()) };
        if crate::files::is_disk_full(&std::io::Error::from_raw_os_error(errno)) {
            return StoreError::DiskFull {
                path: path.to_path_buf(),
            };
        }
    }
    classify(path, e)
}

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    if let rusqlite::Error::SqliteFailure(f, ref msg) = e {
        match f.code {
            ErrorCode::ReadOnly => {
                return StoreError::ReadOnly {
                    path: path.to_path_buf(),
                };
            }
            ErrorCode::DiskFull => {
                return StoreError::DiskFull {
                    path: path.to_path_buf(),
                };
            }
            ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt => {
                return StoreError::NotADatabase {
                    path: path.to_path_buf(),
                    detail: msg.clone().unwrap_or_else(|| f.to_string()),
                };
            }
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                return StoreError::Busy {
                    path: path.to_path_buf(),
                };
            }
            _ => {}
        }
    }
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source: e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit_notes(plan: &Plan, notes: String) -> Op {
        let a = &plan.activities[0];
        Op::Update {
            kind: EntityKind::Activity,
            id: a.id,
            field: Field::Notes,
            old: crate::model::Value::Text(a.notes.clone()),
            new: crate::model::Value::Text(notes),
        }
    }

    /// SQLite's "database or disk is full", made real by capping the file's pages.
    #[test]
    fn a_full_disk_says_so_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("plan.sqlite")).unwrap();
        let plan = store.load_plan().unwrap();
        let pages: i64 = store
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        store
            .conn
            .pragma_update(None, "max_page_count", pages)
            .unwrap();
        let err = store
            .commit(&[edit_notes(&plan, "x".repeat(1 << 20))])
            .unwrap_err();
        assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
        let text = err.to_string();
        assert!(text.contains("is full") && text.contains("Nothing was changed"));
        assert!(err.says_nothing_changed());
        assert_eq!(store.load_plan().unwrap(), plan);
    }

    /// Assignments are read in the table's order; written out of order (by another tool),
    /// they still load in the order of their positions.
    #[test]
    fn co_leads_load_in_position_order_whatever_order_the_rows_are_in() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("plan.sqlite")).unwrap();
        let mut plan = store.load_plan().unwrap();
        let a = &mut plan.activities[0];
        let taken: Vec<Id> = a.leads.clone();
        a.co_leads = plan
            .actors
            .iter()
            .map(|x| x.id)
            .filter(|x| !taken.contains(x))
            .take(3)
            .collect();
        let a = &plan.activities[0];
        let id = a.id.to_string();
        store
            .conn
            .execute(
                "DELETE FROM assignment WHERE activity_id = ?1 AND role = 'co_lead'",
                [&id],
            )
            .unwrap();
        for (pos, actor) in a.co_leads.iter().enumerate().rev() {
            store
                .conn
                .execute(
                    "INSERT INTO assignment (activity_id, actor_id, role, position) VALUES (?1, ?2, 'co_lead', ?3)",
                    params![id, actor.to_string(), pos as i64],
                )
                .unwrap();
        }
        assert_eq!(store.load_plan().unwrap(), plan);
    }

    #[test]
    fn a_read_only_store_reads_and_refuses_every_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.sqlite");
        let plan = Store::open(&path).unwrap().load_plan().unwrap();
        let mut store = Store::open_read_only(&path).unwrap();
        assert!(store.is_read_only());
        assert_eq!(store.load_plan().unwrap(), plan);
        let err = store
            .commit(&[edit_notes(&plan, "changed".into())])
            .unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("can only be read here"));
        assert_eq!(Store::open(&path).unwrap().load_plan().unwrap(), plan);
        // A path without a database is not created when only reading.
        let missing = dir.path().join("missing.sqlite");
        assert!(Store::open_read_only(&missing).is_err());
        assert!(!missing.exists());
    }
}
