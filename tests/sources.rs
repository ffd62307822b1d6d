//! Statements held to their sources, across the shipped questionnaires and
//! the provision catalog: a section is cited only for what it says (§3(c)
//! only where a question turns on the framework being voluntary, §1 only for
//! the order as a whole); a question that rests on a source's own advice
//! cites that advice and names the source; law the five sources do not
//! carry is marked as general law, in the catalog and in the question that
//! states it; every catalog entry is cited; an action that waits on another
//! question is scheduled after it; and the additions counsel asked for (the
//! deployer's side of the window, misuse of a company's AI systems without
//! agents, an EU posture for high-risk uses) apply to the companies they are
//! for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use mera::assessment::Dates;
use mera::assessment::answers;
use mera::assessment::scoring::{self, Options};
use mera::content::catalog::{Catalog, Force};
use mera::content::questionnaire::Question;
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn questions(set: &QuestionnaireSet) -> impl Iterator<Item = &Question> {
    set.questionnaires.iter().flat_map(|q| &q.questions)
}

/// Everything a question says: its text, why, evidence hint, choices and
/// actions, lowercased.
fn all_words(q: &Question) -> String {
    let mut out = format!("{}\n{}\n", q.text, q.why);
    if let Some(h) = &q.evidence_hint {
        out.push_str(h);
        out.push('\n');
    }
    for c in &q.choices {
        out.push_str(&c.label);
        out.push('\n');
    }
    for (_, a) in &q.actions {
        out.push_str(&a.text);
        out.push('\n');
    }
    out.to_lowercase()
}

/// The question's own statements (text and why), where a general-law
/// marker belongs, lowercased and with line breaks folded.
fn statements(q: &Question) -> String {
    format!("{} {}", q.text, q.why)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The words every question that states general law carries, in its text
/// or why, so the marking travels wherever the question prints.
const GENERAL_LAW: &str = "general law, not from the sources";

/// The questions that may cite §3(c) (no licensing, preclearance or
/// permitting), and why each turns on the framework being voluntary.
const CITE_3C: [(&str, &str); 12] = [
    (
        "cme.engagement-decision",
        "a voluntary choice: asking and declining are both lawful",
    ),
    (
        "cme.access-decision",
        "a voluntary choice: giving access or not",
    ),
    (
        "cme.partner-decision",
        "a voluntary choice: choosing partners with the government or alone",
    ),
    (
        "cme.decline-record",
        "declining is lawful; how it is recorded",
    ),
    (
        "cme.approach-response",
        "after a lawful decline, an agency's approach",
    ),
    (
        "cme.nonparticipation-costs",
        "the costs of staying out of a voluntary framework",
    ),
    (
        "cme.disagreement-plan",
        "no preclearance: the release decision stays the company's",
    ),
    (
        "cme.voluntary-guidance",
        "telling teams the framework is voluntary and no release approval",
    ),
    (
        "tdw.findings-handling",
        "no preclearance: whether to delay is the company's call",
    ),
    (
        "gov.standard-of-care",
        "a voluntary framework becoming an expected standard",
    ),
    (
        "gov.sector-standard-of-care",
        "a voluntary framework becoming a sector's expected standard",
    ),
    (
        "gov.jurisdiction-map",
        "the voluntary framework beside binding regimes",
    ),
];

#[test]
fn section_3c_is_cited_only_where_a_question_turns_on_the_framework_being_voluntary() {
    let set = QuestionnaireSet::builtin();
    let citing: BTreeSet<&str> = questions(&set)
        .filter(|q| q.provisions.iter().any(|p| p == "eo14409.3c"))
        .map(|q| q.id.as_str())
        .collect();
    let allowed: BTreeSet<&str> = CITE_3C.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        citing, allowed,
        "§3(c) says only that section 3 authorizes no licensing, preclearance or permitting; \
         a question that cites it must turn on that (add it to CITE_3C with the reason) \
         or cite the source that supports it instead"
    );
    for q in questions(&set).filter(|q| allowed.contains(q.id.as_str())) {
        let words = statements(q);
        assert!(
            ["voluntar", "licens", "preclearance", "declin", "lawful"]
                .iter()
                .any(|w| words.contains(w)),
            "{} cites §3(c) but its text and why never say what §3(c) is about",
            q.id
        );
    }
}

