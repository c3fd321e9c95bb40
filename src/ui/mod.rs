//! The views. Each reads the plan and returns commands; none writes to the store.

pub mod actors;
pub mod board;
pub mod branch;
pub mod checks;
pub mod comments;
pub mod detail;
pub mod errors;
pub mod files;
pub mod help;
pub mod outline;
pub mod picker;
pub mod progress;
pub mod review;
pub mod sessions;
pub mod shell;
pub mod theme;
pub mod toolbar;
pub mod versions;
pub mod widgets;
pub mod workload;

use crate::i18n::tr;
use crate::model::{ActorKind, Lane, Status};

pub fn lane_label(lane: Lane) -> &'static str {
    match lane {
        Lane::Short => tr("lane.short"),
        Lane::Medium => tr("lane.medium"),
        Lane::Long => tr("lane.long"),
        Lane::Unscheduled => tr("lane.unscheduled"),
    }
}

/// The compact form, for chips on cards and rows.
pub fn lane_chip(lane: Lane) -> &'static str {
    match lane {
        Lane::Short => tr("lane.short_chip"),
        Lane::Medium => tr("lane.medium_chip"),
        Lane::Long => tr("lane.long_chip"),
        Lane::Unscheduled => tr("lane.unscheduled_chip"),
    }
}

/// How long a lane is, e.g. "1–2 years".
pub fn lane_span(lane: Lane) -> &'static str {
    match lane {
        Lane::Short => tr("lane.short_span"),
        Lane::Medium => tr("lane.medium_span"),
        Lane::Long => tr("lane.long_span"),
        Lane::Unscheduled => tr("lane.unscheduled_span"),
    }
}

pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::Proposed => tr("status.proposed"),
        Status::Agreed => tr("status.agreed"),
        Status::NeedsRevision => tr("status.needs_revision"),
        Status::Dropped => tr("status.dropped"),
    }
}

pub fn kind_label(k: ActorKind) -> &'static str {
    match k {
        ActorKind::Ministry => tr("kind.ministry"),
        ActorKind::DivisionOrAgency => tr("kind.division_or_agency"),
        ActorKind::CommitteeOrForum => tr("kind.committee_or_forum"),
        ActorKind::UnOrInternational => tr("kind.un_or_international"),
        ActorKind::CivilSociety => tr("kind.civil_society"),
        ActorKind::PrivateSector => tr("kind.private_sector"),
        ActorKind::LocalGovernment => tr("kind.local_government"),
        ActorKind::Other => tr("kind.other"),
    }
}
