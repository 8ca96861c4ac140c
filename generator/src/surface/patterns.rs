//! The `static` regexes of a spec's `types` module, named after their first use site
//! (`CUSTOMER_CREATE_EMAIL_PATTERN` for the `email` field of `CustomerCreate`,
//! `LIST_CUSTOMERS_EMAIL_PATTERN` for a parameter of `list_customers`), so that adding a pattern
//! renames nothing else. One static per distinct regex: a later site reuses the first one's.

use std::collections::{BTreeSet, HashMap};

use heck::ToShoutySnakeCase;

use crate::diag::pointer_join;
use crate::model::{Api, Constraints, TypeKind};

/// One `static` regex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternStatic {
    /// The static's name.
    pub name: String,
    /// The regex.
    pub regex: String,
    /// JSON pointer of its first use site.
    pub origin: String,
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
            if let Some(regex) = &c.pattern {
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
                    });
                }
            }
            next = c.items.as_deref();
        }
    }

    /// The static's name for `regex`, if it was collected.
    pub fn name(&self, regex: &str) -> Option<&str> {
        self.index
            .get(regex)
            .and_then(|&i| self.statics.get(i))
            .map(|s| s.name.as_str())
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
