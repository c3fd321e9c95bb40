//! The words of an export in its own language: headings, sheet names and the readable labels
//! of every coded value (lanes, statuses, actor kinds, data checks). The plan's own text is
//! never translated. Strings live in the one translation layer (`src/i18n`, keys `export.*`).

use crate::i18n::{self, Language};
use crate::model::checks::Flag;
use crate::model::{Activity, ActorKind, Lane, Plan, Status};

/// The words of one export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    pub lang: Language,
}

impl Words {
    pub fn new(lang: Language) -> Words {
        Words { lang }
    }

    pub fn tr(&self, key: &'static str) -> &'static str {
        i18n::tr_in(self.lang, key)
    }

    pub fn trf(&self, key: &'static str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        i18n::trf_in(self.lang, key, args)
    }

    /// A count written with the language's digits.
    pub fn num(&self, n: usize) -> String {
        i18n::digits_in(self.lang, &n.to_string())
    }

    pub fn lane(&self, lane: Lane) -> &'static str {
        self.tr(match lane {
            Lane::Short => "lane.short_chip",
            Lane::Medium => "lane.medium_chip",
            Lane::Long => "lane.long_chip",
            Lane::Unscheduled => "lane.unscheduled_chip",
        })
    }

    pub fn status(&self, status: Status) -> &'static str {
        self.tr(match status {
            Status::Proposed => "status.proposed",
            Status::Agreed => "status.agreed",
            Status::NeedsRevision => "status.needs_revision",
            Status::Dropped => "status.dropped",
        })
    }

    pub fn kind(&self, kind: ActorKind) -> &'static str {
        self.tr(match kind {
            ActorKind::Ministry => "kind.ministry",
            ActorKind::DivisionOrAgency => "kind.division_or_agency",
            ActorKind::CommitteeOrForum => "kind.committee_or_forum",
            ActorKind::UnOrInternational => "kind.un_or_international",
            ActorKind::CivilSociety => "kind.civil_society",
            ActorKind::PrivateSector => "kind.private_sector",
            ActorKind::LocalGovernment => "kind.local_government",
            ActorKind::Other => "kind.other",
        })
    }

    /// A data check's short title, e.g. "Lead inferred, to confirm".
    pub fn flag_title(&self, code: &str) -> &'static str {
        self.tr(match code {
            "no_lead" => "checks.no_lead",
            "several_leads" => "checks.several_leads",
            "no_timeline" => "checks.no_timeline",
            "code_mismatch" => "checks.code_mismatch",
            "unknown_actor" => "checks.unknown_actor",
            "inferred_lead" => "checks.inferred_lead",
            "inferred_co_leads" => "checks.inferred_co_leads",
            "inferred_timeline" => "checks.inferred_timeline",
            _ => "checks.source_note",
        })
    }

    /// A data check as a sentence about one activity.
    pub fn flag_sentence(&self, plan: &Plan, a: &Activity, flag: &Flag) -> String {
        match flag {
            Flag::NoLead => self.tr("flag.no_lead").to_owned(),
            Flag::SeveralLeads => self.trf(
                "export.report.several_leads",
                &[("actors", &plan.actor_labels(&a.leads).join(", "))],
            ),
            Flag::NoTimeline => self.tr("flag.no_timeline").to_owned(),
            Flag::CodeMismatch { parent_code } => self.trf(
                "flag.code_mismatch",
                &[("code", &a.code), ("parent", parent_code)],
            ),
            Flag::UnknownActor { abbreviation } => {
                self.trf("flag.unknown_actor", &[("actor", abbreviation)])
            }
            Flag::InferredLead => self.tr("flag.inferred_lead").to_owned(),
            Flag::InferredCoLeads => self.tr("flag.inferred_co_leads").to_owned(),
            Flag::InferredTimeline => self.tr("flag.inferred_timeline").to_owned(),
            Flag::SourceNote => self.trf("flag.source_note", &[("note", &a.source_note.trim())]),
        }
    }

    /// The headings of the action matrix, in the order of `matrix::HEADER`.
    pub fn matrix_labels(&self) -> [&'static str; 12] {
        [
            self.tr("export.col.goal"),
            self.tr("export.col.indicator"),
            self.tr("export.col.sub_indicator"),
            self.tr("export.col.code"),
            self.tr("export.col.activity"),
            self.tr("export.col.lead"),
            self.tr("export.col.co_leads"),
            self.tr("export.col.timeline"),
            self.tr("export.col.status"),
            self.tr("export.col.checks"),
            self.tr("export.col.notes"),
            // A reference for the import, the same in every language.
            "id",
        ]
    }
}

/// The lane a label names, in any export language ("Short term", "স্বল্পমেয়াদি").
pub fn lane_from_label(text: &str) -> Option<Lane> {
    let t = text.trim();
    Language::ALL.into_iter().find_map(|lang| {
        Lane::ALL
            .into_iter()
            .find(|l| Words::new(lang).lane(*l).eq_ignore_ascii_case(t))
    })
}

/// The status a label names, in any export language.
pub fn status_from_label(text: &str) -> Option<Status> {
    let t = text.trim();
    Language::ALL.into_iter().find_map(|lang| {
        Status::ALL
            .into_iter()
            .find(|s| Words::new(lang).status(*s).eq_ignore_ascii_case(t))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_reads_back_in_both_languages() {
        for lang in Language::ALL {
            let w = Words::new(lang);
            for l in Lane::ALL {
                assert_eq!(lane_from_label(w.lane(l)), Some(l));
            }
            for s in Status::ALL {
                assert_eq!(status_from_label(w.status(s)), Some(s));
            }
            let labels = w.matrix_labels();
            let distinct: std::collections::HashSet<_> = labels.iter().collect();
            assert_eq!(
                distinct.len(),
                labels.len(),
                "{lang:?} headings are distinct"
            );
        }
        assert_ne!(
            Words::new(Language::Bangla).lane(Lane::Short),
            Words::new(Language::English).lane(Lane::Short)
        );
    }
}
