//! Reading a rulebook from JSON text, with the field path of the first error.
//!
//! serde_json reports a line and column; a small scanner turns that position back into the
//! path of the field being read (`decisions.ordinary.quorum.turnout`), so a typo is named the
//! way a reader of the document would name it, without another dependency.

use super::Rulebook;
use std::fmt;

/// Why a text is not a rulebook: where (field path, may be empty for the whole document) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else {
            write!(
                f,
                "{}: {} (line {}, column {})",
                self.path, self.message, self.line, self.column
            )
        }
    }
}

impl std::error::Error for ParseError {}

/// Parses `collegia-rulebook/1` text. Structure only: call `validate` for the rules themselves.
pub fn parse(text: &str) -> Result<Rulebook, ParseError> {
    // Some editors save UTF-8 with a byte-order mark; it is not part of the document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| {
        let offset = byte_offset(text, e.line(), e.column());
        let message = strip_position(&e.to_string());
        // serde reports a missing field where its object closes, after the object's last key:
        // name the missing field itself (`decisions.payout_rule`), not that last key.
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'));
        let (path, message) = match missing {
            Some(field) => {
                let object = path_of(text, offset, false);
                let path = if object.is_empty() {
                    field.to_string()
                } else {
                    format!("{object}.{field}")
                };
                (path, "missing field".to_string())
            }
            None => (path_at(text, offset), message),
        };
        ParseError {
            path,
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

/// serde_json appends " at line L column C"; the path and our own position replace it.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let mut end = (start + column).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The JSON path of the value being read at `offset` (the scanner never fails: bad JSON just
/// leaves the path where the parser gave up).
fn path_at(text: &str, offset: usize) -> String {
    path_of(text, offset, true)
}

/// As `path_at`; without `last_key`, the innermost object's last key is left out, which gives
/// the path of the object itself.
fn path_of(text: &str, offset: usize, last_key: bool) -> String {
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            // A closing bracket at the very end is the position of a "missing field" error:
            // the object just closed is the one at fault, so keep it on the path.
            b'}' | b']' if i + 1 < bytes.len() => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let end = i.min(bytes.len());
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut()
                    && *expecting_key
                {
                    *key = Some(String::from_utf8_lossy(&bytes[start..end]).into_owned());
                    *expecting_key = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if !last_key && let Some(Frame::Object { key, .. }) = stack.last_mut() {
        *key = None;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_objects_and_arrays() {
        let text = r#"{"a": {"b": [1, {"c": 2}]}}"#;
        let at = text.find("2}").unwrap();
        assert_eq!(path_at(text, at), "a.b[1].c");
        assert_eq!(path_at(text, 0), "");
    }

    #[test]
    fn strings_with_braces_and_escapes_do_not_confuse_the_scanner() {
        let text = r#"{"name": "a \" } [ b", "next": 1}"#;
        assert_eq!(path_at(text, text.len() - 2), "next");
    }

    #[test]
    fn byte_offset_is_clamped() {
        assert_eq!(byte_offset("ab\ncd", 2, 1), 4);
        assert_eq!(byte_offset("ab", 9, 9), 2);
        assert_eq!(byte_offset("é", 1, 1), 0);
    }
}
