//! The App: owns the store, the plan and the view state, and routes the views' commands.
//! Views only read and return [`Command`]s; nothing but [`App::handle`] changes state.
//! Nothing here draws or knows egui: one frame of the window is `src/ui/window.rs`, which asks
//! the App to get ready ([`App::begin_frame`]) and to apply the views' commands
//! ([`App::handle_frame`]).

mod browse;
mod edit;
mod jobs;
mod links;
mod sessions;
mod versions;

use std::collections::HashMap;

pub use browse::{BrowseFor, FileChooser, FileDialog, system_dialog};
pub use edit::{Draft, Edit, FieldError, Role, TextField, draft_edit, error_text, new_actor};
pub use jobs::{Jobs, OFF_FRAME_FROM, Progress, Stage, apply_indexed};
pub use sessions::{SessionForm, report_file_name};
pub use versions::{
    Dialog, ExportForm, OpenForm, Review, ReviewEdit, ReviewKind, SaveForm, target_of,
    untick_cleared, value_text, versions_file_name,
};

use crate::i18n::{tr, trf};
use crate::model::board::{self, Anchor};
use crate::model::ops::{self, Op};
use crate::model::{Filter, Flag, Id, Lane, Outline, Plan, checks};
use crate::store::{Store, StoreError};

/// Asks the window to draw again: given by the window, called by work running off the frame
/// when it progresses (the App knows no window toolkit).
pub type Wake = std::sync::Arc<dyn Fn() + Send + Sync>;

/// What a view asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Select(Option<Id>),
    SetFilter(Filter),
    ExpandAll(bool),
    ShowView(MainView),
    GroupByGoal(bool),
    /// Move an activity to a lane, at a place among the cards already there.
    Move {
        id: Id,
        lane: Lane,
        anchor: Anchor,
    },
    StartDrag {
        id: Id,
        grab: [f32; 2],
    },
    /// Ends a drag without changing anything (Esc, or a drop outside any lane).
    CancelDrag,
    Undo,
    Redo,
    /// A change to the plan other than a board move.
    Edit(Edit),
    /// Show what renumbering a branch would change, before changing it; `None` closes it.
    PreviewRenumber(Option<Id>),
    SelectActor(Option<Id>),
    /// Select an activity and show its card on the board, scrolled into view.
    Reveal(Id),
    /// Text typed into a field, not yet saved.
    Draft(Draft),
    /// Save the text being typed (the field was left).
    CommitDraft,
    /// Forget the text being typed (Esc).
    DiscardDraft,
    OpenSaveForm,
    /// Show a dialog with these values, or close it.
    SetDialog(Option<Dialog>),
    SaveVersion(SaveForm),
    OpenExportForm(crate::export::Format),
    /// Open the system's file dialog for the form on screen ("Choose…").
    Browse(BrowseFor),
    /// Open the "open a file" form, in the folder used last.
    OpenOpenForm,
    Export(ExportForm),
    /// Open a plan file or an edited spreadsheet, by its extension.
    OpenFile(std::path::PathBuf),
    /// Compare two versions of the history; `None` is the current plan.
    CompareVersions(Option<Id>, Option<Id>),
    RestoreVersion(Id),
    /// Show a saved version, read-only.
    OpenVersion(Id),
    /// Return to the plan worked on before a separate plan was opened.
    BackToPrevious,
    /// A choice, a filter, apply or close in the review of changes.
    ReviewEdit(ReviewEdit),
    /// Remember who records comments and saves versions.
    SetAuthor(String),
    OpenSessionForm,
    /// Show the "start a session" form with these values, or close it.
    SetSessionForm(Option<SessionForm>),
    StartSession(SessionForm),
    EndSession,
    /// Show the report of a session in the Sessions view.
    ShowSessionReport(Id),
    CloseSessionReport,
    /// Where the report on screen is to be exported, as typed.
    SetReportPath(String),
    ExportSessionReport {
        id: Id,
        path: String,
    },
    /// Switch the language of the interface.
    SetLanguage(crate::i18n::Language),
    /// Enter or leave presenter mode.
    Presenter(bool),
    /// In presenter mode, show only the current goal's activities (or all again).
    PresenterGoalOnly(bool),
    /// Show or hide the detail panel.
    ToggleDetail,
    /// Open or close the short guide (Help menu, F1).
    ShowHelp(bool),
}

/// How many of the last changes the history shows.
const RECENT: usize = 50;

/// How much larger text is in presenter mode than at the user's own zoom.
pub const PRESENTER_ZOOM: f32 = 1.5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MainView {
    #[default]
    Outline,
    Board,
    Actors,
    /// The saved versions.
    Versions,
    /// Changes to read, and for imports to accept.
    Review,
    /// A saved version, read-only.
    Snapshot,
    /// Who does what: per actor, how many activities it leads and co-leads in each lane.
    Workload,
    Checks,
    /// Workshop sessions and their reports.
    Sessions,
    /// How the plan covers the Global Compact for Migration and the SDG targets.
    Coverage,
}

/// Values derived from the plan, rebuilt only when the plan changes.
pub struct Derived {
    pub outline: Outline,
    pub flags: HashMap<Id, Vec<Flag>>,
    /// Activity indexes per lane, in board order.
    pub lanes: [Vec<usize>; 4],
    /// Per activity index: the indexes of its goal and indicator.
    pub parents: Vec<(Option<usize>, Option<usize>)>,
    /// Activity index by id. Rebuilt whenever an operation adds or removes a record.
    pub index: HashMap<Id, usize>,
    /// Per activity: how many comments and decisions it has.
    pub comments: HashMap<Id, usize>,
    /// How many data checks are open in the whole plan (the Checks tab's count).
    pub checks: usize,
    /// Counts every change, so caches know when to rebuild.
    pub revision: u64,
    /// How many activities' entries the last change recomputed: all of them when it rebuilt
    /// everything, else those its operations named.
    pub rebuilt: usize,
    /// What the last change patched, so that caches built on these values can patch
    /// themselves too; `None` after a rebuild.
    pub last: Option<Patched>,
}

