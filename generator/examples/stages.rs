//! Times each stage of the generator on one spec: `cargo run --release -p generator --example
//! stages -- path/to/openapi.json`. The criterion benchmarks measure the same stages.

use std::time::Instant;

/// The allocator `xtask` uses (see `benches/stages.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: stages SPEC");
        std::process::exit(2);
    };
    let t = Instant::now();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let read = t.elapsed();
    let generator = generator::Generator::new(generator::Settings {
        crate_name: Some("x".into()),
        header: "h".into(),
        ..Default::default()
    });
    let t = Instant::now();
    let document = match generator::load::load_str(&text, std::path::Path::new(&path)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let load = t.elapsed();
    let t = Instant::now();
    let modelled = match generator.model_document(&document, &text, std::path::Path::new(&path)) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let model = t.elapsed();
    drop(document);
    let (types, operations) = (modelled.api.types.len(), modelled.api.operations.len());
    let t = Instant::now();
    let output = match generator.emit(modelled) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let emit = t.elapsed();
    let files = output.files;
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    println!("read {read:?}, load+resolve {load:?}, model {model:?}, emit+format {emit:?}; {types} types, {operations} operations, {} files, {bytes} bytes", files.len());
}
