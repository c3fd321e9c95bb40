//! The command line: the same library, headless. `main.rs` only calls [`main`].

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::store::Store;

const USAGE: &str = "\
Framework Planner: turn a national policy framework into an action plan.

Usage:
  framework-planner [--db PATH]
      Open the app. Without --db, the database in the user's data folder is used
      (created and filled with the built-in framework on first run).
  framework-planner export --format xlsx|csv|html --out FILE [--db PATH]
                           [--label TEXT] [--author NAME] [--lang en|bn]
      Write the plan for people without the app: xlsx (a workbook, one sheet
      per goal), csv (the action matrix, one row per activity) or html (a
      printable report). --label names the version (default: the saved version
      the plan is, or is based on, with the changes since), --author who
      exported it; both appear in the header. --lang is the language of
      headings, sheet names, labels and dates: en (default) or bn (Bangla).
  framework-planner export --format plan --out FILE [--db PATH] [--label L]
                           [--author A] [--note N]
      Save the plan as a version file (.fwplan) and record it in the history.
  framework-planner check FILE
      Check a plan file: exit 0 and a summary if valid, 1 and the reason if not.
  framework-planner diff A B
      List what changed from plan file A to plan file B, one change per line.
  framework-planner merge --base B --ours O --theirs T --out F [--label L]
                          [--author A]
      Merge the changes from B to T into O and write the result to F. Prints
      what was applied and each conflict; conflicts keep ours. Exit 1 if there
      were conflicts (F is still written), 0 if the merge was clean.
  framework-planner import FILE [--db PATH] [--yes]
      Bring the changes of FILE into the database, in one step: a plan file, or
      a workbook (.xlsx) or CSV in the exported layout, as File > Open reads
      them. Prints every change, each conflict and each row that cannot be
      used, then applies them only with --yes, or when you answer yes on a
      terminal; it says how many records an import removes when that is more
      than a few. A plan file whose base version is in the history is merged
      with the database's work (conflicts keep the database's value); otherwise
      every difference is taken from FILE (the output says so), and FILE is
      recorded in the history. Exit 0 if applied cleanly, 1 if there were
      conflicts (the rest was still imported), or if nothing was applied.
  framework-planner bench [--activities N]
      Build a synthetic plan of N activities (default 10000) in a temporary
      database and print one line per figure: NAME MEDIAN ms.
  framework-planner --help | --version
";

/// What the user asked for.
#[derive(Debug, PartialEq)]
pub enum Invocation {
    Gui {
        db: Option<PathBuf>,
    },
    Export {
        format: String,
        out: PathBuf,
        db: Option<PathBuf>,
        label: Option<String>,
        author: Option<String>,
        lang: crate::i18n::Language,
    },
    ExportPlan {
        out: PathBuf,
        db: Option<PathBuf>,
        label: String,
        author: String,
        note: String,
    },
    Check {
        file: PathBuf,
    },
    Diff {
        a: PathBuf,
        b: PathBuf,
    },
    Merge {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        out: PathBuf,
        label: Option<String>,
        author: String,
    },
    Import {
        file: PathBuf,
        db: Option<PathBuf>,
        yes: bool,
    },
    /// Not listed in --help: the child process of the crash test.
    CrashChild {
        db: PathBuf,
        dir: PathBuf,
        start: u64,
    },
    Bench {
        activities: usize,
    },
    Help,
    Version,
}

