//! Killing the app at any moment while it edits and saves versions loses nothing it reported
//! as saved, never damages the database, and never leaves a half-written version file.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use framework_planner::model::board::GAP;
use framework_planner::model::{Id, Lane};
use framework_planner::planfile;
use framework_planner::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_framework-planner");

/// xorshift64*, for reproducible kill times.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1)
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Where a kill fell, judged by what the child had reported when it died.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Phase {
    /// The child was waiting for its next step: everything it started was done.
    Between,
    MidCommit,
    MidWrite,
    MidRecord,
}

const STEPS: [Phase; 3] = [Phase::MidCommit, Phase::MidWrite, Phase::MidRecord];

/// One child process, driven one step at a time: the parent writes a line, the child does one
/// step (commit, write a version file, record it) and reports it.
struct Child {
    process: std::process::Child,
    steps: std::process::ChildStdin,
    reports: mpsc::Receiver<String>,
    reader: std::thread::JoinHandle<()>,
}

impl Child {
    fn start(db: &std::path::Path, versions: &std::path::Path, next: u64) -> Child {
        let mut process = Command::new(BIN)
            .args(["crash-child", "--db"])
            .arg(db)
            .arg("--dir")
            .arg(versions)
            .args(["--start", &next.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = process.stdout.take().unwrap();
        let steps = process.stdin.take().unwrap();
        let (tx, reports) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            let mut r = BufReader::new(out);
            let mut line = String::new();
            // Only whole lines count: a line cut by the kill was not reported.
            while r.read_line(&mut line).is_ok_and(|n| n > 0) {
                if line.ends_with('\n') && tx.send(line.trim_end().to_owned()).is_err() {
                    break;
                }
                line.clear();
            }
        });
        Child {
            process,
            steps,
            reports,
            reader,
        }
    }

    /// Asks for the next step without waiting for it.
    fn go(&mut self) {
        self.ask("go");
    }

    /// Asks for the next step, held at its pause point: the child reports "inside …" there
    /// and waits to be killed.
    fn hold(&mut self) {
        self.ask("hold");
    }

    fn ask(&mut self, what: &str) {
        writeln!(self.steps, "{what}").unwrap();
        self.steps.flush().unwrap();
    }

    /// The child's next report; panics if it died without one (it only dies when killed).
    fn report(&self) -> String {
        self.reports
            .recv()
            .expect("the child ended before it reported its step")
    }

    /// Kills the child (SIGKILL on Unix) and returns every whole line it printed but the
    /// parent has not read yet.
    fn kill(mut self) -> Vec<String> {
        self.process.kill().unwrap();
        self.process.wait().unwrap();
        self.reader.join().unwrap();
        self.reports.try_iter().collect()
    }
}

