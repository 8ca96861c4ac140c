//! The Rust spelling of model types: the fully qualified text the generated code uses (so a spec
//! type named `String`, `Option`, `Result` or `Box` never clashes with the standard library) and
//! the short text a reviewer reads (`Option<Customer>`).

use crate::model::{Api, Prim, Ty};

/// A Rust type, spelt twice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustType {
    /// As the generated code writes it: `::std::option::Option<crate::paycross::types::Customer>`.
    pub full: String,
    /// As a reader says it: `Option<Customer>`.
    pub short: String,
}

impl RustType {
    /// A type spelt the same both ways (`()`, `i32`).
    pub fn same(text: impl Into<String>) -> Self {
        let text = text.into();
        RustType {
            full: text.clone(),
            short: text,
        }
    }

    /// `wrapper<self>`, with the wrapper's full and short paths.
    pub fn wrapped(&self, full: &str, short: &str) -> Self {
        RustType {
            full: format!("{full}<{}>", self.full),
            short: format!("{short}<{}>", self.short),
        }
    }

    /// `&self` (`&'a self` with a lifetime).
    pub fn borrowed(&self, lifetime: Option<&str>) -> Self {
        let amp = match lifetime {
            Some(l) => format!("&{l} "),
            None => "&".to_string(),
        };
        RustType {
            full: format!("{amp}{}", self.full),
            short: format!("&{}", self.short),
        }
    }
}

/// The standard `Option`.
pub const OPTION: &str = "::std::option::Option";
/// The standard `Box`.
pub const BOX: &str = "::std::boxed::Box";
/// The standard `String`.
pub const STRING: &str = "::std::string::String";

/// The Rust type of `ty` in the spec module at `module_path` (`crate::paycross`).
pub fn rust_type(api: &Api, module_path: &str, ty: &Ty) -> RustType {
    match ty {
        Ty::Named(id) => {
            let name = api
                .types
                .get(*id)
                .map(|t| t.name.as_str())
                .unwrap_or("Unknown");
            RustType {
                full: format!("{module_path}::types::{name}"),
                short: name.to_string(),
            }
        }
        Ty::Prim(p) => prim(*p),
        Ty::Vec(inner) => rust_type(api, module_path, inner).wrapped("::std::vec::Vec", "Vec"),
        Ty::Map(inner) => {
            let inner = rust_type(api, module_path, inner);
            RustType {
                full: format!("::std::collections::BTreeMap<{STRING}, {}>", inner.full),
                short: format!("BTreeMap<String, {}>", inner.short),
            }
        }
        Ty::Option(inner) => rust_type(api, module_path, inner).wrapped(OPTION, "Option"),
        Ty::Json => RustType {
            full: "::serde_json::Value".into(),
            short: "serde_json::Value".into(),
        },
    }
}

/// The Rust type of a primitive.
pub fn prim(p: Prim) -> RustType {
    let (full, short) = match p {
        Prim::String => (STRING, "String"),
        Prim::Bool => ("bool", "bool"),
        Prim::I32 => ("i32", "i32"),
        Prim::I64 => ("i64", "i64"),
        Prim::F32 => ("f32", "f32"),
        Prim::F64 => ("f64", "f64"),
        Prim::DateTime => ("crate::runtime::Timestamp", "Timestamp"),
        Prim::Date => ("::chrono::NaiveDate", "NaiveDate"),
        Prim::Uuid => ("::uuid::Uuid", "Uuid"),
        Prim::Ipv4 => ("::std::net::Ipv4Addr", "Ipv4Addr"),
        Prim::Ipv6 => ("::std::net::Ipv6Addr", "Ipv6Addr"),
        Prim::Binary => ("::std::vec::Vec<u8>", "Vec<u8>"),
    };
    RustType {
        full: full.into(),
        short: short.into(),
    }
}
