//! English: every key the UI uses.

pub const STRINGS: &[(&str, &str)] = &[
    // Menu
    ("menu.file", "File"),
    ("menu.quit", "Quit"),
    ("menu.view", "View"),
    ("menu.zoom_in", "Zoom in (Ctrl +)"),
    ("menu.zoom_out", "Zoom out (Ctrl −)"),
    ("menu.zoom_reset", "Reset zoom (Ctrl 0)"),
    // Status bar
    ("status.saved_in", "All changes saved in {path}"),
    ("status.activities", "{n} activities"),
    ("status.actors", "{n} actors"),
    // Outline
    (
        "outline.filter_hint",
        "Filter by code, text or actor (Ctrl+F)",
    ),
    ("outline.clear_filter", "Clear"),
    ("outline.expand_all", "Expand all"),
    ("outline.collapse_all", "Collapse all"),
    ("outline.goal_title", "Goal {code} · {title} ({n})"),
    (
        "outline.no_activities",
        "No activities under this sub-indicator.",
    ),
    ("outline.no_match", "No activity matches the filter."),
    // Detail
    (
        "detail.empty",
        "Select an activity in the outline to see its detail.",
    ),
    ("detail.title", "Activity {code}"),
    ("detail.lead", "Lead"),
    ("detail.co_leads", "Co-leads"),
    ("detail.timeline", "Timeline"),
    ("detail.status", "Status"),
    ("detail.notes", "Notes"),
    ("detail.none", "None"),
    ("detail.no_full_name", "full name unknown"),
    (
        "detail.missing_actor",
        "An actor that is not in the actor list",
    ),
    ("detail.inferred", "inferred · to confirm"),
    (
        "detail.inferred_tip",
        "The source table left this cell blank (a merged cell); the value was taken from the row above.",
    ),
    ("detail.flags", "Needs attention"),
    ("detail.no_flags", "Nothing to check."),
    ("detail.place", "In the framework"),
    ("detail.goal", "Goal {code}: {title}"),
    ("detail.indicator", "Indicator {code}: {title}"),
    ("detail.sub_indicator", "Sub-indicator {code}: {title}"),
    ("detail.baseline", "Baseline status (Annex C)"),
    (
        "detail.no_baseline",
        "Annex C gives no status for this sub-indicator.",
    ),
    (
        "detail.source_line",
        "Source: line {line} of the framework's text.",
    ),
    // Flags
    ("flag.marker_attention", "⚠ needs attention"),
    (
        "flag.marker_attention_tip",
        "Open the activity to see what needs checking.",
    ),
    ("flag.marker_inferred", "◌ to confirm"),
    (
        "flag.marker_inferred_tip",
        "Some values were inferred from the source and are to be confirmed in the workshop.",
    ),
    ("flag.no_lead", "No lead actor."),
    ("flag.several_leads", "More than one lead actor."),
    ("flag.no_timeline", "No timeline."),
    (
        "flag.code_mismatch",
        "The code {code} does not fit under sub-indicator {parent}.",
    ),
    (
        "flag.unknown_actor",
        "{actor} has no full name in the actor list.",
    ),
    (
        "flag.inferred_lead",
        "Lead inferred from the row above in the source table: to confirm in the workshop.",
    ),
    (
        "flag.inferred_co_leads",
        "Co-leads inferred from the row above in the source table: to confirm in the workshop.",
    ),
    (
        "flag.inferred_timeline",
        "Timeline inferred from the row above in the source table: to confirm in the workshop.",
    ),
    ("flag.source_note", "Source: {note}"),
    // Lanes
    ("lane.short", "Short term (1–2 years)"),
    ("lane.medium", "Medium term (3–5 years)"),
    ("lane.long", "Long term (6–10 years)"),
    ("lane.unscheduled", "Not yet scheduled"),
    ("lane.short_chip", "Short term"),
    ("lane.medium_chip", "Medium term"),
    ("lane.long_chip", "Long term"),
    ("lane.unscheduled_chip", "Not scheduled"),
    // Status
    ("status.proposed", "Proposed"),
    ("status.agreed", "Agreed"),
    ("status.needs_revision", "Needs revision"),
    ("status.dropped", "Dropped"),
    // Actor kinds
    ("kind.ministry", "Ministry"),
    ("kind.division_or_agency", "Division or agency"),
    ("kind.committee_or_forum", "Committee or forum"),
    ("kind.un_or_international", "UN or international"),
    ("kind.civil_society", "Civil society"),
    ("kind.private_sector", "Private sector"),
    ("kind.local_government", "Local government"),
    ("kind.other", "Other"),
    // Start-up errors
    ("error.title", "The plan could not be opened"),
    ("error.quit", "Quit"),
];
