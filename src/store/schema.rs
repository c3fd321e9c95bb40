//! Versioned schema. Each entry moves the database from `user_version` = its index to index + 1.
//! Never edit a shipped migration; append a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: the framework, its actors and activities.
    r#"
    CREATE TABLE plan (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        short_name  TEXT NOT NULL,
        source      TEXT NOT NULL,
        created_at  TEXT NOT NULL
    );
    CREATE TABLE goal (
        id            TEXT PRIMARY KEY,
        plan_id       TEXT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        code          TEXT NOT NULL,
        title         TEXT NOT NULL,
        key_elements  TEXT NOT NULL,
        position      INTEGER NOT NULL,
        source_line   INTEGER
    );
    CREATE TABLE indicator (
        id           TEXT PRIMARY KEY,
        goal_id      TEXT NOT NULL REFERENCES goal(id) ON DELETE CASCADE,
        code         TEXT NOT NULL,
        title        TEXT NOT NULL,
        position     INTEGER NOT NULL,
        source_line  INTEGER
    );
    CREATE TABLE sub_indicator (
        id            TEXT PRIMARY KEY,
        indicator_id  TEXT NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
        code          TEXT NOT NULL,
        title         TEXT NOT NULL,
        baseline      TEXT NOT NULL,
        position      INTEGER NOT NULL,
        source_line   INTEGER
    );
    CREATE TABLE actor (
        id            TEXT PRIMARY KEY,
        plan_id       TEXT NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
        abbreviation  TEXT NOT NULL,
        full_name     TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('ministry','division_or_agency',
                        'committee_or_forum','un_or_international','civil_society',
                        'private_sector','local_government','other')),
        notes         TEXT NOT NULL,
        source_line   INTEGER,
        UNIQUE (plan_id, abbreviation)
    );
    CREATE TABLE activity (
        id                 TEXT PRIMARY KEY,
        sub_indicator_id   TEXT NOT NULL REFERENCES sub_indicator(id),
        code               TEXT NOT NULL,
        text               TEXT NOT NULL,
        lane               TEXT NOT NULL CHECK (lane IN ('short','medium','long','unscheduled')),
        lane_pos           INTEGER NOT NULL,
        outline_pos        INTEGER NOT NULL,
        status             TEXT NOT NULL CHECK (status IN ('proposed','agreed','needs_revision','dropped')),
        notes              TEXT NOT NULL,
        lead_inferred      INTEGER NOT NULL,
        co_leads_inferred  INTEGER NOT NULL,
        timeline_inferred  INTEGER NOT NULL,
        source_note        TEXT NOT NULL,
        source_line        INTEGER
    );
    CREATE INDEX activity_by_sub ON activity(sub_indicator_id);
    CREATE INDEX activity_by_lane ON activity(lane, lane_pos);
    CREATE TABLE assignment (
        activity_id  TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        actor_id     TEXT NOT NULL REFERENCES actor(id),
        role         TEXT NOT NULL CHECK (role IN ('lead','co_lead')),
        position     INTEGER NOT NULL,
        PRIMARY KEY (activity_id, role, actor_id)
    );
    CREATE INDEX assignment_by_actor ON assignment(actor_id);
    "#,
    // 2: the history of saved versions, each with its whole plan file.
    r#"
    CREATE TABLE version (
        id           TEXT PRIMARY KEY,
        plan_id      TEXT NOT NULL,
        based_on     TEXT,
        saved_at     TEXT NOT NULL,
        author       TEXT NOT NULL,
        label        TEXT NOT NULL,
        note         TEXT NOT NULL,
        sha256       TEXT NOT NULL,
        path         TEXT NOT NULL,
        content      TEXT NOT NULL,
        recorded_at  TEXT NOT NULL
    );
    CREATE INDEX version_by_time ON version(saved_at);
    "#,
    // 3: comments and decisions on activities, workshop sessions, and the log of changes.
    r#"
    CREATE TABLE comment (
        id           TEXT PRIMARY KEY,
        activity_id  TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        author       TEXT NOT NULL,
        at           TEXT NOT NULL,
        text         TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('comment','decision')),
        session_id   TEXT
    );
    CREATE INDEX comment_by_activity ON comment(activity_id, at);
    CREATE TABLE session (
        id            TEXT PRIMARY KEY,
        title         TEXT NOT NULL,
        held_on       TEXT NOT NULL,
        place         TEXT NOT NULL,
        facilitator   TEXT NOT NULL,
        participants  INTEGER NOT NULL,
        notes         TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        ended_at      TEXT,
        start_plan    TEXT NOT NULL,
        end_plan      TEXT
    );
    CREATE TABLE change_log (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id  TEXT REFERENCES session(id),
        at          TEXT NOT NULL,
        summary     TEXT NOT NULL,
        records     TEXT NOT NULL
    );
    CREATE INDEX change_log_by_session ON change_log(session_id);
    "#,
    // 4: links from activities to reference frameworks; the change log keeps the operations
    // of each change, rendered in the reader's language when shown.
    r#"
    CREATE TABLE link (
        id           TEXT PRIMARY KEY,
        activity_id  TEXT NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        target       TEXT NOT NULL
    );
    CREATE INDEX link_by_activity ON link(activity_id);
    ALTER TABLE change_log ADD COLUMN ops TEXT NOT NULL DEFAULT '[]';
    "#,
    // 5: the reference frameworks the plan's links point to (GCM objectives and actions, SDG
    // goals and targets, MCOF goals) and their associations (the SDG targets of each GCM
    // objective, Annex D's links from the BMGF's goals). Read-only, shared by every plan;
    // filled from the curated data in the binary (`seeds/gcm/`).
    r#"
    CREATE TABLE reference_entry (
        key          TEXT PRIMARY KEY,
        framework    TEXT NOT NULL CHECK (framework IN ('gcm_objective','gcm_action',
                        'sdg_goal','sdg_target','mcof_goal')),
        parent       TEXT,
        code         TEXT NOT NULL,
        title        TEXT NOT NULL,
        text         TEXT NOT NULL,
        source_line  INTEGER,
        note         TEXT NOT NULL
    );
    CREATE TABLE reference_association (
        from_key     TEXT NOT NULL,
        to_key       TEXT NOT NULL,
        printed      TEXT NOT NULL,
        source_line  INTEGER,
        note         TEXT NOT NULL,
        PRIMARY KEY (from_key, to_key)
    );
    "#,
];
