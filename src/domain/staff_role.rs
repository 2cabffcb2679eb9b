//! Who in the organisation did something, as a role and never a name: what
//! an erasure's tombstone keeps and what the activity log says.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StaffRole {
    Coordinator,
    StaffMember,
    VolunteerCoordinator,
    DataProtectionLead,
}

impl StaffRole {
    pub const ALL: [StaffRole; 4] = [
        StaffRole::Coordinator,
        StaffRole::StaffMember,
        StaffRole::VolunteerCoordinator,
        StaffRole::DataProtectionLead,
    ];

    pub fn label(self) -> &'static str {
        match self {
            StaffRole::Coordinator => "Coordinator",
            StaffRole::StaffMember => "Staff member",
            StaffRole::VolunteerCoordinator => "Volunteer coordinator",
            StaffRole::DataProtectionLead => "Data protection lead",
        }
    }
}

/// "coordinator", "staff-member", "volunteer-coordinator",
/// "data-protection-lead" (as the command line takes them).
impl std::str::FromStr for StaffRole {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let wanted = text.trim().to_lowercase().replace(['-', ' '], "_");
        StaffRole::ALL
            .into_iter()
            .find(|role| role.label().to_lowercase().replace(' ', "_") == wanted)
            .ok_or_else(|| {
                "say coordinator, staff-member, volunteer-coordinator or data-protection-lead"
                    .to_string()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_is_read_as_typed_on_the_command_line() {
        assert_eq!("coordinator".parse(), Ok(StaffRole::Coordinator));
        assert_eq!(
            "Data-Protection-Lead".parse(),
            Ok(StaffRole::DataProtectionLead)
        );
        assert!("manager".parse::<StaffRole>().is_err());
    }
}
