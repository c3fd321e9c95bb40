//! The one translation layer: every string the UI shows is looked up here by key.
//! English and Bangla have the same keys (a test checks it); the language is switched at run
//! time with [`set_language`]. Numbers and dates shown by the UI go through [`num`] and
//! [`date`], or through [`trf`] with a numeric placeholder, so that Bangla shows Bangla digits.

mod bn;
mod en;

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Bangla,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Bangla];

    /// The language's name written in itself, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Bangla => "বাংলা",
        }
    }

    /// A short stable code, for settings.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Bangla => "bn",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Switches the language of every string shown from the next frame on.
pub fn set_language(lang: Language) {
    let v = match lang {
        Language::English => 0,
        Language::Bangla => 1,
    };
    CURRENT.store(v, Ordering::Relaxed);
}

pub fn language() -> Language {
    #[cfg(test)]
    if let Some(lang) = THREAD_LANGUAGE.with(std::cell::Cell::get) {
        return lang;
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Language::Bangla,
        _ => Language::English,
    }
}

#[cfg(test)]
thread_local! {
    /// In unit tests, a language for one thread only, so that a test in Bangla does not change
    /// what tests running beside it see.
    static THREAD_LANGUAGE: std::cell::Cell<Option<Language>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with this thread's strings in `lang` (unit tests only).
#[cfg(test)]
pub(crate) fn with_thread_language<T>(lang: Language, f: impl FnOnce() -> T) -> T {
    let before = THREAD_LANGUAGE.with(|t| t.replace(Some(lang)));
    let out = f();
    THREAD_LANGUAGE.with(|t| t.set(before));
    out
}

type Table = HashMap<&'static str, &'static str>;

fn table(lang: Language) -> &'static Table {
    static EN: OnceLock<Table> = OnceLock::new();
    static BN: OnceLock<Table> = OnceLock::new();
    match lang {
        Language::English => EN.get_or_init(|| en::STRINGS.iter().copied().collect()),
        Language::Bangla => BN.get_or_init(|| bn::STRINGS.iter().copied().collect()),
    }
}

/// The text for `key` in the current language, else in English. A key missing from both
/// shows as itself, so it is visible on screen (and caught by a test) rather than a crash.
pub fn tr(key: &'static str) -> &'static str {
    tr_in(language(), key)
}

/// The text for `key` in `lang`, falling back to English.
pub fn tr_in(lang: Language, key: &'static str) -> &'static str {
    table(lang)
        .get(key)
        .or_else(|| table(Language::English).get(key))
        .copied()
        .unwrap_or(key)
}

/// Placeholders that always hold a count or a line number: their digits are written the
/// language's way. Other placeholders (codes, names, paths, typed text) are shown as they are.
const NUMERIC: &[&str] = &[
    "n", "total", "inds", "subs", "acts", "leads", "co", "line", "linked", "shown", "gaps", "via",
];

/// Like [`tr`], with `{name}` placeholders filled in. Counts (see `NUMERIC`) get the
/// language's digits.
pub fn trf(key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    trf_in(language(), key, args)
}

/// Like [`trf`], in `lang` rather than the interface's language (exports have their own).
pub fn trf_in(
    lang: Language,
    key: &'static str,
    args: &[(&str, &dyn std::fmt::Display)],
) -> String {
    let mut s = tr_in(lang, key).to_string();
    for (name, value) in args {
        let mut text = value.to_string();
        if NUMERIC.contains(name) {
            text = digits_in(lang, &text);
        }
        s = s.replace(&format!("{{{name}}}"), &text);
    }
    s
}

/// ASCII digits written the way `lang` writes them.
pub fn digits_in(lang: Language, text: &str) -> String {
    match lang {
        Language::English => text.to_owned(),
        Language::Bangla => text
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => char::from_u32('০' as u32 + d).unwrap_or(c),
                _ => c,
            })
            .collect(),
    }
}

/// A number as the current language writes it.
pub fn num(n: impl std::fmt::Display) -> String {
    digits_in(language(), &n.to_string())
}

const BN_MONTHS: [&str; 12] = [
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
];

