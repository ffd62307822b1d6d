//! Renderers checked through the library, and by real clients where one is
//! practical inside `cargo test`: the official SARIF 2.1.0 schema and the
//! answers-file schema through the `jsonschema` validator, JUnit XML
//! through quick-junit's reader, hostile text through the HTML and
//! Markdown renderers. (Chromium, the SARIF Multitool, a Python JUnit
//! parser and yaml-language-server run from `scripts/`; see the README.)

use mera::assessment::scoring::{self, Options};
use mera::assessment::{Assessment, answers};
use mera::content::catalog::Catalog;
use mera::content::set::QuestionnaireSet;
use mera::input::doc::{Node, Value};
use mera::input::source::Source;
use mera::report::{self, Format, Report, Style};

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn assess_text(name: &str, text: &str, redact: bool) -> Assessment {
    let set = QuestionnaireSet::builtin();
    let (answers, _) =
        answers::load(&Source::new(name, text), &set).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
    let options = Options {
        redact,
        ..Options::on(mera::input::doc::parse_date("2026-11-20").unwrap())
    };
    scoring::assess(&set, &Catalog::builtin(), &answers, &options)
}

fn example(file: &str) -> Assessment {
    let text = std::fs::read_to_string(root().join("examples").join(file)).unwrap();
    assess_text(&format!("examples/{file}"), &text, false)
}

fn render(format: Format, a: &Assessment, width: u16) -> String {
    report::render(
        format,
        &[Report::new(a, None)],
        Style {
            color: false,
            width,
        },
    )
}

// ---- terminal --------------------------------------------------------------

#[test]
fn the_terminal_report_is_pinned_at_80_and_120_columns() {
    let a = example("frontier-lab.yaml");
    for width in [80_u16, 120] {
        let text = render(Format::Table, &a, width);
        for line in text.lines() {
            assert!(
                line.chars().count() <= usize::from(width),
                "{width}: {line:?}"
            );
        }
        insta::assert_snapshot!(format!("terminal_frontier-lab_{width}"), text);
    }
}

#[test]
fn terminal_words_are_never_split() {
    let a = example("frontier-lab.yaml");
    let text = render(Format::Table, &a, 80);
    for broken in ["voluntar y", "externa l", "critical-infrastru cture"] {
        assert!(!text.contains(broken), "{broken}");
    }
    assert!(text.contains("(due today; 4 days of lead time lost)"));
    assert!(text.contains("in 21 days"));
}

// ---- hostile text ------------------------------------------------------------

const HOSTILE: &str = r#"mera: 1
organization:
  name: "<script>alert('org')</script><img src=x onerror=alert(1)>"
  assessed_by: "<a href=\"javascript:alert(2)\">click</a>"
  as_of: 2026-11-20
  privileged: true
  privilege_legend: "<b onmouseover=alert(3)>Privileged</b>"
profile:
  develops_frontier_models: false
  deploys_ai_agents: true
  critical_infrastructure_operator: false
answers:
  agt.inventory:
    answer: partial
    owner: "<svg onload=alert(4)>"
    evidence: ["javascript:alert(5)", "<iframe src=//evil>"]
    note: "*bold* _it_ [x](javascript:alert(6)) </p><script>alert(7)</script>"
    reviewed: 2026-10-01
  agt.stop-control:
    answer: yes
    note: "<style>body{display:none}</style>"
waivers:
  - question: agt.inventory
    reason: "<script>alert(8)</script>"
    approved_by: "\" onmouseover=\"alert(9)"
    expires: 2027-01-31
"#;

#[test]
fn hostile_text_renders_as_text_in_html() {
    let a = assess_text("hostile.yaml", HOSTILE, false);
    let html = render(Format::Html, &a, 80);
    // The only markup is the template's: no tag or attribute from the file.
    for bad in [
        "<script",
        "<img",
        "<a href",
        "<svg onload",
        "<iframe",
        "<b onmouseover",
        "<style>body",
        "\" onmouseover=\"",
        "href=\"javascript",
    ] {
        assert!(!html.contains(bad), "{bad} got through");
    }
    assert!(html.contains("&lt;script&gt;alert("));
    assert!(html.contains("javascript:alert(5)"), "shown, as text");
    assert!(html.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'none';"
    ));
    // Self-contained: nothing is fetched from anywhere.
    for external in ["src=\"http", "href=\"http", "url(", "@import", "<link"] {
        assert!(!html.contains(external), "{external}");
    }
}

