//! The plan file (`.fwplan`): one version of a plan as a self-contained UTF-8 JSON file.
//! Writing is atomic; reading treats the bytes as untrusted and is pure (it changes nothing).
//! Compare (`diff`) and three-way `merge` match entities by id, never by code.
//! The format is documented in `docs/plan-file-format.md`.

pub mod diff;
mod format;
pub mod merge;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SubsecRound, Utc};
use thiserror::Error;

use crate::model::{ActorKind, Id, Lane, Plan, Status};

pub(crate) use crate::model::record as fields;
pub use crate::model::record::{EntityKind, Field, Item, Value, lane_label, status_label};
pub use diff::{Change, ChangeKind, Tag, diff, word_diff};
pub use format::{FORMAT_NAME, FORMAT_VERSION};
pub use merge::{Choice, Conflict, ConflictKind, MergeResult, ResolveError, merge, resolve};

use format::{FileDoc, PlanDoc};

/// The file name extension of plan files, without the dot.
pub const EXTENSION: &str = "fwplan";
/// Larger files are refused before parsing, and never written: the writer checks the same
/// limit, so every file the app writes can be read back. The BMGF plan is about 0.2 MB; the
/// largest supported plan, 100,000 activities, about 50 MB written compactly (see
/// [`PRETTY_MAX_BYTES`]), which leaves room for long notes.
pub const MAX_BYTES: u64 = 128 * 1024 * 1024;
/// Up to this size a file is written pretty-printed, one member per line, so a person can read
/// it; a larger one is written as compact JSON (the same format, without the whitespace,
/// about 40% smaller). The BMGF plan and plans of up to about 10,000 activities stay readable.
pub const PRETTY_MAX_BYTES: usize = 16 * 1024 * 1024;
/// The largest plan the app supports and tests: every file of it is written and read back.
pub const MAX_ACTIVITIES: usize = 100_000;
/// Deepest nesting of arrays and objects accepted; a plan file needs 5.
pub const MAX_DEPTH: usize = 32;

/// One saved version of a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanFile {
    /// This version's id.
    pub version_id: Id,
    /// The version this one was made from, if any.
    pub based_on: Option<Id>,
    pub saved_at: DateTime<Utc>,
    pub author: String,
    pub label: String,
    pub note: String,
    /// The plan; its `id` is the file's `plan_id`.
    pub plan: Plan,
}

impl PlanFile {
    /// A new version of `plan`, saved now, with a fresh id.
    pub fn new(plan: Plan, based_on: Option<Id>, author: &str, label: &str, note: &str) -> Self {
        PlanFile {
            version_id: uuid::Uuid::new_v4(),
            based_on,
            // Milliseconds are what the file keeps; truncating here makes write → read exact.
            saved_at: Utc::now().trunc_subsecs(3),
            author: author.to_owned(),
            label: label.to_owned(),
            note: note.to_owned(),
            plan,
        }
    }

    /// The SHA-256 the file of this version carries (see the format document).
    pub fn sha256(&self) -> String {
        self.encode().sha256().to_owned()
    }

    /// The file's bytes: JSON with entities sorted by id, ending with a newline;
    /// pretty-printed up to [`PRETTY_MAX_BYTES`], compact above. The same version always
    /// gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.encode().to_vec()
    }

    /// The file of this version, made once: its bytes and checksum, without the reader's
    /// checks (see [`checked`] for those).
    pub fn encode(&self) -> Encoded {
        let saved_at = self
            .saved_at
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
        let compact = format::Compact::new(&self.head(&saved_at), &self.plan);
        // Pretty-printing only pays for files small enough to be read by a person: a compact
        // file over the limit is certainly over it pretty-printed.
        if compact.len() as usize <= PRETTY_MAX_BYTES {
            let mut doc = self.doc_unsealed();
            doc.sha256 = compact.sha256.clone();
            // Serializing plain structs of strings and numbers into memory cannot fail.
            let mut pretty = serde_json::to_vec_pretty(&doc).unwrap_or_default();
            if pretty.len() <= PRETTY_MAX_BYTES {
                pretty.push(b'\n');
                return Encoded(Bytes::Pretty {
                    bytes: pretty,
                    sha256: compact.sha256,
                });
            }
        }
        Encoded(Bytes::Compact(compact))
    }

    /// The members of the file before its checksum.
    fn head<'a>(&'a self, saved_at: &'a str) -> format::Head<'a> {
        format::Head {
            format: FORMAT_NAME,
            format_version: FORMAT_VERSION,
            plan_id: &self.plan.id,
            version_id: &self.version_id,
            based_on: &self.based_on,
            saved_at,
            author: &self.author,
            label: &self.label,
            note: &self.note,
        }
    }

    /// The document of this version, its checksum not yet in it.
    fn doc_unsealed(&self) -> FileDoc {
        FileDoc {
            format: FORMAT_NAME.to_owned(),
            format_version: FORMAT_VERSION,
            plan_id: self.plan.id,
            version_id: self.version_id,
            based_on: self.based_on,
            saved_at: self
                .saved_at
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            author: self.author.clone(),
            label: self.label.clone(),
            note: self.note.clone(),
            sha256: String::new(),
            plan: PlanDoc::from_plan(&self.plan),
        }
    }
}

