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
struct ActivityRef<'a> {
    id: &'a Uuid,
    sub_indicator_id: &'a Uuid,
    code: &'a str,
    text: &'a str,
    leads: &'a [Uuid],
    co_leads: &'a [Uuid],
    lane: &'static str,
    lane_pos: i64,
    outline_pos: i64,
    status: &'static str,
    notes: &'a str,
    inferred: InferredDoc,
    source_note: &'a str,
    source_line: Option<u32>,
}

#[derive(Serialize)]
struct LinkRef<'a> {
    id: &'a Uuid,
    activity_id: &'a Uuid,
    target: &'a str,
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

fn activity_ref(a: &Activity) -> ActivityRef<'_> {
    ActivityRef {
        id: &a.id,
        sub_indicator_id: &a.sub_indicator_id,
        code: &a.code,
        text: &a.text,
        leads: &a.leads,
        co_leads: &a.co_leads,
        lane: a.lane.as_str(),
        lane_pos: a.lane_pos,
        outline_pos: a.outline_pos,
        status: a.status.as_str(),
        notes: &a.notes,
        inferred: InferredDoc {
            lead: a.inferred.lead,
            co_leads: a.inferred.co_leads,
            timeline: a.inferred.timeline,
        },
        source_note: &a.source_note,
        source_line: a.source_line,
    }
}

/// `items` as the members of a JSON array, without its brackets.
fn array_items<T: Serialize>(items: &[T]) -> Vec<u8> {
    // Plain structs of strings and numbers always serialize.
    let mut out = serde_json::to_vec(items).unwrap_or_default();
    out.pop();
    if !out.is_empty() {
        out.remove(0);
    }
    out
}

/// The plan as compact JSON, in pieces to be written one after the other: the same bytes as
/// `serde_json::to_vec` of its [`PlanDoc`], made from the plan without copying it. The
/// activities, most of the file, are written in two halves at once on two threads.
fn plan_json(plan: &Plan) -> Vec<Vec<u8>> {
    fn sorted<T>(v: &[T], id: impl Fn(&T) -> Uuid) -> Vec<&T> {
        let mut out: Vec<&T> = v.iter().collect();
        out.sort_by_key(|x| id(x));
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

    let activities = sorted(&plan.activities, |x| x.id);
    let (a, b) = activities.split_at(activities.len() / 2);
    let items =
        |half: &[&Activity]| array_items(&half.iter().map(|x| activity_ref(x)).collect::<Vec<_>>());
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| items(b));
        let a = items(a);
        // A thread that cannot be joined (it panicked) leaves the half to this one.
        let b = other.join().unwrap_or_else(|_| items(b));
        (a, b)
    });
    let mut last = Vec::new();
    if !a.is_empty() && !b.is_empty() {
        last.push(b',');
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
        let links: Vec<LinkRef> = sorted(&plan.links, |x| x.id)
            .into_iter()
            .map(|l| LinkRef {
                id: &l.id,
                activity_id: &l.activity_id,
                target: &l.target,
            })
            .collect();
        tail.extend_from_slice(b",\"links\":");
        tail.extend(serde_json::to_vec(&links).unwrap_or_default());
    }
    tail.push(b'}');
    vec![first, a, last, b, tail]
}

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
        // Plain structs of strings and numbers always serialize.
        let mut head = serde_json::to_vec(head).unwrap_or_default();
        head.pop(); // the closing brace: members follow
        let plan = plan_json(plan);
        let mut hasher = Sha256::new();
        hasher.update(&head);
        hasher.update(b",\"plan\":");
        for part in &plan {
            hasher.update(part);
        }
        hasher.update(b"}");
        Compact {
            head,
            plan,
            sha256: hex(&hasher.finalize()),
        }
    }

    /// The bytes between the head and the plan in the file.
    fn sha_member(&self) -> String {
        format!(",\"sha256\":\"{}\",\"plan\":", self.sha256)
    }

    /// The length of the compact file, without its final newline.
    pub fn len(&self) -> u64 {
        let plan: usize = self.plan.iter().map(Vec::len).sum();
        (self.head.len() + self.sha_member().len() + plan + 1) as u64
    }

    /// Writes the compact file, final newline included.
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(&self.head)?;
        w.write_all(self.sha_member().as_bytes())?;
        for part in &self.plan {
            w.write_all(part)?;
        }
        w.write_all(b"}\n")
    }
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
            let version = Uuid::new_v4();
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
                plan: PlanDoc::from_plan(&plan),
            };
            let c = Compact::new(
                &Head {
                    format: FORMAT_NAME,
                    format_version: FORMAT_VERSION,
                    plan_id: &plan.id,
                    version_id: &version,
                    based_on: &None,
                    saved_at: "2026-12-02T01:02:03.456Z",
                    author: "A",
                    label: "L",
                    note,
                },
                &plan,
            );
            doc.sha256 = doc.checksum();
            assert_eq!(c.sha256, doc.sha256);
            let mut bytes = Vec::new();
            c.write_to(&mut bytes).unwrap();
            let mut expected = serde_json::to_vec(&doc).unwrap();
            expected.push(b'\n');
            assert_eq!(
                String::from_utf8(bytes.clone()).unwrap(),
                String::from_utf8(expected).unwrap()
            );
            assert_eq!(c.len() + 1, bytes.len() as u64);
        }
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0, 0xab, 0x10]), "00ab10");
    }
}