const MERGED: &str = r#"mera: 1
organization:
  name: Halcyon Frontier Labs, Inc.
  assessed_by: CISO and General Counsel
  as_of: 2026-11-20
profile:
  develops_frontier_models: true
  deploys_ai_agents: true
  critical_infrastructure_operator: false
  planned_trusted_partner_release: 2027-03-01
answers:
  cme.engagement-decision:
    answer: wait
    decide_by: 2026-12-08
    owner: General Counsel
  cme.access-decision:
    answer: unknown
    conflict:
      - by: "<b>CISO</b>"
        answer: engage
      - by: General Counsel
        answer: wait
        decide_by: 2027-01-08
  agt.stop-control:
    answer: unknown
    conflict:
      - by: CISO
        answer: yes
      - by: General Counsel
        answer: no
"#;

#[test]
fn the_board_pack_shows_open_conflicts_and_decision_dates() {
    let a = assess_text("merged.yaml", MERGED, false);
    let html = render(Format::Html, &a, 80);
    assert!(
        !html.contains("No open conflicts"),
        "the placeholder is gone"
    );
    // Each conflict: the question, its severity, who answered what (the
    // respondent's name escaped, a waiting side with its date).
    let conflicts = &html[html.find("<h2>Open conflicts</h2>").unwrap()..];
    let conflicts = &conflicts[..conflicts.find("<h2>Evidence register</h2>").unwrap()];
    assert!(conflicts.contains("<code class=\"id\">cme.access-decision</code>"));
    assert!(conflicts.contains("<span class=\"chip critical\">critical</span>"));
    assert!(
        conflicts.contains("<li>&lt;b&gt;CISO&lt;&#x2f;b&gt;: engage</li>"),
        "{conflicts}"
    );
    assert!(conflicts.contains("<li>General Counsel: wait (decide by 2027-01-08)</li>"));
    assert!(conflicts.contains("<code class=\"id\">agt.stop-control</code>"));
    assert!(conflicts.contains("<li>CISO: yes</li><li>General Counsel: no</li>"));
    assert!(!html.contains("<b>CISO</b>"));
    // The decision put off: in the summary, in its table with the days left,
    // and on the Gantt chart with its date written beside the mark.
    assert!(html.contains(
        "<code>cme.engagement-decision</code> wait until <span class=\"date\">2026-12-08</span>"
    ));
    let decisions = &html[html.find("<h2>Decisions put off to a date</h2>").unwrap()..];
    assert!(
        decisions
            .contains("<td class=\"num\" data-label=\"Decide by\">2026-12-08<br>in 18 days</td>")
    );
    assert!(decisions.contains("<td data-label=\"Owner\">General Counsel</td>"));
    assert!(html.contains(">cme.engagement-decision: decide by</text>"));
    assert!(html.contains(">2026-12-08</text>"));
    // Judged after the date: passed, in words as well as in colour.
    let set = QuestionnaireSet::builtin();
    let (answers, _) = answers::load(&Source::new("merged.yaml", MERGED), &set).unwrap();
    let on = Options::on(mera::input::doc::parse_date("2026-12-11").unwrap());
    let late = scoring::assess(&set, &Catalog::builtin(), &answers, &on);
    let html = render(Format::Html, &late, 80);
    assert!(html.contains("<span class=\"chip overdue\">passed 3 days ago: half credit</span>"));
    assert!(html.contains(">2026-12-08 passed</text>"));
}