#[test]
fn section_1_is_cited_only_for_the_order_as_a_whole() {
    let set = QuestionnaireSet::builtin();
    let citing: Vec<&str> = questions(&set)
        .filter(|q| q.provisions.iter().any(|p| p == "eo14409.1"))
        .map(|q| q.id.as_str())
        .collect();
    // A briefing on the order is about the order as a whole, which is what
    // §1 (the order's purpose) describes; nothing else rests on it.
    assert_eq!(citing, ["gov.board-briefing"]);
}

/// The sources' own guidance in the catalog, each with the name a question
/// citing it uses for its source.
const GUIDANCE: [(&str, &str, &str); 7] = [
    ("ref.ropes-gray-takeaways", "ropes-gray", "Ropes & Gray"),
    ("ref.skadden-takeaways", "skadden", "Skadden"),
    ("ref.latham-implications", "latham", "Latham"),
    ("ref.clearon-legal-questions", "clearon", "Clearon"),
    ("ref.clearon-expectations", "clearon", "Clearon"),
    ("ref.sidley-governance", "dla-sidley-summary", "Sidley"),
    ("ref.eu-ai-act-high-risk", "skadden", "Skadden"),
];

/// The catalog's sources that are one of the five seeds (`seed:` names the
/// file), read from the catalog file itself.
fn seed_sources() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("seeds/provisions.yaml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    doc["sources"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|s| s.get("seed").is_some())
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_question_resting_on_a_sources_advice_cites_it_and_names_the_source() {
    let set = QuestionnaireSet::builtin();
    let catalog = Catalog::builtin();
    let seeds = seed_sources();
    for (id, source, name) in GUIDANCE {
        let p = catalog
            .provision(id)
            .unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(p.force, Force::Reference, "{id}");
        assert!(p.sources.iter().all(|s| seeds.contains(s)), "{id}");
        assert!(p.sources.iter().any(|s| s == source), "{id}");
        assert!(!p.general_law, "{id} restates a seed");
        let citing: Vec<&Question> = questions(&set)
            .filter(|q| q.provisions.iter().any(|c| c == id))
            .collect();
        assert!(!citing.is_empty(), "no question cites {id}");
        for q in citing {
            assert!(
                statements(q).contains(&name.to_lowercase()),
                "{} cites {id} but never says what {name} advises",
                q.id
            );
        }
    }
}

#[test]
fn every_catalog_entry_is_cited_by_a_question() {
    let set = QuestionnaireSet::builtin();
    let cited: BTreeSet<&str> = questions(&set)
        .flat_map(|q| q.provisions.iter().map(String::as_str))
        .collect();
    let reference_points: BTreeSet<String> = set
        .facts
        .iter()
        .flat_map(|f| &f.reference_points)
        .map(|r| r.provision.clone())
        .collect();
    for p in &Catalog::builtin().provisions {
        assert!(
            cited.contains(p.id.as_str()) || reference_points.contains(&p.id),
            "nothing cites {}: cite it where it supports a question, or remove it",
            p.id
        );
    }
}

/// Phrases that state law the five sources do not carry, with what each
/// stands for. A question whose text, why or actions use one must say, in
/// its text or why, that it is general law to confirm with counsel.
const GENERAL_LAW_PHRASES: [(&str, &str); 12] = [
    (
        "parts of a system",
        "Van Buren's holding read from the opinion",
    ),
    (
        "governance problem",
        "what a broad issued credential amounts to",
    ),
    ("scheme to defraud", "wire fraud's elements"),
    ("means of identification", "§1028's reach beyond documents"),
    ("cybersecurity purpose", "CISA 2015's conditions"),
    ("removal of personal information", "CISA 2015's conditions"),
    ("confidential commercial information", "FOIA's withholding"),
    ("waive privilege", "privilege waiver by sharing"),
    (
        "bind federal agencies",
        "whom a Binding Operational Directive binds",
    ),
    ("export licence", "export-control law"),
    (
        "does not by itself make",
        "purpose does not authorize access",
    ),
    ("someone else provides", "an EU AI Act deployer's duties"),
];

#[test]
fn every_question_that_states_general_law_says_so() {
    let set = QuestionnaireSet::builtin();
    let mut marked = 0;
    for q in questions(&set) {
        let words = all_words(q);
        let hits: Vec<&str> = GENERAL_LAW_PHRASES
            .iter()
            .filter(|(p, _)| words.contains(p))
            .map(|(_, what)| *what)
            .collect();
        if hits.is_empty() {
            continue;
        }
        marked += 1;
        let own = statements(q);
        assert!(
            own.contains(GENERAL_LAW) && own.contains("confirm with counsel"),
            "{} states {hits:?} without saying it is general law, not from the sources, to confirm with counsel",
            q.id
        );
    }
    assert!(marked >= 10, "{marked}");
}

#[test]
fn general_law_in_the_catalog_is_marked_and_never_stands_alone() {
    let set = QuestionnaireSet::builtin();
    let catalog = Catalog::builtin();
    let seeds = seed_sources();
    // The order's own text is cited only through a seed's footnote; every
    // other source that is not a seed is general law.
    let order = catalog.source("eo-text").unwrap();
    assert!(order.publisher.contains("cited through"), "{order:?}");
    let mut marked = Vec::new();
    for p in &catalog.provisions {
        let outside = p
            .sources
            .iter()
            .any(|s| !seeds.contains(s) && s != "eo-text");
        assert_eq!(
            p.general_law, outside,
            "{}: an entry citing a source outside the seeds is general law, and only such an entry",
            p.id
        );
        if p.general_law {
            let note = p.note.as_deref().unwrap_or_default().to_lowercase();
            assert!(
                note.contains("general law") && note.contains("confirm with counsel"),
                "{}: say in the note that it is general law, to confirm with counsel",
                p.id
            );
            marked.push(p.id.as_str());
        }
    }
    assert_eq!(marked, ["ref.van-buren", "ref.bod-scope"]);
    // No question rests on general law alone.
    for q in questions(&set) {
        assert!(
            q.provisions
                .iter()
                .filter_map(|p| catalog.provision(p))
                .any(|p| !p.general_law),
            "{} cites only general law",
            q.id
        );
    }
    // The statements the issue named are gone from the catalog where they
    // would print as if a source said them.
    for p in &catalog.provisions {
        let text = format!("{} {}", p.directs, p.note.as_deref().unwrap_or_default());
        assert!(
            !text.contains("Center for AI Standards"),
            "{}: the sources never expand CAISI",
            p.id
        );
        if !p.general_law {
            assert!(
                !text.contains("not private companies"),
                "{}: whom a directive binds is general law",
                p.id
            );
        }
    }
}

#[test]
fn a_eu_reference_point_says_it_matters_only_for_models_offered_in_the_eu() {
    let set = QuestionnaireSet::builtin();
    let catalog = Catalog::builtin();
    let mut seen = 0;
    for r in set.facts.iter().flat_map(|f| &f.reference_points) {
        let p = catalog.provision(&r.provision).unwrap();
        if p.section.starts_with("EU ") {
            seen += 1;
            assert!(
                r.label.contains("models offered in the EU"),
                "{}: {}",
                r.provision,
                r.label
            );
        }
    }
    assert_eq!(seen, 1);
}

/// The profile a file states, with the three required facts first.
fn profile_file(facts: &[(&str, bool)]) -> String {
    let mut all: BTreeMap<&str, bool> = [
        ("develops_frontier_models", false),
        ("deploys_ai_agents", false),
        ("critical_infrastructure_operator", false),
    ]
    .into_iter()
    .collect();
    for (k, v) in facts {
        all.insert(k, *v);
    }
    let mut out = String::from("mera: 1\norganization: {name: X, as_of: 2026-11-20}\nprofile:\n");
    for (k, v) in all {
        out.push_str(&format!("  {k}: {v}\n"));
    }
    out
}

fn applicable(text: &str) -> BTreeSet<String> {
    let set = QuestionnaireSet::builtin();
    let a = answers::load(&Source::new("p.yaml", text.to_string()), &set)
        .unwrap_or_else(|e| panic!("{e:#?}\n{text}"))
        .0;
    let date = mera::input::doc::parse_date("2026-11-20").unwrap();
    scoring::applicable_questions(&set, &a, Dates::on(date))
}

fn cites(set: &QuestionnaireSet, id: &str, provision: &str) -> bool {
    set.question(id)
        .is_some_and(|(_, q)| q.provisions.iter().any(|p| p == provision))
}

/// A question about insiders or outsiders turning the company's AI against
/// systems they may not reach: §4 with Skadden's takeaway on it.
fn is_misuse_question(set: &QuestionnaireSet, id: &str) -> bool {
    cites(set, id, "eo14409.4")
        && cites(set, id, "ref.skadden-takeaways")
        && set
            .question(id)
            .is_some_and(|(_, q)| q.text.contains("insiders"))
}

fn area_of<'a>(set: &'a QuestionnaireSet, id: &str) -> &'a str {
    set.question(id).map(|(a, _)| a.id.as_str()).unwrap()
}

