//! Rule families that run when an object or the event ends, or after the walk.

pub(crate) mod event;
pub(crate) mod format;
pub(crate) mod object;
pub(crate) mod observables;
