//! The command line: the same library, headless. `main.rs` only calls [`main`].
//!
//! The arguments are defined once, with clap's derive: parsing, `--help` for every subcommand,
//! usage errors (exit 2), the man page and the shell completions all come from [`Cli`]. An
//! option is one field; the dispatch in [`main`] passes it on.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::i18n::Language;
use crate::store::Store;

/// Turn a national policy framework into an action plan.
///
/// Without a subcommand, opens the app's window. Without --db it opens the database used
/// last, else the one in the user's data folder (created and filled with the built-in
/// framework on first run).
#[derive(Parser, Debug, PartialEq)]
#[command(name = "framework-planner", version, max_term_width = 100)]
// `--db x export …` would otherwise give the database to the window and not to the export.
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Cmd>,
    /// The database to open; created and filled with the built-in framework if it does not
    /// exist.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// A plan file (.fwplan), or a workbook (.xlsx) or CSV in the exported layout, to open in
    /// the review as File → Open does. If a window already has the database open, the file is
    /// handed to it.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Subcommand, Debug, PartialEq)]
pub enum Cmd {
    /// Write the plan for people without the app (xlsx, csv, html), or save it as a version
    /// file (plan).
    ///
    /// xlsx is a workbook with one sheet per goal, csv the action matrix (one row per
    /// activity), html a printable report. plan saves a version file (.fwplan) and records it
    /// in the database's history. The file is written atomically: a failed write leaves FILE
    /// as it was.
    Export(ExportArgs),
    /// Check a plan file: exit 0 and a summary if valid, 1 and the reason if not.
    Check {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// List what changed from plan file A to plan file B, one change per line.
    Diff {
        #[arg(value_name = "A")]
        a: PathBuf,
        #[arg(value_name = "B")]
        b: PathBuf,
    },
    /// Merge the changes from BASE to THEIRS into OURS and write the result to OUT.
    ///
    /// Prints what was applied and each conflict; conflicts keep ours. Exit 1 if there were
    /// conflicts (OUT is still written), 0 if the merge was clean.
    Merge(MergeArgs),
    /// Bring the changes of FILE into the database, in one step: a plan file, or a workbook
    /// (.xlsx) or CSV in the exported layout, as File > Open reads them.
    ///
    /// Prints every change, each conflict and each row that cannot be used, then applies them
    /// only with --yes, or when you answer yes on a terminal; it says how many records an
    /// import removes when that is more than a few. A plan file whose base version is in the
    /// history is merged with the database's work (conflicts keep the database's value);
    /// otherwise every difference is taken from FILE (the output says so), and FILE is
    /// recorded in the history. Exit 0 if applied cleanly, 1 if there were conflicts (the rest
    /// was still imported), or if nothing was applied.
    Import(ImportArgs),
    /// Build a synthetic plan of N activities in a temporary database and print one line per
    /// figure: NAME MEDIAN ms.
    Bench {
        /// How many activities.
        #[arg(long, value_name = "N", default_value_t = 10_000,
              value_parser = clap::value_parser!(u64).range(1..))]
        activities: u64,
    },
    /// The child process of the crash test: edits and saves versions one step at a time, each
    /// when a line arrives on standard input.
    #[command(hide = true)]
    CrashChild {
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        #[arg(long, value_name = "PATH")]
        dir: PathBuf,
        #[arg(long, value_name = "N", default_value_t = 1)]
        start: u64,
    },
    /// Write the man pages and the shell completions (bash, zsh, fish) into DIR; the package
    /// build uses it.
    #[command(hide = true)]
    GenerateDocs {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

/// The formats `export --format` takes.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// An Excel workbook: an overview, one sheet per goal, who does what, the actors.
    Xlsx,
    /// The action matrix, one row per activity.
    Csv,
    /// A printable report, one self-contained file.
    Html,
    /// A version file (.fwplan), recorded in the database's history.
    Plan,
    /// The alignment with the Global Compact for Migration, CSV: one row per GCM objective and
    /// action, with its SDG targets, the BMGF goals Annex D associates with it and the
    /// activities linked to it.
    Alignment,
}

