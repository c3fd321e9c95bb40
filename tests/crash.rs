//! Killing the app at any moment while it edits and saves versions loses nothing it reported
//! as saved, never damages the database, and never leaves a half-written version file.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

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

#[test]
fn sigkill_while_editing_and_saving_versions_loses_nothing_reported() {
    let kills = env_number("CRASH_KILLS", 100);
    let mut rng = Rng(env_number("CRASH_SEED", 0x00c0_ffee_2026_1122));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    let versions = dir.path().join("versions");
    std::fs::create_dir_all(&versions).unwrap();
    drop(Store::open(&db).unwrap()); // seeded once, before any child runs

    // The last commit the children reported per activity: (number, lane, position).
    let mut reported: HashMap<Id, (u64, Lane, i64)> = HashMap::new();
    let mut next = 1u64;
    let mut total = 0usize;
    for _ in 0..kills {
        let mut child = Command::new(BIN)
            .args(["crash-child", "--db"])
            .arg(&db)
            .arg("--dir")
            .arg(&versions)
            .args(["--start", &next.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
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
        // Kill at a random moment once the child is in its edit-and-save loop.
        let first = rx.recv_timeout(Duration::from_secs(30));
        if first.is_ok() {
            std::thread::sleep(Duration::from_millis(rng.below(60)));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        let lines: Vec<String> = first.into_iter().chain(rx.try_iter()).collect();
        assert!(!lines.is_empty(), "a child never committed anything");
        for line in lines {
            let parts: Vec<&str> = line.split(' ').collect();
            assert_eq!(parts.len(), 5, "unexpected line {line:?}");
            assert_eq!(parts[0], "committed");
            let n: u64 = parts[1].parse().unwrap();
            let id: Id = parts[2].parse().unwrap();
            let lane = Lane::parse(parts[3]).unwrap();
            let pos: i64 = parts[4].parse().unwrap();
            reported.insert(id, (n, lane, pos));
            next = next.max(n + 1);
            total += 1;
        }
    }
    eprintln!("{kills} kills, {total} commits reported");

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

    // Every version the history records has its file, with the same checksum.
    let history = store.versions().unwrap();
    assert!(!history.is_empty());
    for v in &history {
        let file = planfile::read_path(std::path::Path::new(&v.path))
            .unwrap_or_else(|e| panic!("recorded version {} has no whole file: {e}", v.label));
        assert_eq!(file.sha256(), v.sha256);
        assert_eq!(store.version_content(v.id).unwrap().sha256(), v.sha256);
    }
}
