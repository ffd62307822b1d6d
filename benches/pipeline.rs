//! `cargo bench --bench pipeline`: timings of the pipeline stages on the
//! shipped examples and on worst-case inputs, with peak memory. Std only, so
//! it adds no dependency; each figure is the median of many runs.

#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use mera::assessment::scoring::{self, Options};
use mera::content::catalog::Catalog;
use mera::content::set::QuestionnaireSet;
use mera::input::source::Source;
use mera::report::{self, Format, Report, Style};

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn row(name: &str, d: Duration) {
    println!("| {name} | {:.3} ms |", d.as_secs_f64() * 1000.0);
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let example = Source::new(
        "examples/frontier-lab.yaml",
        include_str!("../examples/frontier-lab.yaml"),
    );
    let options = Options::on(mera::input::doc::parse_date("2026-11-20").unwrap());
    println!("| stage | median |\n|---|---:|");
    row(
        "load the catalog and the 7 built-in questionnaires (as every run does)",
        median(50, || {
            let builtin = QuestionnaireSet::builtin_sources();
            let (catalog, loaded) =
                rayon::join(Catalog::builtin, || mera::content::set::load(&builtin, &[]));
            black_box((catalog, loaded));
        }),
    );
    row(
        "load the set and check it as a whole, reachability included (validate, custom sets)",
        median(20, || {
            let (set, _) = mera::content::set::load(&QuestionnaireSet::builtin_sources(), &[]);
            black_box(mera::content::set::check(&set, &Catalog::builtin()));
        }),
    );
    let catalog = Catalog::builtin();
    let set = QuestionnaireSet::builtin();
    row(
        "parse and check frontier-lab.yaml",
        median(200, || {
            black_box(mera::assessment::answers::load(&example, &set).unwrap());
        }),
    );
    let (answers, _) = mera::assessment::answers::load(&example, &set).unwrap();
    row(
        "score it",
        median(200, || {
            black_box(scoring::assess(&set, &catalog, &answers, &options));
        }),
    );
    let assessment = scoring::assess(&set, &catalog, &answers, &options);
    for format in [Format::Table, Format::Markdown, Format::Json] {
        row(
            &format!("render {format:?}"),
            median(200, || {
                black_box(report::render(
                    format,
                    &[Report::new(&assessment, None)],
                    Style::default(),
                ));
            }),
        );
    }
    // A valid answers file just under the 4 MiB limit: long notes on every answer.
    let mut big = String::from(
        "mera: 1\norganization: {name: Big, as_of: 2026-11-20}\nprofile: {develops_frontier_models: true, deploys_ai_agents: true, critical_infrastructure_operator: true}\nanswers:\n",
    );
    // Notes sized so the file stays under the limit however many questions
    // the set has.
    let questions = set.question_ids().count();
    let per_answer = (mera::input::source::MAX_FILE_BYTES - 1024) / questions;
    let note = "x".repeat(per_answer.saturating_sub(80));
    for id in set.question_ids() {
        big.push_str(&format!("  {id}:\n    answer: unknown\n    note: {note}\n"));
    }
    let big = Source::new("big.yaml", big);
    println!(
        "| (near-limit file: {:.1} MiB) | |",
        big.text.len() as f64 / 1_048_576.0
    );
    row(
        "parse, check and score the near-limit file",
        median(10, || {
            let (a, _) = mera::assessment::answers::load(&big, &set).unwrap();
            black_box(scoring::assess(&set, &catalog, &a, &options));
        }),
    );
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let bomb = Source::new("bomb.yaml", bomb);
    row(
        "refuse an alias bomb (10^12 values)",
        median(20, || {
            black_box(mera::input::yaml::parse(&bomb).unwrap_err());
        }),
    );
    let deep = Source::new(
        "deep.yaml",
        (0..2000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect::<String>(),
    );
    row(
        "refuse 2,000 levels of block nesting",
        median(20, || {
            black_box(mera::input::yaml::parse(&deep).unwrap_err());
        }),
    );
    if let Some(kib) = peak_rss_kib() {
        println!(
            "\npeak memory (VmHWM) over the whole run: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
}
