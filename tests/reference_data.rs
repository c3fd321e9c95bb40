//! The reference frameworks in `seeds/gcm/`, checked against the documents they were curated
//! from: the UN Network on Migration's booklet on GCM implementation (its 23 objectives, the
//! lettered actions and the SDG targets listed under each) and Annexes D, F and G of the BMGF.
//! The extraction of the booklet hides actions without a bullet, a letter glued to the end of
//! the previous action, a capital I printed for the letter l and an objective without its
//! heading line: the counts and the rows below catch each.

use framework_planner::reference::{Entry, Kind, Reference, action_key, target_key};

fn r() -> Reference {
    Reference::load().expect("the curated reference data loads")
}

#[test]
fn counts_match_the_global_compact() {
    let r = r();
    assert_eq!(r.objectives.len(), 23);
    let numbers: Vec<u8> = r.objectives.iter().map(|o| o.number).collect();
    assert_eq!(numbers, (1..=23).collect::<Vec<u8>>());
    // Actions per objective, as in the Global Compact (A/RES/73/195), 187 in all.
    let per: Vec<usize> = (1..=23).map(|n| r.actions_of(n).count()).collect();
    assert_eq!(
        per,
        [
            11, 12, 5, 7, 10, 12, 12, 6, 6, 10, 7, 5, 8, 6, 6, 9, 7, 12, 10, 9, 9, 3, 5
        ]
    );
    assert_eq!(r.actions.len(), 187);
    // Letters run a, b, c … without a gap or a repeat in every objective.
    for n in 1..=23u8 {
        let letters: String = r.actions_of(n).map(|a| a.letter).collect();
        let expected: String = ('a'..='z').take(letters.len()).collect();
        assert_eq!(letters, expected, "objective {n}");
    }
    assert_eq!(r.sdg_goals.len(), 12);
    assert_eq!(r.sdg_targets.len(), 55);
    assert_eq!(r.objective_targets.len(), 154);
    assert_eq!(r.mcof_goals.len(), 4);
    assert_eq!(r.annex_d.len(), 14);
}

#[test]
fn objectives_field_by_field() {
    let r = r();
    let o = r.objective(1).unwrap();
    assert_eq!(o.short_name, "DATA");
    assert_eq!(
        o.title,
        "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies"
    );
    assert_eq!(
        (o.source_line, o.heading_line, o.annex_f_line),
        (265, Some(263), 2059)
    );

    let o = r.objective(6).unwrap();
    assert_eq!(o.short_name, "RECRUITMENT AND DECENT WORK");
    assert_eq!(
        o.title,
        "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work"
    );
    assert_eq!(o.source_line, 639);

    // Printed in Annex F's heading as "immigration detention", in its list and the booklet
    // as "migration detention".
    let o = r.objective(13).unwrap();
    assert_eq!(
        o.title,
        "Use migration detention only as a measure of last resort and work towards alternatives"
    );
    assert!(o.note.contains("immigration detention"));

    // The heading is printed over three lines in bold.
    let o = r.objective(19).unwrap();
    assert_eq!(o.short_name, "MIGRANT AND DIASPORA CONTRIBUTIONS");
    assert_eq!(o.heading_line, Some(1718));
    assert_eq!(o.source_line, 1722);

    // The booklet prints no "22 SOCIAL PROTECTION" line: the title line follows the SDGs of
    // objective 21 directly.
    let o = r.objective(22).unwrap();
    assert_eq!(o.short_name, "SOCIAL PROTECTION");
    assert_eq!(o.heading_line, None);
    assert_eq!(o.source_line, 1939);
    assert_eq!(
        o.title,
        "Establish mechanisms for the portability of social security entitlements and earned benefits"
    );
    assert!(o.note.contains("no \"22 SOCIAL PROTECTION\" heading"));

    let o = r.objective(23).unwrap();
    assert_eq!(o.short_name, "INTERNATIONAL COOPERATION");
    assert_eq!(o.annex_f_line, 2423);
}

fn action<'a>(r: &'a Reference, key: &str) -> &'a framework_planner::reference::Action {
    r.action(key).unwrap_or_else(|| panic!("{key} exists"))
}

