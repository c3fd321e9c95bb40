//! Work that would freeze the window, run off the frame: applying a large review (a plan file
//! or spreadsheet with thousands of changes) happens on a worker thread with its own database
//! connection, while the window keeps drawing a progress bar. The plan on screen changes only
//! when the worker has committed everything, in one transaction, as one undo step.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;

use super::{App, Derived, MainView, Review, ReviewKind};
use crate::i18n::{tr, trf};
use crate::model::Plan;
use crate::model::ops::{Op, OpError, ops_between};
use crate::planfile::PlanFile;
use crate::store::Store;

/// Reviews with at least this many changes and conflicts are applied off the frame.
pub const OFF_FRAME_FROM: usize = 1_000;

/// What the worker is doing, for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Working out the operations that take the plan to what the review chose.
    Comparing,
    /// Applying them to a copy of the plan, checking each against what it expects.
    Checking,
    /// Writing them to the database, in one transaction.
    Writing,
    /// Rebuilding the views of the new plan.
    Finishing,
}

/// How far the worker is: `done` of `total` steps of its stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// The share of the whole job done, from 0 to 1: checking is the first half, writing most
    /// of the rest.
    pub fn fraction(&self) -> f32 {
        let part = if self.total == 0 {
            0.0
        } else {
            self.done as f32 / self.total as f32
        };
        match self.stage {
            Stage::Comparing => 0.05 * part,
            Stage::Checking => 0.05 + 0.45 * part,
            Stage::Writing => 0.5 + 0.45 * part,
            Stage::Finishing => 0.95 + 0.05 * part,
        }
    }

    /// A sentence for the progress bar, in the interface's language.
    pub fn text(&self) -> String {
        match self.stage {
            Stage::Comparing => tr("jobs.comparing").to_owned(),
            Stage::Checking => trf(
                "jobs.checking",
                &[("n", &self.done), ("total", &self.total)],
            ),
            Stage::Writing => trf("jobs.writing", &[("total", &self.total)]),
            Stage::Finishing => tr("jobs.finishing").to_owned(),
        }
    }
}

/// What the worker hands back.
enum Outcome {
    Applied {
        plan: Box<Plan>,
        derived: Box<Derived>,
        ops: Vec<Op>,
    },
    Nothing,
    Refused(String),
    /// The worker stopped without saying how it ended (it panicked).
    Lost,
}

/// An apply running off the frame.
struct Running {
    progress: Arc<Mutex<Progress>>,
    done: mpsc::Receiver<Outcome>,
    thread: Option<JoinHandle<()>>,
    /// The review, given back if the apply fails, so nothing chosen is lost.
    review: Review,
    /// The plan's revision when the job started: nothing else may change it meanwhile.
    revision: u64,
}

/// The job running, if any.
#[derive(Default)]
pub struct Jobs {
    running: Option<Running>,
    /// Reviews with at least this many changes and conflicts run off the frame
    /// ([`OFF_FRAME_FROM`] when not set).
    pub off_frame_from: Option<usize>,
    /// When set, the next job waits for a message on it after checking and before writing, so
    /// a test can look at the window while a job runs.
    pub hold_before_writing: Option<mpsc::Receiver<()>>,
}

impl Jobs {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// How far the running job is.
    pub fn progress(&self) -> Option<Progress> {
        let r = self.running.as_ref()?;
        r.progress.lock().ok().map(|p| *p)
    }
}

