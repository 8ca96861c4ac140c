//! Positions: the line and column of a JSON pointer's node in the document's text, for
//! diagnostics (neither `serde_json` nor `serde_yaml` reports positions of values).

use super::looks_like_json;

/// The 1-based line and column of the node at `pointer` in the document's text, found without a
/// positional parser (neither `serde_json` nor `serde_yaml` reports positions of values):
///
/// - JSON: an exact scan that walks the pointer's keys and indexes, skipping other values.
/// - YAML: a line-based walk for block style: a key is found as `key:` (plain or quoted) on the
///   first line of its parent's block at the block's indentation, a list item as the n-th
///   `- ` line. Flow style (`{a: 1}`) and other layouts the walk does not follow stop it.
///
/// When the walk stops early, `nearest` decides whether the deepest node found is given
/// (the parent of what is wrong, which is still the right place to look) or nothing.
pub fn locate(text: &str, pointer: &str, nearest: bool) -> Option<(usize, usize)> {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (offset, complete) = if looks_like_json(text) {
        json_locate(text, &tokens)
    } else {
        yaml_locate(text, &tokens)
    };
    if tokens.is_empty() || !(complete || nearest) || offset.is_none() {
        return None;
    }
    let offset = offset?;
    let before = text.get(..offset)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// The line and column of the second `key:` of a YAML mapping that names a key twice, where
/// `pointer` ends with that key: the first is found by [`locate`], the second on a later line at
/// the same indentation before the mapping ends. `None` when the layout hides it (flow style).
pub fn locate_yaml_duplicate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let key = pointer
        .rsplit('/')
        .next()?
        .replace("~1", "/")
        .replace("~0", "~");
    let (line, column) = locate(text, pointer, false)?;
    let indent = column - 1;
    for (i, l) in text.split('\n').enumerate().skip(line) {
        let l = l.strip_suffix('\r').unwrap_or(l);
        let trimmed = l.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let here = l.len() - trimmed.len();
        if here < indent {
            return None;
        }
        if here == indent && yaml_key(trimmed).is_some_and(|(k, _)| k == key) {
            return Some((i + 1, here + 1));
        }
    }
    None
}