#[test]
fn actions_field_by_field_including_the_traps() {
    let r = r();
    let a = action(&r, "gcm:1a");
    assert_eq!(
        a.text,
        "Elaborate and implement a comprehensive strategy for improving migration data at local, \
         national, regional and global levels, with the participation of all relevant \
         stakeholders, under the guidance of the United Nations Statistical Commission, by \
         harmonizing methodologies for data collection, and strengthening analysis and \
         dissemination of migration-related data and indicators"
    );
    assert_eq!((a.source_line, a.annex_f_line), (271, 2065));

    // No bullet, and the booklet's own remark printed after it is not part of it.
    let a = action(&r, "gcm:1k");
    assert!(a.text.starts_with(
        "Cooperate with relevant stakeholders in countries of origin, transit and destination"
    ));
    assert!(
        a.text
            .ends_with("ties to the countries of origin and destination")
    );
    assert!(!a.text.contains("The actions reflected"));
    assert_eq!(a.source_line, 286);
    assert!(a.note.contains("without a bullet"));

    // The footnote mark after "Paris Agreement" is not text.
    let a = action(&r, "gcm:2a");
    assert!(
        a.text
            .contains("the Paris Agreement and the Sendai Framework")
    );
    // A sub-heading between (g) and (h) belongs to neither; it groups (h) to (l).
    let g = action(&r, "gcm:2g");
    assert!(g.text.ends_with("(MICIC Guidelines)"));
    assert_eq!(g.group, "");
    for l in ['h', 'i', 'j', 'k', 'l'] {
        assert_eq!(
            action(&r, &action_key(2, l)).group,
            "Natural disasters, the adverse effects of climate change, and environmental degradation"
        );
    }

    // A capital I where the letter l is meant, without a bullet.
    let a = action(&r, "gcm:6l");
    assert!(a.text.starts_with(
        "Develop and improve national policies and programmes relating to international labour mobility"
    ));
    assert!(
        a.text
            .ends_with("International Recruitment Integrity System (IRIS)")
    );
    assert_eq!(a.source_line, 659);
    assert!(a.note.contains("capital \"I.\""));

    let a = action(&r, "gcm:8f");
    assert!(a.text.starts_with(
        "Make all efforts, including through international cooperation, to recover, identify and \
         repatriate the remains of deceased migrants"
    ));
    assert_eq!(a.source_line, 841);

    // Text that runs on after a page break on a line that starts with a bullet.
    let a = action(&r, "gcm:11c");
    assert!(a.text.contains(
        "to ensure due process at international borders and that all migrants are treated"
    ));
    // Indented bullets are actions all the same.
    let a = action(&r, "gcm:11e");
    assert!(a.text.starts_with(
        "Ensure that child protection authorities are promptly informed and assigned"
    ));
    assert_eq!(a.source_line, 1058);

    let a = action(&r, "gcm:13h");
    assert!(a.text.starts_with(
        "Protect and respect the rights and best interests of the child at all times"
    ));
    assert_eq!(a.source_line, 1221);

    // A page number in the middle of the sentence is left out.
    let a = action(&r, "gcm:18e");
    assert!(a.text.contains("migrants in countries of destination"));

    let a = action(&r, "gcm:20h");
    assert!(
        a.text
            .starts_with("Enable migrant women to access financial literacy training")
    );
    assert_eq!(a.source_line, 1799);
    let a = action(&r, "gcm:20i");
    assert!(
        a.text
            .starts_with("Provide access to and develop banking solutions")
    );
    assert_eq!(a.source_line, 1801);

    // "i)" printed at the end of action (h) starts action (i).
    let h = action(&r, "gcm:21h");
    assert!(
        h.text
            .ends_with("sustainable development in the country of origin upon return")
    );
    let i = action(&r, "gcm:21i");
    assert_eq!(
        i.text,
        "Identify and address the needs of the communities to which migrants return by including \
         respective provisions in national and local development strategies, infrastructure \
         planning, budget allocations and other relevant policy decisions and cooperating with \
         local authorities and relevant stakeholders"
    );
    assert_eq!(i.source_line, 1876);
    assert!(i.note.contains("glued"));

    let a = action(&r, "gcm:22a");
    assert_eq!(
        a.text,
        "Establish or maintain non-discriminatory national social protection systems, including \
         social protection floors for nationals and migrants, in line with the ILO \
         Recommendation 202 on Social Protection Floors"
    );
    let a = action(&r, "gcm:23e");
    assert!(
        a.text
            .starts_with("Conclude bilateral, regional or multilateral")
    );
    assert_eq!(a.source_line, 2033);
    // No action text keeps the extraction's bold marks.
    assert!(r.actions.iter().all(|a| !a.text.contains("**")));
}

#[test]
fn sdg_targets_as_printed_under_each_objective() {
    let r = r();
    let targets = |n: u8| -> Vec<String> { r.targets_of(n).map(|t| t.target.clone()).collect() };
    assert_eq!(targets(1), ["10.7", "17.18"]);
    // "All SDGs": none listed; objective 2's text names 17.14.
    assert_eq!(targets(2), ["17.14"]);
    assert!(targets(19).is_empty());
    assert_eq!(targets(3), ["1.4", "4.b", "5.b", "10.7", "16.10"]);
    assert_eq!(
        targets(20),
        ["1.4", "8.10", "10.c", "17.3", "17.7", "17.18"]
    );
    assert_eq!(targets(15).len(), 18);
    let t = r.target("sdg:10.c").unwrap();
    assert_eq!(t.goal, 10);
    assert_eq!(
        t.text,
        "By 2030, reduce to less than 3 per cent the transaction costs of migrant remittances and \
         eliminate remittance corridors with costs higher than 5 per cent"
    );
    let t = r.target("sdg:8.8").unwrap();
    assert!(
        t.text
            .starts_with("Protect labour rights and promote safe and secure working")
    );
    // Misprints are kept as printed, with a note.
    let note = |n: u8, t: &str| {
        r.targets_of(n)
            .find(|x| x.target == t)
            .map(|x| x.note.clone())
            .unwrap()
    };
    assert!(note(16, "17.18").contains("17:18"));
    assert!(note(17, "17.7").contains("target 17.17"));
    assert!(note(9, "17.16").contains("target 17.6"));
    assert!(note(7, "17.14").contains("comment"));
    assert_eq!(note(1, "10.7"), "");
    // Goal titles as printed.
    let g = r.sdg_goals.iter().find(|g| g.goal == 16).unwrap();
    assert_eq!(g.title, "Peace, justice and strong institutions");
}

