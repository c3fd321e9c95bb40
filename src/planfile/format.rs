//! The plan file's JSON shape, its canonical form and checksum. See `docs/plan-file-format.md`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::model::{
    Activity, Actor, ActorKind, Comment, CommentKind, Goal, Id, Indicator, Inferred, Lane, Plan,
    Status, SubIndicator,
};

pub const FORMAT_NAME: &str = "framework-planner-plan";
pub const FORMAT_VERSION: u64 = 1;

/// The whole file. Field order here is the order in the file and in the canonical form.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileDoc {
    pub format: String,
    pub format_version: u64,
    pub plan_id: Uuid,
    pub version_id: Uuid,
    #[serde(default)]
    pub based_on: Option<Uuid>,
    pub saved_at: String,
    pub author: String,
    pub label: String,
    pub note: String,
    pub sha256: String,
    pub plan: PlanDoc,
}

/// What the checksum covers: the file without its `sha256` member.
#[derive(Serialize)]
struct Canonical<'a> {
    format: &'a str,
    format_version: u64,
    plan_id: &'a Uuid,
    version_id: &'a Uuid,
    based_on: &'a Option<Uuid>,
    saved_at: &'a str,
    author: &'a str,
    label: &'a str,
    note: &'a str,
    plan: &'a PlanDoc,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PlanDoc {
    pub name: String,
    pub short_name: String,
    pub source: String,
    pub goals: Vec<GoalDoc>,
    pub indicators: Vec<IndicatorDoc>,
    pub sub_indicators: Vec<SubIndicatorDoc>,
    pub actors: Vec<ActorDoc>,
    pub activities: Vec<ActivityDoc>,
    /// Left out when empty, so that a plan without comments gives the same bytes (and
    /// checksum) as before comments existed, and older files still read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<CommentDoc>,
    /// Links to reference frameworks; left out when empty, as comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkDoc>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LinkDoc {
    pub id: Uuid,
    pub activity_id: Uuid,
    /// The reference entry's key, e.g. `gcm:6a` or `sdg:8.8`.
    pub target: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CommentDoc {
    pub id: Uuid,
    pub activity_id: Uuid,
    pub author: String,
    pub at: String,
    pub text: String,
    /// `comment` or `decision`; kept as text so that an unknown kind gets its own message.
    pub kind: String,
    #[serde(default)]
    pub session_id: Option<Uuid>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GoalDoc {
    pub id: Uuid,
    pub code: String,
    pub title: String,
    pub key_elements: String,
    pub position: i64,
    pub source_line: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IndicatorDoc {
    pub id: Uuid,
    pub goal_id: Uuid,
    pub code: String,
    pub title: String,
    pub position: i64,
    pub source_line: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SubIndicatorDoc {
    pub id: Uuid,
    pub indicator_id: Uuid,
    pub code: String,
    pub title: String,
    pub baseline: String,
    pub position: i64,
    pub source_line: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ActorDoc {
    pub id: Uuid,
    pub abbreviation: String,
    pub full_name: String,
    /// Kept as text so that an unknown kind gets its own message.
    pub kind: String,
    pub notes: String,
    pub source_line: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ActivityDoc {
    pub id: Uuid,
    pub sub_indicator_id: Uuid,
    pub code: String,
    pub text: String,
    pub leads: Vec<Uuid>,
    pub co_leads: Vec<Uuid>,
    pub lane: String,
    pub lane_pos: i64,
    pub outline_pos: i64,
    pub status: String,
    pub notes: String,
    pub inferred: InferredDoc,
    pub source_note: String,
    pub source_line: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct InferredDoc {
    pub lead: bool,
    pub co_leads: bool,
    pub timeline: bool,
}

impl PlanDoc {
    pub fn from_plan(plan: &Plan) -> PlanDoc {
        let mut doc = PlanDoc {
            name: plan.name.clone(),
            short_name: plan.short_name.clone(),
            source: plan.source.clone(),
            goals: plan
                .goals
                .iter()
                .map(|g| GoalDoc {
                    id: g.id,
                    code: g.code.clone(),
                    title: g.title.clone(),
                    key_elements: g.key_elements.clone(),
                    position: g.position,
                    source_line: g.source_line,
                })
                .collect(),
            indicators: plan
                .indicators
                .iter()
                .map(|i| IndicatorDoc {
                    id: i.id,
                    goal_id: i.goal_id,
                    code: i.code.clone(),
                    title: i.title.clone(),
                    position: i.position,
                    source_line: i.source_line,
                })
                .collect(),
            sub_indicators: plan
                .sub_indicators
                .iter()
                .map(|s| SubIndicatorDoc {
                    id: s.id,
                    indicator_id: s.indicator_id,
                    code: s.code.clone(),
                    title: s.title.clone(),
                    baseline: s.baseline.clone(),
                    position: s.position,
                    source_line: s.source_line,
                })
                .collect(),
            actors: plan
                .actors
                .iter()
                .map(|a| ActorDoc {
                    id: a.id,
                    abbreviation: a.abbreviation.clone(),
                    full_name: a.full_name.clone(),
                    kind: a.kind.as_str().to_owned(),
                    notes: a.notes.clone(),
                    source_line: a.source_line,
                })
                .collect(),
            activities: plan
                .activities
                .iter()
                .map(|a| ActivityDoc {
                    id: a.id,
                    sub_indicator_id: a.sub_indicator_id,
                    code: a.code.clone(),
                    text: a.text.clone(),
                    leads: a.leads.clone(),
                    co_leads: a.co_leads.clone(),
                    lane: a.lane.as_str().to_owned(),
                    lane_pos: a.lane_pos,
                    outline_pos: a.outline_pos,
                    status: a.status.as_str().to_owned(),
                    notes: a.notes.clone(),
                    inferred: InferredDoc {
                        lead: a.inferred.lead,
                        co_leads: a.inferred.co_leads,
                        timeline: a.inferred.timeline,
                    },
                    source_note: a.source_note.clone(),
                    source_line: a.source_line,
                })
                .collect(),
            comments: Vec::new(),
            links: plan
                .links
                .iter()
                .map(|l| LinkDoc {
                    id: l.id,
                    activity_id: l.activity_id,
                    target: l.target.clone(),
                })
                .collect(),
        };
        doc.comments = plan
            .comments
            .iter()
            .map(|c| CommentDoc {
                id: c.id,
                activity_id: c.activity_id,
                author: c.author.clone(),
                at: c.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                text: c.text.clone(),
                kind: c.kind.as_str().to_owned(),
                session_id: c.session_id,
            })
            .collect();
        doc.sort();
        doc
    }

    /// The canonical order: every entity list sorted by id. Ids never change, so a renumbering
    /// or an edit does not reorder the file.
    pub fn sort(&mut self) {
        self.goals.sort_by_key(|x| x.id);
        self.indicators.sort_by_key(|x| x.id);
        self.sub_indicators.sort_by_key(|x| x.id);
        self.actors.sort_by_key(|x| x.id);
        self.activities.sort_by_key(|x| x.id);
        // Comments keep the order they were said in; the id breaks ties.
        self.comments
            .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.id.cmp(&b.id)));
        self.links.sort_by_key(|x| x.id);
    }

    /// Turns a checked document into a plan. Lanes, statuses and kinds were checked before;
    /// the fallbacks are never used.
    pub fn into_plan(self, id: Id) -> Plan {
        Plan {
            id,
            name: self.name,
            short_name: self.short_name,
            source: self.source,
            goals: self
                .goals
                .into_iter()
                .map(|g| Goal {
                    id: g.id,
                    code: g.code,
                    title: g.title,
                    key_elements: g.key_elements,
                    position: g.position,
                    source_line: g.source_line,
                })
                .collect(),
            indicators: self
                .indicators
                .into_iter()
                .map(|i| Indicator {
                    id: i.id,
                    goal_id: i.goal_id,
                    code: i.code,
                    title: i.title,
                    position: i.position,
                    source_line: i.source_line,
                })
                .collect(),
            sub_indicators: self
                .sub_indicators
                .into_iter()
                .map(|s| SubIndicator {
                    id: s.id,
                    indicator_id: s.indicator_id,
                    code: s.code,
                    title: s.title,
                    baseline: s.baseline,
                    position: s.position,
                    source_line: s.source_line,
                })
                .collect(),
            actors: self
                .actors
                .into_iter()
                .map(|a| Actor {
                    id: a.id,
                    abbreviation: a.abbreviation,
                    full_name: a.full_name,
                    kind: ActorKind::parse(&a.kind).unwrap_or(ActorKind::Other),
                    notes: a.notes,
                    source_line: a.source_line,
                })
                .collect(),
            activities: self
                .activities
                .into_iter()
                .map(|a| Activity {
                    id: a.id,
                    sub_indicator_id: a.sub_indicator_id,
                    code: a.code,
                    text: a.text,
                    leads: a.leads,
                    co_leads: a.co_leads,
                    lane: Lane::parse(&a.lane).unwrap_or(Lane::Unscheduled),
                    lane_pos: a.lane_pos,
                    outline_pos: a.outline_pos,
                    status: Status::parse(&a.status).unwrap_or(Status::Proposed),
                    notes: a.notes,
                    inferred: Inferred {
                        lead: a.inferred.lead,
                        co_leads: a.inferred.co_leads,
                        timeline: a.inferred.timeline,
                    },
                    source_note: a.source_note,
                    source_line: a.source_line,
                })
                .collect(),
            comments: self
                .comments
                .into_iter()
                .filter_map(|c| {
                    Some(Comment {
                        id: c.id,
                        activity_id: c.activity_id,
                        author: c.author,
                        at: chrono::DateTime::parse_from_rfc3339(&c.at)
                            .ok()?
                            .with_timezone(&chrono::Utc),
                        text: c.text,
                        kind: CommentKind::parse(&c.kind)?,
                        session_id: c.session_id,
                    })
                })
                .collect(),
            links: self
                .links
                .into_iter()
                .map(|l| crate::model::Link {
                    id: l.id,
                    activity_id: l.activity_id,
                    target: l.target,
                })
                .collect(),
        }
    }
}

impl FileDoc {
    /// SHA-256, lower-case hex, of the canonical form: the document without `sha256`, as
    /// compact JSON (no whitespace) with members in the documented order and entity lists
    /// sorted by id. The caller sorts the plan first.
    pub fn checksum(&self) -> String {
        let canonical = Canonical {
            format: &self.format,
            format_version: self.format_version,
            plan_id: &self.plan_id,
            version_id: &self.version_id,
            based_on: &self.based_on,
            saved_at: &self.saved_at,
            author: &self.author,
            label: &self.label,
            note: &self.note,
            plan: &self.plan,
        };
        let mut hasher = HashWriter(Sha256::new());
        // Writing into a hasher cannot fail, and every value here serializes.
        let _ = serde_json::to_writer(&mut hasher, &canonical);
        hex(&hasher.0.finalize())
    }
}

/// The members before `sha256`, in the file's order: the canonical form without the plan.
#[derive(Serialize)]
pub(super) struct Head<'a> {
    pub format: &'a str,
    pub format_version: u64,
    pub plan_id: &'a Uuid,
    pub version_id: &'a Uuid,
    pub based_on: &'a Option<Uuid>,
    pub saved_at: &'a str,
    pub author: &'a str,
    pub label: &'a str,
    pub note: &'a str,
}

// The plan's records as the file writes them, borrowed from the plan rather than copied: the
// same members, in the same order, as the `…Doc` structs above (a test compares the bytes).

#[derive(Serialize)]
struct GoalRef<'a> {
    id: &'a Uuid,
    code: &'a str,
    title: &'a str,
    key_elements: &'a str,
    position: i64,
    source_line: Option<u32>,
}

#[derive(Serialize)]
struct IndicatorRef<'a> {
    id: &'a Uuid,
    goal_id: &'a Uuid,
    code: &'a str,
    title: &'a str,
    position: i64,
    source_line: Option<u32>,
}

#[derive(Serialize)]
struct SubIndicatorRef<'a> {
    id: &'a Uuid,
    indicator_id: &'a Uuid,
    code: &'a str,
    title: &'a str,
    baseline: &'a str,
    position: i64,
    source_line: Option<u32>,
}

