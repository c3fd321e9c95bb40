//! Plan files come by email and are untrusted: every damaged, hand-edited, newer, enormous or
//! hostile file is refused with its own message, and reading never panics.

mod common;

use std::path::{Path, PathBuf};

use framework_planner::planfile::{self, MAX_BYTES, PlanFile, ReadError};
use serde_json::{Value, json};

fn catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/planfiles")
}

/// Each catalogue file and the error kind it must give (`None`: it must be accepted).
const CASES: &[(&str, Option<&str>)] = &[
    ("valid", None),
    ("html_and_formulas", None),
    ("empty", Some("empty")),
    ("truncated", Some("truncated")),
    ("not_json", Some("not_json")),
    ("binary", Some("not_text")),
    ("wrong_shape", Some("wrong_shape")),
    ("not_a_plan_file", Some("not_a_plan_file")),
    ("missing_fields", Some("missing_field")),
    ("newer_version", Some("newer_version")),
    ("duplicate_ids", Some("duplicate_id")),
    ("dangling_reference", Some("dangling_reference")),
    ("bad_lane", Some("bad_lane")),
    ("bad_status", Some("bad_status")),
    ("bad_kind", Some("bad_kind")),
    ("checksum_mismatch", Some("checksum_mismatch")),
    ("deeply_nested", Some("too_deep")),
];

/// Texts that would be dangerous if a later export or view interpreted them.
const DANGEROUS: &[&str] = &[
    "<script>alert('x')</script><b>bold</b> &amp; <img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://example.invalid\",\"click\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\t=1+1\r\n\u{202e}reversed",
];

fn valid_file() -> PlanFile {
    common::version_of(common::small_plan())
}

fn as_json(file: &PlanFile) -> Value {
    serde_json::from_slice(&file.to_bytes()).unwrap()
}

fn pretty(v: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap()
}

/// A hand edit that keeps the checksum right, so the file fails for the edit alone.
fn resealed(v: &Value) -> Vec<u8> {
    planfile::reseal(&pretty(v)).unwrap()
}

fn html_and_formulas() -> PlanFile {
    let mut f = valid_file();
    for (a, text) in f.plan.activities.iter_mut().zip(DANGEROUS) {
        a.text = (*text).into();
        a.notes = format!("notes: {text}");
    }
    f.plan.actors[0].full_name = DANGEROUS[1].into();
    f.label = DANGEROUS[0].into();
    f
}

fn build(name: &str) -> Vec<u8> {
    let valid = valid_file();
    let bytes = valid.to_bytes();
    let mut v = as_json(&valid);
    match name {
        "valid" => bytes,
        "html_and_formulas" => html_and_formulas().to_bytes(),
        "empty" => Vec::new(),
        "truncated" => bytes[..bytes.len() / 2].to_vec(),
        "not_json" => b"Day 1 notes\n- goal 2 reviewed\n- send to ministries\n".to_vec(),
        "binary" => {
            let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
            b.extend((0u8..=255).rev());
            b
        }
        "wrong_shape" => pretty(&json!([{"format": "framework-planner-plan"}, 1, 2])),
        "not_a_plan_file" => pretty(&json!({"name": "Workshop budget", "rows": [[1, 2], [3, 4]]})),
        "missing_fields" => {
            v.as_object_mut().unwrap().remove("plan");
            pretty(&v)
        }
        "newer_version" => {
            v["format_version"] = json!(2);
            v["plan"]["sub_activities"] = json!([]);
            pretty(&v)
        }
        "duplicate_ids" => {
            let first = v["plan"]["activities"][0]["id"].clone();
            v["plan"]["activities"][1]["id"] = first;
            resealed(&v)
        }
        "dangling_reference" => {
            v["plan"]["activities"][2]["sub_indicator_id"] =
                json!("9a1f0c1e-0000-4000-8000-00000000dead");
            resealed(&v)
        }
        "bad_lane" => {
            v["plan"]["activities"][0]["lane"] = json!("next_year");
            resealed(&v)
        }
        "bad_status" => {
            v["plan"]["activities"][1]["status"] = json!("approved");
            resealed(&v)
        }
        "bad_kind" => {
            v["plan"]["actors"][0]["kind"] = json!("government");
            resealed(&v)
        }
        "checksum_mismatch" => {
            v["plan"]["activities"][0]["text"] = json!("Changed by hand");
            pretty(&v)
        }
        "deeply_nested" => {
            let mut b =
                br#"{"format": "framework-planner-plan", "format_version": 1, "note": "#.to_vec();
            b.extend(std::iter::repeat_n(b'[', 5000));
            b.extend(std::iter::repeat_n(b']', 5000));
            b.push(b'}');
            b
        }
        other => panic!("no builder for the catalogue case {other}"),
    }
}