/// A version's file as bytes, with its checksum.
pub struct Encoded(Bytes);

enum Bytes {
    Pretty { bytes: Vec<u8>, sha256: String },
    Compact(format::Compact),
}

impl Encoded {
    pub fn sha256(&self) -> &str {
        match &self.0 {
            Bytes::Pretty { sha256, .. } => sha256,
            Bytes::Compact(c) => &c.sha256,
        }
    }

    /// The file's size in bytes.
    pub fn len(&self) -> u64 {
        match &self.0 {
            Bytes::Pretty { bytes, .. } => bytes.len() as u64,
            Bytes::Compact(c) => c.len() + 1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the file's bytes, without building them in one piece when they are large.
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        match &self.0 {
            Bytes::Pretty { bytes, .. } => w.write_all(bytes),
            Bytes::Compact(c) => c.write_to(w),
        }
    }

    pub fn to_vec(&self) -> Vec<u8> {
        match &self.0 {
            Bytes::Pretty { bytes, .. } => bytes.clone(),
            Bytes::Compact(c) => {
                let mut out = Vec::with_capacity(c.len() as usize + 1);
                // Writing into memory cannot fail.
                let _ = c.write_to(&mut out);
                out
            }
        }
    }
}

#[derive(Debug, Error)]
pub enum WriteError {
    #[error(
        "The plan would make a file of {size} bytes, more than the {limit} bytes a plan file may have, so no file could open it. Nothing was written. Shorten the longest notes or texts, or split the plan, then save again."
    )]
    TooLarge { size: u64, limit: u64 },
    #[error("The plan cannot be saved as a file that reads back ({detail}). Nothing was written.")]
    Unreadable { detail: String },
    #[error(
        "The disk is full, so the plan file {path} could not be written. Nothing was written there; a file that was already there is unchanged. Free some space or choose another folder, then save again."
    )]
    DiskFull { path: PathBuf },
    #[error(
        "Could not write the plan file {path}: {source}. Nothing was written there; a file that was already there is unchanged. Check the folder exists and has free space, then save again."
    )]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes `file` to `path` atomically: a crash or a full disk never leaves a half-written file.
/// What [`read`] would refuse is never written (see [`checked`]).
pub fn write(path: &Path, file: &PlanFile) -> Result<(), WriteError> {
    if !format::surely_longer_than(&file.plan, PRETTY_MAX_BYTES) {
        return write_encoded(path, &checked(file)?);
    }
    // A large plan's file is compact JSON, written as it is made: never whole in memory. The
    // reader's checks run meanwhile; the file takes its name only once they pass.
    let saved_at = file
        .saved_at
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    let head = file.head(&saved_at);
    let mut size = 0;
    let mut refused = None;
    let written = crate::files::write_atomic_seekable(path, |w| {
        std::thread::scope(|scope| {
            let checking = std::thread::Builder::new()
                .name("plan-file-check".into())
                .spawn_scoped(scope, || check(file));
            let (n, _) = format::write_compact(&head, &file.plan, w, MAX_BYTES)?;
            size = n;
            let checked = match checking {
                Ok(t) => t.join().unwrap_or_else(|_| check(file)),
                Err(_) => check(file),
            };
            if let Err(e) = checked {
                refused = Some(e);
            }
            if n > MAX_BYTES || refused.is_some() {
                // Refused below; the error keeps the half-written file from taking the name.
                return Err(std::io::Error::other("refused"));
            }
            Ok(())
        })
    });
    if let Some(e) = refused {
        return Err(e);
    }
    if size > MAX_BYTES {
        return Err(WriteError::TooLarge {
            size,
            limit: MAX_BYTES,
        });
    }
    written.map_err(|source| io_error(path, source))
}

