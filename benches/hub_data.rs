//! A generated hub: many people, many activities, a year of weekly
//! sessions and their marks, loaded straight into a new data folder. The
//! people-and-records benchmarks use it, and the backup ones add referrals.
#![allow(dead_code)] // each bench uses the helpers it needs

use chrono::{Days, NaiveDate, NaiveTime};
use tend::domain::{
    Activity, ActivityDetails, ActivityId, ActivityKind, Answers, AttendanceMark, Day, Enrolment,
    LetterId, LetterKind, LetterRecord, Mark, Ons4, Organisation, OutcomeId, OutcomeRecord,
    Participant, ParticipantDetails, ParticipantId, Recurrence, Referral, ReferralId,
    ReferralStatus, Referrer, ReferrerDetails, ReferrerId, Session, SessionId, SessionStatus,
    Stage, StatusChange,
};
use tend::store::{EXPORT_FORMAT, SCHEMA_VERSION, Snapshot, Store};

const GIVEN: &[&str] = &[
    "Zoë",
    "Łukasz",
    "Siân",
    "Dafydd",
    "Aoife",
    "Seán",
    "Ayşe",
    "Jürgen",
    "Νίκος",
    "Ольга",
    "Mary",
    "John",
    "Bethan",
    "Megan",
    "Priya",
    "Mohammed",
    "Agnieszka",
    "Aled",
    "Róisín",
    "Gwenllian",
    "Tomasz",
    "Fatima",
    "Llŷr",
    "Ceri",
    "Niamh",
    "Oisín",
    "Amina",
    "Ana",
    "Brian",
    "Carys",
    "David",
    "Elin",
    "Gareth",
    "Hannah",
    "Ifan",
    "Jane",
    "Kofi",
    "Lowri",
    "Marek",
    "Nia",
    "Owain",
    "Peter",
    "Rhys",
    "Sarah",
    "Tegan",
    "Wiktoria",
    "Yusuf",
    "Zofia",
    "Emre",
    "Katarzyna",
    "Patrick",
    "Siobhán",
    "Rhiannon",
    "Ewan",
    "Iwan",
    "Olena",
    "Dmytro",
    "Chidi",
    "Grace",
    "Helen",
];
const MIDDLE: &[&str] = &[
    "", "Ann", "Mair", "Wyn", "Marie", "James", "Rose", "Elis", "Jan", "Lee", "Louise", "Mai",
    "Owen", "Rhian", "Tomos", "Grace", "Joy", "Kay", "Lynn", "May", "Rhys", "Sian", "Ted", "Vi",
    "Wynne", "Beth", "Cai", "Dee", "Efa", "Fay",
];
const FAMILY: &[&str] = &[
    "Ní Bhriain",
    "Wróbel",
    "Evans",
    "ap Gwilym",
    "O'Brien",
    "Yılmaz",
    "Müller",
    "Παπαδόπουλος",
    "Коваленко",
    "Jones",
    "Williams",
    "Davies",
    "Thomas",
    "Roberts",
    "Hughes",
    "Lewis",
    "Morgan",
    "Griffiths",
    "Price",
    "Rees",
    "Llewelyn",
    "Sharma",
    "Okafor",
    "Kowalska",
    "Nowak",
    "Murphy",
    "Kelly",
    "Ó Briain",
    "Mac Giolla",
    "Walsh",
    "Byrne",
    "Ryan",
    "Smith",
    "Taylor",
    "Brown",
    "Wilson",
    "Khan",
    "Ali",
    "Patel",
    "Hussain",
    "Begum",
    "Sousa",
    "Silva",
    "Cooper",
    "Wright",
    "Hopwood",
    "Paterson",
    "Whitfield",
    "Pritchard",
    "Bowen",
    "Jenkins",
    "Powell",
    "Parry",
    "Owen",
    "Edwards",
    "Phillips",
    "Watkins",
    "Harris",
    "Lloyd",
    "Vaughan",
    "Howells",
    "Rowlands",
    "Ellis",
    "Mason",
    "Lynch",
    "Doyle",
    "Quinn",
    "Kennedy",
    "Brennan",
    "Nolan",
    "Zieliński",
    "Kamińska",
    "Lewandowski",
    "Szymańska",
    "Dąbrowski",
    "Öztürk",
    "Şahin",
    "Çelik",
    "Schmidt",
    "Schäfer",
];

