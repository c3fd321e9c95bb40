//! Offline suggestions: which GCM actions, objectives and SDG targets read most like an
//! activity. A BM25 ranking (Robertson and Zaragoza's Okapi BM25, k1 = 1.2, b = 0.75) over the
//! curated texts, with English stop words left out and a light suffix-stripping stemmer so
//! that "recruiting", "recruiters" and "recruitment" meet. No network and no model: the index
//! is built once from the reference data in the binary (a few hundred short texts).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Reference, action_key, objective_key, target_key};
use crate::model::{Activity, Plan};

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Words too common in policy text to tell one entry from another.
const STOP: &[&str] = &[
    "a",
    "about",
    "across",
    "all",
    "also",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "between",
    "both",
    "by",
    "can",
    "each",
    "etc",
    "for",
    "from",
    "has",
    "have",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "level",
    "levels",
    "may",
    "more",
    "not",
    "of",
    "on",
    "or",
    "other",
    "our",
    "out",
    "over",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "towards",
    "under",
    "upon",
    "us",
    "was",
    "we",
    "well",
    "were",
    "where",
    "which",
    "while",
    "who",
    "will",
    "with",
    "within",
    "without",
    "would",
    "ensure",
    "ensuring",
    "promote",
    "promoting",
    "relevant",
    "view",
    "way",
    "order",
    "particular",
    "taking",
    "take",
    "make",
    "making",
    "develop",
    "developing",
    "establish",
    "establishing",
    "strengthen",
    "strengthening",
    "enhance",
    "enhancing",
    "provide",
    "providing",
    "support",
    "supporting",
    "relevant",
    "countries",
    "country",
    "national",
    "international",
    "appropriate",
    "effective",
    "existing",
    "necessary",
    "available",
    "including",
    "e",
    "g",
    "i",
    "ii",
    "iii",
];

/// Endings stripped from a word, longest first, keeping a stem of at least three letters.
const SUFFIXES: &[&str] = &[
    "izations", "ization", "ations", "ation", "ments", "ment", "ances", "ance", "ences", "ence",
    "ings", "ing", "ions", "ion", "ants", "ant", "ents", "ent", "ers", "er", "ees", "ee", "ities",
    "ity", "ives", "ive", "ally", "al", "ates", "ate", "ies", "es", "ed", "ly", "s",
];

fn stem(w: &str) -> String {
    for s in SUFFIXES {
        if let Some(base) = w.strip_suffix(s)
            && base.chars().count() >= 3
        {
            // "process" and "access" keep their double s.
            if *s == "s" && (base.ends_with('s') || base.ends_with('u') || base.ends_with('i')) {
                continue;
            }
            // "confiscating" and "confiscation" meet at "confisc".
            let base = match base.strip_suffix("at") {
                Some(b) if b.chars().count() >= 4 => b,
                _ => base,
            };
            return base.to_owned();
        }
    }
    w.to_owned()
}

/// The words of a text that count for ranking, stemmed.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| stem(&w))
        .collect()
}

/// A BM25 index over a set of documents, each named by a key.
pub struct Index {
    keys: Vec<String>,
    /// Per document: (term, count) pairs.
    docs: Vec<Vec<(u32, f32)>>,
    lens: Vec<f32>,
    avg_len: f32,
    terms: HashMap<String, u32>,
    /// Per term: its inverse document frequency.
    idf: Vec<f32>,
}

impl Index {
    pub fn new(docs: impl IntoIterator<Item = (String, String)>) -> Index {
        let mut terms: HashMap<String, u32> = HashMap::new();
        let mut keys = Vec::new();
        let mut out = Vec::new();
        let mut lens = Vec::new();
        let mut df: Vec<u32> = Vec::new();
        for (key, text) in docs {
            let mut counts: HashMap<u32, f32> = HashMap::new();
            let toks = tokens(&text);
            for t in &toks {
                let next = terms.len() as u32;
                let id = *terms.entry(t.clone()).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                *counts.entry(id).or_insert(0.0) += 1.0;
            }
            for id in counts.keys() {
                df[*id as usize] += 1;
            }
            let mut v: Vec<(u32, f32)> = counts.into_iter().collect();
            v.sort_unstable_by_key(|x| x.0);
            keys.push(key);
            lens.push(toks.len() as f32);
            out.push(v);
        }
        let n = out.len() as f32;
        let idf = df
            .iter()
            .map(|&d| (1.0 + (n - d as f32 + 0.5) / (d as f32 + 0.5)).ln())
            .collect();
        let avg_len = if out.is_empty() {
            1.0
        } else {
            (lens.iter().sum::<f32>() / n).max(1.0)
        };
        Index {
            keys,
            docs: out,
            lens,
            avg_len,
            terms,
            idf,
        }
    }