impl ExportFormat {
    /// The export module's format; `None` for a version file.
    fn file_format(self) -> Option<crate::export::Format> {
        use crate::export::Format;
        match self {
            ExportFormat::Xlsx => Some(Format::Xlsx),
            ExportFormat::Csv => Some(Format::Csv),
            ExportFormat::Html => Some(Format::Html),
            ExportFormat::Alignment => Some(Format::Alignment),
            ExportFormat::Plan => None,
        }
    }
}

#[derive(Args, Debug, PartialEq)]
pub struct ExportArgs {
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The database to read (default: the one in the user's data folder).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Names the version, shown in the header (default "Working copy"; empty for plan).
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
    /// Who exported it, shown in the header.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// A note kept with the version (--format plan only).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The language of the export's headings, sheet names, labels and dates (default en).
    #[arg(long, value_name = "LANG", value_parser = language())]
    pub lang: Option<Language>,
}

#[derive(Args, Debug, PartialEq)]
pub struct MergeArgs {
    #[arg(long, value_name = "FILE")]
    pub base: PathBuf,
    #[arg(long, value_name = "FILE")]
    pub ours: PathBuf,
    #[arg(long, value_name = "FILE")]
    pub theirs: PathBuf,
    /// Where the merged plan is written.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The merged version's label (default "OURS + THEIRS").
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
    /// Who merged it.
    #[arg(long, value_name = "NAME", default_value = "")]
    pub author: String,
}

#[derive(Args, Debug, PartialEq)]
pub struct ImportArgs {
    /// The plan file, workbook or CSV to import.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The database to import into (default: the one in the user's data folder).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Apply the changes without asking (otherwise only a terminal's "yes" applies them).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `en` or `bn`, as the interface's language codes.
fn language() -> impl clap::builder::TypedValueParser<Value = Language> {
    PossibleValuesParser::new(Language::ALL.map(Language::code))
        .map(|code| Language::from_code(&code).unwrap_or_default())
}

/// Parses arguments (without the program name). Errors, `--help` and `--version` come back as
/// clap's errors, which know their text and exit code.
pub fn parse(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let cli =
        Cli::try_parse_from(std::iter::once(OsString::from("framework-planner")).chain(args))?;
    if let Some(Cmd::Export(e)) = &cli.command
        && e.note.is_some()
        && e.format != ExportFormat::Plan
    {
        return Err(Cli::command().error(
            clap::error::ErrorKind::ArgumentConflict,
            "--note belongs to --format plan",
        ));
    }
    Ok(cli)
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
    let cli = match parse(args) {
        Ok(cli) => cli,
        // Usage errors go to stderr with exit 2, under the same prefix as every other error.
        Err(e) if e.use_stderr() => {
            let text = e.render().to_string();
            eprint!(
                "framework-planner: {}",
                text.strip_prefix("error: ").unwrap_or(&text)
            );
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
        // Help and version go to stdout with exit 0.
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let done = |r: Result<(), String>| r.map(|()| ExitCode::SUCCESS);
    let result = match cli.command {
        None => done(crate::gui::run(cli.db, cli.file)),
        Some(Cmd::Export(e)) => done(match e.format.file_format() {
            Some(format) => export(format, e),
            None => plan_commands::export_plan(
                &e.out,
                e.db,
                &e.label.unwrap_or_default(),
                &e.author.unwrap_or_default(),
                &e.note.unwrap_or_default(),
            ),
        }),
        Some(Cmd::Check { file }) => done(plan_commands::check(&file)),
        Some(Cmd::Diff { a, b }) => done(plan_commands::diff(&a, &b)),
        Some(Cmd::Merge(m)) => {
            plan_commands::merge(&m.base, &m.ours, &m.theirs, &m.out, m.label, &m.author)
        }
        Some(Cmd::Import(i)) => crate::headless::import(&i.file, i.db, i.yes),
        Some(Cmd::CrashChild { db, dir, start }) => {
            done(plan_commands::crash_child(&db, &dir, start))
        }
        Some(Cmd::Bench { activities }) => done(crate::bench::run(activities as usize)),
        Some(Cmd::GenerateDocs { dir }) => done(generate_docs(&dir)),
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

/// Writes `framework-planner.1` and one page per visible subcommand, and the completions for
/// bash, zsh and fish, all from [`Cli`].
fn generate_docs(dir: &std::path::Path) -> Result<(), String> {
    use clap_complete::Shell;
    let fail = |e: std::io::Error| format!("Could not write into {}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(fail)?;
    let cmd = Cli::command();
    clap_mangen::generate_to(cmd.clone(), dir).map_err(fail)?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut cmd.clone(), "framework-planner", dir)
            .map_err(fail)?;
    }
    eprintln!("Wrote the man pages and completions to {}", dir.display());
    Ok(())
}

fn open(db: Option<PathBuf>) -> Result<Store, String> {
    crate::headless::open_db(db)
}

fn export(format: crate::export::Format, args: ExportArgs) -> Result<(), String> {
    use crate::export::ExportInfo;
    let out = &args.out;
    let store = open(args.db)?;
    let plan = store.load_plan().map_err(|e| e.to_string())?;
    let author = args.author.unwrap_or_default();
    // A label given names the version; else the saved version the plan is or is based on.
    let info = match args.label {
        Some(label) => ExportInfo::now(label, author),
        None => crate::export::version_of(&store, &plan, &author)
            .map_err(|e| e.to_string())?
            .unwrap_or_else(|| ExportInfo::now("Working copy", author)),
    }
    .in_language(args.lang.unwrap_or(Language::English));
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

    /// Whether the step asked for holds at its pause point.
    static HOLD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

    /// The crash child's pause hook: in a held step, says where it stands ("inside commit",
    /// "inside write", "inside record") and waits there for the kill.
    fn hold_here(name: &str) {
        if HOLD.load(std::sync::atomic::Ordering::SeqCst) {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "inside {name}").and_then(|()| out.flush());
            drop(out);
            loop {
                std::thread::park();
            }
        }
    }

    /// The crash test's child. It edits and saves versions one step at a time, each step when
    /// the parent writes a line to standard input, and reports each step once it is done, so the
    /// parent can place its kill before, inside or after any step on a machine of any speed.
    /// A step asked for with "hold" instead of "go" stops at its pause point (see
    /// [`crate::files::pause_point`]), prints "inside commit", "inside write" or "inside
    /// record", and waits to be killed.
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
        crate::files::set_pause_hook(hold_here);
        let mut steps = std::io::stdin().lock().lines();
        // "go" does the step; "hold" does it up to its pause point and waits there to be killed.
        let mut go = || match steps.next() {
            Some(Ok(line)) => {
                HOLD.store(line.trim() == "hold", std::sync::atomic::Ordering::SeqCst);
                true
            }
            _ => false,
        };
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
    use clap::error::ErrorKind;

    fn args(s: &str) -> Vec<OsString> {
        s.split_whitespace().map(OsString::from).collect()
    }

    fn ok(s: &str) -> Cli {
        parse(args(s)).unwrap_or_else(|e| panic!("{s:?} did not parse: {e}"))
    }

    fn cmd(s: &str) -> Cmd {
        ok(s)
            .command
            .unwrap_or_else(|| panic!("{s:?} has no subcommand"))
    }

    /// The usage error for `s`, rendered as the user sees it.
    fn usage_error(s: &str) -> (ErrorKind, String) {
        let e = parse(args(s)).expect_err(s);
        assert_eq!(e.exit_code(), 2, "{s:?} is a usage error");
        (e.kind(), e.render().to_string())
    }

    fn gui(db: Option<&str>, file: Option<&str>) -> Cli {
        Cli {
            command: None,
            db: db.map(PathBuf::from),
            file: file.map(PathBuf::from),
        }
    }

    fn export(format: ExportFormat, out: &str) -> ExportArgs {
        ExportArgs {
            format,
            out: out.into(),
            db: None,
            label: None,
            author: None,
            note: None,
            lang: None,
        }
    }

    #[test]
    fn the_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(ok(""), gui(None, None));
        assert_eq!(ok("--db x.sqlite"), gui(Some("x.sqlite"), None));
        assert_eq!(ok("back.fwplan"), gui(None, Some("back.fwplan")));
        assert_eq!(
            ok("--db x.sqlite back.xlsx"),
            gui(Some("x.sqlite"), Some("back.xlsx"))
        );
        assert_eq!(
            ok("back.csv --db x.sqlite"),
            gui(Some("x.sqlite"), Some("back.csv"))
        );
        assert_eq!(
            cmd("export --format csv --out a.csv --db b"),
            Cmd::Export(ExportArgs {
                db: Some("b".into()),
                ..export(ExportFormat::Csv, "a.csv")
            })
        );
        assert_eq!(
            cmd("export --format xlsx --out a.xlsx --label Day1 --author Rina --lang bn"),
            Cmd::Export(ExportArgs {
                label: Some("Day1".into()),
                author: Some("Rina".into()),
                lang: Some(Language::Bangla),
                ..export(ExportFormat::Xlsx, "a.xlsx")
            })
        );
        assert_eq!(
            cmd("export --format html --out r.html --lang en"),
            Cmd::Export(ExportArgs {
                lang: Some(Language::English),
                ..export(ExportFormat::Html, "r.html")
            })
        );
        assert_eq!(
            cmd("export --format plan --out v.fwplan --label Day1 --author R --note n"),
            Cmd::Export(ExportArgs {
                label: Some("Day1".into()),
                author: Some("R".into()),
                note: Some("n".into()),
                ..export(ExportFormat::Plan, "v.fwplan")
            })
        );
        assert_eq!(
            cmd("check a.fwplan"),
            Cmd::Check {
                file: "a.fwplan".into()
            }
        );
        assert_eq!(
            cmd("diff a.fwplan b.fwplan"),
            Cmd::Diff {
                a: "a.fwplan".into(),
                b: "b.fwplan".into()
            }
        );
        assert_eq!(
            cmd("merge --base b --ours o --theirs t --out m"),
            Cmd::Merge(MergeArgs {
                base: "b".into(),
                ours: "o".into(),
                theirs: "t".into(),
                out: "m".into(),
                label: None,
                author: String::new(),
            })
        );
        assert_eq!(
            cmd("merge --out m --theirs t --ours o --base b --label L --author A"),
            Cmd::Merge(MergeArgs {
                base: "b".into(),
                ours: "o".into(),
                theirs: "t".into(),
                out: "m".into(),
                label: Some("L".into()),
                author: "A".into(),
            })
        );
        let import = |yes| {
            Cmd::Import(ImportArgs {
                file: "back.fwplan".into(),
                db: Some("p.sqlite".into()),
                yes,
            })
        };
        assert_eq!(cmd("import back.fwplan --db p.sqlite"), import(false));
        assert_eq!(cmd("import --db p.sqlite back.fwplan"), import(false));
        assert_eq!(cmd("import --yes back.fwplan --db p.sqlite"), import(true));
        // The window's --db is not the export's: said, not silently dropped.
        assert_eq!(
            parse(args("--db x export --format csv --out a"))
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(cmd("bench"), Cmd::Bench { activities: 10_000 });
        assert_eq!(
            cmd("bench --activities 500"),
            Cmd::Bench { activities: 500 }
        );
        assert_eq!(
            cmd("crash-child --db p.sqlite --dir v --start 7"),
            Cmd::CrashChild {
                db: "p.sqlite".into(),
                dir: "v".into(),
                start: 7
            }
        );
    }

    #[test]
    fn help_and_version_exit_0_for_every_subcommand() {
        for s in [
            "--help",
            "-h",
            "--version",
            "-V",
            "help",
            "export --help",
            "check --help",
            "diff --help",
            "merge -h",
            "import --help",
            "bench --help",
            "help import",
        ] {
            let e = parse(args(s)).expect_err(s);
            assert_eq!(e.exit_code(), 0, "{s}");
            assert!(
                matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion),
                "{s}: {:?}",
                e.kind()
            );
        }
        let help = parse(args("export --help"))
            .unwrap_err()
            .render()
            .to_string();
        for option in [
            "--format", "--out", "--db", "--label", "--author", "--note", "--lang",
        ] {
            assert!(
                help.contains(option),
                "export --help lacks {option}:\n{help}"
            );
        }
        assert!(help.contains("[possible values: en, bn]"), "{help}");
        let top = parse(args("--help")).unwrap_err().render().to_string();
        assert!(
            !top.contains("crash-child") && !top.contains("generate-docs"),
            "internal subcommands are hidden:\n{top}"
        );
    }

    #[test]
    fn unknown_options_are_usage_errors_that_name_them() {
        for (s, named) in [
            ("--frobnicate", "--frobnicate"),
            ("--out x", "--out"),
            ("export --format csv --out a --colour red", "--colour"),
            ("check a.fwplan --db x", "--db"),
            ("import a --out b", "--out"),
            ("import a b", "'b'"),
            ("diff a b c", "'c'"),
        ] {
            let (kind, text) = usage_error(s);
            assert!(
                matches!(kind, ErrorKind::UnknownArgument),
                "{s}: {kind:?}\n{text}"
            );
            assert!(text.contains(named), "{s}: {text}");
        }
        // A second word after the window's FILE: clap takes it for a misplaced subcommand.
        let (_, text) = usage_error("frobnicate now");
        assert!(text.contains("'now'"), "{text}");
    }

    #[test]
    fn missing_values_and_arguments_are_usage_errors_that_name_them() {
        for (s, named) in [
            ("--db", "--db"),
            ("export --format csv --out", "--out"),
            ("export --format", "--format"),
            ("export --format csv --out a --lang", "--lang"),
            ("import back.fwplan --db", "--db"),
            ("bench --activities", "--activities"),
        ] {
            let (kind, text) = usage_error(s);
            assert!(
                matches!(kind, ErrorKind::InvalidValue),
                "{s}: {kind:?}\n{text}"
            );
            assert!(text.contains(named), "{s}: {text}");
        }
        for (s, named) in [
            ("export --format csv", "--out"),
            ("export --out a.csv", "--format"),
            ("merge --base b --ours o --out m", "--theirs"),
            ("import", "<FILE>"),
            ("check", "<FILE>"),
            ("diff a.fwplan", "<B>"),
            ("crash-child --dir d", "--db"),
        ] {
            let (kind, text) = usage_error(s);
            assert!(
                matches!(kind, ErrorKind::MissingRequiredArgument),
                "{s}: {kind:?}\n{text}"
            );
            assert!(text.contains(named), "{s}: {text}");
        }
    }

    #[test]
    fn bad_values_are_usage_errors_that_name_them() {
        for (s, named) in [
            ("export --format pdf --out a", "pdf"),
            ("export --format csv --out a --lang fr", "fr"),
            ("bench --activities 0", "--activities"),
            ("bench --activities many", "many"),
            ("crash-child --db p --dir d --start x", "--start"),
            ("export --format csv --out a --note x", "--note"),
        ] {
            let (_, text) = usage_error(s);
            assert!(text.contains(named), "{s}: {text}");
        }
    }
}