/// Parses arguments (without the program name).
pub fn parse(args: Vec<OsString>) -> Result<Invocation, String> {
    let mut args = args.into_iter().peekable();
    let sub = match args.peek().and_then(|a| a.to_str()) {
        Some("export") => {
            args.next();
            "export"
        }
        Some("bench") => {
            args.next();
            "bench"
        }
        Some(name @ ("check" | "diff" | "merge" | "import" | "crash-child")) => {
            let name: &'static str = match name {
                "check" => "check",
                "diff" => "diff",
                "merge" => "merge",
                "import" => "import",
                _ => "crash-child",
            };
            args.next();
            name
        }
        Some("--help" | "-h" | "help") => return Ok(Invocation::Help),
        Some("--version" | "-V") => return Ok(Invocation::Version),
        _ => "gui",
    };
    let mut db = None;
    let mut format = None;
    let mut out = None;
    let mut activities = 10_000;
    let mut lang = crate::i18n::Language::English;
    let (mut label, mut author, mut note) = (None, None, None);
    let (mut base, mut ours, mut theirs, mut dir) = (None, None, None, None);
    let mut start = 1u64;
    let mut yes = false;
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(arg) = args.next() {
        let name = arg.to_string_lossy().into_owned();
        let mut value = |flag: &str| {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value. See --help."))
        };
        match name.as_str() {
            "--db" => db = Some(PathBuf::from(value("--db")?)),
            "--format" if sub == "export" => {
                format = Some(value("--format")?.to_string_lossy().into_owned())
            }
            "--out" if sub == "export" || sub == "merge" => {
                out = Some(PathBuf::from(value("--out")?))
            }
            "--label" if sub == "export" || sub == "merge" => {
                label = Some(value("--label")?.to_string_lossy().into_owned())
            }
            "--author" if sub == "export" || sub == "merge" => {
                author = Some(value("--author")?.to_string_lossy().into_owned())
            }
            "--lang" if sub == "export" => {
                let v = value("--lang")?.to_string_lossy().into_owned();
                lang = crate::i18n::Language::from_code(&v)
                    .ok_or_else(|| format!("--lang is en or bn, not {v:?}. See --help."))?;
            }
            "--note" if sub == "export" => {
                note = Some(value("--note")?.to_string_lossy().into_owned())
            }
            "--yes" if sub == "import" => yes = true,
            "--base" if sub == "merge" => base = Some(PathBuf::from(value("--base")?)),
            "--ours" if sub == "merge" => ours = Some(PathBuf::from(value("--ours")?)),
            "--theirs" if sub == "merge" => theirs = Some(PathBuf::from(value("--theirs")?)),
            "--dir" if sub == "crash-child" => dir = Some(PathBuf::from(value("--dir")?)),
            "--start" if sub == "crash-child" => {
                let v = value("--start")?;
                start = v
                    .to_str()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| format!("--start needs a whole number, not {v:?}."))?;
            }
            _ if matches!(sub, "check" | "diff" | "import") && !name.starts_with("--") => {
                files.push(PathBuf::from(arg))
            }
            "--activities" if sub == "bench" => {
                let v = value("--activities")?;
                activities = v
                    .to_str()
                    .and_then(|s| s.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        format!("--activities needs a positive whole number, not {v:?}.")
                    })?;
            }
            _ => return Err(format!("Unknown argument {name:?}. See --help.")),
        }
    }
    match sub {
        "export" if format.as_deref() == Some("plan") => Ok(Invocation::ExportPlan {
            out: out.ok_or("export needs --out FILE. See --help.")?,
            db,
            label: label.unwrap_or_default(),
            author: author.unwrap_or_default(),
            note: note.unwrap_or_default(),
        }),
        "export" if note.is_some() => Err("--note belongs to --format plan. See --help.".into()),
        "export" => Ok(Invocation::Export {
            format: format.ok_or("export needs --format (xlsx, csv, html or plan). See --help.")?,
            out: out.ok_or("export needs --out FILE. See --help.")?,
            db,
            label,
            author,
            lang,
        }),
        "check" => match <[PathBuf; 1]>::try_from(files) {
            Ok([file]) => Ok(Invocation::Check { file }),
            Err(_) => Err("check needs one FILE. See --help.".into()),
        },
        "diff" => match <[PathBuf; 2]>::try_from(files) {
            Ok([a, b]) => Ok(Invocation::Diff { a, b }),
            Err(_) => Err("diff needs two files, A and B. See --help.".into()),
        },
        "merge" => Ok(Invocation::Merge {
            base: base.ok_or("merge needs --base FILE. See --help.")?,
            ours: ours.ok_or("merge needs --ours FILE. See --help.")?,
            theirs: theirs.ok_or("merge needs --theirs FILE. See --help.")?,
            out: out.ok_or("merge needs --out FILE. See --help.")?,
            label,
            author: author.unwrap_or_default(),
        }),
        "import" => match <[PathBuf; 1]>::try_from(files) {
            Ok([file]) => Ok(Invocation::Import { file, db, yes }),
            Err(_) => Err("import needs one FILE. See --help.".into()),
        },
        "crash-child" => Ok(Invocation::CrashChild {
            db: db.ok_or("crash-child needs --db PATH.")?,
            dir: dir.ok_or("crash-child needs --dir PATH.")?,
            start,
        }),
        "bench" => Ok(Invocation::Bench { activities }),
        _ => Ok(Invocation::Gui { db }),
    }
}