    /// Every document with a score above zero, best first (ties in document order).
    pub fn rank(&self, query: &str) -> Vec<(&str, f32)> {
        let mut q: Vec<u32> = tokens(query)
            .iter()
            .filter_map(|t| self.terms.get(t).copied())
            .collect();
        q.sort_unstable();
        q.dedup();
        if q.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(usize, f32)> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, doc)| {
                let norm = K1 * (1.0 - B + B * self.lens[i] / self.avg_len);
                let s: f32 = q
                    .iter()
                    .filter_map(|t| {
                        doc.binary_search_by_key(t, |x| x.0)
                            .ok()
                            .map(|j| doc[j].1)
                            .map(|tf| self.idf[*t as usize] * tf * (K1 + 1.0) / (tf + norm))
                    })
                    .sum();
                (s > 0.0).then_some((i, s))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .map(|(i, s)| (self.keys[i].as_str(), s))
            .collect()
    }
}

/// The suggestion indexes of the reference data.
pub struct Suggester {
    /// GCM actions and SDG targets, each its own document, and objectives by their titles.
    entries: Index,
    /// One document per GCM objective: its title, short name and all its actions.
    objectives: Index,
}

impl Suggester {
    pub fn new(r: &Reference) -> Suggester {
        let mut docs = Vec::new();
        for o in &r.objectives {
            docs.push((
                objective_key(o.number),
                format!("{} {}", o.title, o.short_name),
            ));
        }
        for a in &r.actions {
            docs.push((action_key(a.objective, a.letter), a.text.clone()));
        }
        for t in &r.sdg_targets {
            docs.push((target_key(&t.target), t.text.clone()));
        }
        let objectives = Index::new(r.objectives.iter().map(|o| {
            let mut text = format!("{} {}", o.title, o.short_name);
            for a in r.actions_of(o.number) {
                text.push(' ');
                text.push_str(&a.text);
            }
            (objective_key(o.number), text)
        }));
        Suggester {
            entries: Index::new(docs),
            objectives,
        }
    }

    /// Built once from the reference data in the binary.
    pub fn builtin() -> &'static Suggester {
        static S: OnceLock<Suggester> = OnceLock::new();
        S.get_or_init(|| Suggester::new(Reference::builtin()))
    }

    /// Keys of GCM objectives, actions and SDG targets, best first.
    pub fn entries(&self, text: &str) -> Vec<(&str, f32)> {
        self.entries.rank(text)
    }

    /// GCM objectives (by number), best first, from their whole text.
    pub fn objectives(&self, text: &str) -> Vec<u8> {
        self.objectives
            .rank(text)
            .into_iter()
            .filter_map(|(k, _)| k.strip_prefix("gcm:").and_then(|n| n.parse().ok()))
            .collect()
    }
}

/// What an activity is matched on: its text and the titles of its sub-indicator and
/// indicator (not its goal's: Annex D already links goals, and the figure in the README
/// measures how often the text alone finds those links).
pub fn activity_query(plan: &Plan, a: &Activity) -> String {
    let (sub, ind, _) = plan.parents(a);
    let mut q = a.text.clone();
    if let Some(s) = sub {
        q.push(' ');
        q.push_str(&s.title);
    }
    if let Some(i) = ind {
        q.push(' ');
        q.push_str(&i.title);
    }
    q
}

/// For how many activities one of their goal's Annex D objectives is among the top `k`
/// suggested objectives: (found, activities whose goal has Annex D objectives).
pub fn annex_d_hits(plan: &Plan, r: &Reference, s: &Suggester, k: usize) -> (usize, usize) {
    let mut found = 0;
    let mut total = 0;
    for a in &plan.activities {
        let Some(goal) = plan.parents(a).2 else {
            continue;
        };
        let wanted = r.goal_objectives(&goal.code);
        if wanted.is_empty() {
            continue;
        }
        total += 1;
        let top = s.objectives(&activity_query(plan, a));
        if top.iter().take(k).any(|o| wanted.contains(o)) {
            found += 1;
        }
    }
    (found, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_forms_meet_and_filler_words_drop_out() {
        assert_eq!(
            tokens("Recruiting recruiters"),
            tokens("recruitment recruit")
        );
        assert_eq!(tokens("the migrants"), tokens("migrant"));
        assert!(tokens("of and the to").is_empty());
        assert_eq!(tokens("access"), ["access"]);
    }

    #[test]
    fn bm25_prefers_the_document_with_rarer_shared_words() {
        let idx = Index::new([
            ("a".to_string(), "remittance transfer costs".to_string()),
            ("b".to_string(), "labour migration data".to_string()),
            ("c".to_string(), "data data data".to_string()),
        ]);
        let r = idx.rank("cheaper remittance transfers");
        assert_eq!(r[0].0, "a");
        assert_eq!(r.len(), 1);
        assert!(idx.rank("nothing here").is_empty());
    }
}