/// The activities and lanes a patch touched.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Patched {
    /// The indexes, after the change, of the activities it changed or created.
    pub touched: Vec<usize>,
    /// The lanes whose cards changed.
    pub lanes: [bool; 4],
    /// Whether records were deleted, so that other indexes moved.
    pub reindexed: bool,
}

impl Derived {
    pub fn new(plan: &Plan) -> Derived {
        let goal_ix: HashMap<Id, usize> = plan
            .goals
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id, i))
            .collect();
        let ind_ix: HashMap<Id, usize> = plan
            .indicators
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id, i))
            .collect();
        let sub_ind: HashMap<Id, Id> = plan
            .sub_indicators
            .iter()
            .map(|s| (s.id, s.indicator_id))
            .collect();
        let parents = plan
            .activities
            .iter()
            .map(|a| {
                let ind = sub_ind
                    .get(&a.sub_indicator_id)
                    .and_then(|i| ind_ix.get(i).copied());
                let goal = ind.and_then(|i| goal_ix.get(&plan.indicators[i].goal_id).copied());
                (goal, ind)
            })
            .collect();
        let lookup = checks::Lookup::new(plan);
        let flags: HashMap<Id, Vec<Flag>> = plan
            .activities
            .iter()
            .map(|a| (a.id, lookup.flags(a)))
            .collect();
        Derived {
            outline: plan.outline(),
            checks: flags.values().map(Vec::len).sum(),
            flags,
            lanes: board::lanes(plan),
            parents,
            index: plan
                .activities
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id, i))
                .collect(),
            comments: plan.comments.iter().fold(HashMap::new(), |mut m, c| {
                *m.entry(c.activity_id).or_insert(0) += 1;
                m
            }),
            revision: 0,
            rebuilt: plan.activities.len(),
            last: None,
        }
    }

    /// Brings the derived values up to date after `ops` were applied, touching only what they
    /// changed: the activities they name are taken out of their lane and outline lists and put
    /// back where they now belong, so the cost follows the size of the change, not of the plan.
    /// Changes to goals, indicators, sub-indicators or actors rebuild everything: they are rare,
    /// and one of them can change the checks of every activity.
    fn refresh(&mut self, plan: &Plan, ops: &[Op]) {
        let revision = self.revision + 1;
        match self.patch(plan, ops) {
            Some(p) => self.last = Some(p),
            None => *self = Derived::new(plan),
        }
        self.revision = revision;
    }

    /// Patches the derived values for `ops`, and says what it touched; `None` when they need a
    /// full rebuild.
    fn patch(&mut self, plan: &Plan, ops: &[Op]) -> Option<Patched> {
        use crate::model::{Entity, EntityKind, Field, Value};

        /// What the patch knows of an activity the operations name.
        struct Touched {
            id: Id,
            /// Its index before the operations; `None` when they created it.
            old: Option<usize>,
            /// Its lane and sub-indicator before the operations, from the first that says.
            old_lane: Lane,
            old_sub: Option<Id>,
            /// Whether its place in the outline may have changed.
            outline: bool,
            /// Whether the plan holds it after the operations.
            exists: bool,
        }

        let mut touched: Vec<Touched> = Vec::new();
        let mut seen: HashMap<Id, usize> = HashMap::new();
        let mut comments: Vec<(Id, isize)> = Vec::new();
        // An activity's lane before the operations, from the first that moves or removes it;
        // an edit of another field leaves it where the plan has it now.
        let mut lane_before: HashMap<Id, Lane> = HashMap::new();
        for op in ops {
            let (id, lane) = match op {
                Op::Place { id, from, .. } => (*id, from.lane),
                Op::Update {
                    kind: EntityKind::Activity,
                    id,
                    field: Field::Placement,
                    old: Value::Place(lane, _),
                    ..
                } => (*id, *lane),
                Op::Delete(Entity::Activity(b)) => (b.id, b.lane),
                _ => continue,
            };
            lane_before.entry(id).or_insert(lane);
        }
        // Its sub-indicator before, likewise.
        let mut sub_before: HashMap<Id, Id> = HashMap::new();
        for op in ops {
            let (id, sub) = match op {
                Op::Update {
                    kind: EntityKind::Activity,
                    id,
                    field: Field::Parent,
                    old: Value::Id(sub),
                    ..
                } => (*id, *sub),
                Op::Delete(Entity::Activity(b)) => (b.id, b.sub_indicator_id),
                _ => continue,
            };
            sub_before.entry(id).or_insert(sub);
        }
        let now = |id: Id| plan.activity(id).map(|a| a.lane);
        let sub_now = |id: Id| plan.activity(id).map(|a| a.sub_indicator_id);
        for op in ops {
            // (id, lane before, sub-indicator before, its outline place may change, exists after)
            let (id, lane, sub, put, exists) = match op {
                Op::Place { id, from, .. } => (*id, Some(from.lane), None, false, true),
                Op::Update {
                    kind: EntityKind::Activity,
                    id,
                    field,
                    ..
                } => {
                    let lane = lane_before.get(id).copied().or_else(|| now(*id));
                    let sub = sub_before.get(id).copied().or_else(|| sub_now(*id));
                    let outline = matches!(field, Field::Parent | Field::Code | Field::OutlinePos);
                    (*id, lane, sub, outline, true)
                }
                Op::Delete(Entity::Activity(b)) => {
                    (b.id, Some(b.lane), Some(b.sub_indicator_id), true, false)
                }
                Op::Create(Entity::Activity(a)) => (a.id, None, None, true, true),
                Op::Create(Entity::Comment(c)) => {
                    comments.push((c.activity_id, 1));
                    continue;
                }
                Op::Delete(Entity::Comment(c)) => {
                    comments.push((c.activity_id, -1));
                    continue;
                }
                // Links, comments' fields and the plan's own fields touch nothing derived here.
                Op::Create(Entity::Link(_))
                | Op::Delete(Entity::Link(_))
                | Op::Update {
                    kind: EntityKind::Link | EntityKind::Comment | EntityKind::Plan,
                    ..
                } => continue,
                _ => return None,
            };
            match seen.get(&id) {
                Some(&k) => {
                    let t = &mut touched[k];
                    // Deleted and created again: it moved to the end of the plan.
                    lane?;
                    t.outline |= put;
                    t.old_sub = t.old_sub.or(sub);
                    t.exists = exists;
                }
                None => {
                    let old = self.index.get(&id).copied();
                    // A change to a record the index does not hold, or a creation of one it
                    // holds: the index is not of the plan as it was.
                    if old.is_some() != lane.is_some() {
                        return None;
                    }
                    seen.insert(id, touched.len());
                    touched.push(Touched {
                        id,
                        old,
                        old_lane: lane.unwrap_or(Lane::Unscheduled),
                        old_sub: sub,
                        outline: put,
                        exists,
                    });
                }
            }
        }
        for (activity, sign) in comments {
            let n = self.comments.entry(activity).or_insert(0);
            *n = n.saturating_add_signed(sign);
            if *n == 0 {
                self.comments.remove(&activity);
            }
        }

        // Where each sub-indicator's list of activities is in the outline (only needed, and so
        // only built, when an activity's place in the outline may have changed).
        let outline_changes = touched.iter().any(|t| t.outline);
        let mut sub_at: HashMap<usize, (usize, usize, usize)> = HashMap::new();
        let goals = if outline_changes {
            &self.outline.goals[..]
        } else {
            &[]
        };
        for (g, goal) in goals.iter().enumerate() {
            for (i, ind) in goal.indicators.iter().enumerate() {
                for (s, sub) in ind.sub_indicators.iter().enumerate() {
                    sub_at.insert(sub.sub_indicator, (g, i, s));
                }
            }
        }
        let sub_ix: HashMap<Id, usize> = plan
            .sub_indicators
            .iter()
            .enumerate()
            .filter(|_| outline_changes)
            .map(|(i, s)| (s.id, i))
            .collect();
        let at_of = |sub: Id| sub_ix.get(&sub).and_then(|s| sub_at.get(s)).copied();
        fn list_of(
            outline: &mut Outline,
            at: Option<(usize, usize, usize)>,
        ) -> Option<&mut Vec<usize>> {
            let (g, i, s) = at?;
            Some(&mut outline.goals[g].indicators[i].sub_indicators[s].activities)
        }

        let mut patched = Patched::default();
        // Out of their old places.
        for t in &touched {
            let Some(old) = t.old else { continue };
            patched.lanes[board::lane_index(t.old_lane)] = true;
            let lane = &mut self.lanes[board::lane_index(t.old_lane)];
            let at = lane.iter().position(|&x| x == old)?;
            lane.remove(at);
            if t.outline {
                let list = list_of(&mut self.outline, t.old_sub.and_then(at_of))?;
                let at = list.iter().position(|&x| x == old)?;
                list.remove(at);
            }
            if let Some(old_flags) = self.flags.remove(&t.id) {
                self.checks -= old_flags.len();
            }
        }

        // Deletions shift the indexes after them down (`Vec::remove` keeps the others' order).
        let mut deleted: Vec<usize> = touched
            .iter()
            .filter(|t| !t.exists)
            .filter_map(|t| t.old)
            .collect();
        if !deleted.is_empty() {
            patched.reindexed = true;
            deleted.sort_unstable();
            let shift = |i: usize| i - deleted.partition_point(|&d| d < i);
            let lists = self.lanes.iter_mut().chain(
                self.outline
                    .goals
                    .iter_mut()
                    .flat_map(|g| g.indicators.iter_mut())
                    .flat_map(|i| i.sub_indicators.iter_mut())
                    .map(|s| &mut s.activities),
            );
            for list in lists {
                for i in list.iter_mut() {
                    *i = shift(*i);
                }
            }
            for &d in deleted.iter().rev() {
                if d >= self.parents.len() {
                    return None;
                }
                self.parents.remove(d);
            }
            for t in touched.iter().filter(|t| !t.exists) {
                self.index.remove(&t.id);
            }
            for i in self.index.values_mut() {
                *i = shift(*i);
            }
        }

        // Created records are at the end of the plan, in the order they were created.
        let created = touched
            .iter()
            .filter(|t| t.old.is_none() && t.exists)
            .count();
        let first_new = plan.activities.len().checked_sub(created)?;
        if self.index.len() != first_new || self.parents.len() != first_new {
            return None;
        }
        for (i, a) in plan.activities.iter().enumerate().skip(first_new) {
            let new = seen.get(&a.id).is_some_and(|&k| touched[k].old.is_none());
            if !new || self.index.insert(a.id, i).is_some() {
                return None;
            }
            self.parents.push((None, None));
        }

        // Into their new places, among the records the operations left alone (which are still
        // in order): ordered as `Derived::new` orders them, ties by index.
        let goal_ix: HashMap<Id, usize> = plan
            .goals
            .iter()
            .enumerate()
            .filter(|_| outline_changes)
            .map(|(i, g)| (g.id, i))
            .collect();
        let ind_ix: HashMap<Id, usize> = plan
            .indicators
            .iter()
            .enumerate()
            .filter(|_| outline_changes)
            .map(|(i, x)| (x.id, i))
            .collect();
        self.rebuilt = 0;
        for t in touched.iter().filter(|t| t.exists) {
            let &i = self.index.get(&t.id)?;
            let a = plan.activities.get(i).filter(|a| a.id == t.id)?;
            patched.lanes[board::lane_index(a.lane)] = true;
            patched.touched.push(i);
            let lane = &mut self.lanes[board::lane_index(a.lane)];
            let at = lane.partition_point(|&j| {
                let b = &plan.activities[j];
                (b.lane_pos, b.code.as_str(), j) < (a.lane_pos, a.code.as_str(), i)
            });
            lane.insert(at, i);
            if t.outline {
                let list = list_of(&mut self.outline, at_of(a.sub_indicator_id))?;
                let at = list.partition_point(|&j| {
                    let b = &plan.activities[j];
                    (b.outline_pos, b.code.as_str(), j) < (a.outline_pos, a.code.as_str(), i)
                });
                list.insert(at, i);
                let ind = plan
                    .sub_indicator(a.sub_indicator_id)
                    .and_then(|s| ind_ix.get(&s.indicator_id).copied());
                let goal = ind.and_then(|x| goal_ix.get(&plan.indicators[x].goal_id).copied());
                self.parents[i] = (goal, ind);
            }
            let new = checks::flags(plan, a);
            self.checks += new.len();
            self.flags.insert(a.id, new);
            self.rebuilt += 1;
        }
        Some(patched)
    }

    /// How many comments and decisions an activity has.
    pub fn comment_count(&self, id: Id) -> usize {
        self.comments.get(&id).copied().unwrap_or(0)
    }

    /// The data checks of one activity.
    pub fn flags_of(&self, id: Id) -> &[Flag] {
        self.flags.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn goal_of(&self, activity_index: usize) -> Option<usize> {
        self.parents.get(activity_index).and_then(|p| p.0)
    }
}