/// A date and time in local time, as the current language writes it:
/// `22 Nov 2026 14:05`, or in Bangla `২২ নভেম্বর ২০২৬ ১৪:০৫`.
pub fn date(when: chrono::DateTime<chrono::Utc>) -> String {
    date_in(language(), when.with_timezone(&chrono::Local).naive_local())
}

pub fn date_in(lang: Language, when: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    match lang {
        Language::English => when.format("%-d %b %Y %H:%M").to_string(),
        Language::Bangla => {
            let month = BN_MONTHS
                .get(when.month0() as usize)
                .copied()
                .unwrap_or_default();
            digits_in(
                lang,
                &format!(
                    "{} {month} {} {:02}:{:02}",
                    when.day(),
                    when.year(),
                    when.hour(),
                    when.minute()
                ),
            )
        }
    }
}

/// All keys the English table defines.
pub fn keys() -> impl Iterator<Item = &'static str> {
    en::STRINGS.iter().map(|(k, _)| *k)
}

/// All keys a language's table defines.
pub fn keys_in(lang: Language) -> impl Iterator<Item = &'static str> {
    let strings = match lang {
        Language::English => en::STRINGS,
        Language::Bangla => bn::STRINGS,
    };
    strings.iter().map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `tr("…")`/`trf("…")` key used in the source exists in the table, and no key is
    /// defined twice.
    #[test]
    fn every_used_key_is_defined() {
        let mut seen = std::collections::HashSet::new();
        for k in keys() {
            assert!(seen.insert(k), "key {k} defined twice");
        }
        let mut missing = Vec::new();
        let mut used = 0;
        for path in rs_files(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))) {
            let text = std::fs::read_to_string(&path).unwrap();
            for call in ["tr(\"", "trf(\""] {
                for part in text.split(call).skip(1) {
                    let key = part.split('"').next().unwrap();
                    used += 1;
                    if !seen.contains(key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(used > 20, "expected the UI to use the translation layer");
        assert!(
            missing.is_empty(),
            "keys without a translation: {missing:#?}"
        );
    }

    fn rs_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(rs_files(&p));
            } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("i18n/mod.rs") {
                out.push(p);
            }
        }
        out
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            tr_in(Language::English, "status.activities"),
            "{n} activities"
        );
        let s = tr_in(Language::English, "status.activities").replace("{n}", "121");
        assert_eq!(s, "121 activities");
    }

    /// Every English key has a Bangla translation and Bangla defines nothing English lacks,
    /// each once, with the same placeholders.
    #[test]
    fn every_key_exists_in_both_languages() {
        let en: std::collections::HashSet<_> = keys_in(Language::English).collect();
        let mut bn = std::collections::HashSet::new();
        for k in keys_in(Language::Bangla) {
            assert!(bn.insert(k), "Bangla key {k} defined twice");
        }
        let missing: Vec<_> = en.difference(&bn).collect();
        let extra: Vec<_> = bn.difference(&en).collect();
        assert!(
            missing.is_empty(),
            "keys without a Bangla translation: {missing:?}"
        );
        assert!(extra.is_empty(), "Bangla keys English lacks: {extra:?}");
        for k in &en {
            let holes = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                    .collect();
                v.sort();
                v
            };
            assert_eq!(
                holes(tr_in(Language::English, k)),
                holes(tr_in(Language::Bangla, k)),
                "placeholders differ for {k}"
            );
            assert!(
                !tr_in(Language::Bangla, k).is_empty(),
                "{k} is empty in Bangla"
            );
        }
    }

    #[test]
    fn bangla_digits_and_dates() {
        assert_eq!(digits_in(Language::Bangla, "121"), "১২১");
        assert_eq!(digits_in(Language::English, "121"), "121");
        let when = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
            .and_then(|d| d.and_hms_opt(14, 5, 0))
            .unwrap();
        assert_eq!(date_in(Language::English, when), "22 Nov 2026 14:05");
        assert_eq!(date_in(Language::Bangla, when), "২২ নভেম্বর ২০২৬ ১৪:০৫");
    }
}
