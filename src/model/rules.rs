//! The rules every change must keep, whatever it comes from: the editor, a plan file, a
//! spreadsheet, a restore or a merge. Only what a change brings is checked: the document's own
//! anomalies (two activities printed with one code) stay visible as data checks, and an edit
//! of something else on such a record is not refused for them.

use std::collections::{HashMap, HashSet};

use thiserror::Error;

use super::checks::code_fits_parent;
use super::record::{Entity, EntityKind, Field, Record, Value, find};
use super::{Id, Op, Plan};

/// The longest text a field may hold: what one spreadsheet cell can (Excel's limit), so every
/// export writes it whole.
pub const MAX_TEXT: usize = 32_767;

/// The longest code or abbreviation.
pub const MAX_CODE: usize = 200;

#[derive(Clone, Debug, Error, PartialEq)]
pub enum RuleError {
    #[error("the {kind} code {code} is used twice")]
    CodeUsed { kind: EntityKind, code: String },
    #[error("the abbreviation {0} is used by two actors")]
    AbbreviationUsed(String),
    #[error("the code {code} does not fit under {parent}")]
    CodeMisfit { code: String, parent: String },
    #[error("activity {0} names the same actor twice among its lead and co-leads")]
    ActorTwice(String),
    #[error("the {field} {value:?} holds control or text-direction characters")]
    BadCharacters { field: &'static str, value: String },
    #[error("the {field} of {what} is {len} characters long, more than {MAX_TEXT}")]
    TooLong {
        what: String,
        field: &'static str,
        len: usize,
    },
    #[error("the code or abbreviation {0:?} is empty or longer than {MAX_CODE} characters")]
    BadCode(String),
    #[error("{0:?} is not a GCM objective or action or an SDG target")]
    UnknownTarget(String),
}

/// Whether `s` may be a code or an abbreviation: no control characters (a NUL, a line break)
/// and none of the characters that reorder text on screen (a right-to-left override could
/// make `1.2.3` read as `3.2.1`).
pub fn clean_code(s: &str) -> bool {
    !s.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
            || ('\u{202A}'..='\u{202E}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    })
}

/// Whether `key` names a reference entry in the form links use: `gcm:6`, `gcm:6a`, `sdg:8.8`
/// (a target is a number or a letter after the goal's number, e.g. `sdg:10.c`).
pub fn is_reference_key(key: &str) -> bool {
    if let Some(rest) = key.strip_prefix("gcm:") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let tail = &rest[digits.len()..];
        return digits.parse::<u32>().is_ok_and(|n| (1..=23).contains(&n))
            && (tail.is_empty()
                || (tail.len() == 1 && tail.chars().all(|c| c.is_ascii_lowercase())));
    }
    if let Some(rest) = key.strip_prefix("sdg:")
        && let Some((goal, target)) = rest.split_once('.')
    {
        return goal.parse::<u32>().is_ok_and(|n| (1..=17).contains(&n))
            && !target.is_empty()
            && target.len() <= 2
            && target.chars().all(|c| c.is_ascii_alphanumeric());
    }
    false
}

/// Checks what `ops` bring into `after` (the plan once they are applied).
pub fn check(after: &Plan, ops: &[Op]) -> Result<(), RuleError> {
    check_indexed(after, ops, &HashMap::new())
}

/// [`check`], with the activities found through `index` (activity id → its index in the plan
/// before the operations), so that checking one edit reads one record, not the whole plan.
/// Activities the index does not hold (created by `ops`, at the plan's end) are looked for
/// from the end.
pub fn check_indexed(
    after: &Plan,
    ops: &[Op],
    index: &HashMap<Id, usize>,
) -> Result<(), RuleError> {
    // What each touched record had set: created whole, or some fields.
    let mut touched: HashMap<(EntityKind, Id), HashSet<Field>> = HashMap::new();
    for op in ops {
        match op {
            Op::Create(e) => {
                touched
                    .entry((e.kind(), e.id()))
                    .or_default()
                    .extend(e.fields().iter().copied());
            }
            Op::Update {
                kind, id, field, ..
            } => {
                touched.entry((*kind, *id)).or_default().insert(*field);
            }
            Op::Place { .. } | Op::Delete(_) => {}
        }
    }
    if touched.is_empty() {
        return Ok(());
    }
    let mut codes = Codes::default();
    let mut records = Touched::new(touched.len());
    for ((kind, id), fields) in &touched {
        if *kind == EntityKind::Plan {
            check_texts_of_head(after, fields)?;
            continue;
        }
        // A record created and deleted by the same change is not there to check.
        let Some(rec) = records.get(after, *kind, *id, index) else {
            continue;
        };
        for &field in fields {
            check_field(after, &rec, field, &mut codes)?;
        }
    }
    Ok(())
}

/// The touched records, found one by one for a few (through the index for activities), or in
/// one pass over each list for many (an import), so that a check stays linear in the plan.
struct Touched {
    many: bool,
    /// Per kind, each record's index in its list.
    found: HashMap<EntityKind, HashMap<Id, usize>>,
}

impl Touched {
    fn new(count: usize) -> Touched {
        Touched {
            many: count > FEW,
            found: HashMap::new(),
        }
    }