/// What the filter shows, for the outline and the board: rebuilt when the plan, the filter or
/// the grouping changes, never per frame.
#[derive(Default)]
pub struct BoardCache {
    key: Option<(u64, Filter, bool)>,
    /// Per activity index: whether the filter shows it.
    pub visible: Vec<bool>,
    /// The board's cards per band (one per goal when grouped, else one), per lane.
    pub bands: Vec<Band>,
    /// Visible cards per lane, over all bands.
    pub counts: [usize; 4],
    /// How many times it was rebuilt rather than patched.
    pub rebuilds: u64,
}

#[derive(Debug, PartialEq)]
pub struct Band {
    /// The goal's index when grouped by goal.
    pub goal: Option<usize>,
    pub lanes: [Vec<usize>; 4],
}

impl BoardCache {
    /// Where a shown card sits: band, lane and slot.
    pub fn locate(&self, plan: &Plan, derived: &Derived, id: Id) -> Option<(usize, usize, usize)> {
        let &i = derived.index.get(&id)?;
        let k = board::lane_index(plan.activities.get(i)?.lane);
        self.bands
            .iter()
            .enumerate()
            .find_map(|(b, band)| Some((b, k, band.lanes[k].iter().position(|&x| x == i)?)))
    }

    /// Brings the cache up to date with the plan, the filter and the grouping: patched after
    /// one change that the derived values patched, else rebuilt.
    pub fn refresh(&mut self, plan: &Plan, derived: &Derived, filter: &Filter, grouped: bool) {
        let key = (derived.revision, filter.clone(), grouped);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        // One change since the last refresh, patched in the derived values: patch here too.
        if let (Some((revision, f, g)), Some(p)) = (&self.key, &derived.last)
            && *revision + 1 == derived.revision
            && f == filter
            && !*g
            && !grouped
            && !p.reindexed
            && self.bands.len() == 1
            && self.visible.len() <= plan.activities.len()
        {
            self.visible.resize(plan.activities.len(), false);
            for &i in &p.touched {
                let a = &plan.activities[i];
                let (goal, ind) = derived.parents[i];
                self.visible[i] = filter.matches(
                    plan,
                    a,
                    goal.map(|g| plan.goals[g].id),
                    ind.map(|x| plan.indicators[x].id),
                    derived.flags_of(a.id),
                );
            }
            for k in (0..4).filter(|&k| p.lanes[k]) {
                let cards: Vec<usize> = derived.lanes[k]
                    .iter()
                    .copied()
                    .filter(|&i| self.visible[i])
                    .collect();
                self.counts[k] = cards.len();
                self.bands[0].lanes[k] = cards;
            }
            self.key = Some(key);
            return;
        }
        self.rebuilds += 1;
        self.visible = plan
            .activities
            .iter()
            .zip(&derived.parents)
            .map(|(a, &(goal, ind))| {
                filter.matches(
                    plan,
                    a,
                    goal.map(|g| plan.goals[g].id),
                    ind.map(|x| plan.indicators[x].id),
                    derived.flags_of(a.id),
                )
            })
            .collect();
        let filtered: [Vec<usize>; 4] = std::array::from_fn(|k| {
            derived.lanes[k]
                .iter()
                .copied()
                .filter(|&i| self.visible[i])
                .collect()
        });
        self.counts = std::array::from_fn(|k| filtered[k].len());
        self.bands = if grouped {
            derived
                .outline
                .goals
                .iter()
                .map(|g| Band {
                    goal: Some(g.goal),
                    lanes: std::array::from_fn(|k| {
                        filtered[k]
                            .iter()
                            .copied()
                            .filter(|&i| derived.goal_of(i) == Some(g.goal))
                            .collect()
                    }),
                })
                .filter(|b| b.lanes.iter().any(|l| !l.is_empty()))
                .collect()
        } else {
            vec![Band {
                goal: None,
                lanes: filtered,
            }]
        };
        self.key = Some(key);
    }
}

