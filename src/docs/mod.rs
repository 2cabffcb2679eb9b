//! The only module that knows printpdf. Each document is a plain struct of
//! what to print, rendered to PDF bytes.

mod page;
mod sign_in_sheet;

pub use sign_in_sheet::{SignInRow, SignInSheet, render_sign_in_sheet};