#[test]
fn stale_evidence_is_marked_wherever_the_board_pack_lists_the_answer() {
    let a = example("frontier-lab.yaml");
    let html = render(Format::Html, &a, 80);
    let stale: Vec<&str> = a
        .stale_evidence
        .iter()
        .map(|s| s.question.as_str())
        .collect();
    assert!(stale.contains(&"agt.inventory"), "{stale:?}");
    let register = &html[html.find("<h2>Evidence register</h2>").unwrap()..];
    let register = &register[..register.find("</section>").unwrap()];
    let in_place = &html[html.find("<h2>In place (").unwrap()..];
    let gaps = &html[html.find("<h2>Gaps, most urgent first").unwrap()..];
    let gaps = &gaps[..gaps.find("</section>").unwrap()];
    for q in &a.passed {
        // The register's row and the In place item, each up to its end.
        let row = register
            .find(&format!(">{}</code>", q.question))
            .map(|at| &register[at..])
            .map(|row| &row[..row.find("</tr>").unwrap()]);
        let item = &in_place[in_place.find(&format!(">{}</code>", q.question)).unwrap()..];
        let item = &item[..item.find("</li>").unwrap()];
        let chip = "<span class=\"chip stale\">stale</span>";
        assert_eq!(
            item.contains(chip),
            stale.contains(&q.question.as_str()),
            "{item}"
        );
        if let Some(row) = row {
            assert_eq!(
                row.contains(chip),
                stale.contains(&q.question.as_str()),
                "{row}"
            );
        }
    }
    for g in a
        .gaps
        .iter()
        .filter(|g| stale.contains(&g.question.as_str()))
    {
        let card = &gaps[gaps.find(&format!("<code>{}</code>", g.question)).unwrap()..];
        let card = &card[..card.find("<p class=\"place\">").unwrap()];
        assert!(
            card.contains("<span class=\"chip stale\">stale</span>"),
            "{card}"
        );
    }
}

#[test]
fn the_gantt_chart_draws_the_timeline_given_with_the_report() {
    let catalog = Catalog::builtin();
    let a = assess_text("merged.yaml", MERGED, false);
    let timeline = mera::assessment::timeline::build(&a, &catalog);
    let with = report::render(
        Format::Html,
        &[Report {
            timeline: Some(&timeline),
            ..Report::new(&a, None)
        }],
        Style::default(),
    );
    // The whole timeline: the order's milestones as well.
    assert!(with.contains(">The planned release to trusted partners</text>"));
    assert!(with.contains(">Executive Order 14409 signed</text>"));
    assert!(with.contains(">cme.engagement-decision: decide by</text>"));
    // Without it, what the assessment alone holds, through the same code.
    let without = render(Format::Html, &a, 80);
    assert!(without.contains(">The planned release to trusted partners</text>"));
    assert!(!without.contains(">Executive Order 14409 signed</text>"));
    assert!(without.contains(">cme.engagement-decision: decide by</text>"));
    // Each chart is drawn twice, wide (screens and print) and narrow
    // (phones), with every row in each.
    let rows = |html: &str| html.matches("<text class=\"when\"").count();
    let alone = mera::assessment::timeline::from_assessment(&a).items.len();
    assert_eq!(rows(&without), 2 * alone);
    assert_eq!(rows(&with), 2 * timeline.items.len());
    for layout in ["wide", "narrow"] {
        let at = with
            .find(&format!("<svg class=\"{layout}\" viewBox="))
            .unwrap();
        let svg = &with[at..];
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert_eq!(rows(svg), timeline.items.len(), "{layout}");
        // The assessment date is written once, below the rows.
        assert_eq!(svg.matches("<text class=\"today\"").count(), 1);
        assert!(svg.rfind("<text class=\"today\"") > svg.rfind("<text class=\"when\""));
    }
    // A phone shows the narrow chart, which fits its width: no sideways
    // scrolling, and text at least 12 units in a 360-unit chart.
    assert!(with.contains(".gantt svg.narrow { display: none; }"));
    assert!(
        with.contains(
            "@media screen and (max-width: 899px) {\n  .gantt svg.wide { display: none; }"
        )
    );
    assert!(with.contains("<svg class=\"narrow\" viewBox=\"0 0 360.0 "));
    assert!(!with.contains(".gantt { overflow-x: auto; }"));
}

