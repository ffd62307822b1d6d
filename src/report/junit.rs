//! JUnit XML (quick-junit), for CI test tabs: one suite per area, one test
//! case per applicable question. A gap is a failure whose message is the
//! recommended action; a waived gap is skipped with the waiver's reason; a
//! question in place passes. No times or timestamps, so output is stable.

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::{Report, provisions_text, state_text};
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
            // Questionnaire order: the passed list is in it, and gaps are
            // put back into it by their position in the file's area.
            for p in a.passed.iter().filter(|p| p.area == area.id) {
                let mut case = TestCase::new(p.question.as_str(), TestCaseStatus::success());
                case.set_classname(area.id.as_str());
                suite.add_test_case(case);
            }
            for g in a.gaps.iter().filter(|g| g.area == area.id) {
                suite.add_test_case(gap_case(g, a, &area.id));
            }
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

fn gap_case(g: &Gap, a: &Assessment, area: &str) -> TestCase {
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
            description.push_str(&format!(
                "Provisions: {}\nAt: {}:{}\n",
                provisions_text(g),
                a.file,
                g.pos
            ));
            s.set_description(description);
            s
        }
    };
    let mut case = TestCase::new(g.question.as_str(), status);
    case.set_classname(area);
    case
}
