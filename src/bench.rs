//! `framework-planner bench`: builds a synthetic plan in a temporary database and prints one
//! line per figure, `NAME MEDIAN ms`, each the median of many runs. Beside the app's figures it
//! measures floors, the raw cost of the same work with nothing of the app around it (plain
//! rusqlite, plain file writes), in the same run, and prints `NAME/floor RATIO` lines: a ratio
//! holds on any machine where a time in milliseconds does not.

use std::time::Instant;

use egui::{Event, PointerButton, Pos2, RawInput, Rect, vec2};

use crate::app::{App, Command, Drag, MainView};
use crate::model::board::{Anchor, GAP, lane_index};
use crate::model::{Activity, Inferred, Lane, Plan, Status};
use crate::store::Store;

/// A plan with the BMGF's goals, indicators, sub-indicators and actors, and `n` activities
/// spread over every sub-indicator and every lane.
pub fn synthetic_plan(n: usize) -> Result<Plan, crate::seed::SeedError> {
    let mut plan = crate::seed::bmgf()?;
    let texts: Vec<String> = plan.activities.iter().map(|a| a.text.clone()).collect();
    let subs: Vec<(uuid::Uuid, String)> = plan
        .sub_indicators
        .iter()
        .map(|s| (s.id, s.code.clone()))
        .collect();
    let actors: Vec<uuid::Uuid> = plan.actors.iter().map(|a| a.id).collect();
    let mut per_sub = vec![0usize; subs.len()];
    plan.activities = (0..n)
        .map(|i| {
            let s = i % subs.len();
            per_sub[s] += 1;
            Activity {
                id: uuid::Uuid::new_v4(),
                sub_indicator_id: subs[s].0,
                code: format!("{}.{}", subs[s].1, per_sub[s]),
                text: format!("{} ({i})", texts[i % texts.len()]),
                leads: vec![actors[i % actors.len()]],
                co_leads: vec![actors[(i * 7 + 3) % actors.len()]],
                lane: Lane::ALL[i % 4],
                lane_pos: i as i64 * GAP,
                outline_pos: i as i64,
                status: Status::Proposed,
                notes: String::new(),
                inferred: Inferred::default(),
                source_note: String::new(),
                source_line: None,
            }
        })
        .collect();
    Ok(plan)
}

/// Three links per activity, spread over the GCM's actions and objectives and the SDG
/// targets, so that every cell of the coverage view has activities. Added to the bench's plan
/// in memory; `synthetic_plan` can include them once plan files and the database keep links.
pub fn synthetic_links(plan: &Plan) -> Vec<crate::model::Link> {
    let r = crate::reference::Reference::builtin();
    let keys: Vec<String> = r.linkable_keys();
    if keys.is_empty() {
        return Vec::new();
    }
    plan.activities
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            [i, i * 7 + 3, i * 13 + 5].map(|k| crate::model::Link {
                id: uuid::Uuid::new_v4(),
                activity_id: a.id,
                target: keys[k % keys.len()].clone(),
            })
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed().as_secs_f64() * 1000.0, out)
}

const SCREEN: Rect = Rect {
    min: Pos2::ZERO,
    max: Pos2::new(1920.0, 1080.0),
};

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(SCREEN),
        events,
        ..Default::default()
    }
}

/// One headless frame: layout and tessellation, as the window would do before painting.
fn frame(ctx: &egui::Context, app: &mut App, events: Vec<Event>) -> f64 {
    time(|| {
        let mut out = ctx.run_ui(input(events), |ui| crate::ui::window::frame(ui, app));
        // No painter takes the font atlas here; debug builds insist it is taken or cleared.
        out.textures_delta.clear();
        ctx.tessellate(out.shapes, out.pixels_per_point).len()
    })
    .0
}

