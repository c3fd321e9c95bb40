//! The names of the plan's values in the interface's language: lanes, statuses, kinds of
//! actor, kinds of record and their fields.

use crate::i18n::tr;
use crate::model::record::{EntityKind, Field};
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

pub fn entity_label(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Plan => tr("entity.plan"),
        EntityKind::Goal => tr("entity.goal"),
        EntityKind::Indicator => tr("entity.indicator"),
        EntityKind::SubIndicator => tr("entity.sub_indicator"),
        EntityKind::Actor => tr("entity.actor"),
        EntityKind::Activity => tr("entity.activity"),
        EntityKind::Comment => tr("entity.comment"),
        EntityKind::Link => tr("entity.link"),
    }
}

pub fn field_label(f: Option<Field>) -> &'static str {
    match f {
        Some(Field::Code) => tr("field.code"),
        Some(Field::Title) => tr("field.title"),
        Some(Field::Name) => tr("field.name"),
        Some(Field::ShortName) => tr("field.short_name"),
        Some(Field::Source) => tr("field.source"),
        Some(Field::Author) => tr("field.author"),
        Some(Field::At) => tr("field.at"),
        Some(Field::Remark) => tr("field.remark"),
        Some(Field::Session) => tr("field.session"),
        Some(Field::Target) => tr("field.target"),
        Some(Field::OutlinePos) => tr("field.outline_pos"),
        Some(Field::Position) => tr("field.position"),
        Some(Field::SourceNote) => tr("field.source_note"),
        Some(Field::SourceLine) => tr("field.source_line"),
        Some(Field::Text) => tr("field.text"),
        Some(Field::Notes) => tr("field.notes"),
        Some(Field::Leads) => tr("field.lead"),
        Some(Field::CoLeads) => tr("field.co_leads"),
        Some(Field::Status) => tr("field.status"),
        Some(Field::Placement) => tr("field.timeline"),
        Some(Field::Parent) => tr("field.parent"),
        Some(Field::KeyElements) => tr("field.key_elements"),
        Some(Field::Baseline) => tr("field.baseline"),
        Some(Field::Abbreviation) => tr("field.abbreviation"),
        Some(Field::FullName) => tr("field.full_name"),
        Some(Field::Kind) => tr("field.kind"),
        Some(Field::InferredLead) => tr("field.inferred_lead"),
        Some(Field::InferredCoLeads) => tr("field.inferred_co_leads"),
        Some(Field::InferredTimeline) => tr("field.inferred_timeline"),
        _ => tr("field.other"),
    }
}
