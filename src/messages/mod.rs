//! What the interface says, in its language: the names of values (`labels`) and the sentences
//! for errors (`errors`). Both the App (status bar messages) and the views use them; they are
//! pure functions of [`crate::i18n`] and draw nothing.

pub mod errors;
pub mod labels;
