//! `parse-floor PARSER DIR`: the parse floor for a portfolio. Reads every
//! `*.yaml` file in DIR (sorted) and parses it into a generic YAML value,
//! nothing more, on one thread. PARSER is `yaml-rust2` (the parser mera
//! uses) or `serde_yaml` (the common reference). Prints files, bytes and
//! seconds to stderr; `scripts/bench-portfolio` times the whole process.

#![allow(clippy::print_stderr)]

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(parser), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: parse-floor yaml-rust2|serde_yaml DIR");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("read the portfolio folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    let start = Instant::now();
    let mut bytes = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("read a file");
        bytes += text.len();
        match parser.as_str() {
            "yaml-rust2" => {
                let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
                black_box(docs);
            }
            "serde_yaml" => {
                let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
                black_box(value);
            }
            other => {
                eprintln!("unknown parser `{other}`: use yaml-rust2 or serde_yaml");
                std::process::exit(2);
            }
        }
    }
    eprintln!(
        "parse-floor {parser}: {} files, {:.1} MiB, {:.3} s",
        paths.len(),
        bytes as f64 / 1_048_576.0,
        start.elapsed().as_secs_f64()
    );
}
