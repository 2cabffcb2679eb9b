//! Tend's core: the domain, its storage, its documents and what the app does
//! with them. Nothing here knows about Tauri or the webview.

pub mod calendar;
pub mod docs;
pub mod domain;
pub mod error;
pub mod files;
pub mod service;
pub mod spreadsheet;
pub mod store;
pub mod templates;

pub use error::{Error, Result};
pub use service::Tend;
