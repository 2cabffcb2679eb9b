//! The only module that knows printpdf. Each document is a plain struct of
//! what to print, rendered to PDF bytes (or CSV text).

mod chart;
pub mod csv;
mod emergency_sheet;
mod leader_copy;
mod letter;
mod page;
mod questionnaire;
mod register;
mod report;
mod rota;
mod sign_in_sheet;
pub mod workbook;

pub use emergency_sheet::{EmergencySheet, render_emergency_sheet};
pub use leader_copy::{LeaderCopy, LeaderCopyPerson, render_leader_copy};
pub use letter::render_letters;
pub use page::is_image;
pub use questionnaire::{PaperForm, render_paper_form};
pub use register::{Cell, Register, RegisterColumn, RegisterLine};
pub use report::{Block, Report, Section, render_report};
pub use rota::{RotaRow, RotaSheet};
pub use sign_in_sheet::{SignInRow, SignInSheet, render_sign_in_sheet};
