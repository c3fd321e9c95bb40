//! The views. Each reads the plan and returns commands; none writes to the store.

pub mod actors;
pub mod board;
pub mod branch;
pub mod checks;
pub mod comments;
pub mod coverage;
pub mod detail;
pub mod files;
pub mod help;
pub mod input;
pub mod outline;
pub mod picker;
pub mod progress;
pub mod review;
pub mod sessions;
pub mod shell;
pub mod theme;
pub mod toolbar;
pub mod versions;
pub mod widgets;
pub mod window;
pub mod workload;