/// A small, fixed sequence of numbers, so every run builds the same hub.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The `n`th name of the hub: a given name, perhaps a middle one, a family name.
pub fn name_of(n: usize) -> String {
    let given = GIVEN[n % GIVEN.len()];
    let middle = MIDDLE[(n / GIVEN.len()) % MIDDLE.len()];
    let family = FAMILY[(n / (GIVEN.len() * MIDDLE.len())) % FAMILY.len()];
    if middle.is_empty() {
        format!("{given} {family}")
    } else {
        format!("{given} {middle} {family}")
    }
}

/// `people` people across `activities` weekly activities, each with 52
/// sessions up to `today`, and about `marks` attendance marks in all.
pub fn hub(people: usize, activities: usize, marks: usize, today: NaiveDate) -> Snapshot {
    hub_of_weeks(people, activities, 52, marks, today)
}

/// The same hub with `weeks` sessions of each activity (520: ten years).
pub fn hub_of_weeks(
    people: usize,
    activities: usize,
    weeks: u64,
    marks: usize,
    today: NaiveDate,
) -> Snapshot {
    let mut dice = Dice(0x7E4D_2026_0B0B_0001);
    let first = today - Days::new((weeks - 1) * 7);
    let activity_list: Vec<Activity> = (0..activities)
        .map(|a| Activity {
            id: ActivityId::new(),
            details: ActivityDetails {
                name: format!("Activity {a:02}"),
                kind: ActivityKind::HealthWalk,
                meeting_place: "Riverside Park gate".into(),
                recurrence: Recurrence::Weekly { day: Day::Tuesday },
                start_time: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or(NaiveTime::MIN),
                duration_minutes: 90,
                capacity: None,
                leader: String::new(),
                roles_needed: vec![],
                last_risk_assessment: None,
                runs_on_bank_holidays: false,
            },
        })
        .collect();
    let sessions: Vec<Vec<Session>> = activity_list
        .iter()
        .map(|a| {
            (0..weeks)
                .map(|w| Session {
                    id: SessionId::new(),
                    activity: a.id,
                    date: first + Days::new(w * 7),
                    start_time: a.details.start_time,
                    duration_minutes: 90,
                    place: a.details.meeting_place.clone(),
                    leader: String::new(),
                    status: SessionStatus::Held,
                    moved: None,
                })
                .collect()
        })
        .collect();
    let participants: Vec<Participant> = (0..people)
        .map(|n| Participant {
            id: ParticipantId::new(),
            details: ParticipantDetails {
                full_name: name_of(n),
                date_of_birth: first
                    .checked_sub_days(Days::new((20 * 365 + dice.below(60 * 365)) as u64)),
                phone: format!("07700 {:06}", n),
                ..Default::default()
            },
            created_on: first,
            history: Vec::new(),
        })
        .collect();
    let enrolments: Vec<Enrolment> = participants
        .iter()
        .enumerate()
        .map(|(n, p)| Enrolment {
            activity: activity_list[n % activities].id,
            participant: p.id,
            joined_on: first,
            left_on: None,
            buddy: None,
        })
        .collect();
    let per_mark = (people * weeks as usize) as f64 / marks.max(1) as f64;
    let mut attendance = Vec::with_capacity(marks);
    for (n, person) in participants.iter().enumerate() {
        for session in &sessions[n % activities] {
            if (dice.below(1_000_000) as f64) < 1_000_000.0 / per_mark {
                attendance.push(AttendanceMark {
                    session: session.id,
                    participant: person.id,
                    mark: [Mark::Present, Mark::Present, Mark::Apologies, Mark::Absent]
                        [dice.below(4)],
                    walk_in: false,
                    first_visit: false,
                    note: String::new(),
                    recorded_at: chrono::DateTime::UNIX_EPOCH,
                });
            }
        }
    }
    Snapshot {
        format: EXPORT_FORMAT.to_string(),
        schema_version: SCHEMA_VERSION,
        exported_at: chrono::DateTime::UNIX_EPOCH,
        organisation: Some(Organisation {
            name: "Abermill Social Prescribing Hub".into(),
            ..Default::default()
        }),
        settings: None,
        templates: Default::default(),
        logos: Default::default(),
        participants,
        referrers: vec![],
        referrals: vec![],
        activities: activity_list,
        sessions: sessions.into_iter().flatten().collect(),
        enrolments,
        attendance,
        volunteers: vec![],
        roles: vec![],
        rota: vec![],
        letters: vec![],
        access_requests: vec![],
        erasures: vec![],
        activity_log: vec![],
        outcomes: vec![],
        demo: false,
    }
}