/// Writes a file made by [`checked`] to `path` atomically.
pub fn write_encoded(path: &Path, encoded: &Encoded) -> Result<(), WriteError> {
    crate::files::write_atomic(path, |w| encoded.write_to(w))
        .map_err(|source| io_error(path, source))
}

fn io_error(path: &Path, source: std::io::Error) -> WriteError {
    if crate::files::is_disk_full(&source) {
        WriteError::DiskFull {
            path: path.to_path_buf(),
        }
    } else {
        WriteError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The file, once it passes what the reader checks: over [`MAX_BYTES`] is refused as too
/// large, and a plan the reader would refuse (an id used twice, a reference that does not
/// resolve, two actors with one abbreviation…) with the reader's reason. The rest of what the
/// reader checks holds for every file the writer makes: UTF-8 JSON without control characters,
/// of the plan file's shape and nesting, with the checksum of the bytes written (a test reads
/// back files of every kind and size). Checking the document rather than parsing the bytes back
/// costs a fraction of a parse.
pub fn checked(file: &PlanFile) -> Result<Encoded, WriteError> {
    check(file)?;
    let encoded = file.encode();
    if encoded.len() > MAX_BYTES {
        return Err(WriteError::TooLarge {
            size: encoded.len(),
            limit: MAX_BYTES,
        });
    }
    Ok(encoded)
}

/// What the reader would refuse in the plan itself (see [`checked`]).
fn check(file: &PlanFile) -> Result<(), WriteError> {
    check_plan(&file.plan).map_err(|e| WriteError::Unreadable {
        detail: e.to_string(),
    })
}

/// The file's bytes, once the reader's checks pass (see [`checked`]).
pub fn checked_bytes(file: &PlanFile) -> Result<Vec<u8>, WriteError> {
    checked(file).map(|e| e.to_vec())
}

/// Why a plan file was refused. Every message ends by saying nothing was changed: reading is
/// pure, so the database is untouched whatever the file holds.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("Could not read {path}: {source}. Nothing was changed.")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "The file is {size} bytes, more than the {limit} bytes a plan file may have, so it was not read. Nothing was changed. Check it is a Framework Planner plan file."
    )]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "The file is empty: it was probably not saved or not copied completely. Nothing was changed. Ask for the file again."
    )]
    Empty,
    #[error(
        "The file is not text (binary data at byte {offset}), so it is not a plan file or it is damaged. Nothing was changed."
    )]
    NotText { offset: usize },
    #[error(
        "The file ends too early: it was cut off, for example by an incomplete download or copy. Nothing was changed. Ask for the file again."
    )]
    Truncated,
    #[error(
        "The file is not valid JSON ({detail}), so it is not a plan file or it is damaged. Nothing was changed."
    )]
    NotJson { detail: String },
    #[error(
        "The file nests data deeper than {limit} levels, which no plan file does; it was not read. Nothing was changed."
    )]
    TooDeep { limit: usize },
    #[error(
        "The file holds {found}, not a plan, so it is not a Framework Planner plan file. Nothing was changed."
    )]
    WrongShape { found: String },
    #[error(
        "The file is not a Framework Planner plan file (its format is {found}). Nothing was changed."
    )]
    NotAPlanFile { found: String },
    #[error(
        "The file was made by a newer version of Framework Planner (plan file format {found}; this version reads up to {supported}). Nothing was changed. Open it with a newer version of the app."
    )]
    NewerVersion { found: String, supported: u64 },
    #[error(
        "The file's format version {found} is not one Framework Planner ever wrote; the file is damaged. Nothing was changed."
    )]
    BadVersion { found: String },
    #[error(
        "The plan file lacks {detail}; it is damaged or was edited by hand. Nothing was changed."
    )]
    MissingField { detail: String },
    #[error(
        "The plan file holds a value of the wrong kind ({detail}); it is damaged or was edited by hand. Nothing was changed."
    )]
    BadValue { detail: String },
    #[error(
        "The id {id} is used twice in the plan file (by a {first} and a {second}); ids must be unique. Nothing was changed."
    )]
    DuplicateId {
        id: Id,
        first: EntityKind,
        second: EntityKind,
    },
    #[error(
        "Two actors in the plan file share the abbreviation {abbreviation:?}; it must be unique. Nothing was changed."
    )]
    DuplicateAbbreviation { abbreviation: String },
    #[error(
        "Activity {activity} names the actor {actor} twice as {role}. The file is damaged or was edited by hand. Nothing was changed."
    )]
    DuplicateAssignment {
        activity: String,
        actor: Id,
        role: &'static str,
    },
    #[error(
        "{from} in the plan file refers to a {to_kind} with id {id} that the file does not contain. The file is damaged or was edited by hand. Nothing was changed."
    )]
    DanglingReference {
        from: String,
        to_kind: EntityKind,
        id: Id,
    },
    #[error(
        "Activity {activity} has the timeline {value:?}, which does not exist (short, medium, long or unscheduled). Nothing was changed."
    )]
    BadLane { activity: String, value: String },
    #[error(
        "Activity {activity} has the status {value:?}, which does not exist (proposed, agreed, needs_revision or dropped). Nothing was changed."
    )]
    BadStatus { activity: String, value: String },
    #[error("Actor {actor} has the kind {value:?}, which does not exist. Nothing was changed.")]
    BadKind { actor: String, value: String },
    #[error(
        "The file's content does not match its checksum: it was edited outside the app or damaged. Nothing was changed. Ask the sender to save and send the version again."
    )]
    ChecksumMismatch,
}