impl App {
    /// Applies the review on screen: at once when it is small, else on a worker thread while
    /// the window keeps drawing.
    pub fn start_apply(&mut self) {
        let Some(review) = self.view.review.take() else {
            return;
        };
        let size = review.changes.len() + review.conflicts.len();
        let from = self.jobs.off_frame_from.unwrap_or(OFF_FRAME_FROM);
        if self.jobs.is_running() {
            self.view.review = Some(review);
            self.fail(tr("jobs.busy").to_owned());
            return;
        }
        if size < from || self.store.is_read_only() || !review.kind_applies() {
            self.view.review = Some(review);
            self.apply_review();
            return;
        }
        let target = match super::target_of(&self.plan, &review) {
            Ok(t) => t,
            Err(why) => {
                self.fail(why);
                self.view.review = Some(review);
                return;
            }
        };
        let file = match &review.kind {
            ReviewKind::Merge { file, .. } => Some((**file).clone()),
            ReviewKind::Accept { file, .. } => file.as_deref().cloned(),
            ReviewKind::Compare => None,
        };
        let progress = Arc::new(Mutex::new(Progress {
            stage: Stage::Comparing,
            done: 0,
            total: 1,
        }));
        let (tx, rx) = mpsc::channel();
        let job = Job {
            base: self.plan.clone(),
            target,
            file,
            db: self.store.path().to_path_buf(),
            progress: progress.clone(),
            ctx: self.repaint.clone(),
            hold: self.jobs.hold_before_writing.take(),
        };
        let thread = std::thread::Builder::new()
            .name("apply".into())
            .spawn(move || {
                let ctx = job.ctx.clone();
                let _ = tx.send(job.run());
                if let Some(wake) = ctx {
                    wake();
                }
            });
        match thread {
            Ok(handle) => {
                self.jobs.running = Some(Running {
                    progress,
                    done: rx,
                    thread: Some(handle),
                    review,
                    revision: self.derived.revision,
                });
            }
            Err(_) => {
                // No thread to be had: apply here, as small reviews are.
                self.view.review = Some(review);
                self.apply_review();
            }
        }
    }

    /// Takes the job's result when it has one; called every frame. Returns whether a job is
    /// still running.
    pub fn poll_job(&mut self) -> bool {
        let Some(r) = &self.jobs.running else {
            return false;
        };
        match r.done.try_recv() {
            Ok(outcome) => {
                self.finish_job(outcome);
                false
            }
            Err(mpsc::TryRecvError::Empty) => true,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.finish_job(Outcome::Lost);
                false
            }
        }
    }

    /// Waits for the running job and takes its result (tests, and quitting the window).
    pub fn wait_for_job(&mut self) {
        let Some(r) = &self.jobs.running else {
            return;
        };
        let outcome = r.done.recv().unwrap_or(Outcome::Lost);
        self.finish_job(outcome);
    }

    fn finish_job(&mut self, outcome: Outcome) {
        let Some(mut r) = self.jobs.running.take() else {
            return;
        };
        if let Some(t) = r.thread.take() {
            let _ = t.join();
        }
        // The job's own commit is not another writer's: the window has its result.
        let _ = self.store.changed_elsewhere();
        match outcome {
            Outcome::Applied { plan, derived, ops } => {
                if self.derived.revision != r.revision {
                    // Cannot happen (edits wait for the job); if it did, the database holds
                    // the truth: read it again.
                    if let Ok(plan) = self.store.load_plan() {
                        self.plan = plan;
                    }
                    self.derived = Derived::new(&self.plan);
                } else {
                    self.plan = *plan;
                    self.derived = *derived;
                }
                self.derived.revision = r.revision + 1;
                let n = ops.len();
                self.history.undo.push(ops);
                self.history.redo.clear();
                self.reload_saved();
                self.view.main = MainView::Outline;
                self.say(trf("versions.applied", &[("n", &n)]));
            }
            Outcome::Nothing => {
                self.reload_saved();
                self.view.main = MainView::Outline;
                self.say(trf("versions.applied", &[("n", &0)]));
            }
            Outcome::Lost => {
                // Whether the transaction was committed or not, the database says.
                if let Ok(plan) = self.store.load_plan() {
                    self.plan = plan;
                }
                self.derived = Derived::new(&self.plan);
                self.derived.revision = r.revision + 1;
                self.reload_saved();
                self.view.review = Some(r.review);
                self.view.main = MainView::Review;
                self.fail(tr("jobs.failed").to_owned());
            }
            Outcome::Refused(why) => {
                // Refused because another writer got there first, perhaps: read what is saved.
                self.reload();
                self.view.review = Some(r.review);
                self.view.main = MainView::Review;
                self.fail(why);
            }
        }
    }
}

