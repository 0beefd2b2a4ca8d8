//! A strict JSON reader (RFC 8259) that keeps what serde_json throws away: the order and
//! repetition of keys, and the difference between `60` and `60.0`.
//!
//! Syntax errors stop the parse (nothing after them can be trusted); duplicate keys are
//! collected with their path and parsing goes on, so that one pass reports them all.

use crate::error::{ErrorCode, InputError};

/// Deepest nesting of arrays and objects accepted: bounds the recursion, so hostile input
/// cannot overflow the stack. Real problems nest 5 deep.
pub(crate) const MAX_DEPTH: usize = 128;

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum JVal {
    Null,
    Bool(bool),
    /// An integer that fits `i64`.
    Int(i64),
    /// A number with a fraction or exponent (kept as written).
    Float(String),
    /// An integer beyond `i64` (kept as written).
    BigInt(String),
    Str(String),
    Arr(Vec<JVal>),
    /// Entries in input order, duplicates included (reported separately).
    Obj(Vec<(String, JVal)>),
}

impl JVal {
    /// The JSON type name, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            JVal::Null => "null",
            JVal::Bool(_) => "a boolean",
            JVal::Int(_) | JVal::Float(_) | JVal::BigInt(_) => "a number",
            JVal::Str(_) => "a string",
            JVal::Arr(_) => "an array",
            JVal::Obj(_) => "an object",
        }
    }
}

/// One step of a JSON path.
#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Idx(usize),
}

/// Formats a key as a path step: `.key` for plain words, `["…"]` otherwise.
pub(crate) fn key_step(key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!(".{key}")
    } else {
        format!("[{}]", serde_json::Value::String(key.to_string()))
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    path: Vec<Seg>,
    dup_errors: Vec<InputError>,
}

/// What a failed parse reports: a syntax error (the only error) or the duplicate keys.
pub(crate) fn parse(text: &str) -> Result<(JVal, Vec<InputError>), InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        path: Vec::new(),
        dup_errors: Vec::new(),
    };
    p.skip_ws();
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.syntax("unexpected text after the JSON value"));
    }
    Ok((v, p.dup_errors))
}

impl<'a> Parser<'a> {
    fn syntax(&self, what: &str) -> InputError {
        let upto = self
            .text
            .get(..self.pos.min(self.text.len()))
            .unwrap_or(self.text);
        let line = upto.matches('\n').count() + 1;
        let col = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        InputError {
            path: "$".to_string(),
            code: ErrorCode::Syntax,
            message: format!("invalid JSON at line {line}, column {col}: {what}"),
        }
    }

