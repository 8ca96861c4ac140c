//! The pipeline's one entry point: [`Generator`] runs load → resolve → model → emit on a spec
//! and returns the files with every warning, or every diagnostic when it cannot generate.
//!
//! Every caller (`cargo xtask codegen` and `generate`, the installable binary, the benches and
//! the tests) goes through here, so diagnostics are attributed and positioned the same way
//! everywhere: each names its file, and the line and column of its JSON pointer where the
//! document's text shows it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diag::{message_shape, Diagnostic, Diagnostics, Severity, PLACES_SHOWN};
use crate::emit::package::{standalone_crate_for, workspace_crate, RuntimeForm, WorkspaceSpec};
use crate::emit::{Options, OutFile};
use crate::load;
use crate::model::{self, Api};

/// What to generate and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The crate name of a standalone crate; `None`: from the spec's file name
    /// (see [`crate_name_for`]).
    pub crate_name: Option<String>,
    /// The comment every generated file starts with (names the spec and the command).
    pub header: String,
    /// How code is emitted (`lean`, …).
    pub emit: Options,
    /// How the generated code gets its runtime: vendored into `src/runtime/`, or the
    /// `generator-runtime` crate by path or version. The workspace crate needs a path.
    pub runtime: RuntimeForm,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: None,
            header: "Generated from an OpenAPI document. Do not edit: change the spec and rerun."
                .into(),
            emit: Options::default(),
            runtime: RuntimeForm::Vendored,
        }
    }
}

/// A spec loaded and modelled, with the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Modelled {
    /// The spec's path.
    pub path: PathBuf,
    /// The model.
    pub api: Api,
    /// Warnings (constructs that fell back to `serde_json::Value`, …).
    pub warnings: Diagnostics,
}

/// A generated standalone crate.
#[derive(Debug, Clone)]
pub struct Output {
    /// The crate's name.
    pub crate_name: String,
    /// `Cargo.toml` and everything under `src/`, paths relative to the crate directory.
    pub files: Vec<OutFile>,
    /// The model the files were rendered from.
    pub api: Api,
    /// Warnings; generation went on past each with a documented fallback.
    pub warnings: Diagnostics,
}

/// One spec of the workspace crate (`generated/`): one module and one Cargo feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceInput {
    /// Module and feature name (`paycross`).
    pub module: String,
    /// The spec's path.
    pub path: PathBuf,
    /// The header of the module's files.
    pub header: String,
}

/// What one spec of the workspace crate came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecSummary {
    /// Module and feature name.
    pub module: String,
    /// The spec's path.
    pub path: PathBuf,
    /// How many types and operations it has.
    pub types: usize,
    /// How many operations.
    pub operations: usize,
    /// Milliseconds spent loading and modelling it.
    pub millis: u128,
}

/// The generated workspace crate.
#[derive(Debug, Clone)]
pub struct WorkspaceOutput {
    /// Paths relative to the crate directory.
    pub files: Vec<OutFile>,
    /// One summary per spec, in input order.
    pub specs: Vec<SpecSummary>,
    /// Every spec's warnings, each naming its file.
    pub warnings: Diagnostics,
}

/// Runs the pipeline with fixed [`Settings`].
#[derive(Debug, Clone, Default)]
pub struct Generator {
    settings: Settings,
}

impl Generator {
    /// A generator with these settings.
    pub fn new(settings: Settings) -> Self {
        Generator { settings }
    }

