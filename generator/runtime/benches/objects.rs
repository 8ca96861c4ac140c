//! Reading, writing, cloning and comparing a generated struct through its `json_object!` table:
//! `cargo bench -p generator-runtime --bench objects`.
//!
//! The struct is shaped like the repositories GitHub's API lists: fifteen declared properties of
//! every kind (required, nullable, optional; numbers, strings, a list) and the extras map, which
//! catches one undeclared property. Each measurement covers a list of 2,000 of them. To compare
//! two versions of the runtime, run the bench on the first with `-- --save-baseline before` and on
//! the second with `-- --baseline before`.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use generator_runtime::json_object;

/// A repository, as a generated struct.
pub struct Repository {
    pub id: i64,
    pub name: String,
    pub full_name: Option<String>,
    pub private: bool,
    pub description: Option<String>,
    pub fork: bool,
    pub url: String,
    pub html_url: String,
    pub size: i64,
    pub stars: i64,
    pub topics: Vec<String>,
    pub language: Option<String>,
    pub archived: Option<bool>,
    pub open_issues: i64,
    pub default_branch: String,
    pub extra: BTreeMap<String, serde_json::Value>,
}

json_object! {
    Repository, both + Debug + Clone + PartialEq;
    req id = "id";
    req name = "name";
    nul full_name = "full_name";
    req private = "private";
    nul description = "description";
    req fork = "fork";
    req url = "url";
    req html_url = "html_url";
    req size = "size";
    req stars = "stargazers_count";
    req topics = "topics";
    nul language = "language";
    opt archived = "archived";
    req open_issues = "open_issues";
    req default_branch = "default_branch";
    ..extra;
}

const ONE: &str = r#"{"id":1296269,"name":"Hello-World","full_name":"octocat/Hello-World","private":false,"description":"This your first repo!","fork":false,"url":"https://api.github.com/repos/octocat/Hello-World","html_url":"https://github.com/octocat/Hello-World","size":108,"stargazers_count":80,"topics":["octocat","atom","electron","api"],"language":null,"archived":false,"open_issues":0,"default_branch":"master","node_id":"MDEwOlJlcG9zaXRvcnkxMjk2MjY5"}"#;

fn objects(c: &mut Criterion) {
    let text = format!("[{}]", vec![ONE; 2000].join(","));
    let list: Vec<Repository> = serde_json::from_str(&text).expect("the list reads");
    assert_eq!(list.len(), 2000);
    assert_eq!(list[0].extra.len(), 1, "the undeclared property is kept");
    let mut group = c.benchmark_group("objects");
    group.bench_function("read", |b| {
        b.iter(|| serde_json::from_str::<Vec<Repository>>(black_box(&text)))
    });
    group.bench_function("write", |b| {
        b.iter(|| serde_json::to_string(black_box(&list)))
    });
    group.bench_function("clone_and_compare", |b| {
        b.iter(|| {
            let copy = black_box(&list).clone();
            copy == list
        })
    });
    group.finish();
}

criterion_group!(benches, objects);
criterion_main!(benches);
