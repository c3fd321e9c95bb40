//! The one translation layer: every string the UI shows is looked up here by key.
//! English is complete; other languages add a table with the same keys.

mod en;

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    English,
}

fn table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| en::STRINGS.iter().copied().collect())
}

/// The text for `key` in the current language. A missing key shows as itself, so it is
/// visible on screen (and caught by a test) rather than a crash.
pub fn tr(key: &'static str) -> &'static str {
    table().get(key).copied().unwrap_or(key)
}

/// Like [`tr`], with `{name}` placeholders filled in.
pub fn trf(key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut s = tr(key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), &value.to_string());
    }
    s
}

/// All keys the English table defines.
pub fn keys() -> impl Iterator<Item = &'static str> {
    en::STRINGS.iter().map(|(k, _)| *k)
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
        assert_eq!(trf("status.activities", &[("n", &121)]), "121 activities");
    }
}
