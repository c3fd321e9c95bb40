//! Error messages in the interface's language. The error types' own `Display` text is English
//! (the command line prints it); the window shows these sentences instead, which carry the same
//! facts: paths, versions, row numbers, what was kept and what to do.

use crate::export::import::{ImportError, ProblemKind, RowProblem};
use crate::export::{ExportError, xlsx::XlsxExportError};
use crate::i18n::{num, tr, trf};
use crate::messages::labels::{entity_label, field_label};
use crate::model::ops::OpError;
use crate::planfile::{ReadError, ResolveError, WriteError};
use crate::store::StoreError;

/// Why the database refused or could not be opened.
pub fn store_error(e: &StoreError) -> String {
    match e {
        StoreError::NewerSchema {
            path,
            found,
            supported,
        } => trf(
            "err.store.newer_schema",
            &[
                ("path", &path.display()),
                ("found", &num(found)),
                ("supported", &num(supported)),
            ],
        ),
        StoreError::NotADatabase { path, detail } => trf(
            "err.store.not_a_database",
            &[("path", &path.display()), ("detail", detail)],
        ),
        StoreError::Busy { path } => trf("err.store.busy", &[("path", &path.display())]),
        StoreError::CreateDir { path, source } => trf(
            "err.store.create_dir",
            &[("path", &path.display()), ("detail", &plain(source))],
        ),
        StoreError::Seed(source) => trf("err.store.seed", &[("detail", source)]),
        StoreError::Conflict {
            kind, label, field, ..
        } => match field {
            Some(f) => trf(
                "err.store.conflict_field",
                &[
                    ("kind", &entity_label(*kind)),
                    ("what", label),
                    ("field", &field_label(Some(*f))),
                ],
            ),
            None => trf(
                "err.store.conflict",
                &[("kind", &entity_label(*kind)), ("what", label)],
            ),
        },
        StoreError::BadData { path, detail } => trf(
            "err.store.bad_data",
            &[("path", &path.display()), ("detail", detail)],
        ),
        StoreError::NoSuchVersion { path, id } => trf(
            "err.store.no_such_version",
            &[("path", &path.display()), ("id", id)],
        ),
        StoreError::ReadOnly { path } => trf("err.store.read_only", &[("path", &path.display())]),
        StoreError::DiskFull { path } => trf("err.store.disk_full", &[("path", &path.display())]),
        StoreError::NeedsUpgrade { path } => {
            trf("err.store.needs_upgrade", &[("path", &path.display())])
        }
        StoreError::VersionIdReused { path, id } => trf(
            "err.store.version_id_reused",
            &[("path", &path.display()), ("id", id)],
        ),
        StoreError::Sqlite { path, source } => trf(
            "err.store.sqlite",
            &[("path", &path.display()), ("detail", source)],
        ),
    }
}

/// What the operating system said, without its error number ("(os error 2)"), which means
/// nothing to a reader.
fn plain(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_owned(),
        _ => text,
    }
}

