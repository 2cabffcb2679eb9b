//! IPC commands, one file per area: each takes its request, calls the core
//! once, maps the error. All are async so none runs on (and freezes) the
//! window's thread.

pub mod activities;
pub mod activity_log;
pub mod app;
pub mod attendance;
pub mod backups;
pub mod buddies;
pub mod demo;
pub mod encryption;
pub mod erasure;
pub mod files;
pub mod follow_up;
pub mod import;
pub mod letters;
pub mod organisation;
pub mod outcomes;
pub mod people;
pub mod privacy_notice;
pub mod referrals;
pub mod registers;
pub mod reports;
pub mod retention;
pub mod roles;
pub mod rota;
pub mod sessions;
pub mod settings;
pub mod subject_access;
