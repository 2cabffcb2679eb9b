//! The core's integration tests: one binary, a module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod activities;
mod activity_log;
mod backup;
mod cli;
mod crash;
mod durability;
mod encryption;
mod erasure;
mod follow_up;
mod import_participants;
mod people;
mod privacy_notice;
mod referrals;
mod register;
mod report;
mod retention;
mod rota;
mod sign_in_sheet;
mod store_round_trip;
mod subject_access;
mod support;