#[derive(Serialize)]
struct ActorRef<'a> {
    id: &'a Uuid,
    abbreviation: &'a str,
    full_name: &'a str,
    kind: &'static str,
    notes: &'a str,
    source_line: Option<u32>,
}

#[derive(Serialize)]
struct CommentRef<'a> {
    id: &'a Uuid,
    activity_id: &'a Uuid,
    author: &'a str,
    at: String,
    text: &'a str,
    kind: &'static str,
    session_id: Option<Uuid>,
}

/// The plan's members up to its activities.
#[derive(Serialize)]
struct PlanHead<'a> {
    name: &'a str,
    short_name: &'a str,
    source: &'a str,
    goals: Vec<GoalRef<'a>>,
    indicators: Vec<IndicatorRef<'a>>,
    sub_indicators: Vec<SubIndicatorRef<'a>>,
    actors: Vec<ActorRef<'a>>,
}

/// Activities or links per piece of the streamed JSON: about a megabyte.
const PIECE: usize = 2048;

/// Hands `emit` the plan as compact JSON, in pieces to be written one after the other: the same
/// bytes as `serde_json::to_vec` of its [`PlanDoc`], made from the plan without copying it.
/// `emit` gives back an empty buffer for the next piece (one it is done with, so that memory
/// already in use is filled again), or `None` when no more is wanted. Returns whether every
/// piece was handed over.
fn plan_pieces(plan: &Plan, emit: &mut dyn FnMut(Vec<u8>) -> Option<Vec<u8>>) -> bool {
    fn sorted<T>(v: &[T], id: impl Fn(&T) -> Uuid) -> Vec<&T> {
        let mut out: Vec<&T> = v.iter().collect();
        out.sort_unstable_by_key(|x| id(x));
        out
    }
    let head = PlanHead {
        name: &plan.name,
        short_name: &plan.short_name,
        source: &plan.source,
        goals: sorted(&plan.goals, |x| x.id)
            .into_iter()
            .map(|g| GoalRef {
                id: &g.id,
                code: &g.code,
                title: &g.title,
                key_elements: &g.key_elements,
                position: g.position,
                source_line: g.source_line,
            })
            .collect(),
        indicators: sorted(&plan.indicators, |x| x.id)
            .into_iter()
            .map(|i| IndicatorRef {
                id: &i.id,
                goal_id: &i.goal_id,
                code: &i.code,
                title: &i.title,
                position: i.position,
                source_line: i.source_line,
            })
            .collect(),
        sub_indicators: sorted(&plan.sub_indicators, |x| x.id)
            .into_iter()
            .map(|s| SubIndicatorRef {
                id: &s.id,
                indicator_id: &s.indicator_id,
                code: &s.code,
                title: &s.title,
                baseline: &s.baseline,
                position: s.position,
                source_line: s.source_line,
            })
            .collect(),
        actors: sorted(&plan.actors, |x| x.id)
            .into_iter()
            .map(|a| ActorRef {
                id: &a.id,
                abbreviation: &a.abbreviation,
                full_name: &a.full_name,
                kind: a.kind.as_str(),
                notes: &a.notes,
                source_line: a.source_line,
            })
            .collect(),
    };
    let mut first = serde_json::to_vec(&head).unwrap_or_default();
    first.pop(); // the closing brace: the activities follow
    first.extend_from_slice(b",\"activities\":[");
    let Some(mut spare) = emit(first) else {
        return false;
    };
    // The activities and links, most of the file, are written by hand: the same bytes as
    // serde_json's (a test compares them), in a fraction of its time.
    let activities = sorted(&plan.activities, |x| x.id);
    for (k, chunk) in activities.chunks(PIECE).enumerate() {
        let mut out = std::mem::take(&mut spare);
        out.clear();
        out.reserve(chunk.len() * 640);
        for (i, a) in chunk.iter().enumerate() {
            if k > 0 || i > 0 {
                out.push(b',');
            }
            // In id order the records are scattered over memory: what comes next is asked for
            // ahead, so that reading it does not wait on memory each time.
            let j = k * PIECE + i;
            if let Some(next) = activities.get(j + 24) {
                let p = *next as *const Activity as *const u8;
                for line in 0..std::mem::size_of::<Activity>().div_ceil(64) {
                    prefetch(p.wrapping_add(line * 64));
                }
            }
            if let Some(next) = activities.get(j + 12) {
                for p in [
                    next.text.as_ptr(),
                    next.text.as_ptr().wrapping_add(64),
                    next.code.as_ptr(),
                    next.notes.as_ptr(),
                    next.leads.as_ptr().cast(),
                    next.co_leads.as_ptr().cast(),
                ] {
                    prefetch(p);
                }
            }
            push_activity(&mut out, a);
        }
        match emit(out) {
            Some(b) => spare = b,
            None => return false,
        }
    }
    let mut tail = b"]".to_vec();
    if !plan.comments.is_empty() {
        let mut comments: Vec<CommentRef> = plan
            .comments
            .iter()
            .map(|c| CommentRef {
                id: &c.id,
                activity_id: &c.activity_id,
                author: &c.author,
                at: c.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                text: &c.text,
                kind: c.kind.as_str(),
                session_id: c.session_id,
            })
            .collect();
        // Comments keep the order they were said in; the id breaks ties.
        comments.sort_by(|x, y| x.at.cmp(&y.at).then_with(|| x.id.cmp(y.id)));
        tail.extend_from_slice(b",\"comments\":");
        tail.extend(serde_json::to_vec(&comments).unwrap_or_default());
    }
    if !plan.links.is_empty() {
        // As `LinkDoc`, member for member, in id order.
        tail.extend_from_slice(b",\"links\":[");
        for (k, chunk) in sorted(&plan.links, |x| x.id).chunks(PIECE * 4).enumerate() {
            for (i, l) in chunk.iter().enumerate() {
                if k > 0 || i > 0 {
                    tail.push(b',');
                }
                tail.extend_from_slice(b"{\"id\":");
                push_uuid(&mut tail, &l.id);
                tail.extend_from_slice(b",\"activity_id\":");
                push_uuid(&mut tail, &l.activity_id);
                tail.extend_from_slice(b",\"target\":");
                push_str(&mut tail, &l.target);
                tail.push(b'}');
            }
            if emit(std::mem::take(&mut tail)).is_none() {
                return false;
            }
        }
        tail.push(b']');
    }
    tail.push(b'}');
    emit(tail).is_some()
}