/// Writes the catalogue again: `cargo test --test untrusted_files -- --ignored`.
#[test]
#[ignore]
fn write_catalogue() {
    std::fs::create_dir_all(catalogue()).unwrap();
    for (name, _) in CASES {
        std::fs::write(catalogue().join(format!("{name}.fwplan")), build(name)).unwrap();
    }
}

#[test]
fn every_catalogue_file_gives_its_own_error() {
    for (name, expected) in CASES {
        let path = catalogue().join(format!("{name}.fwplan"));
        let result = planfile::read_path(&path);
        match (expected, result) {
            (None, Ok(_)) => {}
            (Some(kind), Err(e)) => {
                assert_eq!(e.kind(), *kind, "{name}: {e}");
                let msg = e.to_string();
                assert!(msg.contains("Nothing was changed"), "{name}: {msg}");
            }
            (None, Err(e)) => panic!("{name} was refused: {e}"),
            (Some(kind), Ok(_)) => panic!("{name} was accepted; expected {kind}"),
        }
    }
    // The committed files are what the builders make today.
    for (name, _) in CASES {
        let committed = std::fs::read(catalogue().join(format!("{name}.fwplan"))).unwrap();
        assert_eq!(
            committed,
            build(name),
            "{name}.fwplan is stale; run write_catalogue"
        );
    }
}

#[test]
fn messages_name_what_is_wrong() {
    let read = |name: &str| {
        planfile::read_path(&catalogue().join(format!("{name}.fwplan")))
            .unwrap_err()
            .to_string()
    };
    assert!(read("newer_version").contains("made by a newer version"));
    assert!(read("checksum_mismatch").contains("edited outside the app or damaged"));
    assert!(read("bad_lane").contains("\"next_year\""));
    assert!(read("bad_lane").contains("1.1.1.1"));
    assert!(read("bad_status").contains("\"approved\""));
    assert!(read("dangling_reference").contains("9a1f0c1e-0000-4000-8000-00000000dead"));
    assert!(read("missing_fields").contains("`plan`"));
}

#[test]
fn html_and_formulas_are_kept_as_plain_text() {
    let path = catalogue().join("html_and_formulas.fwplan");
    let back = planfile::read_path(&path).unwrap();
    assert_eq!(back, html_and_formulas());
    let mut texts: Vec<&str> = back
        .plan
        .activities
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    texts.sort();
    let mut expected: Vec<&str> = DANGEROUS[..back.plan.activities.len()].to_vec();
    expected.sort();
    assert_eq!(texts, expected);
    assert_eq!(back.label, DANGEROUS[0]);
    // Written again, byte for byte the same.
    assert_eq!(back.to_bytes(), std::fs::read(&path).unwrap());
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.fwplan");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(MAX_BYTES + 1).unwrap(); // sparse: costs no disk
    let err = planfile::read_path(&path).unwrap_err();
    assert!(matches!(err, ReadError::TooLarge { .. }), "{err}");
    let big = vec![b' '; MAX_BYTES as usize + 1];
    assert_eq!(planfile::read(&big).unwrap_err().kind(), "too_large");
}

