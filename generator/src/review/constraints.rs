//! Validation rules compared: which got stricter (a request the client sent before may now be
//! refused) and which got looser.

use crate::model::Constraints;

/// A number without a pointless `.0`.
pub(super) fn num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One constraint that got stricter or looser.
pub(super) struct ConstraintChange {
    /// Stricter than before.
    pub(super) tightened: bool,
    /// What changed (`` `maxLength` 50 → 20 ``).
    pub(super) text: String,
}

/// Compares two sets of validation rules; `what` prefixes nested item rules.
pub(super) fn constraint_changes(
    old: &Constraints,
    new: &Constraints,
    what: &str,
    out: &mut Vec<ConstraintChange>,
) {
    let mut push = |tightened: bool, text: String| {
        out.push(ConstraintChange {
            tightened,
            text: format!("{what}{text}"),
        })
    };
    let opt = |v: Option<usize>| v.map_or("none".to_string(), |n| n.to_string());
    // Lower bounds: higher is stricter; upper bounds: lower is stricter; none is loosest.
    let lower = |a: Option<usize>, b: Option<usize>| -> Option<bool> {
        match (a, b) {
            (x, y) if x == y => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(x), Some(y)) => Some(y > x),
            _ => None,
        }
    };
    let upper = |a: Option<usize>, b: Option<usize>| -> Option<bool> {
        match (a, b) {
            (x, y) if x == y => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(x), Some(y)) => Some(y < x),
            _ => None,
        }
    };
    if let Some(t) = lower(old.min_length, new.min_length) {
        push(
            t,
            format!(
                "`minLength` {} → {}",
                opt(old.min_length),
                opt(new.min_length)
            ),
        );
    }
    if let Some(t) = upper(old.max_length, new.max_length) {
        push(
            t,
            format!(
                "`maxLength` {} → {}",
                opt(old.max_length),
                opt(new.max_length)
            ),
        );
    }
    if let Some(t) = lower(old.min_items, new.min_items) {
        push(
            t,
            format!("`minItems` {} → {}", opt(old.min_items), opt(new.min_items)),
        );
    }
    if let Some(t) = upper(old.max_items, new.max_items) {
        push(
            t,
            format!("`maxItems` {} → {}", opt(old.max_items), opt(new.max_items)),
        );
    }
    if old.unique_items != new.unique_items {
        push(
            new.unique_items,
            format!("`uniqueItems` {} → {}", old.unique_items, new.unique_items),
        );
    }
    match (&old.pattern, &new.pattern) {
        (None, Some(p)) => push(true, format!("`pattern` added: `{p}`")),
        (Some(p), None) => push(false, format!("`pattern` removed (was `{p}`)")),
        (Some(a), Some(b)) if a != b => push(true, format!("`pattern` changed: `{a}` → `{b}`")),
        _ => {}
    }
    // A checked `format` of a value that stays a `String` (`email`, `uri`, `byte`); a change to
    // or from one that changes the Rust type (`uuid`, `date`) is a type change, reported as such.
    let string_format = |f: Option<crate::model::StringFormat>| f.filter(|f| f.keeps_string());
    let format = |f: Option<crate::model::StringFormat>| match f {
        Some(f) => format!("`{}`", f.name()),
        None => "none".to_string(),
    };
    let (old_format, new_format) = (string_format(old.format), string_format(new.format));
    let typed = |f: Option<crate::model::StringFormat>| f.is_some_and(|f| !f.keeps_string());
    if old_format != new_format && !typed(old.format) && !typed(new.format) {
        push(
            new.format.is_some(),
            format!("`format` {} → {}", format(old.format), format(new.format)),
        );
    }
    let bound = |b: Option<(f64, bool)>| match b {
        None => "none".to_string(),
        Some((n, true)) => format!("{} (exclusive)", num(n)),
        Some((n, false)) => num(n),
    };
    // A bound as a comparable number line position: exclusive lower bounds sit just above.
    let cmp_bound = |a: Option<(f64, bool)>, b: Option<(f64, bool)>, low: bool| -> Option<bool> {
        match (a, b) {
            (x, y) if x == y => None,
            (None, None) => None,
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some((x, xe)), Some((y, ye))) => {
                if x == y {
                    Some(ye && !xe)
                } else if low {
                    Some(y > x)
                } else {
                    Some(y < x)
                }
            }
        }
    };
    if let Some(t) = cmp_bound(old.minimum, new.minimum, true) {
        push(
            t,
            format!("`minimum` {} → {}", bound(old.minimum), bound(new.minimum)),
        );
    }
    if let Some(t) = cmp_bound(old.maximum, new.maximum, false) {
        push(
            t,
            format!("`maximum` {} → {}", bound(old.maximum), bound(new.maximum)),
        );
    }
    match (old.multiple_of, new.multiple_of) {
        (a, b) if a == b => {}
        (None, Some(b)) => push(true, format!("`multipleOf` {} added", num(b))),
        (Some(a), None) => push(false, format!("`multipleOf` {} removed", num(a))),
        (Some(a), Some(b)) => {
            // Stricter unless the new step divides the old one.
            let looser = a != 0.0 && b != 0.0 && ((a / b).fract() == 0.0);
            push(!looser, format!("`multipleOf` {} → {}", num(a), num(b)));
        }
        _ => {}
    }
    let empty = Constraints::default();
    match (&old.items, &new.items) {
        (None, None) => {}
        (a, b) => {
            let a = a.as_deref().unwrap_or(&empty);
            let b = b.as_deref().unwrap_or(&empty);
            constraint_changes(a, b, &format!("{what}items: "), out);
        }
    }
}
