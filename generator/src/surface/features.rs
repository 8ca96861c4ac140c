//! The generated crate's Cargo features, decided once: one per OpenAPI tag (an operation listing
//! several tags compiles under any of theirs; its code sits in its first tag's file, which
//! compiles under any of its operations' features), `untagged` for operations without a tag,
//! `webhooks` for the webhook events, and which of them each type compiles under.
//!
//! A type compiles under every group whose operations (or webhook payloads) reach it
//! ([`crate::model::reach`]): `#[cfg(any(feature = "a", feature = "b"))]`. A type every group
//! reaches needs no gate (whatever a user turns on needs it), and a type no group reaches
//! compiles only under the feature that turns on everything ([`Features::all`]: `full` in a
//! standalone crate, the provider's feature in `generated/`); in a spec with no operations and
//! no webhooks (models only) nothing is gated. The pattern statics are not gated
//! (they are `pub` and cheap). In the workspace's `generated/` crate the names carry the
//! provider: `paycross-customers`.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{reach, Api};

/// The module name standing for operations without a tag (see `model::operations`).
const UNTAGGED_MODULE: &str = "default";
/// The group of operations without a tag.
pub const UNTAGGED: &str = "untagged";
/// The group of the webhook events.
pub const WEBHOOKS: &str = "webhooks";
/// The feature turning on every group of a standalone crate.
pub const FULL: &str = "full";

/// One feature: a client module's operations, or the webhook events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureGroup {
    /// The Cargo feature's name (`customers`, `paycross-customers`).
    pub feature: String,
    /// The tag's module name (`client/<module>.rs` when it is some operation's first tag);
    /// `None` for the webhooks.
    pub module: Option<String>,
}

/// The features of one spec module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// The feature that turns on every group and the types no group reaches.
    pub all: String,
    /// The groups (client modules and the webhooks, if any), by feature name.
    pub groups: Vec<FeatureGroup>,
    /// Per type of [`Api::types`]: the groups (indices into `groups`) that reach it.
    pub type_groups: Vec<Vec<usize>>,
    /// Per operation of [`Api::operations`]: the groups it belongs to (one per tag it lists).
    pub operation_groups: Vec<Vec<usize>>,
    /// Per client file (`client/<module>.rs`): the groups of its operations.
    pub file_groups: BTreeMap<String, Vec<usize>>,
}

/// `code_scanning` → `code-scanning`: ASCII alphanumerics and inner `-` only (a Cargo feature
/// name cannot start with `-`).
fn sanitize(module: &str) -> String {
    let name: String = module
        .trim_start_matches("r#")
        .trim_matches('_')
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .map(|c| if c == '_' { '-' } else { c })
        .collect();
    if name.is_empty() {
        "tag".into()
    } else {
        name
    }
}