/// Why a plan file was refused.
pub fn read_error(e: &ReadError) -> String {
    match e {
        ReadError::Io { path, source } => trf(
            "err.read.io",
            &[("path", &path.display()), ("detail", &plain(source))],
        ),
        ReadError::TooLarge { size, limit } => trf(
            "err.read.too_large",
            &[("size", &num(size)), ("limit", &num(limit))],
        ),
        ReadError::Empty => tr("err.read.empty").to_owned(),
        ReadError::NotText { offset } => trf("err.read.not_text", &[("offset", &num(offset))]),
        ReadError::Truncated => tr("err.read.truncated").to_owned(),
        ReadError::NotJson { detail } => trf("err.read.not_json", &[("detail", detail)]),
        ReadError::TooDeep { limit } => trf("err.read.too_deep", &[("limit", &num(limit))]),
        ReadError::WrongShape { found } => trf("err.read.wrong_shape", &[("found", found)]),
        ReadError::NotAPlanFile { found } => trf("err.read.not_a_plan_file", &[("found", found)]),
        ReadError::NewerVersion { found, supported } => trf(
            "err.read.newer_version",
            &[("found", &num(found)), ("supported", &num(supported))],
        ),
        ReadError::BadVersion { found } => trf("err.read.bad_version", &[("found", found)]),
        ReadError::MissingField { detail } => trf("err.read.missing_field", &[("detail", detail)]),
        ReadError::BadValue { detail } => trf("err.read.bad_value", &[("detail", detail)]),
        ReadError::DuplicateId { id, first, second } => trf(
            "err.read.duplicate_id",
            &[
                ("id", id),
                ("first", &entity_label(*first)),
                ("second", &entity_label(*second)),
            ],
        ),
        ReadError::DuplicateAbbreviation { abbreviation } => trf(
            "err.read.duplicate_abbreviation",
            &[("abbreviation", &format!("{abbreviation:?}"))],
        ),
        ReadError::DuplicateAssignment {
            activity,
            actor,
            role,
        } => {
            let role = match *role {
                "lead" => tr("field.lead"),
                "co-lead" => tr("err.role.co_lead"),
                other => other,
            };
            trf(
                "err.read.duplicate_assignment",
                &[("activity", activity), ("actor", actor), ("role", &role)],
            )
        }
        ReadError::DanglingReference { from, to_kind, id } => trf(
            "err.read.dangling_reference",
            &[
                ("from", from),
                ("to_kind", &entity_label(*to_kind)),
                ("id", id),
            ],
        ),
        ReadError::BadLane { activity, value } => trf(
            "err.read.bad_lane",
            &[("activity", activity), ("value", &format!("{value:?}"))],
        ),
        ReadError::BadStatus { activity, value } => trf(
            "err.read.bad_status",
            &[("activity", activity), ("value", &format!("{value:?}"))],
        ),
        ReadError::BadKind { actor, value } => trf(
            "err.read.bad_kind",
            &[("actor", actor), ("value", &format!("{value:?}"))],
        ),
        ReadError::ChecksumMismatch => tr("err.read.checksum_mismatch").to_owned(),
    }
}

/// Why a plan file could not be written.
pub fn write_error(e: &WriteError) -> String {
    match e {
        WriteError::Io { path, source } => trf(
            "err.write.io",
            &[("path", &path.display()), ("detail", &plain(source))],
        ),
        WriteError::TooLarge { size, limit } => trf(
            "err.write.too_large",
            &[("size", &num(size)), ("limit", &num(limit))],
        ),
        WriteError::Unreadable { detail } => trf("err.write.unreadable", &[("detail", detail)]),
        WriteError::DiskFull { path } => trf("err.write.disk_full", &[("path", &path.display())]),
    }
}

/// Why a choice in a merge or a review could not be applied.
pub fn resolve_error(e: &ResolveError) -> String {
    match e {
        ResolveError::Missing { kind, label } => trf(
            "err.resolve.missing",
            &[("kind", &entity_label(*kind)), ("label", label)],
        ),
        ResolveError::StillUsed { kind, label } => trf(
            "err.resolve.still_used",
            &[("kind", &entity_label(*kind)), ("label", label)],
        ),
        ResolveError::ParentMissing { kind, label } => trf(
            "err.resolve.parent_missing",
            &[("kind", &entity_label(*kind)), ("label", label)],
        ),
        ResolveError::WrongValue { field, label } => trf(
            "err.resolve.wrong_value",
            &[("field", &field_name(field)), ("label", label)],
        ),
    }
}