/// Whether a command changes the plan or the database, and so waits for a running apply.
fn changes_the_plan(cmd: &Command) -> bool {
    matches!(
        cmd,
        Command::Move { .. }
            | Command::Undo
            | Command::Redo
            | Command::Edit(_)
            | Command::CommitDraft
            | Command::SaveVersion(_)
            | Command::OpenFile(_)
            | Command::RestoreVersion(_)
            | Command::BackToPrevious
            | Command::ReviewEdit(ReviewEdit::Apply)
            | Command::StartSession(_)
            | Command::EndSession
    )
}

/// A card being dragged on the board.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drag {
    pub id: Id,
    /// Where the pointer holds the card, from its top-left corner, in points (x, y).
    pub grab: [f32; 2],
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// The frame whose commands set it: an error stays until an action of a later frame.
    pub frame: u64,
}

/// State of the views that is not part of the plan.
#[derive(Default)]
pub struct ViewState {
    pub selected: Option<Id>,
    pub filter: Filter,
    /// Set for one frame when the user asks to expand or collapse the whole outline.
    pub expand_all: Option<bool>,
    pub main: MainView,
    pub grouped: bool,
    pub drag: Option<Drag>,
    pub message: Option<Message>,
    /// The zoom factor, kept between runs.
    pub zoom: f32,
    /// The last refused edit, shown beside its field.
    pub field_error: Option<FieldError>,
    /// The branch whose renumbering is being previewed.
    pub renumber: Option<Id>,
    /// The actor open in the registry.
    pub selected_actor: Option<Id>,
    /// Text being typed into a field.
    pub draft: Option<Draft>,
    /// A card to scroll into view on the next frame.
    pub reveal: Option<Id>,
    pub dialog: Option<Dialog>,
    pub review: Option<Review>,
    /// The saved version on screen, read-only.
    pub snapshot: Option<crate::planfile::PlanFile>,
    /// Who saves versions here, remembered between runs.
    pub author: String,
    /// Where versions and exports were saved last, remembered between runs.
    pub folder: String,
    /// The database worked on before a separate plan was opened, to go back to.
    pub previous_db: Option<std::path::PathBuf>,
    /// The workshop session running, whose id every change is tagged with.
    pub session: Option<crate::store::Session>,
    /// The "start a session" form, while open.
    pub session_form: Option<SessionForm>,
    /// The session report on screen.
    pub report: Option<crate::export::session::SessionReport>,
    /// Where the report on screen is to be exported.
    pub report_path: String,
    /// The language of the interface, remembered between runs.
    pub language: crate::i18n::Language,
    /// Presenter mode: full screen, no side panel, large text, high contrast.
    pub presenter: bool,
    /// In presenter mode: only the current goal's activities are shown.
    pub presenter_goal_only: bool,
    /// The goal filter from before "only the current goal" was ticked, put back when it is
    /// unticked or presenter mode ends.
    pub goal_before_presenter: Option<Id>,
    /// The database of the last run, remembered between runs and shown in the File menu.
    /// The app opens the default database (or `--db`) on start, not this one.
    pub last_db: String,
    /// The path field of the form on screen takes the keyboard on the next frame (no system
    /// file dialog could open).
    pub focus_path: bool,
    /// A text field to take the keyboard on the next frame, its text selected.
    pub focus_field: Option<(Id, TextField)>,
    /// The detail panel is hidden (View menu, F9), remembered between runs.
    pub detail_hidden: bool,
    /// The short guide is open.
    pub help: bool,
    /// First run: the status bar offers the guide until it has been opened once.
    pub first_run_hint: bool,
}