#[test]
fn hostile_text_renders_as_text_in_markdown() {
    let a = assess_text("hostile.yaml", HOSTILE, false);
    let md = render(Format::Markdown, &a, 80);
    assert!(md.contains("\\[x\\](javascript:alert(6))"), "not a link");
    for bad in [
        "<script",
        "<img",
        "<svg",
        "<b ",
        "<style",
        " [x](javascript",
    ] {
        assert!(!md.contains(bad), "{bad} got through:\n{md}");
    }
    // Paths are code spans, where Markdown shows every character as text.
    assert!(md.contains("`<iframe src=//evil>`"));
    assert!(!md.replace("`<iframe src=//evil>`", "").contains("<iframe"));
    assert!(md.contains("\\*bold\\* \\_it\\_"));
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

// ---- SARIF -------------------------------------------------------------------

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/sarif-schema-2.1.0.json")).unwrap();
    // The official schema's two `language` patterns (run and toolComponent) have a stray `]` that a
    // strict regex engine refuses; mera writes no `language`, so those
    // patterns are replaced by their evident intent and nothing else changes.
    let stray = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert_eq!(
        text.matches(stray).count(),
        2,
        "the vendored schema changed"
    );
    let text = text.replace(stray, r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft7::new(&schema).expect("the SARIF schema compiles")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    for file in [
        "frontier-lab.yaml",
        "agent-retailer.yaml",
        "community-bank.toml",
        "nonus-developer.yaml",
    ] {
        let a = example(file);
        let sarif: serde_json::Value =
            serde_json::from_str(&render(Format::Sarif, &a, 80)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
    }
    // The validator is not a rubber stamp.
    let bad = serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn sarif_results_sit_at_the_answer_and_fingerprints_ignore_lines() {
    let a = example("frontier-lab.yaml");
    let sarif: serde_json::Value = serde_json::from_str(&render(Format::Sarif, &a, 80)).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), a.gaps.len());
    let first = &results[0];
    assert_eq!(first["ruleId"], "tdw.release-buffer");
    assert_eq!(first["level"], "error");
    let region = &first["locations"][0]["physicalLocation"]["region"];
    let text = std::fs::read_to_string(root().join("examples/frontier-lab.yaml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("  tdw.release-buffer:"))
        .map(|i| i as u64 + 1);
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (line, Some(3))
    );
    assert_eq!(
        first["partialFingerprints"]["meraQuestion/v1"],
        "examples/frontier-lab.yaml#tdw.release-buffer"
    );
    // Waived gaps are suppressed, with the waiver's reason.
    let waived = results
        .iter()
        .find(|r| r["ruleId"] == "tp.government-collaboration")
        .unwrap();
    assert_eq!(waived["suppressions"][0]["kind"], "inSource");
    assert!(
        waived["suppressions"][0]["justification"]
            .as_str()
            .unwrap()
            .starts_with("The framework's partner-selection process is not yet published.")
    );
    // Moving an answer changes its line, not its fingerprint.
    let text = std::fs::read_to_string(root().join("examples/frontier-lab.yaml")).unwrap();
    let moved = assess_text(
        "examples/frontier-lab.yaml",
        &text.replace(
            "answers:\n",
            "answers:\n  # a comment that moves every answer down\n",
        ),
        false,
    );
    let again: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &moved, 80)).unwrap();
    let again = &again["runs"][0]["results"][0];
    assert_eq!(again["partialFingerprints"], first["partialFingerprints"]);
    assert_eq!(
        again["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64(),
        line.map(|l| l + 1)
    );
}

#[test]
fn sarif_rules_carry_what_github_code_scanning_requires() {
    let a = example("frontier-lab.yaml");
    let sarif: serde_json::Value = serde_json::from_str(&render(Format::Sarif, &a, 80)).unwrap();
    let driver = &sarif["runs"][0]["tool"]["driver"];
    let rules = driver["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    // GitHub's GH2012: every rule has a full description, here the question
    // and why it matters.
    for rule in rules {
        let short = rule["shortDescription"]["text"].as_str().unwrap();
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(
            full.starts_with(short) && full.contains(" Why it matters: "),
            "{rule}"
        );
    }
    let buffer = rules
        .iter()
        .find(|r| r["id"] == "tdw.release-buffer")
        .unwrap();
    let why = a
        .gaps
        .iter()
        .find(|g| g.question == "tdw.release-buffer")
        .unwrap()
        .why
        .trim();
    assert!(!why.is_empty());
    assert!(
        buffer["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .ends_with(why)
    );
    // informationUri comes from Cargo.toml's repository (else homepage),
    // and is left out while neither is set.
    let expected = [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|u| !u.is_empty());
    assert_eq!(driver["informationUri"].as_str(), expected);
}

// ---- JUnit -------------------------------------------------------------------

#[test]
fn junit_is_read_back_with_one_case_per_applicable_question() {
    let a = example("frontier-lab.yaml");
    let xml = render(Format::Junit, &a, 80);
    let parsed = quick_junit::Report::deserialize_from_str(&xml).expect("well-formed JUnit");
    assert_eq!(
        parsed.test_suites.len(),
        a.areas.iter().filter(|x| x.applicable > 0).count()
    );
    let cases: usize = parsed.test_suites.iter().map(|s| s.test_cases.len()).sum();
    assert_eq!(cases, a.applicable());
    let failures: usize = parsed.test_suites.iter().map(|s| s.failures).sum();
    let skipped = parsed
        .test_suites
        .iter()
        .flat_map(|s| &s.test_cases)
        .filter(|c| matches!(c.status, quick_junit::TestCaseStatus::Skipped { .. }))
        .count();
    assert_eq!(failures, a.gaps.iter().filter(|g| !g.waived).count());
    assert_eq!(skipped, 1);
}

// ---- answers schema ------------------------------------------------------------

/// An answers file as JSON, the way an editor's YAML server sees it.
fn to_json(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::json!(i),
        Value::Float(f) => serde_json::json!(f),
        Value::Str(s) => serde_json::Value::String(s.clone()),
        Value::Seq(items) => items.iter().map(to_json).collect(),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| (k.name.clone(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn answers_validator() -> jsonschema::Validator {
    let schema = mera::content::schema::answers_schema(&QuestionnaireSet::builtin());
    jsonschema::draft7::new(&schema).expect("the answers schema compiles as draft-07")
}

fn load_as_json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let source = Source::new(path, text);
    let node = if path.ends_with(".toml") {
        mera::input::toml_doc::parse(&source).unwrap()
    } else {
        mera::input::yaml::parse(&source).unwrap()
    };
    to_json(&node)
}

#[test]
fn every_shipped_example_validates_against_the_answers_schema() {
    let validator = answers_validator();
    for file in [
        "examples/frontier-lab.yaml",
        "examples/agent-retailer.yaml",
        "examples/nonus-developer.yaml",
        "examples/community-bank.toml",
        "tests/fixtures/expired-waiver.yaml",
    ] {
        let doc = load_as_json(file);
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
    }
}

#[test]
fn a_misspelled_question_id_fails_the_answers_schema() {
    let validator = answers_validator();
    let doc = load_as_json("tests/fixtures/misspelled.yaml");
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(
        errors.iter().any(|e| e.contains("tdw.release-bufer")),
        "{errors:#?}"
    );
    let mut good = load_as_json("examples/agent-retailer.yaml");
    good["answers"]["agt.inventory"] = serde_json::json!("maybe");
    assert!(
        !validator.is_valid(&good),
        "an answer word outside the list"
    );
}

// ---- privilege ---------------------------------------------------------------

/// Every privileged example's counsel-held evidence paths and every note not
/// marked `confidential: false`, searched for in every format of its
/// `--redact` copy: none may appear; that the evidence exists and who holds
/// it, and the legend, must.
#[test]
fn a_redacted_copy_withholds_counsel_held_evidence_and_notes_in_every_format() {
    let set = QuestionnaireSet::builtin();
    let mut checked = 0;
    for file in ["frontier-lab.yaml", "nonus-developer.yaml"] {
        let text = std::fs::read_to_string(root().join("examples").join(file)).unwrap();
        let (answers, _) = answers::load(&Source::new(file, text.clone()), &set).unwrap();
        assert!(answers.organization.privileged, "{file}");
        let mut secret: Vec<String> = Vec::new();
        for (id, a) in &answers.answers {
            let (_, q) = set.question(id).unwrap();
            if a.evidence_holder(q).is_some() {
                secret.extend(a.evidence.iter().cloned());
            }
            // In a privileged file a note is confidential unless it says not.
            if let Some(note) = &a.note {
                assert!(a.confidential, "{file}: {id}'s note is not confidential");
                secret.push(note.clone());
            }
        }
        assert!(!secret.is_empty(), "{file} has something to withhold");
        let redacted = assess_text(file, &text, true);
        for format in [
            Format::Table,
            Format::Markdown,
            Format::Json,
            Format::Html,
            Format::Sarif,
            Format::Junit,
            Format::Github,
        ] {
            let out = render(format, &redacted, 80);
            for s in &secret {
                // The terminal wraps long lines: compare without line breaks.
                let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
                let s_flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(!flat.contains(&s_flat), "{file} {format:?} shows {s:?}");
            }
            checked += 1;
        }
        let table = render(Format::Table, &redacted, 200);
        if file == "frontier-lab.yaml" {
            assert!(
                table.contains("evidence: held by counsel (withheld)"),
                "{table}"
            );
        }
    }
    assert_eq!(checked, 14);
}

#[test]
fn an_attestation_that_counsel_holds_the_evidence_counts_as_evidence_where_the_question_says_so() {
    let base = std::fs::read_to_string(root().join("examples/frontier-lab.yaml")).unwrap();
    let attest = |from: &str, to: &str| assess_text("lab.yaml", &base.replace(from, to), false);
    // Held by counsel, nothing listed: the designation assessment keeps its
    // credit; an unmarked question does not accept the attestation.
    let a = attest(
        "    evidence: [legal/designation/halcyon-7-memo-draft.docx]\n",
        "    evidence_held_by: Outside counsel (Matter 2026-114)\n",
    );
    let g = a
        .gaps
        .iter()
        .find(|g| g.question == "cme.designation-assessment")
        .unwrap();
    assert_eq!(g.state, mera::content::questionnaire::GapState::Partial);
    assert_eq!(
        g.record.evidence_held_by.as_deref(),
        Some("Outside counsel (Matter 2026-114)")
    );
    let b = attest(
        "  cme.capability-evals:\n    answer: yes\n    evidence: [evals/halcyon-7/cyber-eval-2026-10.pdf]\n",
        "  cme.capability-evals:\n    answer: yes\n    evidence_held_by: counsel\n",
    );
    let g = b
        .gaps
        .iter()
        .find(|g| g.question == "cme.capability-evals")
        .unwrap();
    assert_eq!(g.state, mera::content::questionnaire::GapState::NoEvidence);
}

// ---- formats under a gate ------------------------------------------------------

/// `report` with the verdict of `gate` over it.
fn render_gated(format: Format, a: &Assessment, gate: &mera::assessment::gate::Gate) -> String {
    let verdict = mera::assessment::gate::evaluate(gate, a);
    report::render(format, &[Report::new(a, Some(&verdict))], Style::default())
}

fn gate(
    fail_under: Option<f64>,
    fail_on: Option<mera::content::questionnaire::Severity>,
) -> mera::assessment::gate::Gate {
    mera::assessment::gate::Gate {
        fail_under,
        fail_on,
        fail_on_unanswered: true,
        fail_on_review: true,
    }
}

/// Under a gate, the gate's failures are the errors, and only they: a gap
/// below `fail_on` is a warning or note, and each failure that is not one
/// gap (the score, unanswered questions) is a result of its own. Checked
/// over every example and every `fail_on`.
#[test]
fn sarif_and_github_errors_are_exactly_the_gates_failures() {
    use mera::content::questionnaire::Severity;
    let validator = sarif_validator();
    for file in [
        "frontier-lab.yaml",
        "agent-retailer.yaml",
        "community-bank.toml",
        "nonus-developer.yaml",
    ] {
        let a = example(file);
        for fail_on in [
            None,
            Some(Severity::Critical),
            Some(Severity::High),
            Some(Severity::Low),
        ] {
            let g = gate(Some(70.0), fail_on);
            let verdict = mera::assessment::gate::evaluate(&g, &a);
            let sarif: serde_json::Value =
                serde_json::from_str(&render_gated(Format::Sarif, &a, &g)).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&sarif)
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{file}: {errors:#?}");
            let results = sarif["runs"][0]["results"].as_array().unwrap();
            let sarif_errors = results
                .iter()
                .filter(|r| r["level"] == "error" && r["suppressions"].is_null())
                .count();
            assert_eq!(sarif_errors, verdict.failures.len(), "{file} {fail_on:?}");
            assert_eq!(
                sarif["runs"][0]["properties"]["gates"][0]["passed"],
                verdict.passed
            );
            let github = render_gated(Format::Github, &a, &g);
            assert_eq!(
                github.lines().filter(|l| l.starts_with("::error ")).count(),
                verdict.failures.len(),
                "{file} {fail_on:?}:\n{github}"
            );
            let last = github.lines().last().unwrap();
            assert!(last.starts_with("::notice "), "{last}");
            assert!(
                last.contains(if verdict.passed {
                    "the gate passed"
                } else {
                    "the gate failed: "
                }),
                "{last}"
            );
            // A gap below fail_on is never an error.
            for g in a.gaps.iter().filter(|g| !verdict.fails_on_gap(&g.question)) {
                let needle = format!("%3A {}::", g.question);
                let line = github.lines().find(|l| l.contains(&needle)).unwrap();
                assert!(!line.starts_with("::error"), "{line}");
            }
        }
    }
}

/// JUnit: a gap below `fail_on` passes with the gap in system-out; the
/// gate's verdict is one case in a `gate` suite.
#[test]
fn junit_fails_only_what_the_gate_fails_and_carries_the_verdict() {
    use mera::content::questionnaire::Severity;
    let a = example("frontier-lab.yaml");
    let g = gate(Some(70.0), Some(Severity::Critical));
    let verdict = mera::assessment::gate::evaluate(&g, &a);
    let xml = render_gated(Format::Junit, &a, &g);
    let parsed = quick_junit::Report::deserialize_from_str(&xml).expect("well-formed JUnit");
    let cases: Vec<&quick_junit::TestCase> = parsed
        .test_suites
        .iter()
        .flat_map(|s| &s.test_cases)
        .collect();
    assert_eq!(cases.len(), a.applicable() + 1);
    let open_gap_failures = verdict
        .failures
        .iter()
        .filter(|f| f.code() == "open-gap")
        .count();
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| matches!(c.status, quick_junit::TestCaseStatus::NonSuccess { .. }))
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(failed.len(), open_gap_failures + 1, "{failed:?}");
    assert!(failed.contains(&"verdict"));
    let gate_suite = parsed
        .test_suites
        .iter()
        .find(|s| s.name.as_str() == "gate")
        .unwrap();
    let quick_junit::TestCaseStatus::NonSuccess { description, .. } =
        &gate_suite.test_cases[0].status
    else {
        panic!("the verdict passed")
    };
    let description = description.as_ref().unwrap().as_str();
    assert!(
        description.contains("score 62.7 is below the threshold 70"),
        "{description}"
    );
    // A high gap, below fail_on = critical, passes with its gap in system-out.
    let high = a
        .gaps
        .iter()
        .find(|g| g.severity == Severity::High && !g.waived)
        .unwrap();
    let case = cases
        .iter()
        .find(|c| c.name.as_str() == high.question)
        .unwrap();
    assert!(matches!(
        case.status,
        quick_junit::TestCaseStatus::Success { .. }
    ));
    let out = case.system_out.as_ref().unwrap().as_str();
    assert!(
        out.starts_with("high gap, below the gate's fail_on: reported, not failing."),
        "{out}"
    );
    // The verdict passes when the gate does.
    let retailer = example("agent-retailer.yaml");
    let xml = render_gated(
        Format::Junit,
        &retailer,
        &gate(None, Some(Severity::Critical)),
    );
    let parsed = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    let total_failures: usize = parsed.test_suites.iter().map(|s| s.failures).sum();
    assert_eq!(total_failures, 0, "{xml}");
}