#[test]
fn sigkill_while_editing_and_saving_versions_loses_nothing_reported() {
    let kills = env_number("CRASH_KILLS", 300);
    let mut rng = Rng(env_number("CRASH_SEED", 0x00c0_ffee_2026_1122));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let versions = dir.path().join("versions");
    std::fs::create_dir_all(&versions).unwrap();
    drop(Store::open(&db).unwrap()); // seeded once, before any child runs

    // The last commit the children reported per activity: (number, lane, position).
    let mut reported: HashMap<Id, (u64, Lane, i64)> = HashMap::new();
    let mut written: Vec<u64> = Vec::new();
    let mut recorded: Vec<u64> = Vec::new();
    let mut hits: HashMap<Phase, usize> = HashMap::new();
    // How long each kind of step took here, last time it ran whole: a timed kill inside a step
    // falls at a random moment of that span.
    let mut took = [Duration::from_millis(20); 3];
    let mut next = 1u64;
    let mut total = 0usize;
    // Every fourth kill falls between steps, the others inside a commit, a write or a record,
    // in turn. Half of those inside are held: the child stops at the step's pause point, says
    // so, and the kill falls there, on a machine of any speed. The other half are timed, to
    // land anywhere in the step; where they fell is read from the child's reports, and no
    // assertion rests on where a timed kill lands.
    for kill in 0..kills {
        let mut child = Child::start(&db, &versions, next);
        assert_eq!(child.report(), "ready");
        let mut lines = Vec::new();
        let aim = match kill % 4 {
            0 => None,
            k => Some(k as usize - 1),
        };
        let whole = match aim {
            None => rng.below(10) as usize,
            Some(step) => step + 3 * rng.below(2) as usize,
        };
        for s in 0..whole {
            let started = Instant::now();
            child.go();
            lines.push(child.report());
            took[s % 3] = started.elapsed();
        }
        let held = aim.is_some() && rng.below(2) == 0;
        let last_asked = match aim {
            None => None,
            Some(step) if held => {
                child.hold();
                let inside = child.report();
                assert_eq!(
                    inside,
                    format!("inside {}", ["commit", "write", "record"][step]),
                    "the held step stopped elsewhere"
                );
                Some(step)
            }
            Some(step) => {
                child.go();
                let span = took[step].as_micros().max(1) as u64;
                std::thread::sleep(Duration::from_micros(rng.below(span)));
                Some(step)
            }
        };
        let after = child.kill();
        // The step asked for last fell inside the kill unless its report came through.
        let phase = match last_asked {
            Some(step) if after.is_empty() => STEPS[step],
            _ => Phase::Between,
        };
        *hits.entry(phase).or_default() += 1;
        lines.extend(after);
        for line in lines {
            let parts: Vec<&str> = line.split(' ').collect();
            let n: u64 = parts[1].parse().unwrap();
            match parts[0] {
                "committed" => {
                    assert_eq!(parts.len(), 5, "unexpected line {line:?}");
                    let id: Id = parts[2].parse().unwrap();
                    let lane = Lane::parse(parts[3]).unwrap();
                    let pos: i64 = parts[4].parse().unwrap();
                    reported.insert(id, (n, lane, pos));
                    next = next.max(n + 1);
                    total += 1;
                }
                "written" => written.push(n),
                "recorded" => recorded.push(n),
                _ => panic!("unexpected line {line:?}"),
            }
        }
    }
    let count = |p: Phase| hits.get(&p).copied().unwrap_or(0);
    eprintln!(
        "{kills} kills: {} between steps, {} mid-commit, {} mid-write, {} mid-record",
        count(Phase::Between),
        count(Phase::MidCommit),
        count(Phase::MidWrite),
        count(Phase::MidRecord)
    );
    for p in [
        Phase::Between,
        Phase::MidCommit,
        Phase::MidWrite,
        Phase::MidRecord,
    ] {
        assert!(count(p) > 0, "no kill fell {p:?}: {hits:?}");
    }
    eprintln!(
        "{total} commits, {} version files written, {} recorded",
        written.len(),
        recorded.len()
    );

    // The database is whole.
    let c = rusqlite::Connection::open(&db).unwrap();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(c);

    // Every reported commit is there, or a later one to the same activity that the kill kept
    // from being reported. Commit n puts its activity at position n × GAP in lane n mod 4.
    let store = Store::open(&db).unwrap();
    let plan = store.load_plan().unwrap();
    for (id, (n, lane, pos)) in &reported {
        let a = plan.activity(*id).unwrap();
        assert!(
            a.lane_pos >= *pos,
            "commit {n} lost: {} at {}",
            a.code,
            a.lane_pos
        );
        if a.lane_pos == *pos {
            assert_eq!(a.lane, *lane, "commit {n}");
        }
        let m = (a.lane_pos / GAP) as usize;
        assert_eq!(a.lane, Lane::ALL[m % 4], "commit {m} half applied");
    }

    // Every version file is whole and valid; only temporary files of killed writes may remain.
    let mut valid = 0;
    let mut temporary = 0;
    for entry in std::fs::read_dir(&versions).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let path = versions.join(&name);
        if name.starts_with('.') && name.ends_with(".tmp") {
            temporary += 1;
            continue;
        }
        let stem = name
            .strip_suffix(".fwplan")
            .unwrap_or_else(|| panic!("stray file {name}"));
        let file = planfile::read_path(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(file.label, stem);
        let n: i64 = stem.trim_start_matches('v').parse().unwrap();
        assert!(
            file.plan.activities.iter().any(|a| a.lane_pos == n * GAP),
            "{name} does not hold its own commit"
        );
        valid += 1;
    }
    assert!(temporary <= kills as usize, "{temporary} temporary files");
    eprintln!("{valid} version files, all valid; {temporary} temporary files of killed writes");

    // Every version the history records has its file, with the same checksum, and every
    // version the children reported as written or recorded is there.
    let history = store.versions().unwrap();
    for v in &history {
        let file = planfile::read_path(std::path::Path::new(&v.path))
            .unwrap_or_else(|e| panic!("recorded version {} has no whole file: {e}", v.label));
        assert_eq!(file.sha256(), v.sha256);
        assert_eq!(store.version_content(v.id).unwrap().sha256(), v.sha256);
    }
    for n in &written {
        let path = versions.join(format!("v{n}.{}", planfile::EXTENSION));
        assert!(
            path.exists(),
            "version file v{n} was reported written but is gone"
        );
    }
    for n in &recorded {
        assert!(
            history.iter().any(|v| v.label == format!("v{n}")),
            "version v{n} was reported recorded but is not in the history"
        );
    }
    assert!(!recorded.is_empty(), "no child recorded a version");
}