#[test]
fn every_developer_and_tool_builder_is_asked_about_misuse_of_its_ai_systems_with_or_without_agents()
{
    let set = QuestionnaireSet::builtin();
    for develops in [false, true] {
        for tools in [false, true] {
            for agents in [false, true] {
                let text = profile_file(&[
                    ("develops_frontier_models", develops),
                    ("builds_ai_security_tools", tools),
                    ("deploys_ai_agents", agents),
                ]);
                let on = applicable(&text);
                let misuse: Vec<&String> = on
                    .iter()
                    .filter(|id| area_of(&set, id) != "agent-cfaa")
                    .filter(|id| is_misuse_question(&set, id))
                    .collect();
                assert_eq!(
                    !misuse.is_empty(),
                    develops || tools,
                    "develops {develops}, tools {tools}, agents {agents}: {misuse:?}"
                );
            }
        }
    }
    // The Oslo developer runs no agents and is asked, and answers.
    let text = std::fs::read_to_string(root().join("examples/nonus-developer.yaml")).unwrap();
    let on = applicable(&text);
    assert!(on.contains("gov.model-misuse"));
    assert!(!on.iter().any(|id| id.starts_with("agt.")));
    assert!(text.contains("\n  gov.model-misuse:"));
}

/// The developer's own areas; a deployer's question about a vendor's window
/// sits outside them.
const DEVELOPER_AREAS: [&str; 3] = [
    "covered-model-engagement",
    "thirty-day-window",
    "trusted-partners",
];