/// Where the database lives when `--db` is not given.
pub fn default_db() -> Result<PathBuf, String> {
    directories::ProjectDirs::from("org", "Framework Planner", "framework-planner")
        .map(|d| d.data_dir().join("framework-planner.sqlite"))
        .ok_or_else(|| {
            "Could not find a data folder for this user (no home folder?). Pass --db PATH.".into()
        })
}

pub fn main(args: Vec<OsString>) -> ExitCode {
    let inv = match parse(args) {
        Ok(inv) => inv,
        Err(msg) => {
            eprintln!("framework-planner: {msg}");
            return ExitCode::from(2);
        }
    };
    let done = |r: Result<(), String>| r.map(|()| ExitCode::SUCCESS);
    let result = match inv {
        Invocation::Help => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Invocation::Version => {
            println!("framework-planner {}", env!("CARGO_PKG_VERSION"));
            Ok(ExitCode::SUCCESS)
        }
        Invocation::Gui { db } => done(crate::gui::run(db)),
        Invocation::Export {
            format,
            out,
            db,
            label,
            author,
            lang,
        } => done(export(&format, &out, db, label, author, lang)),
        Invocation::ExportPlan {
            out,
            db,
            label,
            author,
            note,
        } => done(plan_commands::export_plan(&out, db, &label, &author, &note)),
        Invocation::Check { file } => done(plan_commands::check(&file)),
        Invocation::Diff { a, b } => done(plan_commands::diff(&a, &b)),
        Invocation::Merge {
            base,
            ours,
            theirs,
            out,
            label,
            author,
        } => plan_commands::merge(&base, &ours, &theirs, &out, label, &author),
        Invocation::Import { file, db, yes } => crate::headless::import(&file, db, yes),
        Invocation::CrashChild { db, dir, start } => {
            done(plan_commands::crash_child(&db, &dir, start))
        }
        Invocation::Bench { activities } => done(crate::bench::run(activities)),
    };
    match result {
        Ok(code) => code,
        Err(msg) => {
            // Messages quote names and values from files: never let them drive the terminal.
            eprintln!("framework-planner: {}", crate::headless::escape(&msg));
            ExitCode::FAILURE
        }
    }
}

fn open(db: Option<PathBuf>) -> Result<Store, String> {
    crate::headless::open_db(db)
}

fn export(
    format: &str,
    out: &std::path::Path,
    db: Option<PathBuf>,
    label: Option<String>,
    author: Option<String>,
    lang: crate::i18n::Language,
) -> Result<(), String> {
    use crate::export::{ExportInfo, Format};
    let format = Format::parse(format).ok_or_else(|| {
        format!("Unknown export format {format:?}. Available: xlsx, csv, html, plan.")
    })?;
    let store = open(db)?;
    let plan = store.load_plan().map_err(|e| e.to_string())?;
    let author = author.unwrap_or_default();
    // A label given names the version; else the saved version the plan is or is based on.
    let info = match label {
        Some(label) => ExportInfo::now(label, author),
        None => crate::export::version_of(&store, &plan, &author)
            .map_err(|e| e.to_string())?
            .unwrap_or_else(|| ExportInfo::now("Working copy", author)),
    }
    .in_language(lang);
    crate::export::write_file(&plan, &info, format, out).map_err(|e| e.to_string())?;
    eprintln!(
        "Wrote {} activities to {} ({})",
        plan.activities.len(),
        out.display(),
        format.as_str()
    );
    Ok(())
}

/// The plan file commands: export as a version, check, diff, merge, import.
mod plan_commands {
    use std::io::Write;
    use std::path::Path;
    use std::process::ExitCode;

    use super::{PathBuf, open};
    use crate::headless::escape;
    use crate::model::board::GAP;
    use crate::model::{Lane, Op, Placement};
    use crate::planfile::{self, PlanFile};
    use crate::store::Store;