/// Undo and redo stacks: each entry is the operations of one command.
#[derive(Default)]
pub struct History {
    pub undo: Vec<Vec<Op>>,
    pub redo: Vec<Vec<Op>>,
}

pub struct App {
    pub store: Store,
    pub plan: Plan,
    pub derived: Derived,
    pub board: BoardCache,
    pub view: ViewState,
    pub history: History,
    /// The history of saved versions and the workshop sessions, newest first: read from the
    /// database when they change, not on every frame a view shows them.
    versions: Vec<crate::store::VersionInfo>,
    sessions: Vec<crate::store::Session>,
    /// The last changes of the log, newest first, for the history (read when it is shown).
    recent: Vec<crate::store::Change>,
    /// Frames drawn so far, to tell an error of this frame from one of an earlier frame.
    frames: u64,
    /// Activities as they were when this frame's commands began, for those the commands have
    /// changed so far: a whole-record edit a view built from that state is rebased onto the
    /// record as it is now (see `Activity::rebased`).
    frame_base: HashMap<Id, crate::model::Activity>,
    in_batch: bool,
    /// Files given on the command line, handled on the first frame (after the settings, so
    /// messages come in the user's language).
    pending: Vec<crate::instance::Request>,
    /// Where later starts for this database hand over their files.
    listener: Option<crate::instance::Listener>,
    /// Shows the file dialogs of the forms' "Choose…" buttons.
    chooser: FileChooser,
    /// Work running off the frame (applying a large review).
    pub jobs: Jobs,
    /// Asks the window to draw again, so work off the frame shows its progress.
    repaint: Option<Wake>,
}

impl App {
    pub fn new(store: Store) -> Result<App, StoreError> {
        let plan = store.load_plan()?;
        let derived = Derived::new(&plan);
        let view = ViewState {
            session: store.running_session()?,
            ..ViewState::default()
        };
        Ok(App {
            store,
            plan,
            derived,
            board: BoardCache::default(),
            view,
            history: History::default(),
            versions: Vec::new(),
            sessions: Vec::new(),
            recent: Vec::new(),
            frames: 0,
            frame_base: HashMap::new(),
            in_batch: false,
            pending: Vec::new(),
            listener: None,
            chooser: Box::new(system_dialog),
            jobs: Jobs::default(),
            repaint: None,
        })
        .map(|mut app| {
            app.reload_saved();
            // Takes note of the database's state as loaded, to notice later writers.
            let _ = app.store.changed_elsewhere();
            app
        })
    }

