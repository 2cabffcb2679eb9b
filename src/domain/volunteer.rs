//! Volunteers, the roles they can fill and the checks they hold.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::activity::Day;
use super::ids::{RoleId, VolunteerId};

/// A role a session needs: walk leader, back marker, first aider…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Volunteer {
    pub id: VolunteerId,
    pub full_name: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub roles: Vec<RoleId>,
    #[serde(default)]
    pub qualifications: Vec<Qualification>,
    #[serde(default)]
    pub dbs: Option<DbsRecord>,
    #[serde(default)]
    pub usual_days: Vec<Day>,
    #[serde(default)]
    pub away: Vec<DateRange>,
    /// Left the group; kept for the history of past rotas.
    #[serde(default)]
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Qualification {
    pub name: String,
    pub issued_on: NaiveDate,
    #[serde(default)]
    pub expires_on: Option<NaiveDate>,
}

/// Only what the DBS code of practice allows to be kept: never the
/// certificate's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DbsRecord {
    pub level: String,
    pub certificate_number: String,
    pub seen_on: NaiveDate,
    pub seen_by: String,
    pub update_service: bool,
    pub recheck_due: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}