fn window_questions_for_a_deployer(set: &QuestionnaireSet, on: &BTreeSet<String>) -> Vec<String> {
    on.iter()
        .filter(|id| !DEVELOPER_AREAS.contains(&area_of(set, id)))
        .filter(|id| cites(set, id, "eo14409.3b-ii") && cites(set, id, "ref.skadden-takeaways"))
        .cloned()
        .collect()
}

#[test]
fn a_company_building_on_a_vendors_frontier_models_is_asked_about_the_vendors_window() {
    let set = QuestionnaireSet::builtin();
    // Whatever else it is, stated true or left unstated, it is asked; stated
    // false, it is not.
    for develops in [false, true] {
        for relies in [Some(true), Some(false), None] {
            let mut facts = vec![("develops_frontier_models", develops)];
            if let Some(r) = relies {
                facts.push(("relies_on_vendor_frontier_models", r));
            }
            let on = applicable(&profile_file(&facts));
            let asked = window_questions_for_a_deployer(&set, &on);
            assert_eq!(
                !asked.is_empty(),
                relies != Some(false),
                "develops {develops}, relies {relies:?}: {asked:?}"
            );
        }
    }
    // The retailer and the bank state the fact and answer the question.
    for name in ["agent-retailer.yaml", "community-bank.toml"] {
        let text = std::fs::read_to_string(root().join("examples").join(name)).unwrap();
        let set = QuestionnaireSet::builtin();
        let a = answers::load(&Source::new(name, text), &set).unwrap().0;
        assert!(
            a.profile.contains_key("relies_on_vendor_frontier_models"),
            "{name}"
        );
        let on = scoring::applicable_questions(
            &set,
            &a,
            Dates::on(mera::input::doc::parse_date("2026-11-20").unwrap()),
        );
        let asked = window_questions_for_a_deployer(&set, &on);
        assert!(!asked.is_empty(), "{name}");
        for id in asked {
            assert!(a.answers.contains_key(&id), "{name} leaves {id} unanswered");
        }
        let assessed = scoring::assess(
            &set,
            &Catalog::builtin(),
            &a,
            &Options::on(mera::input::doc::parse_date("2026-11-20").unwrap()),
        );
        assert!(assessed.unstated_facts.is_empty(), "{name}");
    }
}