/// Asks the processor to bring the memory at `p` into its cache; reads nothing.
#[inline(always)]
#[allow(unsafe_code)]
fn prefetch(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// One activity as `serde_json` writes its `ActivityDoc`, member for member.
fn push_activity(out: &mut Vec<u8>, a: &Activity) {
    fn ids(out: &mut Vec<u8>, ids: &[Uuid]) {
        out.push(b'[');
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            push_uuid(out, id);
        }
        out.push(b']');
    }
    fn flag(out: &mut Vec<u8>, b: bool) {
        out.extend_from_slice(if b { b"true" } else { b"false" });
    }
    let mut n = itoa::Buffer::new();
    out.extend_from_slice(b"{\"id\":");
    push_uuid(out, &a.id);
    out.extend_from_slice(b",\"sub_indicator_id\":");
    push_uuid(out, &a.sub_indicator_id);
    out.extend_from_slice(b",\"code\":");
    push_str(out, &a.code);
    out.extend_from_slice(b",\"text\":");
    push_str(out, &a.text);
    out.extend_from_slice(b",\"leads\":");
    ids(out, &a.leads);
    out.extend_from_slice(b",\"co_leads\":");
    ids(out, &a.co_leads);
    out.extend_from_slice(b",\"lane\":");
    push_str(out, a.lane.as_str());
    out.extend_from_slice(b",\"lane_pos\":");
    out.extend_from_slice(n.format(a.lane_pos).as_bytes());
    out.extend_from_slice(b",\"outline_pos\":");
    out.extend_from_slice(n.format(a.outline_pos).as_bytes());
    out.extend_from_slice(b",\"status\":");
    push_str(out, a.status.as_str());
    out.extend_from_slice(b",\"notes\":");
    push_str(out, &a.notes);
    out.extend_from_slice(b",\"inferred\":{\"lead\":");
    flag(out, a.inferred.lead);
    out.extend_from_slice(b",\"co_leads\":");
    flag(out, a.inferred.co_leads);
    out.extend_from_slice(b",\"timeline\":");
    flag(out, a.inferred.timeline);
    out.extend_from_slice(b"},\"source_note\":");
    push_str(out, &a.source_note);
    out.extend_from_slice(b",\"source_line\":");
    match a.source_line {
        Some(line) => out.extend_from_slice(n.format(line).as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

fn push_uuid(out: &mut Vec<u8>, id: &Uuid) {
    out.push(b'"');
    out.extend_from_slice(
        id.hyphenated()
            .encode_lower(&mut Uuid::encode_buffer())
            .as_bytes(),
    );
    out.push(b'"');
}

/// A JSON string escaped as `serde_json` escapes it: quote, backslash and control characters,
/// with the short forms where JSON has them; everything else as it is.
fn push_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs escaping: most text has none.
        while let Some(word) = bytes.get(i..i + 8) {
            if needs_escape(u64::from_le_bytes(word.try_into().unwrap_or([0; 8]))) {
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        i += 1;
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[start..i - 1]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 15) as usize],
            ]),
        }
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether any of the eight bytes of `x` is a control character, a quote or a backslash (the
/// bit tricks of "Bit Twiddling Hacks": a byte below a value, a byte equal to one). It may say
/// yes for a word that needs nothing; the bytes are then looked at one by one.
fn needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    (below_space | zero(x ^ (ONES * b'"' as u64)) | zero(x ^ (ONES * b'\\' as u64))) != 0
}

