//! `framework-planner bench`: builds a synthetic plan in a temporary database and prints one
//! line per figure, `NAME MEDIAN ms`, each the median of many runs.

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

    // open: open the database and load the plan, ready to draw.
    let mut runs = Vec::new();
    for _ in 0..15 {
        let (ms, app) = time(|| Store::open(&path).and_then(App::new));
        app.map_err(|e| e.to_string())?;
        runs.push(ms);
    }
    println!("open {:.2} ms", median(runs));

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
    println!("board_frame {:.2} ms", median(runs));

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
    println!("drag_frame {:.2} ms", median(runs));
    app.handle(Command::CancelDrag);

    // move_commit: move one card to another lane, in the middle of the cards, and commit it.
    let runs: Vec<f64> = (0..200)
        .map(|i| {
            let to = if i % 2 == 0 { Lane::Long } else { Lane::Short };
            let lane = &app.derived.lanes[lane_index(to)];
            let before = app.plan.activities[lane[lane.len() / 2]].id;
            time(|| {
                app.handle(Command::Move {
                    id: held,
                    lane: to,
                    anchor: Anchor::Before(before),
                })
            })
            .0
        })
        .collect();
    if app.history.undo.len() != 200 {
        return Err(format!(
            "expected 200 moves, made {}",
            app.history.undo.len()
        ));
    }
    println!("move_commit {:.2} ms", median(runs));

    // edit_commit: change an activity's text in the detail panel and commit it (checked,
    // saved, undoable; the derived views are rebuilt when the outline may have changed).
    let target = app.plan.activities[app.plan.activities.len() / 2].id;
    let runs: Vec<f64> = (0..50)
        .map(|i| {
            let mut a = app
                .plan
                .activity(target)
                .cloned()
                .unwrap_or_else(|| app.plan.activities[0].clone());
            a.text = format!("Edited text, revision {i}");
            time(|| app.handle(Command::Edit(crate::app::Edit::Activity(a)))).0
        })
        .collect();
    println!("edit_commit {:.2} ms", median(runs));

    // add_activity: a new activity under a sub-indicator (the indexes are rebuilt).
    let sub = app.plan.sub_indicators[0].id;
    let runs: Vec<f64> = (0..20)
        .map(|_| time(|| app.handle(Command::Edit(crate::app::Edit::AddActivity { sub }))).0)
        .collect();
    println!("add_activity {:.2} ms", median(runs));

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
    println!("export_xlsx {:.2} ms", median(runs));
    let mut runs = Vec::new();
    for _ in 0..7 {
        let (ms, page) = time(|| crate::export::html::render(&app.plan, &info));
        size = page.len();
        runs.push(ms);
    }
    eprintln!("bench: the report is {} KB", size / 1024);
    println!("export_html {:.2} ms", median(runs));
    drop(app);
    plan_files(dir, &path)
}

/// Plan files at this size: save a version, open one, compare two plans, merge three.
fn plan_files(dir: &std::path::Path, db: &std::path::Path) -> Result<(), String> {
    use crate::planfile::{self, PlanFile};

    let plan = Store::open(db)
        .and_then(|s| s.load_plan())
        .map_err(|e| e.to_string())?;
    let file = dir.join("bench.fwplan");

    // save_version: from the plan in memory to a synced file on disk.
    let mut runs = Vec::new();
    for _ in 0..15 {
        let (ms, r) = time(|| {
            planfile::write(
                &file,
                &PlanFile::new(plan.clone(), None, "bench", "bench", ""),
            )
        });
        r.map_err(|e| e.to_string())?;
        runs.push(ms);
    }
    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "bench: a plan file of {} activities is {size} bytes",
        plan.activities.len()
    );
    println!("save_version {:.2} ms", median(runs));

    // open_plan_file: read and check an untrusted file.
    let mut runs = Vec::new();
    for _ in 0..15 {
        let (ms, r) = time(|| planfile::read_path(&file));
        r.map_err(|e| e.to_string())?;
        runs.push(ms);
    }
    println!("open_plan_file {:.2} ms", median(runs));

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
    println!("diff {:.2} ms", median(runs));

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
    println!("merge {:.2} ms", median(runs));

    // The operations that turn one plan into the other (what an import commits).
    let mut runs = Vec::new();
    let mut ops = 0;
    for _ in 0..15 {
        let (ms, o) = time(|| crate::model::ops::ops_between(&plan, &ours));
        ops = o.len();
        runs.push(ms);
    }
    eprintln!("bench: ops_between finds {ops} operations");
    println!("ops_between {:.2} ms", median(runs));
    Ok(())
}