#[test]
fn a_us_company_with_high_risk_ai_uses_in_the_eu_is_asked_about_its_eu_posture() {
    let set = QuestionnaireSet::builtin();
    for high_risk in [false, true] {
        for abroad in [false, true] {
            let on = applicable(&profile_file(&[
                ("eu_high_risk_ai_uses", high_risk),
                ("headquartered_outside_us", abroad),
            ]));
            let asked: Vec<&String> = on
                .iter()
                .filter(|id| cites(&set, id, "ref.eu-ai-act-high-risk"))
                .collect();
            assert_eq!(
                !asked.is_empty(),
                high_risk && !abroad,
                "high-risk {high_risk}, abroad {abroad}: {asked:?}"
            );
        }
    }
}

#[test]
fn every_question_new_in_the_latest_content_cites_provisions_that_exist() {
    let set = QuestionnaireSet::builtin();
    let catalog = Catalog::builtin();
    let mut new = 0;
    for q in &set.questionnaires {
        let Some(last) = q.history.releases.last() else {
            continue;
        };
        if last.version.to_string() != q.version {
            continue;
        }
        for added in &last.added {
            let (_, question) = set.question(&added.id).unwrap();
            assert!(!question.provisions.is_empty(), "{}", added.id);
            for p in &question.provisions {
                assert!(catalog.provision(p).is_some(), "{}: {p}", added.id);
            }
            new += 1;
        }
    }
    assert!(new >= 8, "{new}");
}

/// Whether `before` is scheduled before `after`: it names `after`, or
/// `after`'s questionnaire, under `precedes`.
fn scheduled_before(set: &QuestionnaireSet, before: &str, after: &str) -> bool {
    use mera::content::questionnaire::Target;
    let (_, b) = set.question(before).unwrap();
    let (area, _) = set.question(after).unwrap();
    b.precedes.iter().any(|p| match &p.target {
        Target::Question(id) => id == after,
        Target::Area(id) => *id == area.id,
        Target::Event(_) => false,
    })
}

#[test]
fn an_action_that_waits_on_another_question_is_scheduled_after_it() {
    let set = QuestionnaireSet::builtin();
    let ids: BTreeSet<&str> = questions(&set).map(|q| q.id.as_str()).collect();
    let mut checked = 0;
    for q in questions(&set) {
        for (_, a) in &q.actions {
            for word in a
                .text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            {
                let word = word.trim_end_matches('.');
                if word != q.id && ids.contains(word) {
                    assert!(
                        scheduled_before(&set, word, &q.id),
                        "{}'s action waits on {word}, which is not scheduled before it",
                        q.id
                    );
                    checked += 1;
                }
            }
        }
    }
    // tdw.release-buffer tells partners once the public line is agreed.
    assert!(checked >= 1);
    // And once the access decision is taken: it comes before the window.
    assert!(scheduled_before(
        &set,
        "cme.access-decision",
        "tdw.release-buffer"
    ));
}
