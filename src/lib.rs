//! Tend's core: the domain, its storage, its documents and what the app does
//! with them. Nothing here knows about Tauri or the webview.

pub mod calendar;
pub mod clock;
pub mod docs;
pub mod domain;
pub mod error;
pub mod files;
pub mod service;
pub mod spreadsheet;
pub mod store;
pub mod template_words;
pub mod templates;

pub use error::{Error, ErrorCode, Result};
pub use service::Tend;

/// Every program built on Tend (the app, the command line, the tests and
/// benchmarks) allocates with mimalloc: with glibc's malloc a third of the
/// time printing a large register went on allocating and freeing.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