#[test]
fn other_damage_has_its_own_message() {
    let valid = valid_file();
    let mut v = as_json(&valid);
    v["format_version"] = json!(0);
    assert_eq!(
        planfile::read(&pretty(&v)).unwrap_err().kind(),
        "bad_version"
    );
    v["format_version"] = json!("1");
    assert_eq!(
        planfile::read(&pretty(&v)).unwrap_err().kind(),
        "bad_version"
    );

    let mut v = as_json(&valid);
    v["plan"]["activities"][0]["id"] = json!("not-a-uuid");
    assert_eq!(planfile::read(&pretty(&v)).unwrap_err().kind(), "bad_value");

    let mut v = as_json(&valid);
    v["plan"]["actors"][1]["abbreviation"] = v["plan"]["actors"][0]["abbreviation"].clone();
    assert_eq!(
        planfile::read(&resealed(&v)).unwrap_err().kind(),
        "duplicate_abbreviation"
    );

    let mut v = as_json(&valid);
    let lead = v["plan"]["activities"][0]["leads"][0].clone();
    v["plan"]["activities"][0]["leads"] = json!([lead.clone(), lead]);
    assert_eq!(
        planfile::read(&resealed(&v)).unwrap_err().kind(),
        "duplicate_assignment"
    );

    // A lead that is not an actor but another entity is a dangling reference too.
    let mut v = as_json(&valid);
    v["plan"]["activities"][0]["leads"] = json!([v["plan"]["goals"][0]["id"].clone()]);
    assert_eq!(
        planfile::read(&resealed(&v)).unwrap_err().kind(),
        "dangling_reference"
    );

    // An unknown member is refused rather than silently dropped.
    let mut v = as_json(&valid);
    v["plan"]["activities"][0]["budget"] = json!(100);
    assert_eq!(planfile::read(&pretty(&v)).unwrap_err().kind(), "bad_value");

    // A multi-byte character cut at the end is a truncated file, not a binary one.
    let bytes = "{\"note\": \"স্বাস্থ্য".as_bytes();
    assert_eq!(
        planfile::read(&bytes[..bytes.len() - 1])
            .unwrap_err()
            .kind(),
        "truncated"
    );
    assert_eq!(planfile::read(b"   \n").unwrap_err().kind(), "empty");
    assert_eq!(
        planfile::read(b"{} trailing").unwrap_err().kind(),
        "not_json"
    );
}

/// xorshift64*: a few lines, reproducible from its seed, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let len = bytes.len();
    match rng.below(6) {
        0 => {
            // Flip one bit.
            let i = rng.below(len);
            bytes[i] ^= 1 << rng.below(8);
        }
        1 => {
            // Replace a byte, often with JSON punctuation.
            const PUNCT: &[u8] = b"{}[]\",:0123456789 \\-.etnfu";
            let i = rng.below(len);
            bytes[i] = if rng.below(2) == 0 {
                PUNCT[rng.below(PUNCT.len())]
            } else {
                rng.next() as u8
            };
        }
        2 => bytes.truncate(rng.below(len)),
        3 => {
            // Duplicate a span somewhere else.
            let start = rng.below(len);
            let end = (start + 1 + rng.below(64)).min(len);
            let span = bytes[start..end].to_vec();
            let at = rng.below(len + 1);
            bytes.splice(at..at, span);
        }
        4 => {
            let at = rng.below(len + 1);
            let n = 1 + rng.below(8);
            let ins: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            bytes.splice(at..at, ins);
        }
        _ => {
            let start = rng.below(len);
            let end = (start + 1 + rng.below(32)).min(len);
            bytes.drain(start..end);
        }
    }
}

#[test]
fn random_mutations_never_panic_and_never_pass_a_wrong_checksum() {
    let iterations: usize = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_f11e_2026_0001);
    let original = html_and_formulas();
    let valid = original.to_bytes();
    let mut rng = Rng(seed);
    let (mut accepted, mut kinds) = (0usize, std::collections::BTreeMap::new());
    for n in 0..iterations {
        let mut bytes = valid.clone();
        for _ in 0..1 + rng.below(3) {
            if bytes.is_empty() {
                break;
            }
            mutate(&mut rng, &mut bytes);
        }
        let result = std::panic::catch_unwind(|| planfile::read(&bytes));
        let Ok(result) = result else {
            panic!("read panicked on mutant {n} (seed {seed:#x})");
        };
        match result {
            Ok(file) => {
                // Only a mutant that means the same file can pass: its stored checksum is the
                // checksum of what was read, and what was read is the original version.
                let stored: Value = serde_json::from_slice(&bytes).unwrap();
                assert_eq!(
                    stored["sha256"].as_str().map(str::to_ascii_lowercase),
                    Some(file.sha256())
                );
                assert_eq!(
                    file, original,
                    "mutant {n} (seed {seed:#x}) was read as another plan"
                );
                accepted += 1;
            }
            Err(e) => *kinds.entry(e.kind()).or_insert(0usize) += 1,
        }
    }
    eprintln!("{iterations} mutants: {accepted} accepted as the same file; refused: {kinds:?}");
    assert!(
        kinds.len() >= 5,
        "the mutations reach few of the checks: {kinds:?}"
    );
}
