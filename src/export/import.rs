//! Reading an edited spreadsheet back.
