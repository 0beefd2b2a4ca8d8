//! A path-tracking reader over [`JVal`]: typed getters that report every problem with its
//! JSON path and go on, so one pass collects all errors.

use std::fmt;

use crate::error::{ErrorCode, InputError};
use crate::model::Warning;

use super::json::{JVal, key_step};

/// A JSON path kept on the stack while walking; formatted only when an error is reported.
#[derive(Clone, Copy)]
pub(crate) enum P<'a> {
    Root,
    Key(&'a P<'a>, &'a str),
    Idx(&'a P<'a>, usize),
}

impl<'a> P<'a> {
    pub(crate) fn key(&'a self, k: &'a str) -> P<'a> {
        P::Key(self, k)
    }
    pub(crate) fn idx(&'a self, i: usize) -> P<'a> {
        P::Idx(self, i)
    }
}

impl fmt::Display for P<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            P::Root => f.write_str("$"),
            P::Key(parent, k) => write!(f, "{parent}{}", key_step(k)),
            P::Idx(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Collected errors and warnings.
#[derive(Default)]
pub(crate) struct Cx {
    pub errors: Vec<InputError>,
    pub warnings: Vec<Warning>,
}

impl Cx {
    pub(crate) fn err(&mut self, path: &P, code: ErrorCode, message: impl Into<String>) {
        self.errors.push(InputError {
            path: path.to_string(),
            code,
            message: message.into(),
        });
    }

    pub(crate) fn warn(&mut self, path: &P, message: impl Into<String>) {
        self.warnings.push(Warning {
            path: path.to_string(),
            message: message.into(),
        });
    }

    /// Number of errors so far (to tell whether a sub-tree added any).
    pub(crate) fn mark(&self) -> usize {
        self.errors.len()
    }

    fn wrong_type(&mut self, path: &P, want: &str, v: &JVal) {
        self.err(
            path,
            ErrorCode::WrongType,
            format!("expected {want}, found {}", v.kind()),
        );
    }

    /// An object whose keys must be among `known`; reports unknown keys.
    pub(crate) fn object<'v>(
        &mut self,
        v: &'v JVal,
        path: &P,
        known: &[&str],
    ) -> Option<&'v [(String, JVal)]> {
        let JVal::Obj(entries) = v else {
            self.wrong_type(path, "an object", v);
            return None;
        };
        for (k, _) in entries {
            if !known.contains(&k.as_str()) {
                self.err(
                    &path.key(k),
                    ErrorCode::UnknownField,
                    format!("unknown field \"{k}\"; expected one of: {}", known.join(", ")),
                );
            }
        }
        Some(entries)
    }

    /// An object used as a map (any keys).
    pub(crate) fn map<'v>(&mut self, v: &'v JVal, path: &P) -> Option<&'v [(String, JVal)]> {
        match v {
            JVal::Obj(entries) => Some(entries),
            _ => {
                self.wrong_type(path, "an object", v);
                None
            }
        }
    }

    pub(crate) fn array<'v>(&mut self, v: &'v JVal, path: &P) -> Option<&'v [JVal]> {
        match v {
            JVal::Arr(items) => Some(items),
            _ => {
                self.wrong_type(path, "an array", v);
                None
            }
        }
    }

    pub(crate) fn string<'v>(&mut self, v: &'v JVal, path: &P) -> Option<&'v str> {
        match v {
            JVal::Str(s) => Some(s),
            _ => {
                self.wrong_type(path, "a string", v);
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, v: &JVal, path: &P) -> Option<bool> {
        match v {
            JVal::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(path, "true or false", v);
                None
            }
        }
    }

    /// A JSON integer in `lo..=hi`.
    pub(crate) fn int(&mut self, v: &JVal, path: &P, lo: i64, hi: i64) -> Option<i64> {
        match v {
            JVal::Int(i) if (lo..=hi).contains(i) => Some(*i),
            JVal::Int(i) => {
                self.err(path, ErrorCode::OutOfRange, format!("{i} is outside {lo}..={hi}"));
                None
            }
            JVal::BigInt(s) => {
                self.err(path, ErrorCode::OutOfRange, format!("{s} is outside {lo}..={hi}"));
                None
            }
            JVal::Float(s) => {
                self.err(
                    path,
                    ErrorCode::NotInteger,
                    format!("{s} is not a JSON integer (write whole numbers without '.' or exponent)"),
                );
                None
            }
            _ => {
                self.wrong_type(path, "an integer", v);
                None
            }
        }
    }

    /// An id: a string, non-empty, at most 64 characters, without `/`.
    pub(crate) fn id<'v>(&mut self, v: &'v JVal, path: &P) -> Option<&'v str> {
        let s = self.string(v, path)?;
        if let Some(why) = id_problem(s) {
            self.err(path, ErrorCode::BadId, format!("bad id \"{s}\": {why}"));
            return None;
        }
        Some(s)
    }

    /// A free word (feature, layout, skill, kind): a non-empty string.
    pub(crate) fn word<'v>(&mut self, v: &'v JVal, path: &P) -> Option<&'v str> {
        let s = self.string(v, path)?;
        if s.is_empty() {
            self.err(path, ErrorCode::InvalidValue, "an empty word");
            return None;
        }
        Some(s)
    }

    /// Checks a map key used as a word.
    pub(crate) fn word_key(&mut self, k: &str, path: &P) -> bool {
        if k.is_empty() {
            self.err(path, ErrorCode::InvalidValue, "an empty word as a key");
            return false;
        }
        true
    }

    /// An array of strings read by `each`, reporting repeated entries.
    pub(crate) fn string_list<'v>(
        &mut self,
        v: &'v JVal,
        path: &P,
        mut each: impl FnMut(&mut Self, &'v JVal, &P) -> Option<&'v str>,
    ) -> Option<Vec<&'v str>> {
        let items = self.array(v, path)?;
        let mut out: Vec<&'v str> = Vec::with_capacity(items.len());
        // Long lists are checked for repeats by a set, short ones by a scan.
        let mut seen: std::collections::HashSet<&'v str> = std::collections::HashSet::new();
        let long = items.len() > 16;
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let p = path.idx(i);
            match each(self, item, &p) {
                Some(s) if (long && !seen.insert(s)) || (!long && out.contains(&s)) => {
                    self.err(
                        &p,
                        ErrorCode::DuplicateEntry,
                        format!("\"{s}\" is listed more than once"),
                    );
                    ok = false;
                }
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// Why a string is not a valid id, if it is not.
pub(crate) fn id_problem(s: &str) -> Option<&'static str> {
    if s.is_empty() {
        Some("ids must not be empty")
    } else if s.chars().count() > 64 {
        Some("ids have at most 64 characters")
    } else if s.contains('/') {
        Some("ids must not contain '/'")
    } else {
        None
    }
}

/// The first value of `key` in an object (duplicates are reported by the parser).
pub(crate) fn get<'v>(entries: &'v [(String, JVal)], key: &str) -> Option<&'v JVal> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// A required field: reports `missing_field` at the field's path when absent.
pub(crate) fn req<'v>(cx: &mut Cx, entries: &'v [(String, JVal)], path: &P, key: &str) -> Option<&'v JVal> {
    let v = get(entries, key);
    if v.is_none() {
        cx.err(
            &path.key(key),
            ErrorCode::MissingField,
            format!("the field \"{key}\" is required"),
        );
    }
    v
}