pub fn run(n: usize) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("framework-planner-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("Could not create {}: {e}", dir.display()))?;
    let result = run_in(&dir, n);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(dir: &std::path::Path, n: usize) -> Result<(), String> {
    let path = dir.join("bench.sqlite");
    eprintln!("bench: {n} activities in {}", path.display());
    drop(Store::open_with(&path, || synthetic_plan(n)).map_err(|e| e.to_string())?);
    // Closing the store checkpointed the journal into the file: this is its size.
    let db_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!("bench: the database file is {db_bytes} bytes");
    let mut peak = Peak::start("build");

    // open_floor: every row of every table read into tuples by plain rusqlite; open: open the
    // database and load the plan, ready to draw. Taken in turns, so that a machine busy with
    // something else slows both alike.
    let mut floors = Vec::new();
    let mut runs = Vec::new();
    let mut rows = 0;
    for _ in 0..15 {
        let (ms, r) = time(|| floor::open(&path));
        rows = r.map_err(|e| format!("open_floor: {e}"))?;
        floors.push(ms);
        let (ms, app) = time(|| Store::open(&path).and_then(App::new));
        app.map_err(|e| e.to_string())?;
        runs.push(ms);
    }
    eprintln!("bench: open_floor reads {rows} rows");
    // Where open's time goes, for whoever makes it faster.
    let (load, store) = time(|| Store::open(&path).and_then(|s| s.load_plan().map(|p| (s, p))));
    let (_store, plan) = store.map_err(|e| e.to_string())?;
    let (derive, _) = time(|| crate::app::Derived::new(&plan));
    eprintln!("bench: open is load_plan {load:.1} ms + Derived::new {derive:.1} ms + the rest");
    drop(plan);
    let open_floor = report("open_floor", floors);
    ratio("open", report("open", runs), open_floor);
    peak.phase("open");

    // The commit floor's own copy of the database, taken while no connection is open: a write
    // to the app's database by another connection would empty the app's page cache before
    // each of its commits, which no window sees when it is the only writer.
    let floor_db = dir.join("floor.sqlite");
    std::fs::copy(&path, &floor_db).map_err(|e| format!("commit_floor: {e}"))?;
    let mut app =
        App::new(Store::open(&path).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    app.view.main = MainView::Board;
    let ctx = egui::Context::default();
    for _ in 0..10 {
        frame(&ctx, &mut app, Vec::new());
    }

    // Say what a frame holds, so the figures can be judged.
    let mut out = ctx.run_ui(input(Vec::new()), |ui| {
        crate::ui::window::frame(ui, &mut app)
    });
    out.textures_delta.clear();
    let vertices: usize = ctx
        .tessellate(out.shapes, out.pixels_per_point)
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(m) => m.vertices.len(),
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum();
    let cards = app.board.counts.iter().sum::<usize>();
    eprintln!(
        "bench: a board frame at 1920x1080 tessellates {vertices} vertices; {cards} cards on the board"
    );

    // board_frame: a full frame of the board, every lane filled.
    let runs: Vec<f64> = (0..200)
        .map(|_| frame(&ctx, &mut app, Vec::new()))
        .collect();
    report("board_frame", runs);

    // drag_frame: a card held over a full lane, the pointer moving.
    let short = &app.derived.lanes[lane_index(Lane::Short)];
    let held = app.plan.activities[short[1]].id;
    app.view.drag = Some(Drag {
        id: held,
        grab: [20.0, 20.0],
    });
    let over = Pos2::new(150.0, 500.0);
    let press = Event::PointerButton {
        pos: over,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Default::default(),
    };
    frame(&ctx, &mut app, vec![Event::PointerMoved(over), press]);
    let runs: Vec<f64> = (0..200)
        .map(|i| {
            let p = over + vec2(0.0, (i % 40) as f32 * 3.0);
            frame(&ctx, &mut app, vec![Event::PointerMoved(p)])
        })
        .collect();
    if app.view.drag.is_none() {
        return Err("the drag ended during the benchmark".into());
    }
    report("drag_frame", runs);
    app.handle(Command::CancelDrag);
    peak.phase("frames");

    // commit_floor: one UPDATE of one row in its own transaction, on a copy of the database
    // with the store's pragmas; one is taken before each commit measured below.
    let row = app.plan.activities[app.plan.activities.len() / 3].id;
    let mut floor = floor::Commit::new(&floor_db, row).map_err(|e| format!("commit_floor: {e}"))?;
    let mut floors = Vec::new();
    let mut commit_floor = || -> Result<(), String> {
        floors.push(floor.run().map_err(|e| format!("commit_floor: {e}"))?);
        Ok(())
    };

    // move_commit: move one card to another lane, in the middle of the cards, and commit it.
    let mut moves = Vec::new();
    for i in 0..200 {
        commit_floor()?;
        let to = if i % 2 == 0 { Lane::Long } else { Lane::Short };
        let lane = &app.derived.lanes[lane_index(to)];
        let before = app.plan.activities[lane[lane.len() / 2]].id;
        moves.push(
            time(|| {
                app.handle(Command::Move {
                    id: held,
                    lane: to,
                    anchor: Anchor::Before(before),
                })
            })
            .0,
        );
    }
    if app.history.undo.len() != 200 {
        return Err(format!(
            "expected 200 moves, made {}",
            app.history.undo.len()
        ));
    }

    // edit_commit: change an activity's text in the detail panel and commit it, as the panel
    // sends it (one field), checked, saved, undoable, the derived values patched.
    let target = app.plan.activities[app.plan.activities.len() / 2].id;
    let mut edits = Vec::new();
    for i in 0..50 {
        commit_floor()?;
        let edit = crate::app::Edit::Set {
            id: target,
            field: crate::model::record::Field::Text,
            value: crate::model::record::Value::Text(format!("Edited text, revision {i}")),
        };
        edits.push(time(|| app.handle(Command::Edit(edit))).0);
    }
    if app.history.undo.len() != 250 {
        return Err(format!(
            "expected 200 moves and 50 edits, made {} steps",
            app.history.undo.len()
        ));
    }

    // add_activity: a new activity under a sub-indicator, as the window adds it.
    let sub = app.plan.sub_indicators[0].id;
    let mut adds = Vec::new();
    for _ in 0..20 {
        commit_floor()?;
        adds.push(time(|| app.handle(Command::Edit(crate::app::Edit::AddActivity { sub }))).0);
    }
    drop(floor);
    let _ = std::fs::remove_file(&floor_db);
    let commit_floor = report("commit_floor", floors);
    ratio("move_commit", report("move_commit", moves), commit_floor);
    ratio("edit_commit", report("edit_commit", edits), commit_floor);
    ratio("add_activity", report("add_activity", adds), commit_floor);

    // edit_frame: the first frame after a change, which brings the board's filtered cards up
    // to date.
    let runs: Vec<f64> = (0..20)
        .map(|i| {
            let mut a = app
                .plan
                .activity(target)
                .cloned()
                .unwrap_or_else(|| app.plan.activities[0].clone());
            a.notes = format!("Noted {i}");
            app.handle(Command::Edit(crate::app::Edit::Activity(a)));
            frame(&ctx, &mut app, Vec::new())
        })
        .collect();
    report("edit_frame", runs);
    peak.phase("commits");

    // The links, in memory when the plan has none (the views' caches see a new revision).
    if app.plan.links.is_empty() {
        app.plan.links = synthetic_links(&app.plan);
        app.derived.revision += 1;
    }
    eprintln!("bench: {} links", app.plan.links.len());

    // coverage_count: the coverage of the GCM counted from scratch (after a change).
    let r = crate::reference::Reference::builtin();
    let order: Vec<usize> = app.derived.outline.goals.iter().map(|g| g.goal).collect();
    let runs: Vec<f64> = (0..20)
        .map(|_| {
            time(|| {
                crate::reference::coverage::coverage(
                    &app.plan,
                    r,
                    &[],
                    crate::reference::coverage::Columns::Lanes,
                    &order,
                )
            })
            .0
        })
        .collect();
    println!("coverage_count {:.2} ms", median(runs));

    // coverage_frame: a full frame of the coverage view (its counts cached).
    app.view.main = MainView::Coverage;
    app.view.selected = None;
    for _ in 0..10 {
        frame(&ctx, &mut app, Vec::new());
    }
    let runs: Vec<f64> = (0..200)
        .map(|_| frame(&ctx, &mut app, Vec::new()))
        .collect();
    println!("coverage_frame {:.2} ms", median(runs));

    // suggest: the suggestions for one activity, from its text and its sub-indicator's and
    // indicator's titles (a different activity each run).
    let s = crate::reference::suggest::Suggester::builtin();
    let step = (app.plan.activities.len() / 50).max(1);
    let runs: Vec<f64> = (0..50)
        .map(|i| {
            let a = &app.plan.activities[(i * step) % app.plan.activities.len()];
            time(|| {
                s.entries(&crate::reference::suggest::activity_query(&app.plan, a))
                    .len()
            })
            .0
        })
        .collect();
    println!("suggest {:.2} ms", median(runs));

    // export_xlsx, export_html: the whole plan to a workbook, or a report, in memory.
    let info = crate::export::ExportInfo::now("bench", "");
    let mut runs = Vec::new();
    let mut size = 0;
    for _ in 0..7 {
        let (ms, bytes) = time(|| crate::export::xlsx::to_bytes(&app.plan, &info));
        size = bytes.map_err(|e| e.to_string())?.len();
        runs.push(ms);
    }
    eprintln!("bench: the workbook is {} KB", size / 1024);
    report("export_xlsx", runs);
    let mut runs = Vec::new();
    for _ in 0..7 {
        let (ms, page) = time(|| crate::export::html::render(&app.plan, &info));
        size = page.len();
        runs.push(ms);
    }
    eprintln!("bench: the report is {} KB", size / 1024);
    report("export_html", runs);
    drop(app);
    peak.phase("exports");
    plan_files(dir, &path, &mut peak)?;

    // Peak memory: the largest resident set of any phase, against the database file.
    let hwm = peak.finish("plan files");
    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!("peak_memory {:.1} MB", mb(hwm));
    println!("database_file {:.1} MB", mb(db_bytes));
    if db_bytes > 0 {
        println!(
            "peak_memory/database_file {:.2}",
            hwm as f64 / db_bytes as f64
        );
    }
    Ok(())
}

/// Prints `NAME MEDIAN ms` and returns the median.
fn report(name: &str, runs: Vec<f64>) -> f64 {
    let m = median(runs);
    println!("{name} {m:.2} ms");
    m
}

/// Prints `NAME/floor RATIO`: how many times its floor a figure costs.
fn ratio(name: &str, figure: f64, floor: f64) {
    if floor > 0.0 {
        println!("{name}/floor {:.2}", figure / floor);
    }
}

/// The process's peak resident memory (`VmHWM`), per phase: Linux lets the peak be reset, so
/// each phase's own peak is printed, and the largest is the run's.
struct Peak {
    max: u64,
}

impl Peak {
    fn start(phase: &str) -> Peak {
        let mut p = Peak { max: 0 };
        p.phase(phase);
        p
    }

    fn phase(&mut self, phase: &str) {
        let hwm = vm_hwm().unwrap_or(0);
        self.max = self.max.max(hwm);
        eprintln!(
            "bench: peak memory while {phase}: {:.1} MB",
            hwm as f64 / (1024.0 * 1024.0)
        );
        // "5" resets the peak to the current resident set (Linux 4.0 and later); where it
        // cannot, the next phase's figure includes this one's, which only overstates.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }

    fn finish(mut self, phase: &str) -> u64 {
        self.phase(phase);
        self.max
    }
}

/// `VmHWM` of `/proc/self/status`, in bytes; `None` where there is no such file.
fn vm_hwm() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// Plan files at this size: save a version, open one, compare two plans, merge three.
fn plan_files(dir: &std::path::Path, db: &std::path::Path, peak: &mut Peak) -> Result<(), String> {
    use crate::planfile::{self, PlanFile};

    let plan = Store::open(db)
        .and_then(|s| s.load_plan())
        .map_err(|e| e.to_string())?;
    let file = dir.join("bench.fwplan");
    // save_version: from the plan in memory to a synced file on disk, as the window saves a
    // version (the plan lent to the version, not copied). save_floor: as many bytes as that
    // file has, written to a file in the same folder and synced; one before each save.
    let mut plan = plan;
    let mut floor = floor::Save::new(dir);
    let mut floors = Vec::new();
    let mut runs = Vec::new();
    for _ in 0..15 {
        if let Ok(m) = std::fs::metadata(&file) {
            floors.push(
                floor
                    .run(m.len() as usize)
                    .map_err(|e| format!("save_floor: {e}"))?,
            );
        }
        let (ms, r) = time(|| {
            let version = PlanFile::new(std::mem::take(&mut plan), None, "bench", "bench", "");
            let r = planfile::write(&file, &version);
            plan = version.plan;
            r
        });
        r.map_err(|e| e.to_string())?;
        runs.push(ms);
    }
    drop(floor);
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "bench: a plan file of {} activities is {size} bytes",
        plan.activities.len()
    );
    // Where save_version's time goes, for whoever makes it faster: its JSON and checksum alone,
    // made in memory (the file is written as it is made, with the plan's checks alongside).
    let version = PlanFile::new(std::mem::take(&mut plan), None, "bench", "bench", "");
    let (encode, encoded) = time(|| version.encode());
    drop(encoded);
    plan = version.plan;
    eprintln!("bench: save_version's JSON and checksum, made in memory, take {encode:.1} ms");
    let save = report("save_version", runs);
    ratio("save_version", save, report("save_floor", floors));
    peak.phase("saving");

    // open_plan_file: read and check an untrusted file.
    let mut runs = Vec::new();
    for _ in 0..15 {
        let (ms, r) = time(|| planfile::read_path(&file));
        r.map_err(|e| e.to_string())?;
        runs.push(ms);
    }
    report("open_plan_file", runs);

    // Two edited copies: every 50th card moved to another lane, every 70th text edited, every
    // 90th lead changed in one; every 60th card moved, every 80th status changed and every
    // 70th text edited differently (conflicts) in the other.
    let mut ours = plan.clone();
    let mut theirs = plan.clone();
    let other_actor = plan.actors.first().map(|a| a.id);
    for (i, a) in ours.activities.iter_mut().enumerate() {
        if i % 50 == 0 {
            a.lane = Lane::ALL[(i / 50 + 1) % 4];
        }
        if i % 70 == 0 {
            a.text += " (ours)";
        }
        if i % 90 == 0
            && let Some(x) = other_actor
        {
            a.leads = vec![x];
        }
    }
    for (i, a) in theirs.activities.iter_mut().enumerate() {
        if i % 60 == 0 {
            a.lane_pos -= 10 * GAP;
        }
        if i % 80 == 0 {
            a.status = Status::Agreed;
        }
        if i % 70 == 0 {
            a.text += " (theirs)";
        }
    }

    let mut runs = Vec::new();
    let mut changes = 0;
    for _ in 0..15 {
        let (ms, d) = time(|| planfile::diff(&plan, &ours));
        changes = d.len();
        runs.push(ms);
    }
    eprintln!("bench: diff finds {changes} changes");
    report("diff", runs);

    let mut runs = Vec::new();
    let mut counts = (0, 0);
    for _ in 0..15 {
        let (ms, r) = time(|| planfile::merge(&plan, &ours, &theirs));
        counts = (r.applied.len(), r.conflicts.len());
        runs.push(ms);
    }
    eprintln!(
        "bench: merge applies {} changes with {} conflicts",
        counts.0, counts.1
    );
    report("merge", runs);

    // The operations that turn one plan into the other (what an import commits).
    let mut runs = Vec::new();
    let mut ops = 0;
    for _ in 0..15 {
        let (ms, o) = time(|| crate::model::ops::ops_between(&plan, &ours));
        ops = o.len();
        runs.push(ms);
    }
    eprintln!("bench: ops_between finds {ops} operations");
    report("ops_between", runs);
    Ok(())
}

/// The floors: the same work as a figure, done by plain rusqlite or plain file writes.
mod floor {
    use std::io::Write;
    use std::path::Path;

    use rusqlite::{Connection, OpenFlags};

    use crate::model::Id;

    /// A connection as the store opens one: same flags, timeout and pragmas.
    fn connect(path: &Path) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )?;
        Ok(conn)
    }

    type S = String;
    type N = Option<i64>;

    /// Reads every row of `sql` into a tuple of `T`; returns how many.
    fn rows<T>(
        conn: &Connection,
        sql: &str,
        f: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<Vec<T>> {
        conn.prepare(sql)?.query_map([], f)?.collect()
    }

    /// open_floor: connects, and reads every row of every table into tuples. Returns the
    /// number of rows read.
    pub fn open(path: &Path) -> rusqlite::Result<usize> {
        let conn = connect(path)?;
        let plan = rows(
            &conn,
            "SELECT id, name, short_name, source, created_at FROM plan",
            |r| {
                Ok((
                    r.get::<_, S>(0)?,
                    r.get::<_, S>(1)?,
                    r.get::<_, S>(2)?,
                    r.get::<_, S>(3)?,
                    r.get::<_, S>(4)?,
                ))
            },
        )?;
        let goals = rows(
            &conn,
            "SELECT id, plan_id, code, title, key_elements, position, source_line FROM goal",
            |r| {
                Ok((
                    r.get::<_, S>(0)?,
                    r.get::<_, S>(1)?,
                    r.get::<_, S>(2)?,
                    r.get::<_, S>(3)?,
                    r.get::<_, S>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, N>(6)?,
                ))
            },
        )?;
        let indicators = rows(
            &conn,
            "SELECT id, goal_id, code, title, position, source_line FROM indicator",
            |r| {
                Ok((
                    r.get::<_, S>(0)?,
                    r.get::<_, S>(1)?,
                    r.get::<_, S>(2)?,
                    r.get::<_, S>(3)?,
                    r.get::<_, i64>(4)?,
                    r.get::<_, N>(5)?,
                ))
            },
        )?;
        let subs = rows(
            &conn,
            "SELECT id, indicator_id, code, title, baseline, position, source_line FROM sub_indicator",
            |r| {
                Ok((
                    r.get::<_, S>(0)?,
                    r.get::<_, S>(1)?,
                    r.get::<_, S>(2)?,
                    r.get::<_, S>(3)?,
                    r.get::<_, S>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, N>(6)?,
                ))
            },
        )?;
        let actors = rows(
            &conn,
            "SELECT id, plan_id, abbreviation, full_name, kind, notes, source_line FROM actor",
            |r| {
                Ok((
                    r.get::<_, S>(0)?,
                    r.get::<_, S>(1)?,
                    r.get::<_, S>(2)?,
                    r.get::<_, S>(3)?,
                    r.get::<_, S>(4)?,
                    r.get::<_, S>(5)?,
                    r.get::<_, N>(6)?,
                ))
            },
        )?;
        let activities = rows(
            &conn,
            "SELECT id, sub_indicator_id, code, text, lane, lane_pos, outline_pos, status, notes,
               lead_inferred, co_leads_inferred, timeline_inferred, source_note, source_line
             FROM activity",
            |r| {
                Ok((
                    (
                        r.get::<_, S>(0)?,
                        r.get::<_, S>(1)?,
                        r.get::<_, S>(2)?,
                        r.get::<_, S>(3)?,
                        r.get::<_, S>(4)?,
                        r.get::<_, i64>(5)?,
                        r.get::<_, i64>(6)?,
                    ),
                    (
                        r.get::<_, S>(7)?,
                        r.get::<_, S>(8)?,
                        r.get::<_, bool>(9)?,
                        r.get::<_, bool>(10)?,
                        r.get::<_, bool>(11)?,
                        r.get::<_, S>(12)?,
                        r.get::<_, N>(13)?,
                    ),
                ))
            },
        )?;
        let assignments = rows(
            &conn,
            "SELECT activity_id, actor_id, role, position FROM assignment",
            |r| {
                Ok((
                    r.get::<_, S>(0)?,
                    r.get::<_, S>(1)?,
                    r.get::<_, S>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )?;
        let comments = rows(
            &conn,
            "SELECT id, activity_id, author, at, text, kind, session_id FROM comment",
            |r| {
                Ok((
                    r.get::<_, S>(0)?,
                    r.get::<_, S>(1)?,
                    r.get::<_, S>(2)?,
                    r.get::<_, S>(3)?,
                    r.get::<_, S>(4)?,
                    r.get::<_, S>(5)?,
                    r.get::<_, Option<S>>(6)?,
                ))
            },
        )?;
        let versions = rows(
            &conn,
            "SELECT id, plan_id, based_on, saved_at, author, label, note, sha256, path, content,
               recorded_at FROM version",
            |r| {
                Ok((
                    (
                        r.get::<_, S>(0)?,
                        r.get::<_, S>(1)?,
                        r.get::<_, Option<S>>(2)?,
                        r.get::<_, S>(3)?,
                        r.get::<_, S>(4)?,
                        r.get::<_, S>(5)?,
                    ),
                    (
                        r.get::<_, S>(6)?,
                        r.get::<_, S>(7)?,
                        r.get::<_, S>(8)?,
                        r.get::<_, S>(9)?,
                        r.get::<_, S>(10)?,
                    ),
                ))
            },
        )?;
        let sessions = rows(
            &conn,
            "SELECT id, title, held_on, place, facilitator, participants, notes, started_at,
               ended_at, start_plan, end_plan FROM session",
            |r| {
                Ok((
                    (
                        r.get::<_, S>(0)?,
                        r.get::<_, S>(1)?,
                        r.get::<_, S>(2)?,
                        r.get::<_, S>(3)?,
                        r.get::<_, S>(4)?,
                        r.get::<_, i64>(5)?,
                    ),
                    (
                        r.get::<_, S>(6)?,
                        r.get::<_, S>(7)?,
                        r.get::<_, Option<S>>(8)?,
                        r.get::<_, S>(9)?,
                        r.get::<_, Option<S>>(10)?,
                    ),
                ))
            },
        )?;
        let log = rows(
            &conn,
            "SELECT id, session_id, at, summary, records FROM change_log",
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<S>>(1)?,
                    r.get::<_, S>(2)?,
                    r.get::<_, S>(3)?,
                    r.get::<_, S>(4)?,
                ))
            },
        )?;
        Ok(plan.len()
            + goals.len()
            + indicators.len()
            + subs.len()
            + actors.len()
            + activities.len()
            + assignments.len()
            + comments.len()
            + versions.len()
            + sessions.len()
            + log.len())
    }

    /// commit_floor: one UPDATE of one row in its own transaction, each run.
    pub struct Commit {
        conn: Connection,
        id: String,
        old: String,
        runs: usize,
    }

    impl Commit {
        pub fn new(path: &Path, row: Id) -> rusqlite::Result<Commit> {
            let conn = connect(path)?;
            let id = row.to_string();
            let old: String =
                conn.query_row("SELECT notes FROM activity WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })?;
            Ok(Commit {
                conn,
                id,
                old,
                runs: 0,
            })
        }

        /// One commit; its time in milliseconds.
        pub fn run(&mut self) -> rusqlite::Result<f64> {
            self.runs += 1;
            let notes = format!("floor {}", self.runs);
            let (ms, r) = super::time(|| -> rusqlite::Result<()> {
                let tx = self.conn.transaction()?;
                tx.prepare_cached("UPDATE activity SET notes = ?2 WHERE id = ?1")?
                    .execute(rusqlite::params![self.id, notes])?;
                tx.commit()
            });
            r.map(|()| ms)
        }
    }

    impl Drop for Commit {
        fn drop(&mut self) {
            let _ = self.conn.execute(
                "UPDATE activity SET notes = ?2 WHERE id = ?1",
                rusqlite::params![self.id, self.old],
            );
        }
    }

    /// save_floor: a number of bytes written to a new file in a folder and synced, each run.
    pub struct Save {
        path: std::path::PathBuf,
        data: Vec<u8>,
    }

    impl Save {
        pub fn new(dir: &Path) -> Save {
            Save {
                path: dir.join("floor.bin"),
                data: Vec::new(),
            }
        }

        /// Writes `bytes` bytes and syncs them; the time in milliseconds. They are written from
        /// one buffer of a megabyte, so that the floor's own memory does not count in the
        /// bench's peak.
        pub fn run(&mut self, bytes: usize) -> std::io::Result<f64> {
            const CHUNK: usize = 1 << 20;
            if self.data.is_empty() {
                self.data = (0..CHUNK).map(|i| b'a' + (i % 26) as u8).collect();
            }
            let _ = std::fs::remove_file(&self.path);
            let (ms, r) = super::time(|| -> std::io::Result<()> {
                let mut f = std::fs::File::create(&self.path)?;
                let mut left = bytes;
                while left > 0 {
                    let n = left.min(CHUNK);
                    f.write_all(&self.data[..n])?;
                    left -= n;
                }
                f.sync_all()
            });
            r.map(|()| ms)
        }
    }

    impl Drop for Save {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}