impl ReadError {
    /// A stable short name per kind of error, for tests and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            ReadError::Io { .. } => "io",
            ReadError::TooLarge { .. } => "too_large",
            ReadError::Empty => "empty",
            ReadError::NotText { .. } => "not_text",
            ReadError::Truncated => "truncated",
            ReadError::NotJson { .. } => "not_json",
            ReadError::TooDeep { .. } => "too_deep",
            ReadError::WrongShape { .. } => "wrong_shape",
            ReadError::NotAPlanFile { .. } => "not_a_plan_file",
            ReadError::NewerVersion { .. } => "newer_version",
            ReadError::BadVersion { .. } => "bad_version",
            ReadError::MissingField { .. } => "missing_field",
            ReadError::BadValue { .. } => "bad_value",
            ReadError::DuplicateId { .. } => "duplicate_id",
            ReadError::DuplicateAbbreviation { .. } => "duplicate_abbreviation",
            ReadError::DuplicateAssignment { .. } => "duplicate_assignment",
            ReadError::DanglingReference { .. } => "dangling_reference",
            ReadError::BadLane { .. } => "bad_lane",
            ReadError::BadStatus { .. } => "bad_status",
            ReadError::BadKind { .. } => "bad_kind",
            ReadError::ChecksumMismatch => "checksum_mismatch",
        }
    }
}