#[test]
fn every_sdg_target_and_annex_d_link_resolves() {
    let r = r();
    for ot in &r.objective_targets {
        let key = target_key(&ot.target);
        assert_eq!(r.kind(&key), Some(Kind::SdgTarget), "{key}");
        let t = r.target(&key).unwrap();
        assert!(r.sdg_goals.iter().any(|g| g.goal == t.goal), "{key}");
        assert!(!t.text.is_empty());
        assert!(r.objective(ot.objective).is_some());
    }
    for l in &r.annex_d {
        assert!(r.entry(&l.link).is_some(), "{} → {}", l.goal, l.link);
        assert!(["1", "2", "3", "4", "5", "6"].contains(&l.goal.as_str()));
    }
    assert_eq!(r.goal_objectives("1"), [15]);
    assert_eq!(r.goal_objectives("2"), [1, 4]);
    assert_eq!(r.goal_objectives("3"), [19, 23]);
    assert_eq!(r.goal_objectives("4"), [18]);
    assert_eq!(r.goal_objectives("5"), [7]);
    assert_eq!(r.goal_objectives("6"), [8]);
    let named: Vec<&str> = r
        .annex_d
        .iter()
        .filter(|l| r.kind(&l.link) == Some(Kind::GcmAction))
        .map(|l| l.link.as_str())
        .collect();
    assert_eq!(named, ["gcm:7j", "gcm:8f"]);
    let mcof: Vec<(&str, &str)> = r
        .annex_d
        .iter()
        .filter(|l| l.link.starts_with("mcof:"))
        .map(|l| (l.goal.as_str(), l.link.as_str()))
        .collect();
    assert_eq!(
        mcof,
        [
            ("3", "mcof:3c"),
            ("5", "mcof:3b"),
            ("5", "mcof:3c"),
            ("6", "mcof:3d")
        ]
    );
    assert!(
        r.mcof_goals[2]
            .text
            .starts_with("Respond to the often unaddressed migration")
    );
    // 15 of the 23 objectives are associated with no BMGF goal.
    let unlinked = (1..=23u8)
        .filter(|n| r.objective_goals(*n).is_empty())
        .count();
    assert_eq!(unlinked, 15);
    // Keys name what they say.
    assert!(matches!(r.entry("gcm:6"), Some(Entry::Objective(_))));
    assert_eq!(r.objective_of("gcm:6a"), Some(6));
    assert_eq!(r.code("gcm:6a"), "GCM 6(a)");
    assert_eq!(r.code("sdg:8.8"), "SDG 8.8");
    assert_eq!(r.code("mcof:3c"), "MCOF 3(c)");
    assert!(r.entry("gcm:24").is_none());
    assert!(r.entry("gcm:22d").is_none());
    assert_eq!(r.linkable_keys().len(), 23 + 187 + 55);
}

#[test]
fn every_database_holds_the_reference_frameworks_a_new_one_and_an_upgraded_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plan.sqlite");
    drop(framework_planner::store::Store::open(&db).unwrap());
    let count = |db: &std::path::Path, framework: &str| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM reference_entry WHERE framework = ?1",
                [framework],
                |r| r.get(0),
            )
            .unwrap()
    };
    let check = |db: &std::path::Path| {
        assert_eq!(count(db, "gcm_objective"), 23);
        assert_eq!(count(db, "gcm_action"), 187);
        assert_eq!(count(db, "sdg_target"), 55);
        assert_eq!(count(db, "mcof_goal"), 4);
        let c = rusqlite::Connection::open(db).unwrap();
        let annex_d: i64 = c
            .query_row(
                "SELECT count(*) FROM reference_association WHERE from_key LIKE 'bmgf:goal:%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(annex_d, 14);
        let text: String = c
            .query_row(
                "SELECT text FROM reference_entry WHERE key = 'gcm:21i'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(text.starts_with("Identify and address the needs"), "{text}");
    };
    check(&db);

    // A database from before the reference tables: the migration adds them, the open fills them.
    let old = dir.path().join("old.sqlite");
    drop(framework_planner::store::Store::open(&old).unwrap());
    {
        let c = rusqlite::Connection::open(&old).unwrap();
        c.execute_batch(
            "DROP TABLE reference_association; DROP TABLE reference_entry; PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    drop(framework_planner::store::Store::open(&old).unwrap());
    check(&old);
}