/// Hands `sink` the plan's compact JSON piece by piece, in order, while the next pieces are
/// made on another thread: serializing, checksumming and writing overlap. `sink` gives back
/// the buffers it does not keep, to be filled again. A failing `sink` stops the maker. An
/// error when the pieces could not all be made (their thread failed).
fn stream_plan(plan: &Plan, sink: &mut dyn FnMut(Vec<u8>) -> Sink) -> std::io::Result<()> {
    use std::sync::mpsc::sync_channel;
    let incomplete = || std::io::Error::other("the plan could not be serialized completely");
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Vec<u8>>(4);
        let (back_tx, back_rx) = sync_channel::<Vec<u8>>(8);
        let maker = std::thread::Builder::new()
            .name("plan-file-writer".into())
            .spawn_scoped(scope, move || {
                plan_pieces(plan, &mut |piece| {
                    tx.send(piece).ok()?;
                    Some(back_rx.try_recv().unwrap_or_default())
                })
            });
        let Ok(maker) = maker else {
            // No thread to be had: the pieces are made here, one after the other.
            let mut result = Ok(());
            let done = plan_pieces(plan, &mut |piece| match sink(piece) {
                Ok(back) => Some(back.unwrap_or_default()),
                Err(e) => {
                    result = Err(e);
                    None
                }
            });
            return result.and_then(|()| if done { Ok(()) } else { Err(incomplete()) });
        };
        let mut result = Ok(());
        for piece in rx.iter() {
            match sink(piece) {
                Ok(Some(back)) => {
                    let _ = back_tx.try_send(back);
                }
                Ok(None) => {}
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        // Dropping the receiver stops a maker that is still sending.
        drop(rx);
        let done = maker.join().unwrap_or(false);
        result.and_then(|()| if done { Ok(()) } else { Err(incomplete()) })
    })
}

