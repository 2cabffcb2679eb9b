//! The demo's referrers and referrals: some just received (acknowledgements
//! due), some waiting too long, some active with progress letters due, some
//! closed, and the letters already sent for them.

use chrono::{Days, NaiveDate};

use crate::domain::{
    ClosingReason, LetterId, LetterKind, LetterRecord, Organisation, Participant, Referral,
    ReferralId, ReferralStatus, Referrer, ReferrerDetails, ReferrerId, ReferrerKind, StatusChange,
};

fn referrer(n: u8, kind: ReferrerKind, lines: [&str; 4], ods: &str, postcode: &str) -> Referrer {
    let [name, role, organisation, address] = lines;
    Referrer {
        id: ReferrerId::from_bytes([0xA0, n, 0x70, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, n]),
        details: ReferrerDetails {
            name: name.into(),
            role: role.into(),
            organisation: organisation.into(),
            kind,
            ods_code: ods.into(),
            address: address.into(),
            postcode: postcode.into(),
            email: String::new(),
            phone: String::new(),
        },
    }
}

pub(super) struct DemoReferrals {
    pub referrers: Vec<Referrer>,
    pub referrals: Vec<Referral>,
    pub letters: Vec<LetterRecord>,
}

pub(super) fn demo_referrals(
    people: &[Participant],
    organisation: &Organisation,
    today: NaiveDate,
) -> DemoReferrals {
    let referrers = vec![
        referrer(
            1,
            ReferrerKind::GpPractice,
            [
                "Dr Siân Evans",
                "GP",
                "Abermill Surgery",
                "Surgery Lane\nAbermill",
            ],
            "W91042",
            "AB1 3EF",
        ),
        referrer(
            2,
            ReferrerKind::LinkWorker,
            [
                "Bronwen Hughes",
                "Social prescribing link worker",
                "Abermill Community Link Service",
                "Community Hub\n3 Market Street\nAbermill",
            ],
            "",
            "AB1 1GH",
        ),
        referrer(
            3,
            ReferrerKind::MentalHealthTeam,
            [
                "Dr Olusegun Adeyemi",
                "Consultant psychiatrist",
                "Valley Community Mental Health Team",
                "Tŷ Gwyn Resource Centre\nRiver Road\nAbermill",
            ],
            "",
            "AB2 4JK",
        ),
        referrer(
            4,
            ReferrerKind::SelfReferral,
            ["", "", "Self-referral", ""],
            "",
            "",
        ),
    ];
    let mut referrals = Vec::new();
    let mut letters = Vec::new();
    let closing = [
        ClosingReason::Completed,
        ClosingReason::Declined,
        ClosingReason::DidNotEngage,
        ClosingReason::MovedAway,
    ];
    for (i, person) in people.iter().take(20).enumerate() {
        let received_on = today - Days::new(2 + 9 * i as u64);
        let by = &referrers[if i >= 16 { 3 } else { i % 3 }];
        let on = |days: u64| (received_on + Days::new(days)).min(today);
        let mut history = vec![StatusChange {
            status: ReferralStatus::Received,
            on: received_on,
        }];
        let steps: &[(ReferralStatus, u64)] = match i {
            0..=4 => &[],
            5..=11 | 16..=19 => &[
                (ReferralStatus::Contacted, 3),
                (ReferralStatus::FirstAttended, 10),
                (ReferralStatus::Active, 40),
            ],
            _ => &[
                (ReferralStatus::Contacted, 3),
                (ReferralStatus::FirstAttended, 10),
                (ReferralStatus::Closed, 90),
            ],
        };
        history.extend(steps.iter().map(|(status, days)| StatusChange {
            status: *status,
            on: on(*days),
        }));
        let id = ReferralId::from_bytes([
            0xB0, i as u8, 0x70, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, i as u8,
        ]);
        let closed = history
            .last()
            .is_some_and(|c| c.status == ReferralStatus::Closed);
        let sent = |kind: LetterKind, days: u64, n: u8| LetterRecord {
            id: LetterId::from_bytes([
                0xC0, i as u8, 0x70, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, n, i as u8,
            ]),
            referral: id,
            participant: person.id,
            referrer: by.id,
            kind,
            produced_on: on(days),
            sent_on: Some(on(days)),
            body: format!(
                "Thank you for referring {} to {}. We received your referral on {}.",
                person.details.full_name,
                organisation.name,
                crate::domain::dates::long_date(received_on)
            ),
            recipient: by.details.address_lines(),
            letterhead: organisation.clone(),
            codes: vec![super::letters::SNOMED_REFERRAL.to_owned()],
            salutation: format!("Dear {},", by.details.name),
            heading: format!("Re: {}", person.details.full_name),
        };
        if (5..16).contains(&i) {
            letters.push(sent(LetterKind::Acknowledgement, 2, 1));
        }
        if (14..16).contains(&i) {
            letters.push(LetterRecord {
                body: format!(
                    "{}'s time with us has come to an end.",
                    person.details.full_name
                ),
                codes: vec![],
                ..sent(LetterKind::Closing, 92, 2)
            });
        }
        referrals.push(Referral {
            id,
            participant: person.id,
            referrer: by.id,
            received_on,
            reason: "Feeling isolated and low since retiring; would like to be more active.".into(),
            needs_and_concerns: String::new(),
            suggested_activities: vec![],
            history,
            closing_reason: closed.then(|| closing[i % 4].clone()),
            changes: if i % 2 == 0 {
                "I get out of the house every week now and I sleep better.".into()
            } else {
                String::new()
            },
            outcome: String::new(),
        });
    }
    DemoReferrals {
        referrers,
        referrals,
        letters,
    }
}