/// Gives the first `referrals` people of a hub a referral from one of 40
/// referrers, each acknowledged with a letter as Tend writes them.
pub fn add_referrals(hub: &mut Snapshot, referrals: usize) {
    let referrers: Vec<Referrer> = (0..40)
        .map(|r| Referrer {
            id: ReferrerId::new(),
            details: ReferrerDetails {
                name: format!("Dr {}", name_of(r * 7 + 3)),
                role: "GP".into(),
                organisation: format!("Practice {r:02}"),
                address: "Surgery Lane\nAbermill".into(),
                postcode: "AB1 3EF".into(),
                ..Default::default()
            },
        })
        .collect();
    let letterhead = hub.organisation.clone().unwrap_or_default();
    for (n, person) in hub.participants.iter().take(referrals).enumerate() {
        let referrer = &referrers[n % referrers.len()];
        let received_on = person.created_on;
        let referral = Referral {
            id: ReferralId::new(),
            participant: person.id,
            referrer: referrer.id,
            received_on,
            reason: "Low mood; wants to get out more".into(),
            needs_and_concerns: String::new(),
            suggested_activities: vec![],
            history: vec![StatusChange {
                status: ReferralStatus::Active,
                on: received_on,
            }],
            closing_reason: None,
            changes: String::new(),
            outcome: String::new(),
        };
        hub.letters.push(LetterRecord {
            id: LetterId::new(),
            referral: referral.id,
            participant: person.id,
            referrer: referrer.id,
            kind: LetterKind::Acknowledgement,
            produced_on: received_on,
            sent_on: Some(received_on),
            body: format!(
                "Thank you for referring {} to {}. We received your referral and will be in touch with them this week.",
                person.details.full_name, letterhead.name
            ),
            recipient: vec![referrer.details.name.clone(), referrer.details.organisation.clone()],
            letterhead: letterhead.clone(),
            codes: vec!["SNOMED CT 871731000000106 Referral to social prescribing service".into()],
            salutation: format!("Dear {},", referrer.details.name),
            heading: format!("Re: {}", person.details.full_name),
        });
        hub.referrals.push(referral);
    }
    hub.referrers = referrers;
}

/// ONS4 at the start for four people in five, and for half of those a
/// review `review_days` before `today`, a little better or worse; benefits
/// at each review.
pub fn add_outcomes(hub: &mut Snapshot, review_days: u64, today: NaiveDate) {
    let mut dice = Dice(0x7E4D_2026_0B0B_0015);
    let reviewed_on = today - Days::new(review_days);
    for person in &hub.participants {
        if dice.below(5) == 0 {
            continue;
        }
        let ons4 = |dice: &mut Dice, low: usize| Ons4 {
            life_satisfaction: Some((low + dice.below(4)) as u8),
            worthwhile: Some((low + dice.below(4)) as u8),
            happiness: Some((low + dice.below(4)) as u8),
            anxiety: Some((6 - low.min(6) + dice.below(4)) as u8),
        };
        let sitting = |stage, taken_on, answers| OutcomeRecord {
            id: OutcomeId::new(),
            participant: person.id,
            taken_on,
            stage,
            answers,
        };
        let baseline = Answers {
            ons4: ons4(&mut dice, 3),
            needs: vec!["Loneliness".into()],
            ..Default::default()
        };
        hub.outcomes
            .push(sitting(Stage::Baseline, person.created_on, baseline));
        if dice.below(2) == 0 && reviewed_on > person.created_on {
            let low = 2 + dice.below(4);
            let review = Answers {
                ons4: ons4(&mut dice, low),
                benefits: vec!["New friends".into(), "Fitness".into()],
                ..Default::default()
            };
            hub.outcomes
                .push(sitting(Stage::Review, reviewed_on, review));
        }
    }
}

/// Writes the hub into a new data folder at `dir`.
pub fn write_hub(dir: &std::path::Path, hub: &Snapshot) -> tend::Result<()> {
    std::fs::create_dir_all(dir)?;
    let store = Store::open(dir)?;
    store.bulk_load(hub)?;
    Ok(())
}