/// What a sink of [`stream_plan`] says of a piece: written, and its buffer given back to be
/// filled again, or kept (`None`); or an error that stops the stream.
type Sink = std::io::Result<Option<Vec<u8>>>;

/// A version as compact JSON, made in one pass: the members before `sha256` (without the
/// closing brace) and the plan, from which both the checksum's canonical form and the file
/// are put together without serializing anything twice.
pub(super) struct Compact {
    /// `{"format":…,"note":"…"`
    head: Vec<u8>,
    /// The plan's JSON, in pieces.
    plan: Vec<Vec<u8>>,
    pub sha256: String,
}

impl Compact {
    /// A version with this head and plan, as compact JSON.
    pub fn new(head: &Head, plan: &Plan) -> Compact {
        let head = head_json(head);
        let mut hasher = Sha256::new();
        hasher.update(&head);
        hasher.update(b",\"plan\":");
        let mut pieces = Vec::new();
        let made = stream_plan(plan, &mut |piece| {
            hasher.update(&piece);
            pieces.push(piece);
            Ok(None)
        });
        if made.is_err() {
            // Only a failed thread stops the pieces: made again on this one.
            pieces.clear();
            hasher = Sha256::new();
            hasher.update(&head);
            hasher.update(b",\"plan\":");
            plan_pieces(plan, &mut |piece| {
                hasher.update(&piece);
                pieces.push(piece);
                Some(Vec::new())
            });
        }
        hasher.update(b"}");
        Compact {
            head,
            plan: pieces,
            sha256: hex(&hasher.finalize()),
        }
    }