    fn path_string(&self) -> String {
        let mut s = String::from("$");
        for seg in &self.path {
            match seg {
                Seg::Key(k) => s.push_str(&key_step(k)),
                Seg::Idx(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<JVal, InputError> {
        match self.peek() {
            None => Err(self.syntax("unexpected end of input")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => Ok(JVal::Str(self.string()?)),
            Some(b't') => self.literal("true", JVal::Bool(true)),
            Some(b'f') => self.literal("false", JVal::Bool(false)),
            Some(b'n') => self.literal("null", JVal::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.syntax("expected a value")),
        }
    }

    fn literal(&mut self, word: &str, v: JVal) -> Result<JVal, InputError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            Err(self.syntax("expected a value"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<JVal, InputError> {
        if depth > MAX_DEPTH {
            return Err(self.syntax(&format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.pos += 1;
        let mut entries: Vec<(String, JVal)> = Vec::new();
        // Small objects are checked by a scan; big ones (maps of thousands of keys) by a set.
        let mut seen: Option<std::collections::HashSet<String>> = None;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(JVal::Obj(entries));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.syntax("expected a string key"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.syntax("expected ':' after a key"));
            }
            self.pos += 1;
            self.skip_ws();
            let duplicate = match &mut seen {
                Some(set) => !set.insert(key.clone()),
                None => {
                    let d = entries.iter().any(|(k, _)| *k == key);
                    if entries.len() >= 16 {
                        seen = Some(
                            entries
                                .iter()
                                .map(|(k, _)| k.clone())
                                .chain([key.clone()])
                                .collect(),
                        );
                    }
                    d
                }
            };
            self.path.push(Seg::Key(key.clone()));
            if duplicate {
                self.dup_errors.push(InputError {
                    path: self.path_string(),
                    code: ErrorCode::DuplicateKey,
                    message: format!("the key \"{key}\" appears more than once in this object"),
                });
            }
            let v = self.value(depth)?;
            self.path.pop();
            entries.push((key, v));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JVal::Obj(entries));
                }
                _ => return Err(self.syntax("expected ',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<JVal, InputError> {
        if depth > MAX_DEPTH {
            return Err(self.syntax(&format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(JVal::Arr(items));
        }
        loop {
            self.skip_ws();
            self.path.push(Seg::Idx(items.len()));
            let v = self.value(depth)?;
            self.path.pop();
            items.push(v);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JVal::Arr(items));
                }
                _ => return Err(self.syntax("expected ',' or ']'")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, InputError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.syntax("unfinished \\u escape"))?;
        let mut v = 0u32;
        for &d in digits {
            let x = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.syntax("bad \\u escape"))?;
            v = v * 16 + x;
        }
        self.pos += 4;
        Ok(v)
    }

    fn string(&mut self) -> Result<String, InputError> {
        self.pos += 1; // the opening quote
        let mut out = String::new();
        loop {
            // Copy the longest run without quotes, escapes or control characters at once.
            let start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // The run ends on an ASCII byte, so it is a whole UTF-8 slice of the text.
            out.push_str(self.text.get(start..self.pos).unwrap_or_default());
            match self.peek() {
                None => return Err(self.syntax("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let e = self.peek().ok_or_else(|| self.syntax("unterminated string"))?;
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&hi) {
                                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                                    return Err(self.syntax("lone surrogate in \\u escape"));
                                }
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.syntax("lone surrogate in \\u escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(c).ok_or_else(|| self.syntax("bad \\u escape"))?);
                        }
                        _ => return Err(self.syntax("unknown escape in string")),
                    }
                }
                Some(_) => return Err(self.syntax("control character in string")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<JVal, InputError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        let n = self.digits();
        if n == 0 {
            return Err(self.syntax("expected digits"));
        }
        if n > 1 && self.bytes.get(int_start) == Some(&b'0') {
            return Err(self.syntax("leading zero in a number"));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            integer = false;
            if self.digits() == 0 {
                return Err(self.syntax("expected digits after '.'"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            integer = false;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.syntax("expected digits in the exponent"));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default().to_string();
        if !integer {
            return Ok(JVal::Float(text));
        }
        Ok(match text.parse::<i64>() {
            Ok(i) => JVal::Int(i),
            Err(_) => JVal::BigInt(text),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_integers_apart_from_floats() {
        let (v, d) = parse(r#"{"a": 60, "b": 60.0, "c": 1e2, "d": 99999999999999999999, "e": -0}"#).unwrap();
        assert!(d.is_empty());
        assert_eq!(
            v,
            JVal::Obj(vec![
                ("a".into(), JVal::Int(60)),
                ("b".into(), JVal::Float("60.0".into())),
                ("c".into(), JVal::Float("1e2".into())),
                ("d".into(), JVal::BigInt("99999999999999999999".into())),
                ("e".into(), JVal::Int(0)),
            ])
        );
    }

    #[test]
    fn reports_duplicate_keys_with_path() {
        let (_, d) = parse(r#"{"x": [{"a": 1, "a": 2}]}"#).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "$.x[0].a");
        assert_eq!(d[0].code, ErrorCode::DuplicateKey);
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let e = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!(e.path, "$");
        assert_eq!(e.code, ErrorCode::Syntax);
        assert_eq!(
            e.message,
            "invalid JSON at line 3, column 7: expected ':' after a key"
        );
    }

    #[test]
    fn bounds_depth() {
        let deep = "[".repeat(100_000);
        let e = parse(&deep).unwrap_err();
        assert_eq!(
            e.message,
            "invalid JSON at line 1, column 129: nesting deeper than 128 levels"
        );
        let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn strings_and_escapes() {
        let (v, _) = parse(r#"["a\"b\\\/\n\u00e9\ud83d\ude00", "会务"]"#).unwrap();
        assert_eq!(
            v,
            JVal::Arr(vec![JVal::Str("a\"b\\/\né😀".into()), JVal::Str("会务".into())])
        );
        assert!(parse(r#""\ud83d""#).is_err());
        assert!(parse("\"a\u{1}\"").is_err());
        assert!(parse("01").is_err());
        assert!(parse("[1,]").is_err());
        assert!(parse("{} x").is_err());
    }
}
