//! Plain types and the rules about them. No IO here: nothing in `domain`
//! touches the disk, the clock or the network.

pub mod access_request;
pub mod activity;
pub mod activity_log;
pub mod attendance;
pub mod backup_rotation;
pub mod bank_holidays;
pub mod chart;
pub mod dates;
pub mod demographics;
pub mod erasure;
pub mod figures;
pub mod ids;
pub mod instruments;
pub mod letter;
pub mod look_alike;
pub mod names;
pub mod organisation;
pub mod outcome;
pub mod participant;
pub mod person_centred;
pub mod referral;
pub mod referrer;
pub mod rota;
pub mod session;
pub mod settings;
pub mod staff_role;
pub mod text;
pub mod validation;
pub mod volunteer;

pub use access_request::AccessRequest;
pub use activity::{
    Activity, ActivityDetails, ActivityKind, Buddy, Day, Enrolment, Recurrence, RoleNeed,
};
pub use activity_log::{Document, LogEntry, LoggedAction, LoggedRecord};
pub use attendance::{AttendanceMark, Mark};
pub use demographics::{Ethnicity, Gender};
pub use erasure::{Anonymous, ErasedCounts, ErasedPerson, Erasure};
pub use figures::Figure;
pub use ids::{
    AccessRequestId, ActivityId, LetterId, LogEntryId, OutcomeId, ParticipantId, ReferralId,
    ReferrerId, RoleId, RotaAssignmentId, SessionId, VolunteerId,
};
pub use letter::{LetterKind, LetterRecord};
pub use look_alike::{LookAlikeReason, PersonKeys};
pub use names::{FoldedName, SearchRank};
pub use organisation::{Organisation, Signatory};
pub use outcome::{Answers, Ons4, OutcomeRecord, Stage};
pub use participant::{
    ConsentKind, ConsentRecord, Consents, EmergencyContact, NhsNumber, Participant,
    ParticipantDetails, ParticipantStatus, RecordChange,
};
pub use referral::{ClosingReason, Referral, ReferralStatus, StatusChange};
pub use referrer::{Referrer, ReferrerDetails, ReferrerKind};
pub use rota::{Booking, Conflict, RotaAssignment};
pub use session::{Moved, Session, SessionStatus};
pub use settings::{OutcomeSettings, RetentionSchedule, Settings};
pub use staff_role::StaffRole;
pub use validation::{Validated, ValidationError};
pub use volunteer::{
    DateRange, DbsRecord, Expiry, Qualification, Role, Volunteer, VolunteerDetails,
};