    /// The length of the compact file, without its final newline.
    pub fn len(&self) -> u64 {
        let plan: usize = self.plan.iter().map(Vec::len).sum();
        (self.head.len() + sha_member(&"0".repeat(64)).len() + plan + 1) as u64
    }

    /// Writes the compact file, final newline included.
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(&self.head)?;
        w.write_all(sha_member(&self.sha256).as_bytes())?;
        for part in &self.plan {
            w.write_all(part)?;
        }
        w.write_all(b"}\n")
    }
}

/// The members before `sha256`, without the closing brace: `{"format":…,"note":"…"`.
fn head_json(head: &Head) -> Vec<u8> {
    // Plain structs of strings and numbers always serialize.
    let mut out = serde_json::to_vec(head).unwrap_or_default();
    out.pop(); // the closing brace: members follow
    out
}

/// The bytes between the head and the plan in the file.
fn sha_member(sha256: &str) -> String {
    format!(",\"sha256\":\"{sha256}\",\"plan\":")
}

/// Writes a version as compact JSON to `w` as it is made, without holding the file in memory:
/// the checksum, known only at the end, is written into the room left for it in the head.
/// Stops writing once the file is over `limit` bytes and returns its full size, counted on.
/// Returns the file's size, final newline included, and its checksum.
pub(super) fn write_compact(
    head: &Head,
    plan: &Plan,
    w: &mut std::io::BufWriter<std::fs::File>,
    limit: u64,
) -> std::io::Result<(u64, String)> {
    use std::io::{Seek, SeekFrom, Write};
    let head = head_json(head);
    let mut hasher = Sha256::new();
    hasher.update(&head);
    hasher.update(b",\"plan\":");
    w.write_all(&head)?;
    let room = head.len() as u64 + ",\"sha256\":\"".len() as u64;
    let between = sha_member(&"0".repeat(64));
    w.write_all(between.as_bytes())?;
    let mut size = (head.len() + between.len()) as u64;
    let mut unsent = 0;
    stream_plan(plan, &mut |piece| {
        size += piece.len() as u64;
        if size + 2 > limit {
            return Ok(Some(piece));
        }
        hasher.update(&piece);
        w.write_all(&piece)?;
        unsent += piece.len();
        if unsent >= WRITE_BACK {
            unsent = 0;
            w.flush()?;
            start_write_back(w.get_ref());
        }
        Ok(Some(piece))
    })?;
    size += 2;
    if size > limit {
        return Ok((size, String::new()));
    }
    hasher.update(b"}");
    w.write_all(b"}\n")?;
    let sha256 = hex(&hasher.finalize());
    w.seek(SeekFrom::Start(room))?;
    w.write_all(sha256.as_bytes())?;
    w.seek(SeekFrom::End(0))?;
    Ok((size, sha256))
}