    fn get(
        &mut self,
        plan: &Plan,
        kind: EntityKind,
        id: Id,
        index: &HashMap<Id, usize>,
    ) -> Option<Entity> {
        if let Some(a) = index
            .get(&id)
            .and_then(|&i| plan.activities.get(i))
            .filter(|a| kind == EntityKind::Activity && a.id == id)
        {
            return Some(Entity::Activity(a.clone()));
        }
        if !self.many {
            if kind == EntityKind::Activity {
                // Not in the index: created by this step, so at the plan's end.
                return plan
                    .activities
                    .iter()
                    .rev()
                    .find(|a| a.id == id)
                    .map(|a| Entity::Activity(a.clone()));
            }
            return find(plan, kind, id);
        }
        fn ids<R: Record>(plan: &Plan) -> HashMap<Id, usize> {
            R::list(plan)
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id(), i))
                .collect()
        }
        fn at<R: Record>(plan: &Plan, i: usize) -> Option<Entity> {
            R::list(plan).get(i).map(|x| x.clone().item())
        }
        let &i = self
            .found
            .entry(kind)
            .or_insert_with(|| crate::with_record!(kind, ids(plan), HashMap::new()))
            .get(&id)?;
        crate::with_record!(kind, at(plan, i), None)
    }
}

fn check_texts_of_head(after: &Plan, fields: &HashSet<Field>) -> Result<(), RuleError> {
    for (field, v) in [
        (Field::Name, &after.name),
        (Field::ShortName, &after.short_name),
        (Field::Source, &after.source),
    ] {
        if fields.contains(&field) {
            long(&after.short_name, field, v)?;
        }
    }
    Ok(())
}

fn long(what: &str, field: Field, v: &str) -> Result<(), RuleError> {
    let len = v.chars().count();
    if len > MAX_TEXT {
        return Err(RuleError::TooLong {
            what: what.to_owned(),
            field: field.label(),
            len,
        });
    }
    Ok(())
}

/// Codes per kind, counted once per check when first needed.
#[derive(Default)]
struct Codes {
    by_kind: HashMap<EntityKind, HashMap<String, usize>>,
    asked: usize,
}

/// Up to this many codes are checked by scanning; more (an import) build a map once.
const FEW: usize = 4;

