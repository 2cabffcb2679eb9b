//! The leader's copy of a session's list: confidential, printed only on
//! request, with each expected person's emergency contact and what the
//! leader needs to know (access needs, health and other needs), so the
//! ICE details the sign-in sheet asks for are in the leader's pocket.

use chrono::{DateTime, Utc};

use super::page::{BLACK, Canvas, Doc, GREY, Weight};
use crate::Result;

pub struct LeaderCopy {
    pub organisation: String,
    pub activity: String,
    /// "Tuesday 3 March 2026, 10:30–12:00"
    pub when: String,
    pub people: Vec<LeaderCopyPerson>,
}

pub struct LeaderCopyPerson {
    /// "Zoë Ní Bhriain (Zoë)"
    pub name: String,
    /// "Aoife Ní Bhriain (Daughter), 07700 900123", or "None recorded".
    pub emergency_contact: String,
    /// "Access needs: Walks with a stick: shorter route"
    pub notes: Vec<String>,
}

const LEFT: f32 = 15.0;
const RIGHT: f32 = 195.0;
const BOTTOM: f32 = 278.0;
const LINE: f32 = 5.0;
const CONFIDENTIAL: &str =
    "CONFIDENTIAL – leader’s copy. Keep it with you during the session and shred it afterwards.";

pub fn render_leader_copy(copy: &LeaderCopy, created: DateTime<Utc>) -> Result<Vec<u8>> {
    let mut doc = Doc::new(&format!(
        "Leader’s copy – {} – {}",
        copy.activity, copy.when
    ))?;
    let mut y = header(&mut doc.start_page(), copy, true);
    if copy.people.is_empty() {
        doc.page(0).text(
            LEFT,
            y + 4.0,
            10.5,
            Weight::Regular,
            GREY,
            "Nobody is expected at this session.",
        );
    }
    for person in &copy.people {
        let width = RIGHT - LEFT - 6.0;
        let contact = doc.wrap(
            &format!("Emergency contact: {}", person.emergency_contact),
            10.0,
            Weight::Regular,
            width,
        );
        let notes: Vec<String> = person
            .notes
            .iter()
            .flat_map(|n| doc.wrap(n, 10.0, Weight::Regular, width))
            .collect();
        let height = LINE * (1 + contact.len() + notes.len()) as f32 + 4.0;
        if y + height > BOTTOM {
            y = header(&mut doc.start_page(), copy, false);
        }
        let index = doc.page_count() - 1;
        let mut page = doc.page(index);
        let name = page
            .doc()
            .fit(&person.name, 11.5, Weight::Bold, RIGHT - LEFT);
        page.text(LEFT, y + LINE, 11.5, Weight::Bold, BLACK, &name);
        let mut line_y = y + LINE;
        for line in &contact {
            line_y += LINE;
            page.text(LEFT + 6.0, line_y, 10.0, Weight::Regular, BLACK, line);
        }
        for line in &notes {
            line_y += LINE;
            page.text(LEFT + 6.0, line_y, 10.0, Weight::Regular, BLACK, line);
        }
        page.line(LEFT, y + height, RIGHT, y + height, 0.3);
        y += height;
    }
    let pages = doc.page_count();
    let about = format!(
        "Leader’s copy · {} · {} · Confidential",
        copy.activity, copy.when
    );
    for index in 0..pages {
        doc.page(index)
            .footer((LEFT, RIGHT, 287.0), &about, index + 1, pages);
    }
    Ok(doc.finish(created))
}

/// The title and the confidentiality line on every page; returns where the
/// list starts.
fn header(page: &mut Canvas<'_>, copy: &LeaderCopy, first: bool) -> f32 {
    page.tint(LEFT, 10.0, RIGHT - LEFT, 9.0, (0.98, 0.86, 0.84));
    page.text(LEFT + 2.0, 16.0, 9.5, Weight::Bold, BLACK, CONFIDENTIAL);
    if !first {
        let title = format!(
            "Leader’s copy · {} · {} (continued)",
            copy.activity, copy.when
        );
        let title = page.doc().fit(&title, 10.0, Weight::Bold, RIGHT - LEFT);
        page.text(LEFT, 27.0, 10.0, Weight::Bold, BLACK, &title);
        return 30.0;
    }
    if !copy.organisation.is_empty() {
        let organisation = page
            .doc()
            .fit(&copy.organisation, 10.0, Weight::Regular, RIGHT - LEFT);
        page.text(LEFT, 27.0, 10.0, Weight::Regular, GREY, &organisation);
    }
    page.text(LEFT, 37.0, 18.0, Weight::Bold, BLACK, "Leader’s copy");
    let activity = page.doc().fit(
        &format!("{} · {}", copy.activity, copy.when),
        12.0,
        Weight::Bold,
        RIGHT - LEFT,
    );
    page.text(LEFT, 45.0, 12.0, Weight::Bold, BLACK, &activity);
    49.0
}
