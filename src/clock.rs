//! The one place in Tend that reads the clock. The core takes today's date
//! and the time as arguments; the command line and the desktop shell read
//! them here and pass them in, so every rule about "today" can be tested
//! on any day.

use chrono::{DateTime, NaiveDate, Utc};

/// Today's date where this computer is.
#[allow(clippy::disallowed_methods)]
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// This moment, for "printed at" and "recorded at" stamps.
#[allow(clippy::disallowed_methods)]
pub fn now() -> DateTime<Utc> {
    Utc::now()
}