    /// Reads the plan again from the database, after another window or the command line
    /// changed it (or refused a change because it had). The selection stays where its record
    /// still exists; the text being typed and the undo history stay (an undo whose record
    /// changed since is refused with a message when tried).
    pub(crate) fn reload(&mut self) {
        match self.store.load_plan() {
            Ok(plan) => {
                let revision = self.derived.revision;
                self.plan = plan;
                self.derived = Derived::new(&self.plan);
                // The board's cache is keyed on the revision: a new one makes it rebuild.
                self.derived.revision = revision.wrapping_add(1);
                let exists = |id: Option<Id>| {
                    id.filter(|id| crate::model::record::kind_of(&self.plan, *id).is_some())
                };
                self.view.selected = exists(self.view.selected);
                self.view.selected_actor = exists(self.view.selected_actor);
                let _ = self.store.changed_elsewhere();
            }
            Err(e) => self.fail(crate::messages::errors::store_error(&e)),
        }
        self.reload_saved();
    }

    /// Reloads the plan when another process committed to its database since last asked.
    pub fn notice_changes_elsewhere(&mut self) {
        if let Ok(true) = self.store.changed_elsewhere() {
            self.reload();
            self.say(tr("msg.reloaded").to_owned());
        }
    }

    /// Reads the saved versions and sessions again, after something recorded one.
    pub(crate) fn reload_saved(&mut self) {
        self.versions = self.store.versions().unwrap_or_default();
        self.sessions = self.store.sessions().unwrap_or_default();
        self.recent = self.store.recent_changes(RECENT).unwrap_or_default();
    }

    /// The last changes made to the plan, newest first, as the change log keeps them.
    pub fn recent_changes(&self) -> &[crate::store::Change] {
        &self.recent
    }

    /// The saved versions, newest first.
    pub fn versions(&self) -> &[crate::store::VersionInfo] {
        &self.versions
    }

    /// The workshop sessions, as the store lists them.
    pub fn sessions(&self) -> &[crate::store::Session] {
        &self.sessions
    }

    /// The goal of what is selected: an activity's goal, or the goal itself; else the goal the
    /// filter shows, else the first goal.
    pub fn current_goal(&self) -> Option<Id> {
        let from_selection = self.view.selected.and_then(|id| {
            if self.plan.goals.iter().any(|g| g.id == id) {
                return Some(id);
            }
            let i = *self.derived.index.get(&id)?;
            let g = self.derived.goal_of(i)?;
            self.plan.goals.get(g).map(|g| g.id)
        });
        from_selection.or(self.view.filter.goal).or_else(|| {
            self.derived
                .outline
                .goals
                .first()
                .and_then(|g| self.plan.goals.get(g.goal))
                .map(|g| g.id)
        })
    }

    /// An activity by id, without scanning the plan.
    pub fn activity(&self, id: Id) -> Option<&crate::model::Activity> {
        self.derived
            .index
            .get(&id)
            .map(|&i| &self.plan.activities[i])
    }