impl Codes {
    fn count(&mut self, plan: &Plan, kind: EntityKind, code: &str) -> usize {
        // One code (an edit, an added activity): a scan costs less than a map of every code.
        self.asked += 1;
        if self.asked <= FEW && !self.by_kind.contains_key(&kind) {
            let n = |codes: &mut dyn Iterator<Item = &str>| codes.filter(|c| *c == code).count();
            return match kind {
                EntityKind::Goal => n(&mut plan.goals.iter().map(|x| x.code.as_str())),
                EntityKind::Indicator => n(&mut plan.indicators.iter().map(|x| x.code.as_str())),
                EntityKind::SubIndicator => {
                    n(&mut plan.sub_indicators.iter().map(|x| x.code.as_str()))
                }
                EntityKind::Activity => n(&mut plan.activities.iter().map(|x| x.code.as_str())),
                EntityKind::Actor => n(&mut plan.actors.iter().map(|x| x.abbreviation.as_str())),
                _ => 0,
            };
        }
        let m = self.by_kind.entry(kind).or_insert_with(|| {
            let mut m: HashMap<String, usize> = HashMap::new();
            let mut add = |c: &str| *m.entry(c.to_owned()).or_default() += 1;
            match kind {
                EntityKind::Goal => plan.goals.iter().for_each(|x| add(&x.code)),
                EntityKind::Indicator => plan.indicators.iter().for_each(|x| add(&x.code)),
                EntityKind::SubIndicator => plan.sub_indicators.iter().for_each(|x| add(&x.code)),
                EntityKind::Activity => plan.activities.iter().for_each(|x| add(&x.code)),
                EntityKind::Actor => plan.actors.iter().for_each(|x| add(&x.abbreviation)),
                _ => {}
            }
            m
        });
        m.get(code).copied().unwrap_or(0)
    }
}

fn parent_code(plan: &Plan, rec: &Entity) -> Option<String> {
    match rec {
        Entity::Indicator(x) => plan.goal(x.goal_id).map(|g| g.code.clone()),
        Entity::SubIndicator(x) => plan.indicator(x.indicator_id).map(|i| i.code.clone()),
        Entity::Activity(x) => plan
            .sub_indicator(x.sub_indicator_id)
            .map(|s| s.code.clone()),
        _ => None,
    }
}

fn check_field(
    plan: &Plan,
    rec: &Entity,
    field: Field,
    codes: &mut Codes,
) -> Result<(), RuleError> {
    let value = rec.get(field);
    match (field, &value) {
        (Field::Code | Field::Abbreviation, Some(Value::Text(code))) => {
            if !clean_code(code) {
                return Err(RuleError::BadCharacters {
                    field: field.label(),
                    value: code.chars().filter(|c| !c.is_control()).take(40).collect(),
                });
            }
            if code.trim().is_empty() || code.chars().count() > MAX_CODE {
                return Err(RuleError::BadCode(code.chars().take(40).collect()));
            }
            if codes.count(plan, rec.kind(), code) > 1 {
                return Err(match rec.kind() {
                    EntityKind::Actor => RuleError::AbbreviationUsed(code.clone()),
                    kind => RuleError::CodeUsed {
                        kind,
                        code: code.clone(),
                    },
                });
            }
            if field == Field::Code
                && let Some(parent) = parent_code(plan, rec)
                && !code_fits_parent(code, &parent)
            {
                return Err(RuleError::CodeMisfit {
                    code: code.clone(),
                    parent,
                });
            }
        }
        (Field::Leads | Field::CoLeads, _) => {
            if let Entity::Activity(a) = rec {
                let mut seen = HashSet::new();
                if !a.leads.iter().chain(&a.co_leads).all(|x| seen.insert(*x)) {
                    return Err(RuleError::ActorTwice(a.code.clone()));
                }
            }
        }
        (Field::Target, Some(Value::Text(t))) if !is_reference_key(t) => {
            return Err(RuleError::UnknownTarget(t.chars().take(40).collect()));
        }
        (_, Some(Value::Text(t))) => long(&rec.label(), field, t)?,
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_keys() {
        for ok in [
            "gcm:1",
            "gcm:23",
            "gcm:6a",
            "sdg:8.8",
            "sdg:10.c",
            "sdg:17.18",
        ] {
            assert!(is_reference_key(ok), "{ok}");
        }
        for bad in [
            "gcm:0", "gcm:24", "gcm:6ab", "gcm:", "sdg:8", "sdg:18.1", "x:1", "",
        ] {
            assert!(!is_reference_key(bad), "{bad}");
        }
    }

    #[test]
    fn codes_refuse_control_and_direction_characters() {
        assert!(clean_code("1.2.3"));
        assert!(clean_code("MoEWOE"));
        assert!(!clean_code("1.2\u{0}.3"));
        assert!(!clean_code("1.2\n"));
        assert!(!clean_code("\u{202E}3.2.1"));
        assert!(!clean_code("a\u{2067}b"));
    }
}
