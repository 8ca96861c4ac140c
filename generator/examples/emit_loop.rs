//! temp: profile emit
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(5);
    let text = std::fs::read_to_string(&path).unwrap();
    let g = generator::Generator::new(generator::Settings {
        crate_name: Some("x".into()),
        header: "h".into(),
        ..Default::default()
    });
    let m = g.model_str(&text, std::path::Path::new(&path)).unwrap();
    let mut best = std::time::Duration::MAX;
    for _ in 0..n {
        let c = m.clone();
        let t = std::time::Instant::now();
        let o = g.emit(c).unwrap();
        best = best.min(t.elapsed());
        if std::env::var_os("DUMP").is_some() {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for f in &o.files {
                f.path.hash(&mut h);
                f.contents.hash(&mut h);
            }
            println!("files {} hash {:x}", o.files.len(), h.finish());
        }
        if let Some(dir) = std::env::var_os("OUT") {
            for f in &o.files {
                let p = std::path::Path::new(&dir).join(&f.path);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, &f.contents).unwrap();
            }
        }
        std::hint::black_box(o);
    }
    println!("emit best of {n}: {best:?}");
}