/// Reads a plan file from disk, refusing one over [`MAX_BYTES`] before reading it.
pub fn read_path(path: &Path) -> Result<PlanFile, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_BYTES {
        return Err(ReadError::TooLarge {
            size,
            limit: MAX_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow while being read; never take more than the cap allows.
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    read(&bytes)
}

/// Only the members that say what the file is, read before the rest.
#[derive(serde::Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
}

/// Reads an untrusted plan file. Pure: never panics, changes nothing, and accepts only a file
/// whose every reference resolves and whose checksum matches its content.
pub fn read(bytes: &[u8]) -> Result<PlanFile, ReadError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_BYTES,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ReadError::NotText { offset });
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        // A multi-byte character cut at the very end is a truncated file, not a binary one.
        return Err(match e.error_len() {
            None => ReadError::Truncated,
            Some(_) => ReadError::NotText {
                offset: e.valid_up_to(),
            },
        });
    }
    if format::nesting_exceeds(bytes, MAX_DEPTH) {
        return Err(ReadError::TooDeep { limit: MAX_DEPTH });
    }
    let first = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied()
        .unwrap_or(b' ');
    if first != b'{' {
        return Err(
            match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
                Ok(_) => ReadError::WrongShape {
                    found: match first {
                        b'[' => "a list".into(),
                        b'"' => "a piece of text".into(),
                        b't' | b'f' => "a true/false value".into(),
                        b'n' => "nothing (null)".into(),
                        _ => "a number".into(),
                    },
                },
                Err(e) => json_error(e),
            },
        );
    }

    let header: Header = serde_json::from_slice(bytes).map_err(json_error)?;
    match header.format {
        Some(serde_json::Value::String(s)) if s == FORMAT_NAME => {}
        Some(other) => {
            return Err(ReadError::NotAPlanFile {
                found: short(&other.to_string()),
            });
        }
        None => {
            return Err(ReadError::NotAPlanFile {
                found: "not given".into(),
            });
        }
    }
    match header.format_version {
        Some(serde_json::Value::Number(n)) => match n.as_u64() {
            Some(FORMAT_VERSION) => {}
            Some(v) if v > FORMAT_VERSION => {
                return Err(ReadError::NewerVersion {
                    found: v.to_string(),
                    supported: FORMAT_VERSION,
                });
            }
            // Larger than any integer we read, or a fraction above ours: still newer.
            None if n.as_f64().is_some_and(|f| f > FORMAT_VERSION as f64) => {
                return Err(ReadError::NewerVersion {
                    found: short(&n.to_string()),
                    supported: FORMAT_VERSION,
                });
            }
            _ => {
                return Err(ReadError::BadVersion {
                    found: short(&n.to_string()),
                });
            }
        },
        Some(other) => {
            return Err(ReadError::BadVersion {
                found: short(&other.to_string()),
            });
        }
        None => {
            return Err(ReadError::MissingField {
                detail: "the member `format_version`".into(),
            });
        }
    }

    let mut doc: FileDoc = serde_json::from_slice(bytes).map_err(json_error)?;
    check_references(&doc.plan)?;
    let saved_at = DateTime::parse_from_rfc3339(&doc.saved_at)
        .map_err(|e| ReadError::BadValue {
            detail: format!(
                "saved_at {:?} is not a date and time: {e}",
                short(&doc.saved_at)
            ),
        })?
        .with_timezone(&Utc);
    doc.plan.sort();
    let stored = doc.sha256.to_ascii_lowercase();
    if stored != doc.checksum() {
        return Err(ReadError::ChecksumMismatch);
    }
    Ok(PlanFile {
        version_id: doc.version_id,
        based_on: doc.based_on,
        saved_at,
        author: doc.author,
        label: doc.label,
        note: doc.note,
        plan: doc.plan.into_plan(doc.plan_id),
    })
}

/// Recomputes the checksum of `bytes`, JSON with the plan file's shape, and returns the file
/// written out again with it, nothing else checked. For building test files and for tools that
/// edit plan files on purpose; `None` when the bytes do not have the shape.
pub fn reseal(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut doc: FileDoc = serde_json::from_slice(bytes).ok()?;
    doc.plan.sort();
    doc.sha256 = doc.checksum();
    let mut out = serde_json::to_vec_pretty(&doc).ok()?;
    out.push(b'\n');
    Some(out)
}

/// Quotes at most 40 characters of a value from the file in a message.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

fn json_error(e: serde_json::Error) -> ReadError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => ReadError::Truncated,
        Category::Syntax | Category::Io => ReadError::NotJson {
            detail: e.to_string(),
        },
        Category::Data => {
            let text = e.to_string();
            if text.starts_with("missing field") {
                ReadError::MissingField {
                    detail: text.replacen("missing field", "the member", 1),
                }
            } else {
                ReadError::BadValue { detail: text }
            }
        }
    }
}

