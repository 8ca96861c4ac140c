//! The line of a JSON pointer in a YAML (or pretty-printed JSON) text, found cheaply by walking
//! the text key by key along the pointer, for annotations and the JSON report's `line`.

/// Unescapes one JSON pointer token.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Indentation of a line (spaces; tabs count as one).
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Whether a line carries content (not blank, not a comment).
fn content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

/// Whether `text` (a line's content after indentation) starts with the mapping key `key`.
fn is_key(text: &str, key: &str) -> bool {
    [
        format!("{key}:"),
        format!("'{key}':"),
        format!("\"{key}\":"),
        format!("\"{key}\" :"),
    ]
    .iter()
    .any(|k| {
        text.starts_with(k.as_str())
            && text[k.len()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    })
}

/// The 1-based line of the node at `pointer` in a YAML (or pretty-printed JSON) text, or of its
/// nearest ancestor that can be found; `None` when not even the first token is found. Block
/// style only: flow collections stop the walk at their parent.
pub fn locate(text: &str, pointer: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
    // The block being searched: lines [start, end), whose entries are indented more than `parent`
    // (None: the top level).
    let (mut start, mut end, mut parent): (usize, usize, Option<usize>) = (0, lines.len(), None);
    // A sequence item's first key sits on its `- ` line.
    let mut inline_first: Option<(usize, usize)> = None;
    let mut found = None;
    for token in &tokens {
        let deeper = |i: usize| parent.is_none_or(|p| indent(lines[i]) > p);
        // The indentation of this block's entries.
        let Some(first) = (start..end).find(|&i| content(lines[i])) else {
            break;
        };
        let child = if let Some((line, col)) = inline_first.take() {
            // The item's keys are aligned with the text after `- ` on its line.
            let after = &lines[line][col..];
            if is_key(after, token) {
                let (s, e) = block_after(&lines, line, col, end);
                found = Some(line + 1);
                (start, end, parent) = (s, e, Some(col));
                continue;
            }
            col
        } else {
            if !deeper(first) {
                break;
            }
            indent(lines[first])
        };
        let mut hit = None;
        let key_line = (start..end).find(|&i| {
            content(lines[i]) && indent(lines[i]) == child && is_key(lines[i].trim_start(), token)
        });
        if let Some(line) = key_line {
            hit = Some(line);
            found = Some(line + 1);
            let (s, e) = block_after(&lines, line, child, end);
            (start, end, parent) = (s, e, Some(child));
        } else if let Ok(index) = token.parse::<usize>() {
            let dashes: Vec<usize> = (start..end)
                .filter(|&i| {
                    content(lines[i])
                        && indent(lines[i]) == child
                        && lines[i].trim_start().starts_with('-')
                })
                .collect();
            if let Some(&line) = dashes.get(index) {
                let rest = lines[line].trim_start()[1..].trim_start();
                let col = lines[line].len() - rest.len();
                hit = Some(line);
                found = Some(line + 1);
                let (s, e) = block_after(&lines, line, child, end);
                inline_first = if rest.is_empty() {
                    None
                } else {
                    Some((line, col))
                };
                (start, end, parent) = (s, e, Some(child));
            }
        }
        if hit.is_none() {
            break;
        }
    }
    found
}

/// The lines belonging to the entry on `line` (indented at `at`): from the next line up to the
/// next content line indented at most `at` (a sequence's `- ` lines at `at` still belong to a
/// key's block).
fn block_after(lines: &[&str], line: usize, at: usize, limit: usize) -> (usize, usize) {
    let is_seq_key = !lines[line].trim_start().starts_with('-');
    let mut end = line + 1;
    while end < limit {
        let l = lines[end];
        if content(l) {
            let i = indent(l);
            let dash_in_key = is_seq_key && i == at && l.trim_start().starts_with("- ");
            if i < at || (i == at && !dash_in_key) {
                break;
            }
        }
        end += 1;
    }
    (line + 1, end)
}
