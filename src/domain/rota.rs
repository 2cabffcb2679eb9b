//! Who fills which role at which session.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ids::{RoleId, RotaAssignmentId, SessionId, VolunteerId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RotaAssignment {
    pub id: RotaAssignmentId,
    pub session: SessionId,
    pub role: RoleId,
    pub volunteer: VolunteerId,
    /// Set when a coordinator assigned despite a conflict, saying why.
    #[serde(default)]
    pub override_reason: Option<String>,
}