/// A field's English name (as the planfile module gives it) in the interface's language.
fn field_name(field: &'static str) -> &'static str {
    match field {
        "name" | "title" | "short name" => tr("field.title"),
        "code" => tr("field.code"),
        "text" => tr("field.text"),
        "notes" => tr("field.notes"),
        "lead" => tr("field.lead"),
        "co-leads" => tr("field.co_leads"),
        "status" => tr("field.status"),
        "timeline" => tr("field.timeline"),
        "parent" => tr("field.parent"),
        "key elements" => tr("field.key_elements"),
        "baseline" => tr("field.baseline"),
        "abbreviation" => tr("field.abbreviation"),
        "full name" => tr("field.full_name"),
        "kind" => tr("field.kind"),
        "inferred lead" => tr("field.inferred_lead"),
        "inferred co-leads" => tr("field.inferred_co_leads"),
        "inferred timeline" => tr("field.inferred_timeline"),
        "whole entry" => tr("err.field.whole_entry"),
        other => other,
    }
}

/// Why an export (or a session report) was not written.
pub fn export_error(e: &ExportError) -> String {
    match e {
        ExportError::Write { path, source } => trf(
            "err.export.write",
            &[("path", &path.display()), ("detail", &plain(source))],
        ),
        ExportError::Xlsx(inner) => {
            let detail = match inner {
                XlsxExportError::Cell { sheet, row, source } => trf(
                    "err.export.xlsx_cell",
                    &[
                        ("sheet", &format!("{sheet:?}")),
                        ("row", &num(row)),
                        ("detail", source),
                    ],
                ),
                XlsxExportError::Workbook(source) => {
                    trf("err.export.xlsx_workbook", &[("detail", source)])
                }
            };
            trf("err.export.xlsx", &[("detail", &detail)])
        }
    }
}

/// Why a spreadsheet was not read at all.
pub fn import_error(e: &ImportError) -> String {
    match e {
        ImportError::Read { path, source } => trf(
            "err.import.read",
            &[("path", &path.display()), ("detail", &plain(source))],
        ),
        ImportError::TooLarge { path, max } => trf(
            "err.import.too_large",
            &[("path", &path.display()), ("max", &num(max))],
        ),
        ImportError::NotASpreadsheet { path, detail } => trf(
            "err.import.not_a_spreadsheet",
            &[("path", &path.display()), ("detail", detail)],
        ),
        ImportError::NoMatrix { path } => trf("err.import.no_matrix", &[("path", &path.display())]),
        ImportError::Encoding { path, encoding } => trf(
            "err.import.encoding",
            &[("path", &path.display()), ("encoding", encoding)],
        ),
        ImportError::PartTooLarge {
            path,
            part,
            size,
            max,
        } => trf(
            "err.import.part_too_large",
            &[
                ("path", &path.display()),
                ("part", part),
                ("size", &num(size)),
                ("max", &num(max)),
            ],
        ),
        ImportError::WorkbookTooLarge { path, max } => trf(
            "err.import.workbook_too_large",
            &[("path", &path.display()), ("max", &num(max))],
        ),
        ImportError::SizeMismatch { path, part } => trf(
            "err.import.size_mismatch",
            &[("path", &path.display()), ("part", part)],
        ),
        ImportError::TooManyRows {
            path,
            sheet,
            rows,
            max,
        } => trf(
            "err.import.too_many_rows",
            &[
                ("path", &path.display()),
                ("sheet", &format!("{sheet:?}")),
                ("rows", &num(rows)),
                ("max", &num(max)),
            ],
        ),
        ImportError::BeyondGrid { path, sheet } => trf(
            "err.import.beyond_grid",
            &[("path", &path.display()), ("sheet", &format!("{sheet:?}"))],
        ),
    }
}

/// One row of a spreadsheet that was not applied as it stands.
pub fn row_problem(p: &RowProblem) -> String {
    let detail = match &p.kind {
        ProblemKind::MissingColumns { columns } => trf(
            "err.row.missing_columns",
            &[("columns", &columns.join(", "))],
        ),
        ProblemKind::MalformedId { text } => {
            trf("err.row.malformed_id", &[("text", &format!("{text:?}"))])
        }
        ProblemKind::UnknownId { id } => trf("err.row.unknown_id", &[("id", id)]),
        ProblemKind::UnknownCode { code } => {
            trf("err.row.unknown_code", &[("code", &format!("{code:?}"))])
        }
        ProblemKind::AmbiguousCode { code } => {
            trf("err.row.ambiguous_code", &[("code", &format!("{code:?}"))])
        }
        ProblemKind::NoIdOrCode => tr("err.row.no_id_or_code").to_owned(),
        ProblemKind::Duplicate {
            first_row,
            first_sheet,
        } => trf(
            "err.row.duplicate",
            &[("first_sheet", first_sheet), ("first_row", &num(first_row))],
        ),
        ProblemKind::MalformedLane { text } => {
            trf("err.row.malformed_lane", &[("text", &format!("{text:?}"))])
        }
        ProblemKind::MalformedStatus { text } => trf(
            "err.row.malformed_status",
            &[("text", &format!("{text:?}"))],
        ),
        ProblemKind::UnknownActor { column, text } => trf(
            "err.row.unknown_actor",
            &[("column", column), ("text", &format!("{text:?}"))],
        ),
        ProblemKind::UnknownSubIndicator { code } => trf(
            "err.row.unknown_sub_indicator",
            &[("code", &format!("{code:?}"))],
        ),
        ProblemKind::EmptyText => tr("err.row.empty_text").to_owned(),
        ProblemKind::ShortRow { cells, expected } => trf(
            "err.row.short",
            &[("cells", &num(cells)), ("expected", &num(expected))],
        ),
        ProblemKind::CutRow => tr("err.row.cut").to_owned(),
        ProblemKind::EmptyRequired { columns } => trf(
            "err.row.empty_required",
            &[("columns", &columns.join(tr("err.row.and")))],
        ),
        ProblemKind::FarCells { column } => trf("err.row.far_cells", &[("column", &num(column))]),
    };
    trf(
        "err.row.where",
        &[
            ("sheet", &p.sheet),
            ("row", &num(p.row)),
            ("detail", &detail),
        ],
    )
}

/// Why an operation on the plan was refused (shown inside "Nothing was changed: …").
pub fn op_error(e: &OpError) -> String {
    match e {
        OpError::Missing(id) => trf("err.op.missing", &[("id", id)]),
        OpError::Stale(id) => trf("err.op.stale", &[("id", id)]),
        OpError::Exists(id) => trf("err.op.exists", &[("id", id)]),
        OpError::Empty => tr("err.op.empty").to_owned(),
    }
}

/// Why a change broke one of the plan's rules.
pub fn rule_error(e: &crate::model::rules::RuleError) -> String {
    use crate::model::rules::{MAX_CODE, MAX_TEXT, RuleError};
    match e {
        RuleError::CodeUsed { kind, code } => trf(
            "err.rule.code_used",
            &[("kind", &entity_label(*kind)), ("code", code)],
        ),
        RuleError::AbbreviationUsed(a) => trf("err.rule.abbreviation_used", &[("abbr", a)]),
        RuleError::CodeMisfit { code, parent } => trf(
            "err.rule.code_misfit",
            &[("code", code), ("parent", parent)],
        ),
        RuleError::ActorTwice(code) => trf("err.rule.actor_twice", &[("code", code)]),
        RuleError::BadCharacters { field, value } => trf(
            "err.rule.bad_characters",
            &[("field", field), ("value", &format!("{value:?}"))],
        ),
        RuleError::TooLong { what, field, len } => trf(
            "err.rule.too_long",
            &[
                ("field", field),
                ("what", what),
                ("len", &num(len)),
                ("max", &num(MAX_TEXT)),
            ],
        ),
        RuleError::BadCode(v) => trf(
            "err.rule.bad_code",
            &[("max", &num(MAX_CODE)), ("value", &format!("{v:?}"))],
        ),
        RuleError::UnknownTarget(v) => {
            trf("err.rule.unknown_target", &[("value", &format!("{v:?}"))])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Language, with_thread_language as in_language};
    use std::path::PathBuf;

    /// No run of three or more ASCII letters outside the given facts: an English sentence
    /// would leave words like "the" or "file".
    fn english_words(text: &str, facts: &[&str]) -> Vec<String> {
        let mut rest = text.to_owned();
        for f in facts {
            rest = rest.replace(f, " ");
        }
        rest.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3)
            .map(str::to_owned)
            .collect()
    }

    fn newer_schema() -> StoreError {
        StoreError::NewerSchema {
            path: PathBuf::from("/data/plan.sqlite"),
            found: 7,
            supported: 4,
        }
    }

    fn sheet_problem() -> RowProblem {
        RowProblem {
            sheet: "Goal 2".into(),
            row: 14,
            kind: ProblemKind::MalformedStatus {
                text: "maybe".into(),
            },
        }
    }

    #[test]
    fn bangla_messages_keep_the_facts_and_drop_the_english() {
        let (schema, truncated, checksum, problem) = in_language(Language::Bangla, || {
            (
                store_error(&newer_schema()),
                read_error(&ReadError::Truncated),
                read_error(&ReadError::ChecksumMismatch),
                row_problem(&sheet_problem()),
            )
        });

        assert!(schema.contains("/data/plan.sqlite"), "{schema}");
        assert!(schema.contains('৭') && schema.contains('৪'), "{schema}");
        assert!(schema.contains("--db"), "{schema}");
        let facts = ["/data/plan.sqlite", "Framework Planner", "--db"];
        assert_eq!(english_words(&schema, &facts), Vec::<String>::new());

        for text in [&truncated, &checksum] {
            assert!(text.contains("পরিবর্তন"), "{text}");
            assert_eq!(english_words(text, &[]), Vec::<String>::new());
        }
        assert_ne!(truncated, checksum);

        assert!(problem.contains("Goal 2"), "{problem}");
        assert!(problem.contains("১৪"), "{problem}");
        assert!(problem.contains("\"maybe\""), "{problem}");
        let facts = [
            "Goal",
            "\"maybe\"",
            "proposed",
            "agreed",
            "needs_revision",
            "dropped",
        ];
        assert_eq!(english_words(&problem, &facts), Vec::<String>::new());
    }

    fn encoding() -> ImportError {
        ImportError::Encoding {
            path: PathBuf::from("plan.csv"),
            encoding: "UTF-16",
        }
    }

    fn too_many_rows() -> ImportError {
        ImportError::TooManyRows {
            path: PathBuf::from("plan.xlsx"),
            sheet: "Goal 1".into(),
            rows: 150000,
            max: 101000,
        }
    }

    fn empty_cells() -> RowProblem {
        RowProblem {
            sheet: "plan.csv".into(),
            row: 3,
            kind: ProblemKind::EmptyRequired {
                columns: vec!["timeline", "status"],
            },
        }
    }

    fn disk_full() -> StoreError {
        StoreError::DiskFull {
            path: PathBuf::from("/data/plan.sqlite"),
        }
    }

    fn reused() -> StoreError {
        StoreError::VersionIdReused {
            path: PathBuf::from("/data/plan.sqlite"),
            id: uuid::Uuid::nil(),
        }
    }

    fn too_large() -> WriteError {
        WriteError::TooLarge {
            size: 200,
            limit: 100,
        }
    }

    /// In English the sentences are the ones the error types print themselves.
    #[test]
    fn english_messages_match_the_error_types() {
        let import = ImportError::NoMatrix {
            path: PathBuf::from("plan.xlsx"),
        };
        let write = WriteError::Io {
            path: PathBuf::from("/x/plan.fwplan"),
            source: std::io::Error::other("disk full"),
        };
        let (texts, expected) = in_language(Language::English, || {
            (
                vec![
                    store_error(&newer_schema()),
                    read_error(&ReadError::Truncated),
                    read_error(&ReadError::NewerVersion {
                        found: "3".into(),
                        supported: 1,
                    }),
                    read_error(&ReadError::BadLane {
                        activity: "1.1.1".into(),
                        value: "soon".into(),
                    }),
                    write_error(&write),
                    import_error(&import),
                    row_problem(&sheet_problem()),
                    op_error(&OpError::Empty),
                    import_error(&encoding()),
                    import_error(&too_many_rows()),
                    row_problem(&empty_cells()),
                    store_error(&disk_full()),
                    store_error(&reused()),
                    write_error(&too_large()),
                ],
                vec![
                    newer_schema().to_string(),
                    ReadError::Truncated.to_string(),
                    ReadError::NewerVersion {
                        found: "3".into(),
                        supported: 1,
                    }
                    .to_string(),
                    ReadError::BadLane {
                        activity: "1.1.1".into(),
                        value: "soon".into(),
                    }
                    .to_string(),
                    write.to_string(),
                    import.to_string(),
                    sheet_problem().to_string(),
                    OpError::Empty.to_string(),
                    encoding().to_string(),
                    too_many_rows().to_string(),
                    empty_cells().to_string(),
                    disk_full().to_string(),
                    reused().to_string(),
                    too_large().to_string(),
                ],
            )
        });
        assert_eq!(texts, expected);
    }
}
