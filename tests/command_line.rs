//! The command line as a user meets it: help for every subcommand, usage errors with exit
//! code 2 that name what was wrong, and the man pages and completions made from the same
//! definition.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_subcommand_has_its_help_on_stdout() {
    for (args, says) in [
        (&["--help"][..], "Usage: framework-planner [OPTIONS] [FILE]"),
        (&["export", "--help"][..], "--format <FORMAT>"),
        (&["check", "--help"][..], "Check a plan file"),
        (
            &["diff", "--help"][..],
            "Usage: framework-planner diff <A> <B>",
        ),
        (&["merge", "--help"][..], "--theirs <FILE>"),
        (&["import", "--help"][..], "--yes"),
        (&["bench", "--help"][..], "--activities <N>"),
        (&["help", "export"][..], "--lang <LANG>"),
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(
            text(&o.stdout).contains(says),
            "{args:?}:\n{}",
            text(&o.stdout)
        );
        assert!(o.stderr.is_empty(), "{args:?}");
    }
    let o = run(&["--version"]);
    assert_eq!(
        text(&o.stdout).trim(),
        format!("framework-planner {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2_and_name_what_was_wrong() {
    for (args, names) in [
        (&["--frobnicate"][..], "'--frobnicate'"),
        (
            &["export", "--format", "csv", "--out"][..],
            "'--out <FILE>'",
        ),
        (&["export", "--format", "csv"][..], "--out <FILE>"),
        (&["export", "--format", "pdf", "--out", "a"][..], "'pdf'"),
        (&["import"][..], "<FILE>"),
        (
            &["merge", "--base", "b", "--ours", "o", "--out", "m"][..],
            "--theirs <FILE>",
        ),
        (&["bench", "--activities", "none"][..], "'none'"),
    ] {
        let o = run(args);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with("framework-planner: ") && err.contains(names),
            "{args:?}: {err}"
        );
        assert!(err.contains("--help"), "{args:?} points to the help: {err}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn man_pages_and_completions_come_from_the_same_definition() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("docs");
    let o = Command::new(BIN)
        .arg("generate-docs")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let read = |name: &str| {
        std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let man = read("framework-planner.1");
    assert!(man.contains(".TH framework-planner 1"), "{man}");
    assert!(man.contains("import") && man.contains("export"), "{man}");
    assert!(read("framework-planner-export.1").contains("\\-\\-lang"));
    assert!(read("framework-planner.bash").contains("--activities"));
    assert!(read("_framework-planner").contains("--theirs"));
    assert!(read("framework-planner.fish").contains("-l yes"));
}
