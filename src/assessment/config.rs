//! `mera.toml`: the project config. Parsing only; finding the file is the
//! CLI's job. Command-line flags override it; it overrides the defaults.

use crate::content::questionnaire::Severity;
use crate::input::diagnostic::Diagnostic;
use crate::input::doc::Decoder;
use crate::input::source::Source;

pub const FILE_NAMES: [&str; 2] = ["mera.toml", ".mera.toml"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// `[check] files`, as written (relative to the config's folder).
    pub files: Vec<String>,
    pub fail_under: Option<f64>,
    /// `Some(None)` is `fail_on = "none"`.
    pub fail_on: Option<Option<Severity>>,
    pub max_evidence_age_days: Option<u32>,
    /// `allow_unanswered = true`: a file may leave applicable questions open.
    pub allow_unanswered: Option<bool>,
    /// `fail_on_review = true`: answers given before their question's last
    /// revision fail the gate until re-confirmed.
    pub fail_on_review: Option<bool>,
    /// `[questionnaires] paths`, as written.
    pub questionnaire_paths: Vec<String>,
    /// `[report] privilege_legend`: the legend printed on privileged
    /// reports when the answers file does not give its own.
    pub privilege_legend: Option<String>,
}

pub const FAIL_ON_WORDS: [(&str, Option<Severity>); 5] = [
    ("critical", Some(Severity::Critical)),
    ("high", Some(Severity::High)),
    ("medium", Some(Severity::Medium)),
    ("low", Some(Severity::Low)),
    ("none", None),
];

pub fn load(source: &Source) -> Result<Config, Vec<Diagnostic>> {
    let invisible = crate::input::invisible::check(source);
    if !invisible.is_empty() {
        return Err(invisible);
    }
    let root = crate::input::toml_doc::parse(source)?;
    let mut dec = Decoder::new(&source.name);
    let mut config = Config::default();
    if let Some(mut top) = dec.fields(&root, "the config") {
        if let Some(check) = top.take("check")
            && let Some(mut f) = dec.fields(check, "`[check]`")
        {
            config.files = f.texts(&mut dec, "files");
            if let Some(n) = f.take("fail_under") {
                config.fail_under = dec.number(n, "`fail_under`");
                if config
                    .fail_under
                    .is_some_and(|v| !(0.0..=100.0).contains(&v))
                {
                    dec.error_help(
                        crate::input::diagnostic::Code::InvalidValue,
                        n.pos,
                        "`fail_under` must be between 0 and 100",
                        "write the lowest overall score that passes, from 0 to 100, e.g. `fail_under = 70`",
                    );
                }
            }
            config.fail_on = f
                .take("fail_on")
                .and_then(|n| dec.word(n, "`fail_on`", &FAIL_ON_WORDS));
            config.allow_unanswered = f.bool(&mut dec, "allow_unanswered");
            config.fail_on_review = f.bool(&mut dec, "fail_on_review");
            config.max_evidence_age_days = f
                .take("max_evidence_age_days")
                .and_then(|n| dec.whole(n, "`max_evidence_age_days`", 36_500));
            f.finish(
                &mut dec,
                &[
                    "files",
                    "fail_under",
                    "fail_on",
                    "max_evidence_age_days",
                    "allow_unanswered",
                    "fail_on_review",
                ],
            );
        }
        if let Some(q) = top.take("questionnaires")
            && let Some(mut f) = dec.fields(q, "`[questionnaires]`")
        {
            config.questionnaire_paths = f.texts(&mut dec, "paths");
            f.finish(&mut dec, &["paths"]);
        }
        if let Some(r) = top.take("report")
            && let Some(mut f) = dec.fields(r, "`[report]`")
        {
            config.privilege_legend = f.text(&mut dec, "privilege_legend");
            f.finish(&mut dec, &["privilege_legend"]);
        }
        top.finish(&mut dec, &["check", "questionnaires", "report"]);
    }
    if dec.has_errors() {
        Err(dec.problems)
    } else {
        Ok(config)
    }
}

impl Config {
    /// The gate settings this config gives, to layer over the defaults.
    pub fn gate_layer(&self) -> crate::assessment::gate::Layer {
        crate::assessment::gate::Layer {
            fail_under: self.fail_under,
            fail_on: self.fail_on,
            allow_unanswered: self.allow_unanswered,
            fail_on_review: self.fail_on_review,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::diagnostic::Code;

    #[test]
    fn reads_check_and_questionnaire_settings() {
        let src = Source::new(
            "mera.toml",
            "[check]\nfiles = [\"a.yaml\"]\nfail_under = 70\nfail_on = \"high\"\nmax_evidence_age_days = 180\n[questionnaires]\npaths = [\"q\"]\n[report]\nprivilege_legend = \"AC Privileged / Matter 7\"\n",
        );
        let c = load(&src).unwrap();
        assert_eq!(c.files, vec!["a.yaml"]);
        assert_eq!(c.fail_under, Some(70.0));
        assert_eq!(c.fail_on, Some(Some(Severity::High)));
        assert_eq!(c.max_evidence_age_days, Some(180));
        assert_eq!(c.questionnaire_paths, vec!["q"]);
        assert_eq!(
            c.privilege_legend.as_deref(),
            Some("AC Privileged / Matter 7")
        );
    }

    #[test]
    fn misspelled_keys_and_bad_values_are_errors() {
        let src = Source::new(
            "mera.toml",
            "[check]\nfail_undr = 70\nfail_on = \"severe\"\n",
        );
        let errs = load(&src).unwrap_err();
        let codes: Vec<Code> = errs.iter().map(|e| e.code).collect();
        assert!(codes.contains(&Code::UnknownKey));
        assert!(codes.contains(&Code::InvalidValue));
        assert!(
            errs.iter()
                .any(|e| e.help.as_deref() == Some("did you mean `fail_under`?"))
        );
    }
}
