//! Errors of the input layer: every problem with the input, collected, each with its JSON
//! path, a stable code and a sentence.

use std::fmt;

/// Stable codes of input errors. `as_str` gives the code users see (`unknown_field`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The text is not JSON.
    Syntax,
    /// A key appears twice in one object.
    DuplicateKey,
    /// A field the format does not know.
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A value of the wrong JSON type.
    WrongType,
    /// A number that is not a JSON integer (`60.0`, `1e3`).
    NotInteger,
    /// A number or length outside its allowed range.
    OutOfRange,
    /// An id that is empty, too long or contains `/`.
    BadId,
    /// Two items of a list share an id.
    DuplicateId,
    /// A word or id repeated in a list of words or ids.
    DuplicateEntry,
    /// A reference to an id that does not exist.
    UnknownReference,
    /// A time, date or clock string that does not parse.
    BadTime,
    /// An interval whose start is not before its end.
    BadInterval,
    /// A task template that gives an empty interval for a meeting of its class.
    EmptyTaskInterval,
    /// `version` is not 1.
    BadVersion,
    /// Any other invalid value (a layout the room cannot have, a self-loop in travel, …).
    InvalidValue,
    /// A file that cannot be read.
    Io,
}

impl ErrorCode {
    /// The stable code string.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::DuplicateKey => "duplicate_key",
            Self::UnknownField => "unknown_field",
            Self::MissingField => "missing_field",
            Self::WrongType => "wrong_type",
            Self::NotInteger => "not_integer",
            Self::OutOfRange => "out_of_range",
            Self::BadId => "bad_id",
            Self::DuplicateId => "duplicate_id",
            Self::DuplicateEntry => "duplicate_entry",
            Self::UnknownReference => "unknown_reference",
            Self::BadTime => "bad_time",
            Self::BadInterval => "bad_interval",
            Self::EmptyTaskInterval => "empty_task_interval",
            Self::BadVersion => "bad_version",
            Self::InvalidValue => "invalid_value",
            Self::Io => "io",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// JSON path, e.g. `$.meetings[12].windows[0].earliest_start`.
    pub path: String,
    /// Stable code.
    pub code: ErrorCode,
    /// A sentence a person can act on.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} [{}]", self.path, self.message, self.code)
    }
}

/// All problems found in one input (never empty).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [] => f.write_str("invalid input"),
            [one] => write!(f, "{one}"),
            [first, rest @ ..] => write!(f, "{first} (and {} more errors)", rest.len()),
        }
    }
}

impl InputErrors {
    /// One error at `path`.
    pub fn one(path: impl Into<String>, code: ErrorCode, message: impl Into<String>) -> Self {
        InputErrors(vec![InputError {
            path: path.into(),
            code,
            message: message.into(),
        }])
    }

    /// The errors.
    pub fn errors(&self) -> &[InputError] {
        &self.0
    }
}