    pub fn handle(&mut self, cmd: Command) {
        // An error in the status bar stays until the next action; what the same frame did
        // (a refused text and the click that left its field) keeps it.
        let passive = matches!(
            cmd,
            Command::Draft(_)
                | Command::CommitDraft
                | Command::DiscardDraft
                | Command::SetDialog(_)
                | Command::SetSessionForm(_)
                | Command::SetReportPath(_)
                | Command::SetAuthor(_)
                | Command::StartDrag { .. }
        );
        if !passive
            && self
                .view
                .message
                .as_ref()
                .is_some_and(|m| m.error && m.frame < self.frames)
        {
            self.view.message = None;
        }
        if self.jobs.is_running() && changes_the_plan(&cmd) {
            // A file is being applied off the frame: the plan changes when it is done. What
            // is being typed stays in its field.
            self.fail(tr("jobs.busy").to_owned());
            return;
        }
        // Whatever comes next, the text being typed is saved first, so that leaving a field
        // by clicking elsewhere never loses it (once a running apply is done).
        match &cmd {
            Command::Draft(_) | Command::DiscardDraft | Command::SetFilter(_) => {}
            _ if self.jobs.is_running() => {}
            Command::CommitDraft => {
                self.commit_draft();
                return;
            }
            _ => {
                if !self.commit_draft() {
                    // Refused: the message stays in the status bar, the typed text is dropped
                    // so the next view shows what is saved.
                    self.view.draft = None;
                }
            }
        }
        match cmd {
            Command::Draft(d) => {
                // Typing elsewhere leaves a refused text behind, and its message with it.
                if self
                    .view
                    .draft
                    .as_ref()
                    .is_some_and(|old| (old.record, old.field) != (d.record, d.field))
                {
                    self.view.field_error = None;
                }
                self.view.draft = Some(d);
            }
            Command::DiscardDraft => {
                self.view.draft = None;
                self.view.field_error = None;
            }
            Command::CommitDraft => {}
            Command::OpenSaveForm => self.open_save_form(),
            Command::OpenOpenForm => self.open_open_form(),
            Command::SetDialog(d) => self.view.dialog = d,
            Command::SaveVersion(form) => {
                self.save_version(form);
            }
            Command::OpenExportForm(f) => self.open_export_form(f),
            Command::Browse(purpose) => self.browse(purpose),
            Command::Export(form) => self.export(form),
            Command::OpenFile(path) => self.open_file(&path),
            Command::CompareVersions(a, b) => self.compare_versions(a, b),
            Command::RestoreVersion(id) => self.restore_version(id),
            Command::BackToPrevious => self.back_to_previous(),
            Command::OpenVersion(id) => match self.store.version_content(id) {
                Ok(file) => {
                    self.view.snapshot = Some(file);
                    self.view.main = MainView::Snapshot;
                }
                Err(e) => self.fail(crate::messages::errors::store_error(&e)),
            },
            Command::ReviewEdit(e) => self.edit_review(e),
            Command::SetAuthor(name) => self.view.author = name,
            Command::OpenSessionForm => self.open_session_form(),
            Command::SetSessionForm(f) => self.view.session_form = f,
            Command::StartSession(form) => {
                self.start_session(form);
            }
            Command::EndSession => {
                self.end_session();
            }
            Command::ShowSessionReport(id) => self.show_session_report(id),
            Command::CloseSessionReport => self.view.report = None,
            Command::SetReportPath(p) => self.view.report_path = p,
            Command::ExportSessionReport { id, path } => self.export_session_report(id, &path),
            Command::SetLanguage(lang) => {
                crate::i18n::set_language(lang);
                self.view.language = lang;
            }
            Command::Presenter(on) => {
                if on != self.view.presenter {
                    if !on && self.view.presenter_goal_only {
                        self.view.filter.goal = self.view.goal_before_presenter.take();
                    }
                    self.view.presenter = on;
                    self.view.presenter_goal_only = false;
                }
            }
            Command::PresenterGoalOnly(on) => {
                if on && !self.view.presenter_goal_only {
                    self.view.goal_before_presenter = self.view.filter.goal;
                    self.view.filter.goal = self.current_goal();
                } else if !on && self.view.presenter_goal_only {
                    self.view.filter.goal = self.view.goal_before_presenter.take();
                }
                self.view.presenter_goal_only = on;
            }
            Command::Select(id) => {
                self.view.selected = id;
                self.view.field_error = None;
            }
            Command::Edit(edit) => {
                self.edit(edit);
            }
            Command::PreviewRenumber(id) => self.view.renumber = id,
            Command::Reveal(id) => {
                let hidden = self
                    .derived
                    .index
                    .get(&id)
                    .is_some_and(|&i| !self.board.visible.get(i).copied().unwrap_or(true));
                if hidden {
                    // The card was asked for by name: a filter that hides it gives way.
                    self.view.filter = Filter::default();
                }
                self.view.selected = Some(id);
                self.view.field_error = None;
                self.view.main = MainView::Board;
                self.view.reveal = Some(id);
            }
            Command::SelectActor(id) => {
                self.view.selected_actor = id;
                self.view.field_error = None;
            }
            Command::SetFilter(f) => {
                self.view.filter = f;
                // The detail panel does not keep showing an activity the filter now hides.
                self.board.refresh(
                    &self.plan,
                    &self.derived,
                    &self.view.filter,
                    self.view.grouped,
                );
                if let Some(&i) = self
                    .view
                    .selected
                    .and_then(|id| self.derived.index.get(&id))
                    && !self.board.visible.get(i).copied().unwrap_or(true)
                {
                    self.view.selected = None;
                }
            }
            Command::ToggleDetail => self.view.detail_hidden = !self.view.detail_hidden,
            Command::ShowHelp(open) => {
                self.view.help = open;
                if open {
                    self.view.first_run_hint = false;
                }
            }
            Command::ExpandAll(open) => self.view.expand_all = Some(open),
            Command::ShowView(v) => {
                if v == MainView::Versions {
                    // The history shows the last changes as the log has them now.
                    self.recent = self.store.recent_changes(RECENT).unwrap_or_default();
                }
                self.view.main = v;
            }
            Command::GroupByGoal(g) => self.view.grouped = g,
            // The selection (and so the detail panel) changes when the card is dropped, not
            // while it is held, so the board keeps its width under the pointer.
            Command::StartDrag { id, grab } => self.view.drag = Some(Drag { id, grab }),
            Command::CancelDrag => self.view.drag = None,
            Command::Move { id, lane, anchor } => {
                self.view.drag = None;
                let index = &self.derived.index;
                let ops =
                    board::plan_move_at(&self.plan, &self.derived.lanes, id, lane, anchor, |id| {
                        index.get(&id).copied()
                    });
                let code = self
                    .activity(id)
                    .map(|a| a.code.clone())
                    .unwrap_or_default();
                let summary = trf(
                    "msg.moved",
                    &[
                        ("code", &code),
                        ("lane", &crate::messages::labels::lane_label(lane)),
                    ],
                );
                if !ops.is_empty() && self.perform(&ops) {
                    self.history.undo.push(ops);
                    self.history.redo.clear();
                    self.say(summary);
                    // The moved card may have left the screen: the board follows it.
                    self.view.reveal = Some(id);
                    self.view.selected = Some(id);
                }
            }
            Command::Undo => {
                if let Some(ops) = self.history.undo.pop() {
                    let inverse = ops::inverse_all(&ops);
                    if self.perform_inner(&inverse, false) {
                        self.view.field_error = None;
                        self.history.redo.push(ops);
                        self.say(tr("msg.undone").to_owned());
                    } else {
                        self.history.undo.push(ops);
                    }
                }
            }
            Command::Redo => {
                if let Some(ops) = self.history.redo.pop() {
                    if self.perform_inner(&ops, false) {
                        self.view.field_error = None;
                        self.history.undo.push(ops);
                        self.say(tr("msg.redone").to_owned());
                    } else {
                        self.history.redo.push(ops);
                    }
                }
            }
        }
    }

    /// Applies operations to the plan and commits them to the database, both or neither,
    /// checked against the plan's rules. On failure the plan is as before and the status bar
    /// says why.
    fn perform(&mut self, ops: &[Op]) -> bool {
        self.perform_inner(ops, true)
    }