/// What [`check_references`] checks of a file's plan, checked on a plan in memory (one about
/// to be written), with the same errors. Lanes, statuses, kinds and times are valid by their
/// types here.
fn check_plan(p: &Plan) -> Result<(), ReadError> {
    let n = p.goals.len()
        + p.indicators.len()
        + p.sub_indicators.len()
        + p.actors.len()
        + p.activities.len();
    let mut seen: HashMap<Id, EntityKind> = HashMap::with_capacity(n);
    let ids = p
        .goals
        .iter()
        .map(|x| (x.id, EntityKind::Goal))
        .chain(p.indicators.iter().map(|x| (x.id, EntityKind::Indicator)))
        .chain(
            p.sub_indicators
                .iter()
                .map(|x| (x.id, EntityKind::SubIndicator)),
        )
        .chain(p.actors.iter().map(|x| (x.id, EntityKind::Actor)))
        .chain(p.activities.iter().map(|x| (x.id, EntityKind::Activity)));
    for (id, kind) in ids {
        if let Some(first) = seen.insert(id, kind) {
            return Err(ReadError::DuplicateId {
                id,
                first,
                second: kind,
            });
        }
    }
    let exists = |id: &Id, kind: EntityKind| seen.get(id) == Some(&kind);
    for i in &p.indicators {
        if !exists(&i.goal_id, EntityKind::Goal) {
            return Err(ReadError::DanglingReference {
                from: format!("Indicator {}", short(&i.code)),
                to_kind: EntityKind::Goal,
                id: i.goal_id,
            });
        }
    }
    for s in &p.sub_indicators {
        if !exists(&s.indicator_id, EntityKind::Indicator) {
            return Err(ReadError::DanglingReference {
                from: format!("Sub-indicator {}", short(&s.code)),
                to_kind: EntityKind::Indicator,
                id: s.indicator_id,
            });
        }
    }
    let mut abbreviations = HashSet::with_capacity(p.actors.len());
    for a in &p.actors {
        if !abbreviations.insert(a.abbreviation.as_str()) {
            return Err(ReadError::DuplicateAbbreviation {
                abbreviation: short(&a.abbreviation),
            });
        }
    }
    for a in &p.activities {
        let code = || short(&a.code);
        if !exists(&a.sub_indicator_id, EntityKind::SubIndicator) {
            return Err(ReadError::DanglingReference {
                from: format!("Activity {}", code()),
                to_kind: EntityKind::SubIndicator,
                id: a.sub_indicator_id,
            });
        }
        for (role, list) in [("lead", &a.leads), ("co-lead", &a.co_leads)] {
            for (k, actor) in list.iter().enumerate() {
                if !exists(actor, EntityKind::Actor) {
                    return Err(ReadError::DanglingReference {
                        from: format!("The {role} of activity {}", code()),
                        to_kind: EntityKind::Actor,
                        id: *actor,
                    });
                }
                // Lists of a plan in memory are short: a scan is cheaper than a set.
                if list[..k].contains(actor) {
                    return Err(ReadError::DuplicateAssignment {
                        activity: code(),
                        actor: *actor,
                        role,
                    });
                }
            }
        }
    }
    let mut comments = HashSet::with_capacity(p.comments.len());
    for c in &p.comments {
        if seen.contains_key(&c.id) || !comments.insert(c.id) {
            return Err(ReadError::BadValue {
                detail: format!("the comment {} has an id used twice", c.id),
            });
        }
        if !exists(&c.activity_id, EntityKind::Activity) {
            return Err(ReadError::DanglingReference {
                from: format!("The comment {}", c.id),
                to_kind: EntityKind::Activity,
                id: c.activity_id,
            });
        }
    }
    // Links as the reader checks them, so that a file written is a file that reads.
    let mut links = HashSet::with_capacity(p.links.len());
    for l in &p.links {
        if seen.contains_key(&l.id) || comments.contains(&l.id) || !links.insert(l.id) {
            return Err(ReadError::BadValue {
                detail: format!("the link {} has an id used twice", l.id),
            });
        }
        if !exists(&l.activity_id, EntityKind::Activity) {
            return Err(ReadError::DanglingReference {
                from: format!("The link {}", l.id),
                to_kind: EntityKind::Activity,
                id: l.activity_id,
            });
        }
        if !crate::model::rules::is_reference_key(&l.target) {
            return Err(ReadError::BadValue {
                detail: format!("the link {} points to {:?}", l.id, short(&l.target)),
            });
        }
    }
    Ok(())
}