impl Review {
    /// Whether applying the review can change anything.
    fn kind_applies(&self) -> bool {
        !matches!(self.kind, ReviewKind::Compare)
    }
}

/// What the worker needs: copies of the plans, and where the database is.
struct Job {
    base: Plan,
    target: Plan,
    file: Option<PlanFile>,
    db: PathBuf,
    progress: Arc<Mutex<Progress>>,
    ctx: Option<super::Wake>,
    hold: Option<mpsc::Receiver<()>>,
}

impl Job {
    fn report(&self, stage: Stage, done: usize, total: usize) {
        if let Ok(mut p) = self.progress.lock() {
            *p = Progress { stage, done, total };
        }
        if let Some(wake) = &self.ctx {
            wake();
        }
    }

    fn run(mut self) -> Outcome {
        let ops = ops_between(&self.base, &self.target);
        drop(std::mem::replace(&mut self.target, empty_like(&self.base)));
        let total = ops.len();
        // Checked against a copy first, as the window's own apply does.
        let mut plan = std::mem::replace(&mut self.base, empty_like(&self.target));
        let step = (total / 100).max(1);
        let checked = apply_indexed(&mut plan, &ops, |done| {
            if done % step == 0 {
                self.report(Stage::Checking, done, total);
            }
        });
        if let Err(e) = checked {
            return Outcome::Refused(trf(
                "msg.stale",
                &[("detail", &crate::messages::errors::op_error(&e))],
            ));
        }
        // The rules every change keeps, as the window's own apply checks them.
        if let Err(e) = crate::model::rules::check(&plan, &ops) {
            return Outcome::Refused(trf(
                "msg.refused",
                &[("detail", &crate::messages::errors::rule_error(&e))],
            ));
        }
        self.report(Stage::Checking, total, total);
        if let Some(hold) = &self.hold {
            let _ = hold.recv();
        }
        self.report(Stage::Writing, 0, total);
        let mut store = match Store::open(&self.db) {
            Ok(s) => s,
            Err(e) => return Outcome::Refused(crate::messages::errors::store_error(&e)),
        };
        if !ops.is_empty()
            && let Err(e) = store.commit(&ops)
        {
            let why = crate::messages::errors::store_error(&e);
            return Outcome::Refused(if e.says_nothing_changed() {
                why
            } else {
                trf("msg.not_saved", &[("detail", &why)])
            });
        }
        if let Some(f) = &self.file {
            // The history keeps the file as it came; where it came from is not known here.
            let _ = store.record_version(f, Path::new(""));
        }
        drop(store);
        if ops.is_empty() {
            return Outcome::Nothing;
        }
        self.report(Stage::Finishing, 0, 1);
        let derived = Derived::new(&plan);
        Outcome::Applied {
            plan: Box::new(plan),
            derived: Box::new(derived),
            ops,
        }
    }
}

/// A plan with `p`'s name and no records.
fn empty_like(p: &Plan) -> Plan {
    Plan {
        id: p.id,
        name: String::new(),
        short_name: String::new(),
        source: String::new(),
        goals: Vec::new(),
        indicators: Vec::new(),
        sub_indicators: Vec::new(),
        actors: Vec::new(),
        activities: Vec::new(),
        comments: Vec::new(),
        links: Vec::new(),
    }
}

/// Applies `ops` to `plan` as [`crate::model::ops::apply_all`] does, through the model's
/// index; `step` is told how many operations are done. On an error the plan is as it was.
pub fn apply_indexed(plan: &mut Plan, ops: &[Op], step: impl FnMut(usize)) -> Result<(), OpError> {
    crate::model::ops::apply_all_reporting(plan, ops, step)
}