impl Features {
    /// The features of `api` as the module at `module_path`: `crate` is a standalone crate
    /// (`full`, tag names as they are), `crate::paycross` a provider of `generated/`
    /// (`paycross`, `paycross-<tag>`).
    pub fn new(api: &Api, module_path: &str) -> Self {
        let provider = module_path
            .strip_prefix("crate::")
            .map(|p| p.rsplit("::").next().unwrap_or(p).to_string());
        let (all, prefix) = match &provider {
            Some(p) => (p.clone(), format!("{p}-")),
            None => (FULL.to_string(), String::new()),
        };
        let mut taken: BTreeSet<String> = [all.clone(), "default".to_string()].into();
        let mut claim = |base: String| {
            let mut name = format!("{prefix}{base}");
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{prefix}{base}-{n}");
                n += 1;
            }
            name
        };
        // An operation belongs to every tag it lists (its code sits in its first tag's file).
        let op_modules = |o: &'_ crate::model::Operation| -> Vec<String> {
            if o.tag_modules.is_empty() {
                vec![o.module.clone()]
            } else {
                o.tag_modules.clone()
            }
        };
        let modules: BTreeSet<String> = api.operations.iter().flat_map(op_modules).collect();
        let has_webhooks = !api.webhooks.events.is_empty();
        // The webhooks' name is claimed first so a tag called `webhooks` is the one renamed.
        let webhooks_feature = has_webhooks.then(|| claim(WEBHOOKS.into()));
        let mut groups: Vec<FeatureGroup> = modules
            .iter()
            .map(|m| FeatureGroup {
                feature: claim(if m == UNTAGGED_MODULE {
                    UNTAGGED.into()
                } else {
                    sanitize(m)
                }),
                module: Some(m.clone()),
            })
            .collect();
        if let Some(feature) = webhooks_feature {
            groups.push(FeatureGroup {
                feature,
                module: None,
            });
        }
        groups.sort_by(|a, b| a.feature.cmp(&b.feature));
        let operation_groups: Vec<Vec<usize>> = api
            .operations
            .iter()
            .map(|o| {
                let mine = op_modules(o);
                (0..groups.len())
                    .filter(|&g| groups[g].module.as_ref().is_some_and(|m| mine.contains(m)))
                    .collect()
            })
            .collect();
        let mut type_groups = vec![Vec::new(); api.types.len()];
        for (g, group) in groups.iter().enumerate() {
            let roots: Vec<usize> = match &group.module {
                Some(_) => api
                    .operations
                    .iter()
                    .zip(&operation_groups)
                    .filter(|(_, gs)| gs.contains(&g))
                    .flat_map(|(o, _)| reach::operation_roots(o))
                    .collect(),
                None => api
                    .webhooks
                    .events
                    .iter()
                    .flat_map(|e| reach::payload_roots(&e.ty))
                    .collect(),
            };
            let mut reached = vec![false; api.types.len()];
            reach::mark_closure(&api.types, roots, &mut reached);
            for (id, r) in reached.into_iter().enumerate() {
                if r {
                    type_groups[id].push(g);
                }
            }
        }
        let mut file_groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (o, gs) in api.operations.iter().zip(&operation_groups) {
            file_groups.entry(o.module.clone()).or_default().extend(gs);
        }
        for gs in file_groups.values_mut() {
            gs.sort_unstable();
            gs.dedup();
        }
        Features {
            all,
            groups,
            type_groups,
            operation_groups,
            file_groups,
        }
    }

    fn names(&self, groups: &[usize]) -> Vec<String> {
        groups
            .iter()
            .filter_map(|&g| self.groups.get(g))
            .map(|g| g.feature.clone())
            .collect()
    }

    /// The features operation `index` compiles under, when its file's gate is not enough (it
    /// lists several tags, so its file compiles under more features than it does).
    pub fn operation_cfg(&self, index: usize, module: &str) -> Option<Vec<String>> {
        let mine = self.operation_groups.get(index)?;
        (self.file_groups.get(module) != Some(mine)).then(|| self.names(mine))
    }

    /// The features type `id` compiles under (any of them), or `None` when it is always
    /// compiled (every group reaches it).
    pub fn type_cfg(&self, id: usize) -> Option<Vec<String>> {
        let groups = self.type_groups.get(id)?;
        if self.groups.is_empty() {
            // Models only: nothing to pick, so nothing is gated.
            None
        } else if groups.is_empty() {
            Some(vec![self.all.clone()])
        } else if groups.len() == self.groups.len() {
            None
        } else {
            Some(
                groups
                    .iter()
                    .filter_map(|&g| self.groups.get(g))
                    .map(|g| g.feature.clone())
                    .collect(),
            )
        }
    }

    /// The features a set of types compiles under (any of their own), or `None` when one of
    /// them is always compiled: for a `types/` file's `mod` and `pub use`.
    pub fn types_cfg(&self, ids: &[usize]) -> Option<Vec<String>> {
        let mut all: Vec<String> = Vec::new();
        for &id in ids {
            all.extend(self.type_cfg(id)?);
        }
        all.sort();
        all.dedup();
        Some(all)
    }

    /// The features the client file `client/<module>.rs` compiles under: any of its
    /// operations' features.
    pub fn module_cfg(&self, module: &str) -> Option<Vec<String>> {
        self.file_groups.get(module).map(|gs| self.names(gs))
    }

    /// The feature of the `webhooks` module.
    pub fn webhooks_cfg(&self) -> Option<Vec<String>> {
        self.groups
            .iter()
            .find(|g| g.module.is_none())
            .map(|g| vec![g.feature.clone()])
    }

    /// The features the whole spec module compiles under in `generated/` (any of its groups,
    /// or its own feature when it has none).
    pub fn module_any_cfg(&self) -> Vec<String> {
        if self.groups.is_empty() {
            vec![self.all.clone()]
        } else {
            self.groups.iter().map(|g| g.feature.clone()).collect()
        }
    }
}