/// Ids are unique, every reference resolves, and lanes, statuses and kinds exist.
fn check_references(p: &PlanDoc) -> Result<(), ReadError> {
    let n = p.goals.len()
        + p.indicators.len()
        + p.sub_indicators.len()
        + p.actors.len()
        + p.activities.len();
    let mut seen: HashMap<Id, EntityKind> = HashMap::with_capacity(n);
    let ids = p
        .goals
        .iter()
        .map(|x| (x.id, EntityKind::Goal))
        .chain(p.indicators.iter().map(|x| (x.id, EntityKind::Indicator)))
        .chain(
            p.sub_indicators
                .iter()
                .map(|x| (x.id, EntityKind::SubIndicator)),
        )
        .chain(p.actors.iter().map(|x| (x.id, EntityKind::Actor)))
        .chain(p.activities.iter().map(|x| (x.id, EntityKind::Activity)));
    for (id, kind) in ids {
        if let Some(first) = seen.insert(id, kind) {
            return Err(ReadError::DuplicateId {
                id,
                first,
                second: kind,
            });
        }
    }
    let exists = |id: &Id, kind: EntityKind| seen.get(id) == Some(&kind);
    for i in &p.indicators {
        if !exists(&i.goal_id, EntityKind::Goal) {
            return Err(ReadError::DanglingReference {
                from: format!("Indicator {}", short(&i.code)),
                to_kind: EntityKind::Goal,
                id: i.goal_id,
            });
        }
    }
    for s in &p.sub_indicators {
        if !exists(&s.indicator_id, EntityKind::Indicator) {
            return Err(ReadError::DanglingReference {
                from: format!("Sub-indicator {}", short(&s.code)),
                to_kind: EntityKind::Indicator,
                id: s.indicator_id,
            });
        }
    }
    let mut abbreviations = HashSet::with_capacity(p.actors.len());
    for a in &p.actors {
        if ActorKind::parse(&a.kind).is_none() {
            return Err(ReadError::BadKind {
                actor: short(&a.abbreviation),
                value: short(&a.kind),
            });
        }
        if !abbreviations.insert(a.abbreviation.as_str()) {
            return Err(ReadError::DuplicateAbbreviation {
                abbreviation: short(&a.abbreviation),
            });
        }
    }
    for a in &p.activities {
        let code = || short(&a.code);
        if !exists(&a.sub_indicator_id, EntityKind::SubIndicator) {
            return Err(ReadError::DanglingReference {
                from: format!("Activity {}", code()),
                to_kind: EntityKind::SubIndicator,
                id: a.sub_indicator_id,
            });
        }
        for (role, list) in [("lead", &a.leads), ("co-lead", &a.co_leads)] {
            // A set, not a scan of the list so far: a hostile file may hold huge lists.
            let mut once = HashSet::with_capacity(list.len());
            for actor in list {
                if !exists(actor, EntityKind::Actor) {
                    return Err(ReadError::DanglingReference {
                        from: format!("The {role} of activity {}", code()),
                        to_kind: EntityKind::Actor,
                        id: *actor,
                    });
                }
                if !once.insert(actor) {
                    return Err(ReadError::DuplicateAssignment {
                        activity: code(),
                        actor: *actor,
                        role,
                    });
                }
            }
        }
        if Lane::parse(&a.lane).is_none() {
            return Err(ReadError::BadLane {
                activity: code(),
                value: short(&a.lane),
            });
        }
        if Status::parse(&a.status).is_none() {
            return Err(ReadError::BadStatus {
                activity: code(),
                value: short(&a.status),
            });
        }
    }
    let mut comments = HashSet::with_capacity(p.comments.len());
    for c in &p.comments {
        if seen.contains_key(&c.id) || !comments.insert(c.id) {
            return Err(ReadError::BadValue {
                detail: format!("the comment {} has an id used twice", c.id),
            });
        }
        if !exists(&c.activity_id, EntityKind::Activity) {
            return Err(ReadError::DanglingReference {
                from: format!("The comment {}", c.id),
                to_kind: EntityKind::Activity,
                id: c.activity_id,
            });
        }
        if crate::model::CommentKind::parse(&c.kind).is_none() {
            return Err(ReadError::BadValue {
                detail: format!(
                    "the comment {} has the unknown kind {:?}",
                    c.id,
                    short(&c.kind)
                ),
            });
        }
        if chrono::DateTime::parse_from_rfc3339(&c.at).is_err() {
            return Err(ReadError::BadValue {
                detail: format!(
                    "the comment {} has {:?}, which is not a date and time",
                    c.id,
                    short(&c.at)
                ),
            });
        }
    }
    let mut links = HashSet::with_capacity(p.links.len());
    for l in &p.links {
        if seen.contains_key(&l.id) || comments.contains(&l.id) || !links.insert(l.id) {
            return Err(ReadError::BadValue {
                detail: format!("the link {} has an id used twice", l.id),
            });
        }
        if !exists(&l.activity_id, EntityKind::Activity) {
            return Err(ReadError::DanglingReference {
                from: format!("The link {}", l.id),
                to_kind: EntityKind::Activity,
                id: l.activity_id,
            });
        }
        if !crate::model::rules::is_reference_key(&l.target) {
            return Err(ReadError::BadValue {
                detail: format!(
                    "the link {} points to {:?}, which is not a GCM objective or action or an SDG target",
                    l.id,
                    short(&l.target)
                ),
            });
        }
    }
    Ok(())
}