/// How many bytes are written before the disk is asked to start writing them.
const WRITE_BACK: usize = 8 << 20;

/// Asks the disk to start writing what was written to `file` so far, without waiting: the
/// final sync then waits for the last part only, not for the whole file.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn start_write_back(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor is open for the call's length; the call only schedules writes,
    // and whether it succeeds changes nothing but when the data reaches the disk.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_write_back(_file: &std::fs::File) {}

/// Whether the plan's compact JSON is surely longer than `bytes`, counted from its activities
/// and links alone without writing them: what each surely takes, its strings and ids.
pub(super) fn surely_longer_than(plan: &Plan, bytes: usize) -> bool {
    // The member names and punctuation of one activity, and of one link, with empty strings.
    const ACTIVITY: usize = 300;
    const LINK: usize = 110;
    let mut n = 0usize;
    for a in &plan.activities {
        n += ACTIVITY
            + a.code.len()
            + a.text.len()
            + a.notes.len()
            + a.source_note.len()
            + 39 * (a.leads.len() + a.co_leads.len());
        if n > bytes {
            return true;
        }
    }
    n += plan
        .links
        .iter()
        .map(|l| LINK + l.target.len())
        .sum::<usize>();
    n > bytes
}

/// Feeds serialized bytes straight into the hash, without an intermediate buffer.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// The deepest nesting of arrays and objects, counted without parsing and ignoring brackets
/// inside strings; stops counting once `limit` is passed. Keeps a hostile file from exhausting
/// the parser's stack.
pub(super) fn nesting_exceeds(bytes: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in bytes {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_ignores_brackets_in_strings() {
        assert!(!nesting_exceeds(br#"{"a": "[[[[[[[[[[\"[[[["}"#, 3));
        assert!(nesting_exceeds(b"[[[[", 3));
        assert!(!nesting_exceeds(b"[[[]]]", 3));
    }

    /// The one-pass form gives the bytes and the checksum the document itself gives.
    #[test]
    fn the_compact_form_is_the_document_as_compact_json() {
        let mut plan = crate::seed::bmgf().unwrap();
        for (note, comments) in [("", false), ("a \"quoted\" note\nwith lines", true)] {
            if comments {
                for (i, a) in plan.activities.iter().take(5).enumerate() {
                    plan.comments.push(Comment {
                        id: Uuid::new_v4(),
                        activity_id: a.id,
                        author: "Ayesha".into(),
                        at: chrono::DateTime::from_timestamp(1_700_000_000 - i as i64 % 2, 0)
                            .unwrap(),
                        text: format!("Comment {i}"),
                        kind: CommentKind::Decision,
                        session_id: None,
                    });
                }
            }
            let (expected, one_pass, streamed) = three_ways(&plan, note);
            assert_eq!(
                String::from_utf8(one_pass).unwrap(),
                String::from_utf8(expected.clone()).unwrap()
            );
            assert!(streamed == expected);
        }
    }

    /// A plan's file as the document gives it, and as the one-pass form and the streamed
    /// writer give it: the bytes, and the checksum in them.
    fn three_ways(plan: &Plan, note: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let version = Uuid::from_u128(7);
        let head = Head {
            format: FORMAT_NAME,
            format_version: FORMAT_VERSION,
            plan_id: &plan.id,
            version_id: &version,
            based_on: &None,
            saved_at: "2026-12-02T01:02:03.456Z",
            author: "A",
            label: "L",
            note,
        };
        let mut doc = FileDoc {
            format: FORMAT_NAME.into(),
            format_version: FORMAT_VERSION,
            plan_id: plan.id,
            version_id: version,
            based_on: None,
            saved_at: "2026-12-02T01:02:03.456Z".into(),
            author: "A".into(),
            label: "L".into(),
            note: note.into(),
            sha256: String::new(),
            plan: PlanDoc::from_plan(plan),
        };
        doc.sha256 = doc.checksum();
        let mut expected = serde_json::to_vec(&doc).unwrap();
        expected.push(b'\n');
        let compact = Compact::new(&head, plan);
        assert_eq!(compact.sha256, doc.sha256);
        let mut one_pass = Vec::new();
        compact.write_to(&mut one_pass).unwrap();
        assert_eq!(compact.len() + 1, one_pass.len() as u64);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("streamed.fwplan");
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let (size, sha) = write_compact(&head, plan, &mut w, u64::MAX).unwrap();
        drop(w);
        let streamed = std::fs::read(&path).unwrap();
        assert_eq!(size, streamed.len() as u64);
        assert_eq!(sha, doc.sha256);
        (expected, one_pass, streamed)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any text (quotes, backslashes, control characters, any script) is escaped exactly
        /// as serde_json escapes it, by the one-pass form and by the streamed writer.
        #[test]
        fn hand_written_json_is_serde_json(
            texts in proptest::collection::vec(proptest::prelude::any::<String>(), 4),
            lines in proptest::collection::vec(proptest::prelude::any::<Option<u32>>(), 3),
            positions in proptest::collection::vec(proptest::prelude::any::<i64>(), 2),
            target in proptest::prelude::any::<String>(),
        ) {
            let mut plan = crate::seed::bmgf().unwrap();
            plan.activities.truncate(3);
            for (i, a) in plan.activities.iter_mut().enumerate() {
                a.code = texts[0].clone();
                a.text = texts[1].clone();
                a.notes = texts[2].clone();
                a.source_note = texts[3].clone();
                a.source_line = lines[i];
                a.lane_pos = positions[0];
                a.outline_pos = positions[1];
                a.inferred = Inferred { lead: i == 0, co_leads: i == 1, timeline: i == 2 };
                a.co_leads.clear();
                if i == 2 {
                    a.leads.clear();
                }
            }
            let first = plan.activities[0].id;
            plan.links = (0..3u128)
                .map(|i| crate::model::Link {
                    id: Uuid::from_u128(i + 1),
                    activity_id: first,
                    target: target.clone(),
                })
                .collect();
            let (expected, one_pass, streamed) = three_ways(&plan, &texts[1]);
            proptest::prop_assert!(one_pass == expected);
            proptest::prop_assert!(streamed == expected);
        }
    }

    /// More activities and links than one piece holds: the pieces join up.
    #[test]
    fn pieces_join_up() {
        let mut plan = crate::bench::synthetic_plan(PIECE * 2 + 5).unwrap();
        plan.links = crate::bench::synthetic_links(&plan);
        assert!(plan.links.len() > PIECE * 4);
        let (expected, one_pass, streamed) = three_ways(&plan, "");
        assert!(one_pass == expected);
        assert!(streamed == expected);
    }

    #[test]
    fn escape_detection_sees_every_byte_that_needs_it() {
        for b in 0..=255u8 {
            let needs = b < 0x20 || b == b'"' || b == b'\\';
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                assert_eq!(needs_escape(u64::from_le_bytes(word)), needs, "{b} at {at}");
            }
        }
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0, 0xab, 0x10]), "00ab10");
    }
}