    /// Its settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Loads and models the spec at `path`.
    pub fn model(&self, path: &Path) -> Result<Modelled, Diagnostics> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error("", format!("cannot read the file: {e}")).in_file(path),
            )
        })?;
        self.model_str(&text, path)
    }

    /// Loads and models `text` as the spec at `path` (relative `$ref`s are read next to it).
    pub fn model_str(&self, text: &str, path: &Path) -> Result<Modelled, Diagnostics> {
        self.load_and_model(text, path).map(|(document, modelled)| {
            crate::alloc::drop_aside_if_large(document, text.len());
            modelled
        })
    }

    /// As [`Generator::model_str`], also giving back the loaded document (the review engine
    /// compares what the model does not keep, such as media types, on it).
    pub fn load_and_model(
        &self,
        text: &str,
        path: &Path,
    ) -> Result<(load::Document, Modelled), Diagnostics> {
        let document = load::load_str(text, path)?;
        let modelled = self.model_document(&document, text, path)?;
        Ok((document, modelled))
    }

    /// Models a document already loaded from `text`, the spec at `path` (the second half of
    /// [`Generator::model_str`]; the `stages` example times the two halves apart).
    pub fn model_document(
        &self,
        document: &load::Document,
        text: &str,
        path: &Path,
    ) -> Result<Modelled, Diagnostics> {
        let mut found = Diagnostics::new();
        let api = model::build_into(&document.api, &mut found);
        // Pointers into a converted (Swagger 2.0) document become pointers into the text read.
        let mut diagnostics: Diagnostics = document.warnings.clone().into();
        diagnostics.extend(found.into_iter().map(|d| document.translate(d)));
        // Bundled parts come from other files: only an exact match in this text is a position.
        let nearest = !document.bundled();
        let diagnostics = locate_positions(diagnostics, text, nearest);
        match api {
            Some(api) => Ok(Modelled {
                path: path.to_path_buf(),
                api,
                warnings: diagnostics,
            }),
            None => Err(diagnostics),
        }
    }

    /// Generates a standalone crate from the spec at `path`.
    pub fn generate(&self, path: &Path) -> Result<Output, Diagnostics> {
        self.emit(self.model(path)?)
    }

    /// Generates a standalone crate from `text`, the spec at `path`.
    pub fn generate_str(&self, text: &str, path: &Path) -> Result<Output, Diagnostics> {
        self.emit(self.model_str(text, path)?)
    }

    /// Renders a modelled spec as a standalone crate.
    pub fn emit(&self, modelled: Modelled) -> Result<Output, Diagnostics> {
        let crate_name = self
            .settings
            .crate_name
            .clone()
            .unwrap_or_else(|| crate_name_for(&modelled.path));
        let files = standalone_crate_for(
            &crate_name,
            &modelled.api,
            &self.settings.header,
            &self.settings.emit,
            &self.settings.runtime,
        )
        .map_err(|d| with_warnings(d, &modelled.warnings))?;
        Ok(Output {
            crate_name,
            files,
            api: modelled.api,
            warnings: modelled.warnings,
        })
    }

    /// Generates the workspace crate: one module and one Cargo feature per spec, the header of
    /// [`Settings`] on the crate's own files. Every spec is modelled before anything is rendered,
    /// and the error lists every failing spec's diagnostics.
    pub fn generate_workspace(
        &self,
        inputs: &[WorkspaceInput],
    ) -> Result<WorkspaceOutput, Diagnostics> {
        let mut all = Diagnostics::new();
        let mut modelled = Vec::new();
        let mut specs = Vec::new();
        for input in inputs {
            let started = Instant::now();
            match self.model(&input.path) {
                Ok(m) => {
                    specs.push(SpecSummary {
                        module: input.module.clone(),
                        path: input.path.clone(),
                        types: m.api.types.len(),
                        operations: m.api.operations.len(),
                        millis: started.elapsed().as_millis(),
                    });
                    all.extend(m.warnings.iter().cloned());
                    modelled.push((input, m.api));
                }
                Err(d) => all.extend(d),
            }
        }
        if all.has_errors() {
            return Err(all);
        }
        let parts: Vec<WorkspaceSpec<'_>> = modelled
            .iter()
            .map(|(input, api)| WorkspaceSpec {
                name: &input.module,
                api,
                header: input.header.clone(),
            })
            .collect();
        let RuntimeForm::Path(runtime_path) = &self.settings.runtime else {
            return Err(with_warnings(
                Diagnostic::error(
                    "",
                    "the workspace crate depends on the runtime crate by path: set Settings::runtime to RuntimeForm::Path",
                ),
                &all,
            ));
        };
        let files = workspace_crate(&parts, &self.settings.header, runtime_path)
            .map_err(|d| with_warnings(d, &all))?;
        Ok(WorkspaceOutput {
            files,
            specs,
            warnings: all,
        })
    }
}

/// The default crate name for a spec: its file stem as a Cargo name (`pay_cross.yaml` →
/// `pay-cross`).
pub fn crate_name_for(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    model::to_field_name(stem)
        .trim_start_matches("r#")
        .replace('_', "-")
}

/// An emit error, after the warnings met before it.
fn with_warnings(error: Diagnostic, warnings: &Diagnostics) -> Diagnostics {
    let mut all = warnings.clone();
    all.push(error);
    all
}

/// Gives diagnostics without a position the line and column of their pointer in `text`: every
/// error, and the first places of each kind of warning (the ones [`Diagnostics`] shows; finding
/// a position scans the text, and a large spec can repeat one warning hundreds of times).
fn locate_positions(mut diagnostics: Diagnostics, text: &str, nearest: bool) -> Diagnostics {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for d in diagnostics.iter_mut() {
        if d.position.is_some() || d.pointer.is_empty() {
            continue;
        }
        if d.severity == Severity::Warning {
            let count = seen.entry(message_shape(&d.message)).or_default();
            *count += 1;
            if *count > PLACES_SHOWN {
                continue;
            }
        }
        d.position = load::locate(text, &d.pointer, nearest);
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(path)
    }

    /// A workspace with one refused spec renders nothing and reports every spec's findings: the
    /// refused spec's error and the other spec's warning, each naming its file and position.
    #[test]
    fn a_workspace_reports_every_specs_errors_and_warnings_together() {
        let inputs: Vec<WorkspaceInput> =
            ["fixtures/recursive.yaml", "diagnostics/dangling_ref.yaml"]
                .iter()
                .map(|p| WorkspaceInput {
                    module: crate_name_for(Path::new(p)).replace('-', "_"),
                    path: fixture(p),
                    header: "test".into(),
                })
                .collect();
        let diagnostics = match Generator::default().generate_workspace(&inputs) {
            Err(d) => d.relative_to(Path::new(env!("CARGO_MANIFEST_DIR"))),
            Ok(_) => panic!("a dangling reference was accepted"),
        };
        let text = diagnostics.to_string();
        assert_eq!(diagnostics.errors().count(), 1, "{text}");
        assert_eq!(diagnostics.warnings().count(), 1, "{text}");
        assert!(
            text.starts_with("error: tests/diagnostics/dangling_ref.yaml:9:9: at /components/schemas/A/properties/b: dangling reference"),
            "{text}"
        );
        assert!(
            text.contains(
                "\nwarning: tests/fixtures/recursive.yaml:28:5: at /components/schemas/SelfList: "
            ),
            "{text}"
        );
    }

    /// A standalone crate comes with its warnings beside the files, and the crate name defaults
    /// to the file's.
    #[test]
    fn a_crate_comes_with_its_warnings() {
        let output = Generator::default()
            .generate(&fixture("fixtures/recursive.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(output.crate_name, "recursive");
        assert!(output.files.iter().any(|f| f.path == "src/lib.rs"));
        assert_eq!(output.warnings.warnings().count(), 1, "{}", output.warnings);
        assert!(!output.warnings.has_errors());
    }
}
