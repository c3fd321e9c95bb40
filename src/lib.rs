//! Framework Planner: a desktop app that turns a national policy framework into an action plan.
//! See docs/ARCHITECTURE.md for how it is built, and README.md for how to run and test it.

pub mod app;
pub mod bench;
pub mod cli;
pub mod export;
pub mod files;
pub mod gui;
pub mod headless;
pub mod i18n;
pub mod instance;
pub mod messages;
pub mod model;
pub mod palette;
pub mod planfile;
pub mod reference;
pub mod seed;
pub mod store;
pub mod ui;