/// Byte offset of the deepest node found and whether it is the whole pointer.
fn json_locate(text: &str, tokens: &[String]) -> (Option<usize>, bool) {
    let b = text.as_bytes();
    let ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | b'\n' | 0xef | 0xbb | 0xbf) {
            i += 1;
        }
        i
    };
    // End of the string starting at the quote at `i` (one past the closing quote).
    let string_end = |mut i: usize| {
        i += 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'"' => return i + 1,
                _ => i += 1,
            }
        }
        b.len()
    };
    let value_end = |i: usize| -> usize {
        match b.get(i) {
            Some(b'"') => string_end(i),
            Some(b'{' | b'[') => {
                let mut depth = 0usize;
                let mut j = i;
                while j < b.len() {
                    match b[j] {
                        b'"' => {
                            j = string_end(j);
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                return j + 1;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                b.len()
            }
            _ => {
                let mut j = i;
                while j < b.len()
                    && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                {
                    j += 1;
                }
                j
            }
        }
    };
    let mut pos = ws(0);
    let mut found = None;
    for token in tokens {
        let next = match b.get(pos) {
            Some(b'{') => {
                let mut i = ws(pos + 1);
                let mut hit = None;
                while b.get(i) == Some(&b'"') {
                    let key_start = i;
                    let key_end = string_end(i);
                    // A key without escapes is compared as it is written; only others are
                    // decoded (a scan passes thousands of keys).
                    let closed = key_end >= key_start + 2 && b.get(key_end - 1) == Some(&b'"');
                    let is_token = match text.get(key_start + 1..key_end.saturating_sub(1)) {
                        Some(raw) if closed && !raw.contains('\\') => raw == token.as_str(),
                        _ => text
                            .get(key_start..key_end)
                            .and_then(|k| serde_json::from_str::<String>(k).ok())
                            .is_some_and(|k| k == *token),
                    };
                    i = ws(key_end);
                    if b.get(i) != Some(&b':') {
                        break;
                    }
                    let value_start = ws(i + 1);
                    if is_token {
                        hit = Some((key_start, value_start));
                        break;
                    }
                    i = ws(value_end(value_start));
                    if b.get(i) != Some(&b',') {
                        break;
                    }
                    i = ws(i + 1);
                }
                hit
            }
            Some(b'[') => token.parse::<usize>().ok().and_then(|n| {
                let mut i = ws(pos + 1);
                for _ in 0..n {
                    if matches!(b.get(i), None | Some(b']')) {
                        return None;
                    }
                    i = ws(value_end(i));
                    if b.get(i) != Some(&b',') {
                        return None;
                    }
                    i = ws(i + 1);
                }
                (!matches!(b.get(i), None | Some(b']'))).then_some((i, i))
            }),
            _ => None,
        };
        match next {
            Some((at, value_start)) => {
                found = Some(at);
                pos = value_start;
            }
            None => return (found, false),
        }
    }
    (found, true)
}

/// Byte offset of the deepest node found and whether it is the whole pointer (see [`locate`]).
fn yaml_locate(text: &str, tokens: &[String]) -> (Option<usize>, bool) {
    // (byte offset of the line, the line without its end)
    let mut lines = Vec::new();
    let mut offset = 0;
    for l in text.split('\n') {
        lines.push((offset, l.strip_suffix('\r').unwrap_or(l)));
        offset += l.len() + 1;
    }
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let blank = |l: &str| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---"
    };
    // The node being looked into: its first line, the column its content may start at on that
    // line (after `- ` or `key: `), and the indentation of its own key (children are deeper).
    let mut line_index = 0usize;
    let mut inline_col: Option<usize> = Some(0);
    let mut parent_indent: isize = -1;
    let mut parent_is_item = false;
    let mut found = None;
    for token in tokens {
        // Candidate lines: (line index, column where content starts).
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        if let Some(col) = inline_col {
            if let Some((_, l)) = lines.get(line_index) {
                if l.len() > col && !blank(&l[col..]) {
                    candidates.push((line_index, col + indent(&l[col..])));
                }
            }
        }
        // The line `line_index` itself is the inline candidate above.
        let start = if inline_col == Some(0) && found.is_none() {
            line_index + usize::from(!candidates.is_empty())
        } else {
            line_index + 1
        };
        for (i, (_, l)) in lines.iter().enumerate().skip(start) {
            if blank(l) {
                continue;
            }
            let ind = indent(l) as isize;
            let is_item = l.trim_start().starts_with('-');
            // A line at the parent's indentation ends its block, except for the items of a list
            // written at its key's indentation (`key:` then `- item`).
            if ind < parent_indent || (ind == parent_indent && (parent_is_item || !is_item)) {
                break;
            }
            if candidates.iter().any(|(c, _)| *c == i) {
                continue;
            }
            candidates.push((i, ind as usize));
        }
        let Some(&(_, child_indent)) = candidates.first() else {
            return (found, false);
        };
        let at_level: Vec<(usize, usize)> = candidates
            .into_iter()
            .filter(|(_, c)| *c == child_indent)
            .collect();
        let hit = match token.parse::<usize>() {
            Ok(n)
                if at_level
                    .first()
                    .is_some_and(|(i, c)| lines[*i].1[*c..].starts_with('-')) =>
            {
                at_level
                    .iter()
                    .filter(|(i, c)| {
                        let rest = &lines[*i].1[*c..];
                        rest == "-" || rest.starts_with("- ")
                    })
                    .nth(n)
                    .map(|&(i, c)| (i, c, Some(c + 2), true))
            }
            _ => at_level.iter().find_map(|&(i, c)| {
                let rest = &lines[i].1[c..];
                let (key, after) = yaml_key(rest)?;
                (key == *token).then(|| {
                    let value_col = c + rest.len() - after.len();
                    let inline = (!blank(after)).then_some(value_col + indent(after));
                    (i, c, inline, false)
                })
            }),
        };
        let Some((i, c, inline, item)) = hit else {
            return (found, false);
        };
        found = Some(lines[i].0 + c);
        line_index = i;
        inline_col = inline;
        parent_indent = c as isize;
        parent_is_item = item;
    }
    (found, true)
}

/// The key of a `key: value` line (plain, `'single'` or `"double"` quoted) and what follows the
/// colon.
fn yaml_key(line: &str) -> Option<(String, &str)> {
    let line = line.strip_prefix("? ").unwrap_or(line);
    if let Some(rest) = line.strip_prefix('"') {
        let end = {
            let b = rest.as_bytes();
            let mut i = 0;
            loop {
                match b.get(i)? {
                    b'\\' => i += 2,
                    b'"' => break i,
                    _ => i += 1,
                }
            }
        };
        let key: String = serde_json::from_str(&line[..end + 2]).ok()?;
        let after = rest[end + 1..].trim_start().strip_prefix(':')?;
        return Some((key, after));
    }
    if let Some(rest) = line.strip_prefix('\'') {
        let mut key = String::new();
        let mut chars = rest.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            if ch == '\'' {
                if chars.peek().map(|(_, c)| *c) == Some('\'') {
                    chars.next();
                    key.push('\'');
                    continue;
                }
                let after = rest[i + 1..].trim_start().strip_prefix(':')?;
                return Some((key, after));
            }
            key.push(ch);
        }
        return None;
    }
    let end = line
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| matches!(line.as_bytes().get(i + 1), None | Some(b' ' | b'\t')))?;
    Some((line[..end].trim_end().to_string(), &line[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn locates_yaml_nodes() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    parameters:\n    - name: x\n      in: query\n    - name: y\n      schema:\n        type: string\n  '/b':\n    get: {}\n";
        assert_eq!(
            locate(text, "/paths/~1a/parameters/1/schema/type", false),
            Some((9, 9))
        );
        assert_eq!(
            locate(text, "/paths/~1a/parameters/0/in", false),
            Some((6, 7))
        );
        assert_eq!(locate(text, "/paths/~1b/get", false), Some((11, 5)));
        // `in` of the first item must not be found in the second.
        assert_eq!(locate(text, "/paths/~1a/parameters/1/in", false), None);
        assert_eq!(
            locate(text, "/paths/~1a/parameters/1/in", true),
            Some((7, 5))
        );
    }

    #[test]
    fn locates_json_nodes() {
        let text = "{\"a\": [1, {\"b~\": \"x,}\"}], \"c\": {\"d\": {}}}";
        assert_eq!(locate(text, "/a/1/b~0", false), Some((1, 12)));
        assert_eq!(locate(text, "/c/d", false), Some((1, 33)));
        assert_eq!(locate(text, "/c/e", false), None);
        assert_eq!(locate(text, "/c/e", true), Some((1, 27)));
    }
}
