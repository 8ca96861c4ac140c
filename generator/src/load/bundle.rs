//! Bundling: relative-file `$ref`s are copied into the root document before it is typed.
//!
//! [`bundle`] runs on the untyped tree: every `other.yaml#/components/schemas/X` is copied into
//! the root document's `components` (renamed if the name is taken) and the reference rewritten to
//! a local one, so several specs can share a components file and later stages only ever see local
//! references.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};

/// Whether the text has any `$ref` that points outside the document (cheap textual scan).
pub fn has_external_refs(text: &str) -> bool {
    // One searcher for the whole text (`find` in a loop would build one per reference).
    text.match_indices("$ref").any(|(i, _)| {
        let rest = &text[i + 4..];
        let after = rest.trim_start_matches(['"', '\'']).trim_start();
        after.strip_prefix(':').is_some_and(|after| {
            !after
                .trim_start()
                .trim_start_matches(['"', '\''])
                .starts_with('#')
        })
    })
}

/// The component sections a reference can point into.
const SECTIONS: [&str; 8] = [
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
];

struct Bundler {
    /// (file, pointer) → the local reference it was imported as.
    imported: HashMap<(PathBuf, String), String>,
    /// Parsed external files.
    files: HashMap<PathBuf, Value>,
    /// What gets added to the root's components, by section.
    added: BTreeMap<String, serde_json::Map<String, Value>>,
    /// Names already used, by section (root's own and imported).
    taken: HashMap<String, std::collections::HashSet<String>>,
    root_path: PathBuf,
}

/// Copies every external reference into `root`'s components and makes all references local.
pub fn bundle(mut root: Value, root_path: &Path) -> Result<Value, Diagnostics> {
    let mut b = Bundler {
        imported: HashMap::new(),
        files: HashMap::new(),
        added: BTreeMap::new(),
        taken: HashMap::new(),
        root_path: root_path.to_path_buf(),
    };
    if let Some(components) = root.get("components").and_then(Value::as_object) {
        for section in SECTIONS {
            if let Some(map) = components.get(section).and_then(Value::as_object) {
                b.taken
                    .entry(section.to_string())
                    .or_default()
                    .extend(map.keys().cloned());
            }
        }
    }
    let root_file = canonical(root_path);
    b.rewrite(&mut root, &root_file, true, "")?;
    if !b.added.is_empty() {
        let Some(obj) = root.as_object_mut() else {
            return Err(Diagnostic::error("", "the document is not a mapping")
                .in_file(root_path)
                .into());
        };
        let components = obj
            .entry("components")
            .or_insert_with(|| Value::Object(Default::default()));
        let Some(components) = components.as_object_mut() else {
            return Err(
                Diagnostic::error("/components", "`components` is not a mapping")
                    .in_file(root_path)
                    .into(),
            );
        };
        for (section, items) in std::mem::take(&mut b.added) {
            let entry = components
                .entry(section)
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(map) = entry.as_object_mut() {
                map.extend(items);
            }
        }
    }
    Ok(root)
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

impl Bundler {
    /// Rewrites references in `v`, which lives in `file` (the root when `is_root`).
    fn rewrite(
        &mut self,
        v: &mut Value,
        file: &Path,
        is_root: bool,
        at: &str,
    ) -> Result<(), Diagnostics> {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let r = r.clone();
                    let (target_file, pointer) = match r.split_once('#') {
                        Some(("", p)) => (None, p.to_string()),
                        Some((f, p)) => (Some(f.to_string()), p.to_string()),
                        None => (Some(r.clone()), String::new()),
                    };
                    let local = match (target_file, is_root) {
                        (None, true) => None,
                        (None, false) => Some(self.import(file, &pointer, &r, at)?),
                        (Some(f), _) => {
                            let dir = file.parent().unwrap_or(Path::new("."));
                            if f.starts_with("http://") || f.starts_with("https://") {
                                return Err(Diagnostic::error(at, format!("remote reference `{r}` is not supported: download it and refer to the local file"))
                                    .in_file(&self.root_path)
                                    .into());
                            }
                            let target = canonical(&dir.join(&f));
                            Some(self.import(&target, &pointer, &r, at)?)
                        }
                    };
                    if let Some(local) = local {
                        map.insert("$ref".into(), Value::String(local));
                    }
                    return Ok(());
                }
                // Extensions and `example` values are free-form data: a `$ref` in them (Azure's
                // `x-ms-examples`, an example that shows a JSON Schema) is not a reference.
                for (k, child) in map.iter_mut() {
                    if k.starts_with("x-") || k == "example" {
                        continue;
                    }
                    let here = crate::diag::pointer_join(at, k);
                    self.rewrite(child, file, is_root, &here)?;
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.rewrite(child, file, is_root, &format!("{at}/{i}"))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn import(
        &mut self,
        file: &Path,
        pointer: &str,
        original: &str,
        at: &str,
    ) -> Result<String, Diagnostics> {
        let key = (file.to_path_buf(), pointer.to_string());
        if let Some(local) = self.imported.get(&key) {
            return Ok(local.clone());
        }
        if !self.files.contains_key(file) {
            let text = std::fs::read_to_string(file).map_err(|e| {
                Diagnostic::error(
                    at,
                    format!(
                        "cannot read `{}` referenced by `{original}`: {e}",
                        file.display()
                    ),
                )
                .in_file(&self.root_path)
            })?;
            let value = super::parse_value(&text, file)?;
            self.files.insert(file.to_path_buf(), value);
        }
        let target = self.files[file].pointer(pointer).cloned().ok_or_else(|| {
            Diagnostic::error(
                at,
                format!(
                    "dangling reference `{original}`: `{}` has nothing at `{pointer}`",
                    file.display()
                ),
            )
            .in_file(&self.root_path)
        })?;
        let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
        let (section, wanted) = match tokens.as_slice() {
            ["components", section, name] if SECTIONS.contains(section) => {
                (section.to_string(), unescape(name))
            }
            _ => {
                let stem = file
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("Imported");
                let last = tokens.last().map(|t| unescape(t)).filter(|t| !t.is_empty());
                (
                    "schemas".to_string(),
                    last.unwrap_or_else(|| stem.to_string()),
                )
            }
        };
        let taken = self.taken.entry(section.clone()).or_default();
        let mut name = wanted.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{wanted}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        let local = format!(
            "#/components/{section}/{}",
            crate::diag::escape_token(&name)
        );
        self.imported.insert(key, local.clone());
        let mut target = target;
        self.rewrite(&mut target, file, false, pointer)?;
        self.added.entry(section).or_default().insert(name, target);
        Ok(local)
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
