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
                           [--label TEXT] [--author NAME]
      Write the plan for people without the app: xlsx (a workbook, one sheet
      per goal), csv (the action matrix, one row per activity) or html (a
      printable report). --label names the version (default \"Working copy\"),
      --author who exported it; both appear in the header.
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
        Some("--help" | "-h" | "help") => return Ok(Invocation::Help),
        Some("--version" | "-V") => return Ok(Invocation::Version),
        _ => "gui",
    };
    let mut db = None;
    let mut format = None;
    let mut out = None;
    let mut label = None;
    let mut author = None;
    let mut activities = 10_000;
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
            "--out" if sub == "export" => out = Some(PathBuf::from(value("--out")?)),
            "--label" if sub == "export" => {
                label = Some(value("--label")?.to_string_lossy().into_owned())
            }
            "--author" if sub == "export" => {
                author = Some(value("--author")?.to_string_lossy().into_owned())
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
        "export" => Ok(Invocation::Export {
            format: format.ok_or("export needs --format (xlsx, csv or html). See --help.")?,
            out: out.ok_or("export needs --out FILE. See --help.")?,
            db,
            label,
            author,
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
    let result = match inv {
        Invocation::Help => {
            print!("{USAGE}");
            Ok(())
        }
        Invocation::Version => {
            println!("framework-planner {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Invocation::Gui { db } => crate::gui::run(db),
        Invocation::Export {
            format,
            out,
            db,
            label,
            author,
        } => export(&format, &out, db, label, author),
        Invocation::Bench { activities } => crate::bench::run(activities),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("framework-planner: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn open(db: Option<PathBuf>) -> Result<Store, String> {
    let path = match db {
        Some(p) => p,
        None => default_db()?,
    };
    Store::open(&path).map_err(|e| e.to_string())
}

fn export(
    format: &str,
    out: &std::path::Path,
    db: Option<PathBuf>,
    label: Option<String>,
    author: Option<String>,
) -> Result<(), String> {
    use crate::export::{ExportInfo, Format};
    let format = Format::parse(format)
        .ok_or_else(|| format!("Unknown export format {format:?}. Available: xlsx, csv, html."))?;
    let store = open(db)?;
    let plan = store.load_plan().map_err(|e| e.to_string())?;
    let info = ExportInfo::now(
        label.unwrap_or_else(|| "Working copy".into()),
        author.unwrap_or_default(),
    );
    crate::export::write_file(&plan, &info, format, out).map_err(|e| e.to_string())?;
    eprintln!(
        "Wrote {} activities to {} ({})",
        plan.activities.len(),
        out.display(),
        format.as_str()
    );
    Ok(())
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
            }
        );
        assert_eq!(
            parse(args(
                "export --format xlsx --out a.xlsx --label day2 --author Rina"
            ))
            .unwrap(),
            Invocation::Export {
                format: "xlsx".into(),
                out: "a.xlsx".into(),
                db: None,
                label: Some("day2".into()),
                author: Some("Rina".into()),
            }
        );
        assert!(
            parse(args("bench --author x")).is_err(),
            "--author belongs to export only"
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
    }
}
