//! JUnit XML (quick-junit), for CI test tabs: one suite per area, one test
//! case per applicable question, and, when a gate ran, a `gate` suite with
//! one case, `verdict`, that fails with every failure of the gate. A gap
//! the gate fails on (at or above `fail_on`) is a failure whose message is
//! the recommended action; a gap below `fail_on` passes, with the gap in
//! the case's system-out (it is reported, but does not fail the build);
//! with no gate, every unwaived gap fails. A waived gap is skipped with the
//! waiver's reason; a question in place passes. Every gap carries the
//! respondent's owner, evidence, review date and note. No times or
//! timestamps, so output is stable.

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::{Report, Standing, provisions_text, state_text};
use crate::assessment::gate::Verdict;
use crate::assessment::{Assessment, Gap};

pub fn render(reports: &[Report]) -> String {
    let mut report = JunitReport::new("mera");
    for r in reports {
        let a = r.assessment;
        for area in a.areas.iter().filter(|x| x.applicable > 0) {
            let name = if reports.len() > 1 {
                format!("{}: {}", a.file, area.title)
            } else {
                area.title.clone()
            };
            let mut suite = TestSuite::new(name);
            suite.add_property(("area", area.id.as_str()));
            suite.add_property(("file", a.file.as_str()));
            if let Some(legend) = a.organization.legend() {
                suite.add_property(("privilege_legend", legend));
            }
            // Questionnaire order: the passed list is in it, and gaps are
            // put back into it by their position in the file's area.
            for p in a.passed.iter().filter(|p| p.area == area.id) {
                let mut case = TestCase::new(p.question.as_str(), TestCaseStatus::success());
                case.set_classname(area.id.as_str());
                suite.add_test_case(case);
            }
            for g in a.gaps.iter().filter(|g| g.area == area.id) {
                suite.add_test_case(gap_case(g, Standing::of(r, g), a, &area.id));
            }
            report.add_test_suite(suite);
        }
        if let Some(v) = r.verdict {
            let name = if reports.len() > 1 {
                format!("{}: gate", a.file)
            } else {
                "gate".to_string()
            };
            let mut suite = TestSuite::new(name);
            suite.add_property(("file", a.file.as_str()));
            if let Some(legend) = a.organization.legend() {
                suite.add_property(("privilege_legend", legend));
            }
            suite.add_test_case(verdict_case(v, a));
            report.add_test_suite(suite);
        }
    }
    // quick-junit writes to memory; an error would be a bug in it.
    let mut out = report
        .to_string()
        .unwrap_or_else(|e| format!("<!-- mera: could not write JUnit XML: {e} -->"));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The gate's verdict as one case: it fails with every failure, each at
/// its place in the file.
fn verdict_case(v: &Verdict, a: &Assessment) -> TestCase {
    let status = if v.passed {
        TestCaseStatus::success()
    } else {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
        s.set_message(super::plural(
            v.failures.len(),
            "gate failure",
            "gate failures",
        ));
        s.set_type("gate failed");
        let lines: Vec<String> = v
            .failures
            .iter()
            .map(|f| match f.pos() {
                Some(p) => format!("{}:{p}: {}", a.file, f.describe()),
                None => format!("{}: {}", a.file, f.describe()),
            })
            .collect();
        s.set_description(lines.join("\n") + "\n");
        s
    };
    let mut case = TestCase::new("verdict", status);
    case.set_classname("gate");
    case
}

/// The gap in words: the question, the answer, the action, its due date,
/// the provisions, what the respondent wrote, and where.
fn gap_description(g: &Gap, a: &Assessment) -> String {
    let mut description = format!(
        "{}\nAnswer: {}\nAction: {} ({})\n",
        g.text.trim(),
        state_text(g),
        g.action.text.trim(),
        super::owner_text(g)
    );
    if let Some(due) = super::due_line(g, a.run_date) {
        description.push_str(&format!("Due: {due}\n"));
    }
    description.push_str(&format!("Provisions: {}\n", provisions_text(g)));
    if let Some(r) = super::record_text(&g.record) {
        description.push_str(&format!("Respondent: {r}\n"));
    }
    if let Some(n) = super::note_text(&g.record) {
        description.push_str(&format!("Note: {n}\n"));
    }
    description.push_str(&format!("At: {}:{}\n", a.file, g.pos));
    description
}

fn gap_case(g: &Gap, standing: Standing, a: &Assessment, area: &str) -> TestCase {
    if standing == Standing::Below {
        let mut case = TestCase::new(g.question.as_str(), TestCaseStatus::success());
        case.set_classname(area);
        case.set_system_out(format!(
            "{} gap, below the gate's fail_on: reported, not failing.\n{}",
            g.severity.as_str(),
            gap_description(g, a)
        ));
        return case;
    }
    let status = match a
        .waivers
        .iter()
        .find(|w| g.waived && w.question == g.question)
    {
        Some(w) => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(format!(
                "waived: {} (approved by {}, expires {})",
                w.reason, w.approved_by, w.expires
            ));
            s
        }
        None => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(g.action.text.trim().to_string());
            s.set_type(format!("{} gap", g.severity.as_str()));
            s.set_description(gap_description(g, a));
            s
        }
    };
    let mut case = TestCase::new(g.question.as_str(), status);
    case.set_classname(area);
    case
}