    fn read(path: &Path) -> Result<PlanFile, String> {
        planfile::read_path(path).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn export_plan(
        out: &Path,
        db: Option<PathBuf>,
        label: &str,
        author: &str,
        note: &str,
    ) -> Result<(), String> {
        let mut store = open(db)?;
        let plan = store.load_plan().map_err(|e| e.to_string())?;
        // The newest version of this plan is the one this version was made from.
        let based_on = store
            .versions()
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|v| v.plan_id == plan.id)
            .map(|v| v.id);
        let file = PlanFile::new(plan, based_on, author, label, note);
        planfile::write(out, &file).map_err(|e| e.to_string())?;
        if store.is_read_only() {
            eprintln!(
                "Saved version {} ({} activities) to {}. It is not in the history of {}, which can only be read here.",
                file.version_id,
                file.plan.activities.len(),
                out.display(),
                store.path().display()
            );
            return Ok(());
        }
        store.record_version(&file, out).map_err(|e| {
            format!(
                "{} was saved, but recording it in the history failed: {e}",
                out.display()
            )
        })?;
        eprintln!(
            "Saved version {} ({} activities) to {}",
            file.version_id,
            file.plan.activities.len(),
            out.display()
        );
        Ok(())
    }

    pub fn check(path: &Path) -> Result<(), String> {
        let f = read(path)?;
        let label = if f.label.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", escape(&f.label))
        };
        let author = if f.author.is_empty() {
            String::new()
        } else {
            format!(" by {}", escape(&f.author))
        };
        println!(
            "{}: valid plan file of {}, {} activities; version{label} saved {}{author} (id {})",
            escape(&path.display().to_string()),
            escape(&f.plan.short_name),
            f.plan.activities.len(),
            f.saved_at.format("%Y-%m-%d %H:%M UTC"),
            f.version_id
        );
        Ok(())
    }

    pub fn diff(a: &Path, b: &Path) -> Result<(), String> {
        let (fa, fb) = (read(a)?, read(b)?);
        if fa.plan.id != fb.plan.id {
            eprintln!("Note: the two files hold different plans; compared by id anyway.");
        }
        let changes = planfile::diff(&fa.plan, &fb.plan);
        let mut out = std::io::stdout().lock();
        for c in &changes {
            let _ = writeln!(out, "{}", escape(&c.sentence()));
        }
        eprintln!("{} changes", changes.len());
        Ok(())
    }

    pub fn merge(
        base: &Path,
        ours: &Path,
        theirs: &Path,
        out: &Path,
        label: Option<String>,
        author: &str,
    ) -> Result<ExitCode, String> {
        let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
        if b.plan.id != o.plan.id || o.plan.id != t.plan.id {
            return Err(
                "The three files are not versions of the same plan, so they cannot be merged. Nothing was written."
                    .into(),
            );
        }
        let r = planfile::merge(&b.plan, &o.plan, &t.plan);
        let label = label.unwrap_or_else(|| format!("{} + {}", o.label, t.label));
        let file = PlanFile::new(r.merged, Some(o.version_id), author, &label, "");
        planfile::write(out, &file).map_err(|e| e.to_string())?;
        let mut stdout = std::io::stdout().lock();
        for c in &r.applied {
            let _ = writeln!(stdout, "applied: {}", escape(&c.sentence()));
        }
        for c in &r.conflicts {
            let _ = writeln!(stdout, "conflict: {}", escape(&c.sentence()));
        }
        eprintln!(
            "Wrote {}: {} changes applied, {} conflicts{}",
            out.display(),
            r.applied.len(),
            r.conflicts.len(),
            if r.conflicts.is_empty() {
                ""
            } else {
                " (ours kept for each; resolve them in the app)"
            }
        );
        Ok(if r.conflicts.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        })
    }

    /// The crash test's child. It edits and saves versions one step at a time, each step when
    /// the parent writes a line to standard input, and reports each step once it is done, so the
    /// parent can place its kill before, inside or after any step on a machine of any speed.
    /// Prints "ready" once the database is open; then, for n = start, start + 1, …:
    /// - commit: moves activity `n mod count` to lane `n mod 4` at position `n × GAP`, commits it
    ///   and prints "committed n ID LANE POS";
    /// - write: writes version file `v{n}.fwplan` and prints "written n";
    /// - record: records that file in the history and prints "recorded n".
    ///
    /// Ends when standard input closes.
    pub fn crash_child(db: &Path, dir: &Path, start: u64) -> Result<(), String> {
        use std::io::BufRead;

        let mut store = Store::open(db).map_err(|e| e.to_string())?;
        let mut plan = store.load_plan().map_err(|e| e.to_string())?;
        plan.activities.sort_by_key(|a| a.id);
        if plan.activities.is_empty() {
            return Err("the plan has no activities".into());
        }
        let mut stdout = std::io::stdout().lock();
        let mut report = |line: String| {
            writeln!(stdout, "{line}")
                .and_then(|()| stdout.flush())
                .map_err(|e| e.to_string())
        };
        report("ready".into())?;
        let mut steps = std::io::stdin().lock().lines();
        let mut go = || matches!(steps.next(), Some(Ok(_)));
        for n in start.. {
            if !go() {
                break;
            }
            let i = (n % plan.activities.len() as u64) as usize;
            let a = &mut plan.activities[i];
            let from = Placement::of(a);
            let to = Placement {
                lane: Lane::ALL[(n % 4) as usize],
                pos: n as i64 * GAP,
                inferred: false,
            };
            store
                .commit(&[Op::Place { id: a.id, from, to }])
                .map_err(|e| e.to_string())?;
            a.lane = to.lane;
            a.lane_pos = to.pos;
            a.inferred.timeline = false;
            report(format!(
                "committed {n} {} {} {}",
                a.id,
                to.lane.as_str(),
                to.pos
            ))?;
            if !go() {
                break;
            }
            let file = PlanFile::new(plan.clone(), None, "crash test", &format!("v{n}"), "");
            let path = dir.join(format!("v{n}.{}", planfile::EXTENSION));
            planfile::write(&path, &file).map_err(|e| e.to_string())?;
            report(format!("written {n}"))?;
            if !go() {
                break;
            }
            store
                .record_version(&file, &path)
                .map_err(|e| e.to_string())?;
            report(format!("recorded {n}"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<OsString> {
        s.split_whitespace().map(OsString::from).collect()
    }

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(parse(args("")).unwrap(), Invocation::Gui { db: None });
        assert_eq!(
            parse(args("--db x.sqlite")).unwrap(),
            Invocation::Gui {
                db: Some("x.sqlite".into())
            }
        );
        assert_eq!(
            parse(args("export --format csv --out a.csv --db b")).unwrap(),
            Invocation::Export {
                format: "csv".into(),
                out: "a.csv".into(),
                db: Some("b".into()),
                label: None,
                author: None,
                lang: crate::i18n::Language::English,
            }
        );
        assert!(
            parse(args("export --format csv"))
                .unwrap_err()
                .contains("--out")
        );
        assert!(parse(args("--db")).unwrap_err().contains("needs a value"));
        assert!(
            parse(args("--frobnicate"))
                .unwrap_err()
                .contains("Unknown argument")
        );
        assert!(
            parse(args("--out x")).is_err(),
            "--out belongs to export only"
        );
        assert_eq!(
            parse(args(
                "export --format plan --out v.fwplan --label Day1 --author R"
            ))
            .unwrap(),
            Invocation::ExportPlan {
                out: "v.fwplan".into(),
                db: None,
                label: "Day1".into(),
                author: "R".into(),
                note: String::new(),
            }
        );
        assert!(parse(args("export --format csv --out a --note x")).is_err());
        assert_eq!(
            parse(args("check a.fwplan")).unwrap(),
            Invocation::Check {
                file: "a.fwplan".into()
            }
        );
        assert!(parse(args("diff a.fwplan")).is_err());
        assert_eq!(
            parse(args("merge --base b --ours o --theirs t --out m")).unwrap(),
            Invocation::Merge {
                base: "b".into(),
                ours: "o".into(),
                theirs: "t".into(),
                out: "m".into(),
                label: None,
                author: String::new(),
            }
        );
        assert!(
            parse(args("merge --base b --ours o --out m"))
                .unwrap_err()
                .contains("--theirs")
        );
        assert_eq!(
            parse(args("import back.fwplan --db p.sqlite")).unwrap(),
            Invocation::Import {
                file: "back.fwplan".into(),
                db: Some("p.sqlite".into()),
                yes: false,
            }
        );
        assert_eq!(
            parse(args("import --db p.sqlite back.fwplan --yes")).unwrap(),
            Invocation::Import {
                file: "back.fwplan".into(),
                db: Some("p.sqlite".into()),
                yes: true,
            }
        );
        assert!(parse(args("export --format csv --out a --yes")).is_err());
        assert!(parse(args("import")).unwrap_err().contains("one FILE"));
        assert!(parse(args("import a b")).unwrap_err().contains("one FILE"));
        assert!(parse(args("import a --out b")).is_err());
    }
}
