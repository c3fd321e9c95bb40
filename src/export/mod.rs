//! Exports that people open without the app.

pub mod csv;