    /// Applies and commits `ops`; `check` asks for the plan's rules (see [`crate::model::rules`]).
    /// Undo and redo skip them: they return the plan to a state it already had, anomalies of
    /// the source document included.
    fn perform_inner(&mut self, ops: &[Op], check: bool) -> bool {
        if self.jobs.is_running() {
            self.fail(tr("jobs.busy").to_owned());
            return false;
        }
        if self.store.is_read_only() {
            // Refused before the plan changes: nothing on screen may differ from the file.
            self.fail(trf(
                "msg.read_only",
                &[("path", &self.store.path().display())],
            ));
            return false;
        }
        for id in ops.iter().filter_map(Op::target).filter(|_| self.in_batch) {
            if !self.frame_base.contains_key(&id)
                && let Some(a) = self.activity(id)
            {
                self.frame_base.insert(id, a.clone());
            }
        }
        if let Err(e) = ops::apply_all_with(&mut self.plan, ops, &self.derived.index) {
            self.fail(trf(
                "msg.stale",
                &[("detail", &crate::messages::errors::op_error(&e))],
            ));
            return false;
        }
        if let Err(e) = if check {
            crate::model::rules::check_indexed(&self.plan, ops, &self.derived.index)
        } else {
            Ok(())
        } {
            if ops::apply_all(&mut self.plan, &ops::inverse_all(ops)).is_err() {
                self.reload();
            }
            self.fail(trf(
                "msg.refused",
                &[("detail", &crate::messages::errors::rule_error(&e))],
            ));
            return false;
        }
        if let Err(e) = self.store.commit(ops) {
            if let crate::store::StoreError::Conflict { .. } = e {
                // Another writer changed what this change was based on: the plan is read
                // again with their change, and this one is not made.
                self.reload();
                let message = crate::messages::errors::store_error(&e);
                // Beside the record, so that text being typed stays in its field to be saved
                // again on purpose, now over their change.
                self.view.field_error = ops.first().and_then(Op::target).map(|record| FieldError {
                    record,
                    field: crate::model::edit::Field::Record,
                    text_field: None,
                    message: message.clone(),
                });
                self.fail(message);
                return false;
            }
            // The database refused: put the plan back as it is on disk.
            if ops::apply_all(&mut self.plan, &ops::inverse_all(ops)).is_err()
                && let Ok(plan) = self.store.load_plan()
            {
                self.plan = plan;
                self.derived = Derived::new(&self.plan);
            }
            let why = crate::messages::errors::store_error(&e);
            // Said once: some reasons already say that nothing was changed.
            self.fail(if e.says_nothing_changed() {
                why
            } else {
                trf("msg.not_saved", &[("detail", &why)])
            });
            return false;
        }
        self.derived.refresh(&self.plan, ops);
        true
    }

    /// A success replaces whatever the status bar said.
    /// The window's title: the plan's name, and that it is read-only when it is.
    pub fn window_title(&self) -> String {
        if self.store.is_read_only() {
            trf("title.read_only", &[("name", &self.plan.name)])
        } else {
            self.plan.name.clone()
        }
    }

    fn say(&mut self, text: String) {
        self.view.message = Some(Message {
            text,
            error: false,
            frame: self.frames,
        });
    }

    /// An error stays until the user's next action (see [`App::handle`]).
    fn fail(&mut self, text: String) {
        self.view.message = Some(Message {
            text,
            error: true,
            frame: self.frames,
        });
    }

    /// Opens `file` in the review on the first frame, exactly as File → Open does: a plan file,
    /// or a workbook or CSV in the exported layout (the command line's FILE).
    pub fn open_on_start(&mut self, file: std::path::PathBuf) {
        self.pending.push(crate::instance::Request::Open(file));
    }

    /// Takes requests from later starts of the app for this database (see `instance`).
    pub fn listen(&mut self, listener: crate::instance::Listener) {
        self.listener = Some(listener);
    }

    /// The files given on the command line and not yet opened (see [`App::open_on_start`]).
    pub fn take_pending(&mut self) -> Vec<crate::instance::Request> {
        std::mem::take(&mut self.pending)
    }

    /// Whether the window gave a way to wake it (see [`Wake`]).
    pub fn has_wake(&self) -> bool {
        self.repaint.is_some()
    }

    /// How work off the frame asks the window to draw again.
    pub fn set_wake(&mut self, wake: Wake) {
        self.repaint = Some(wake);
    }

    /// Where later starts of the app for this database hand over their files, if anywhere.
    pub fn listener(&self) -> Option<&crate::instance::Listener> {
        self.listener.as_ref()
    }

    /// Gets ready for the views to draw a frame from the plan: another window's or the command
    /// line's changes are read, and the board's cache is brought up to date. `zoom` is the
    /// window's, remembered as the user's own outside presenter mode.
    pub fn begin_frame(&mut self, zoom: f32) {
        self.poll_job();
        // While a job writes through its own connection, its commit is not another writer's.
        if !self.jobs.is_running() {
            self.notice_changes_elsewhere();
        }
        self.board.refresh(
            &self.plan,
            &self.derived,
            &self.view.filter,
            self.view.grouped,
        );
        if !self.view.presenter {
            self.view.zoom = zoom;
        }
        self.frames += 1;
    }

    /// Applies what the views asked for in one frame, in order.
    pub fn handle_frame(&mut self, commands: Vec<Command>) {
        // The views built these commands from the plan as drawn: the pre-images of what the
        // batch changes are kept while it runs, for rebasing whole-record edits.
        self.in_batch = true;
        for cmd in commands {
            self.handle(cmd);
        }
        self.in_batch = false;
        self.frame_base.clear();
    }
}
