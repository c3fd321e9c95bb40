//! The history of saved versions: every plan file saved is also kept in the database, whole, so
//! a version can be opened, compared or used as a merge base even when its file is gone.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, classify, get_id};
use crate::model::Id;
use crate::planfile::{self, PlanFile};

/// One saved version, without its plan.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionInfo {
    pub id: Id,
    pub plan_id: Id,
    pub based_on: Option<Id>,
    pub saved_at: DateTime<Utc>,
    pub author: String,
    pub label: String,
    pub note: String,
    pub sha256: String,
    /// Where the file was saved.
    pub path: String,
}

impl Store {
    /// Records a version saved to `path`. Recording the same version again changes nothing;
    /// another version under an id already in the history is refused.
    pub fn record_version(&mut self, file: &PlanFile, path: &Path) -> Result<(), StoreError> {
        self.refuse_if_read_only()?;
        self.check_version_id(file)?;
        let path_db = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| classify(&path_db, e))?;
        insert_version(&tx, file, path).map_err(|e| classify(&path_db, e))?;
        crate::files::pause_point("record");
        tx.commit().map_err(|e| self.err(e))
    }

    /// Refuses a file whose version id the history holds with other content: ids name one
    /// version, and a merge would otherwise take the wrong base.
    pub fn check_version_id(&self, file: &PlanFile) -> Result<(), StoreError> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT sha256 FROM version WHERE id = ?1",
                [file.version_id.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match stored {
            Some(sha) if sha != file.sha256() => Err(StoreError::VersionIdReused {
                path: self.path.clone(),
                id: file.version_id,
            }),
            _ => Ok(()),
        }
    }

    /// Every recorded version, newest first.
    pub fn versions(&self) -> Result<Vec<VersionInfo>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id, plan_id, based_on, saved_at, author, label, note, sha256, path
                 FROM version ORDER BY saved_at DESC, rowid DESC",
            )
            .map_err(|e| self.err(e))?;
        st.query_map([], |r| {
            let based_on: Option<String> = r.get(2)?;
            let saved_at: String = r.get(3)?;
            Ok(VersionInfo {
                id: get_id(r, 0)?,
                plan_id: get_id(r, 1)?,
                based_on: based_on.and_then(|s| uuid::Uuid::parse_str(&s).ok()),
                saved_at: DateTime::parse_from_rfc3339(&saved_at)
                    .map(|d| d.with_timezone(&Utc))
                    .map_err(|err| {
                        rusqlite::Error::FromSqlConversionFailure(
                            3,
                            rusqlite::types::Type::Text,
                            Box::new(err),
                        )
                    })?,
                author: r.get(4)?,
                label: r.get(5)?,
                note: r.get(6)?,
                sha256: r.get(7)?,
                path: r.get(8)?,
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(|e| self.err(e))
    }

    /// Whether the version `id` is in the history (e.g. the base of a file to merge).
    pub fn has_version(&self, id: Id) -> Result<bool, StoreError> {
        self.conn
            .query_row(
                "SELECT 1 FROM version WHERE id = ?1",
                [id.to_string()],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| self.err(e))
    }

    /// The whole version `id`, read and checked like any plan file.
    pub fn version_content(&self, id: Id) -> Result<PlanFile, StoreError> {
        let content: Option<String> = self
            .conn
            .query_row(
                "SELECT content FROM version WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| classify(&self.path, e))?;
        let content = content.ok_or_else(|| StoreError::NoSuchVersion {
            path: self.path.clone(),
            id,
        })?;
        planfile::read(content.as_bytes()).map_err(|e| StoreError::BadData {
            path: self.path.clone(),
            detail: format!("the saved version {id}: {e}"),
        })
    }
}

/// Records a version on `conn` (the store's connection or one of its transactions).
pub(super) fn insert_version(
    conn: &rusqlite::Connection,
    file: &PlanFile,
    path: &Path,
) -> rusqlite::Result<()> {
    // Made once for both the content and its checksum.
    let encoded = file.encode();
    let bytes = encoded.to_vec();
    // The file is JSON written by serde_json, so always UTF-8.
    let content = String::from_utf8_lossy(&bytes);
    conn.execute(
                "INSERT INTO version (id, plan_id, based_on, saved_at, author, label, note, sha256, path, content, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO NOTHING",
                params![
                    file.version_id.to_string(),
                    file.plan.id.to_string(),
                    file.based_on.map(|b| b.to_string()),
                    file.saved_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                    file.author,
                    file.label,
                    file.note,
                    encoded.sha256(),
                    path.to_string_lossy(),
                    content,
                    Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                ],
            )?;
    Ok(())
}
