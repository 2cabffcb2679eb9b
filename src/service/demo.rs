//! A realistic demo organisation, the same every time for the same day: the
//! app's "Explore with demo data" and `tend demo` both use it.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};

use super::demo_referrals::{DemoReferrals, demo_referrals};
use super::demo_volunteers::{DemoRota, FIRST_AID, WALK_LEADER_TRAINING, demo_buddies, demo_rota};
use crate::domain::instruments::{Loneliness, Swemwbs};
use crate::domain::person_centred::PersonCentredLists;
use crate::domain::{
    AccessRequest, AccessRequestId, Activity, ActivityDetails, ActivityId, ActivityKind, Answers,
    AttendanceMark, ConsentRecord, Consents, Day, EmergencyContact, Enrolment, Gender, Mark,
    NhsNumber, Ons4, Organisation, OutcomeId, OutcomeRecord, OutcomeSettings, Participant,
    ParticipantDetails, ParticipantId, ParticipantStatus, Recurrence, Role, RoleId, RoleNeed,
    Session, SessionId, SessionStatus, Settings, Signatory, Stage,
};
use crate::store::{EXPORT_FORMAT, SCHEMA_VERSION, Snapshot};
use crate::{Result, Tend};

const NAMES: [&str; 60] = [
    "Zoë Ní Bhriain",
    "Łukasz Wróbel",
    "Margaret Thompson",
    "Aled Roberts",
    "Siân Evans",
    "Gwenllian Price",
    "Rhodri Llewelyn",
    "Mohammed Hussain",
    "Fatima Begum",
    "Aisha Okafor",
    "Chidi Nwosu",
    "Grace Mensah",
    "Kwame Asante",
    "Priya Patel",
    "Rajesh Kumar",
    "Harpreet Kaur",
    "Gurpreet Singh",
    "Wei Chen",
    "Mei Ling Wong",
    "Nguyen Thi Lan",
    "Agnieszka Kowalska",
    "Tomasz Nowak",
    "Krzysztof Wiśniewski",
    "Małgorzata Zielińska",
    "Seán Ó Briain",
    "Niamh O'Connor",
    "Aoife Ní Mhurchú",
    "Pádraig Ó Súilleabháin",
    "Eilidh MacLeod",
    "Catrìona NicDhòmhnaill",
    "Hamish Fraser",
    "Dorothy Walker",
    "Brian Cooper",
    "Patricia Hughes",
    "Kevin O'Brien",
    "Janet Lewis",
    "Derek Shaw",
    "Sandra Bennett",
    "Geoffrey Palmer",
    "Irene Mitchell",
    "Colin Barnes",
    "Maureen Clarke",
    "Trevor Davies",
    "Yusuf Ali",
    "Amina Yusuf",
    "Hassan Abdi",
    "Ayşe Yılmaz",
    "Mehmet Demir",
    "Elena Popescu",
    "Dimitris Papadopoulos",
    "Sofía García",
    "José Fernández",
    "Ana Sousa",
    "Giulia Rossi",
    "Olga Ivanova",
    "Jürgen Müller",
    "Ingrid Larsen",
    "Chloé Dubois",
    "Oluwaseun Adeyemi",
    "Bronwen Jones",
];

/// Whether each of `NAMES` is a woman (F) or a man (M), as their names say.
const GENDERS: &[u8; 60] = b"FMFMFFMMFFMFMFMFMMFFFMMFMFFMFFMFMFMFMFMFMFMMFMFMFMFMFFFMFFMF";

const PREFERRED: [(&str, &str); 4] = [
    ("Margaret Thompson", "Peggy"),
    ("Geoffrey Palmer", "Geoff"),
    ("Dorothy Walker", "Dot"),
    ("Patricia Hughes", "Pat"),
];

const STREETS: [&str; 6] = [
    "Elm Road",
    "Station Street",
    "Heol y Bont",
    "Mill Lane",
    "Church View",
    "Park Terrace",
];

/// A small deterministic generator (xorshift), so the demo needs no
/// randomness crate and is the same every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A UUID v7 whose time part is `at` and whose random part comes from the dice.
    fn id(&mut self, at: NaiveDate) -> [u8; 16] {
        let millis = at
            .and_hms_opt(9, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp_millis().max(0) as u64);
        let random = [self.next().to_be_bytes(), self.next().to_be_bytes()].concat();
        let mut bytes = [0u8; 10];
        bytes.copy_from_slice(&random[..10]);
        *uuid::Builder::from_unix_timestamp_millis(millis, &bytes)
            .as_uuid()
            .as_bytes()
    }
}

/// Makes a valid NHS number from nine digits by adding its check digit, or
/// none when those nine digits cannot have one.
fn nhs_number(dice: &mut Dice) -> Option<NhsNumber> {
    let nine = format!("{:09}", 400_000_000 + dice.below(99_999_999));
    (0..10)
        .map(|check| NhsNumber::parse(&format!("{nine}{check}")))
        .find_map(std::result::Result::ok)
}

fn at(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_time(time))
}

/// The whole demo as an export, for `today`: a year of sessions up to
/// `today` with attendance, and a quarter ahead without.
pub fn demo_snapshot(today: NaiveDate) -> Snapshot {
    let mut dice = Dice(0x7E4D_2026_5EED_0001);
    let season_start = today - Days::new(52 * 7);
    let season_end = today + Days::new(13 * 7);
    let consent_day = season_start - Days::new(30);

    let role = |dice: &mut Dice, name: &str, qualification: &str| Role {
        id: RoleId::from_bytes(dice.id(season_start)),
        name: name.to_string(),
        qualification: qualification.to_string(),
        required_for_safety: qualification == FIRST_AID,
    };
    let roles = vec![
        role(&mut dice, "Walk leader", WALK_LEADER_TRAINING),
        role(&mut dice, "Back marker", ""),
        role(&mut dice, "First aider", FIRST_AID),
        role(&mut dice, "Garden lead", ""),
        role(&mut dice, "Welcomer", ""),
    ];
    let need = |role: &Role, count: u16, per: Option<u16>| RoleNeed {
        role: role.id,
        count,
        per_participants: per,
    };

    let time = |h: u32, m: u32| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    let walk = Activity {
        id: ActivityId::from_bytes(dice.id(season_start)),
        details: ActivityDetails {
            name: "Tuesday Health Walk".into(),
            kind: ActivityKind::HealthWalk,
            meeting_place: "Riverside Park, main gate on Mill Lane".into(),
            recurrence: Recurrence::Weekly { day: Day::Tuesday },
            start_time: time(10, 0),
            duration_minutes: 90,
            capacity: Some(40),
            leader: "Dafydd ap Gwilym".into(),
            roles_needed: vec![
                need(&roles[0], 1, Some(20)),
                need(&roles[1], 1, None),
                need(&roles[2], 1, None),
            ],
            last_risk_assessment: Some(today - Days::new(120)),
            runs_on_bank_holidays: false,
        },
    };
    let garden = Activity {
        id: ActivityId::from_bytes(dice.id(season_start)),
        details: ActivityDetails {
            name: "Friday Garden Club".into(),
            kind: ActivityKind::Garden,
            meeting_place: "St Mark's Community Garden, Elm Road".into(),
            recurrence: Recurrence::Weekly { day: Day::Friday },
            start_time: time(13, 30),
            duration_minutes: 120,
            capacity: Some(25),
            leader: "Priya Sharma".into(),
            roles_needed: vec![need(&roles[3], 1, None), need(&roles[4], 1, None)],
            last_risk_assessment: Some(today - Days::new(200)),
            runs_on_bank_holidays: false,
        },
    };

    let mut participants = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        let joined = season_start - Days::new(dice.below(200));
        let born = NaiveDate::from_ymd_opt(
            1940 + dice.below(50) as i32,
            1 + dice.below(12) as u32,
            1 + dice.below(28) as u32,
        );
        let consent = |given: bool| {
            Some(ConsentRecord {
                given,
                on: consent_day,
            })
        };
        let share = dice.chance(80);
        participants.push(Participant {
            id: ParticipantId::from_bytes(dice.id(joined)),
            details: ParticipantDetails {
                full_name: (*name).to_string(),
                preferred_name: PREFERRED
                    .iter()
                    .find(|(full, _)| full == name)
                    .map(|(_, short)| (*short).to_string())
                    .unwrap_or_default(),
                date_of_birth: born,
                nhs_number: if dice.chance(60) {
                    nhs_number(&mut dice)
                } else {
                    None
                },
                address: format!(
                    "{} {}\nAbermill",
                    1 + dice.below(120),
                    STREETS[i % STREETS.len()]
                ),
                postcode: format!("AB{} {}XY", 1 + i % 9, 1 + dice.below(9)),
                phone: format!("07700 900{:03}", i * 7 % 1000),
                email: String::new(),
                emergency_contact: EmergencyContact {
                    name: if dice.chance(85) {
                        NAMES[(i * 17 + 5) % NAMES.len()].to_string()
                    } else {
                        String::new()
                    },
                    relationship: ["Daughter", "Son", "Partner", "Friend", "Neighbour"][i % 5]
                        .to_string(),
                    phone: format!("07700 901{:03}", i * 11 % 1000),
                },
                needs: [
                    "Lonely since moving to the area",
                    "Low mood; wants to get out more",
                    "Type 2 diabetes: advised to walk daily",
                    "Recovering from a knee operation",
                    "",
                ][i % 5]
                    .to_string(),
                access_needs: if i % 7 == 0 {
                    "Walks with a stick: shorter route".into()
                } else {
                    String::new()
                },
                // Most say; a few prefer not to, a few were never asked.
                gender: match (i % 11, i % 13) {
                    (10, _) => None,
                    (_, 12) => Some(Gender::PreferNotToSay),
                    _ if GENDERS[i % GENDERS.len()] == b'F' => Some(Gender::Female),
                    _ => Some(Gender::Male),
                },
                ethnicity: None,
                consents: Consents {
                    hold_data: consent(true),
                    share_with_referrer: consent(share),
                    contact_by_phone: consent(true),
                    contact_by_sms: None,
                    contact_by_email: consent(false),
                },
                status: ParticipantStatus::Active,
            },
            created_on: joined,
            history: Vec::new(),
        });
    }

    let mut enrolments = Vec::new();
    for (i, person) in participants.iter().enumerate() {
        // Most walk, some garden, a few do both; Zoë and Łukasz walk.
        let walks = i < 2 || i % 5 != 1;
        let gardens = i % 3 == 1;
        for (activity, yes) in [(&walk, walks), (&garden, gardens)] {
            if yes {
                let left = (i % 11 == 4).then(|| today - Days::new(40 + dice.below(60)));
                enrolments.push(Enrolment {
                    activity: activity.id,
                    participant: person.id,
                    joined_on: person.created_on,
                    left_on: left,
                    buddy: None,
                });
            }
        }
    }

    let mut sessions = Vec::new();
    let mut attendance = Vec::new();
    let mut ever_present = std::collections::HashSet::new();
    for activity in [&walk, &garden] {
        let dates = activity
            .details
            .recurrence
            .dates(season_start, season_end)
            .unwrap_or_default();
        for date in dates {
            let cancelled = dice.chance(4) && date < today;
            let session = Session {
                id: SessionId::from_bytes(dice.id(date)),
                activity: activity.id,
                date,
                start_time: activity.details.start_time,
                duration_minutes: activity.details.duration_minutes,
                place: activity.details.meeting_place.clone(),
                leader: activity.details.leader.clone(),
                status: if cancelled {
                    SessionStatus::Cancelled {
                        reason: "Weather".into(),
                    }
                } else if date < today {
                    SessionStatus::Held
                } else {
                    SessionStatus::Planned
                },
                moved: None,
            };
            if date < today && !cancelled {
                for enrolment in enrolments
                    .iter()
                    .filter(|e| e.activity == activity.id && e.is_current_on(date))
                {
                    // One in twelve has drifted away over the last five weeks,
                    // so "Stopped coming" has people to ring.
                    let drifted = enrolment.participant.as_bytes()[15] % 12 == 5
                        && date + Days::new(35) > today;
                    let roll = dice.below(100);
                    let mark = match roll {
                        _ if drifted => Mark::Absent,
                        0..=69 => Mark::Present,
                        70..=84 => Mark::Apologies,
                        _ => Mark::Absent,
                    };
                    let first_visit =
                        mark == Mark::Present && ever_present.insert(enrolment.participant);
                    attendance.push(AttendanceMark {
                        session: session.id,
                        participant: enrolment.participant,
                        mark,
                        walk_in: false,
                        first_visit,
                        note: String::new(),
                        recorded_at: at(date, activity.details.start_time),
                    });
                }
            }
            sessions.push(session);
        }
    }

    let organisation = Organisation {
        name: "Abermill Wellbeing Walks & Gardens".into(),
        address: "The Old Chapel\n12 Heol y Bont\nAbermill".into(),
        postcode: "AB1 2CD".into(),
        charity_number: "1180000".into(),
        phone: "01234 567890".into(),
        email: "hello@abermill-wellbeing.org.uk".into(),
        signatory: Signatory {
            name: "Carys Morgan".into(),
            role: "Coordinator".into(),
        },
        logo: None,
    };
    let DemoReferrals {
        referrers,
        referrals,
        letters,
    } = demo_referrals(&participants, &organisation, today);
    let staffed = demo_rota(&roles, &[&walk, &garden], &sessions, &enrolments, today);
    // Two who never joined anything start at the walk this week.
    let starting: Vec<ParticipantId> = participants
        .iter()
        .filter(|p| !enrolments.iter().any(|e| e.participant == p.id))
        .take(2)
        .map(|p| p.id)
        .collect();
    enrolments.extend(starting.into_iter().map(|participant| Enrolment {
        activity: walk.id,
        participant,
        joined_on: today,
        left_on: None,
        buddy: None,
    }));
    demo_buddies(&mut enrolments, &sessions, &attendance, &staffed, today);
    let DemoRota { volunteers, rota } = staffed;
    // Someone has asked to see what is held about them: due in 12 days.
    let received_on = today
        .checked_sub_months(chrono::Months::new(1))
        .unwrap_or(today)
        + Days::new(12);
    let access_requests = participants
        .get(3)
        .map(|person| AccessRequest {
            id: AccessRequestId::from_bytes(dice.id(received_on)),
            participant: person.id,
            received_on,
            extended_to: None,
            answered_on: None,
        })
        .into_iter()
        .collect();
    let outcomes = demo_wellbeing(&sessions, &attendance, today);
    Snapshot {
        format: EXPORT_FORMAT.to_string(),
        schema_version: SCHEMA_VERSION,
        exported_at: at(today, NaiveTime::MIN),
        outcomes,
        organisation: Some(organisation),
        participants,
        referrers,
        referrals,
        letters,
        activities: vec![walk, garden],
        sessions,
        enrolments,
        attendance,
        roles,
        volunteers,
        rota,
        access_requests,
        // The demo organisation has registered to use SWEMWBS.
        settings: Some(Settings {
            outcomes: OutcomeSettings {
                swemwbs_registered_on: Some(today - Days::new(400)),
                ..OutcomeSettings::default()
            },
            ..Settings::default()
        }),
        demo: true,
        ..empty_snapshot()
    }
}

/// ONS4 at each person's first session, and for about half a review some
/// ten weeks on, mostly a little better: something for Reports to pair.
/// Its own dice, so the rest of the demo stays as it was.
fn demo_wellbeing(
    sessions: &[Session],
    attendance: &[AttendanceMark],
    today: NaiveDate,
) -> Vec<OutcomeRecord> {
    let mut dice = Dice(0x0A54_2026_4E11_0004);
    let day_of: std::collections::HashMap<_, _> = sessions.iter().map(|s| (s.id, s.date)).collect();
    let mut first: std::collections::BTreeMap<ParticipantId, NaiveDate> = Default::default();
    for mark in attendance.iter().filter(|m| m.mark == Mark::Present) {
        if let Some(day) = day_of.get(&mark.session) {
            let seen = first.entry(mark.participant).or_insert(*day);
            *seen = (*seen).min(*day);
        }
    }
    // A second dice for what was added later (their own words, the lists,
    // loneliness, SWEMWBS), so the ONS4 answers stay as they were.
    let mut words = Dice(0x0A54_2026_4E11_0005);
    let lists = PersonCentredLists::default();
    let mut outcomes = Vec::new();
    for (i, (person, began)) in first.into_iter().enumerate() {
        if !dice.chance(85) {
            continue;
        }
        let score = |dice: &mut Dice, low: u64, span: u64| Some((low + dice.below(span)) as u8);
        let before = Ons4 {
            life_satisfaction: score(&mut dice, 3, 4),
            worthwhile: score(&mut dice, 4, 4),
            happiness: score(&mut dice, 3, 4),
            anxiety: score(&mut dice, 4, 5),
        };
        let pick = |words: &mut Dice, from: &[crate::domain::person_centred::ListEntry], n: u64| {
            let mut chosen: Vec<String> = Vec::new();
            for _ in 0..n {
                let entry = &from[words.below(from.len() as u64) as usize].label;
                if !chosen.contains(entry) {
                    chosen.push(entry.clone());
                }
            }
            chosen
        };
        let lonely = |words: &mut Dice, span: u64| Loneliness {
            lack_companionship: score(words, 1, span),
            left_out: score(words, 1, span),
            isolated: score(words, 1, span),
            how_often: score(words, 1, 5),
        };
        let swemwbs = |words: &mut Dice, low: u64| Swemwbs {
            answers: std::array::from_fn(|_| score(words, low, 3)),
        };
        let asked_swemwbs = i % 4 == 0;
        let baseline_loneliness = lonely(&mut words, 3);
        let baseline_swemwbs = swemwbs(&mut words, 1);
        outcomes.push(OutcomeRecord {
            id: OutcomeId::from_bytes(dice.id(began)),
            participant: person,
            taken_on: began,
            stage: Stage::Baseline,
            answers: Answers {
                ons4: before,
                loneliness: if words.chance(80) {
                    baseline_loneliness
                } else {
                    Loneliness::default()
                },
                swemwbs: if asked_swemwbs {
                    baseline_swemwbs
                } else {
                    Swemwbs::default()
                },
                what_matters: WHAT_MATTERS[i % WHAT_MATTERS.len()].into(),
                needs: pick(&mut words, &lists.needs, 3),
                barriers: pick(&mut words, &lists.barriers, 2),
                ..Answers::default()
            },
        });
        let review = began + Days::new(70 + dice.below(28));
        if review <= today && dice.chance(55) {
            let up = |dice: &mut Dice, v: Option<u8>| v.map(|v| (v + dice.below(4) as u8).min(10));
            let down =
                |dice: &mut Dice, v: Option<u8>| v.map(|v| v.saturating_sub(dice.below(4) as u8));
            outcomes.push(OutcomeRecord {
                id: OutcomeId::from_bytes(dice.id(review)),
                participant: person,
                taken_on: review,
                stage: Stage::Review,
                answers: Answers {
                    ons4: Ons4 {
                        life_satisfaction: up(&mut dice, before.life_satisfaction),
                        worthwhile: up(&mut dice, before.worthwhile),
                        happiness: up(&mut dice, before.happiness),
                        anxiety: down(&mut dice, before.anxiety),
                    },
                    loneliness: lonely(&mut words, 2),
                    swemwbs: if asked_swemwbs {
                        swemwbs(&mut words, 2)
                    } else {
                        Swemwbs::default()
                    },
                    benefits: pick(&mut words, &lists.benefits, 3),
                    ..Answers::default()
                },
            });
        }
    }
    outcomes
}

/// What matters to people, in their own words, for the demo.
const WHAT_MATTERS: [&str; 5] = [
    "Getting out of the house and seeing people",
    "Being able to walk to the shops again",
    "Having something to look forward to each week",
    "Feeling useful; I used to be a keen gardener",
    "Making friends since moving here",
];

fn empty_snapshot() -> Snapshot {
    Snapshot {
        format: EXPORT_FORMAT.to_string(),
        schema_version: SCHEMA_VERSION,
        exported_at: DateTime::<Utc>::MIN_UTC,
        organisation: None,
        settings: None,
        templates: Default::default(),
        logos: Default::default(),
        participants: vec![],
        referrers: vec![],
        referrals: vec![],
        activities: vec![],
        sessions: vec![],
        enrolments: vec![],
        attendance: vec![],
        volunteers: vec![],
        roles: vec![],
        rota: vec![],
        access_requests: vec![],
        erasures: vec![],
        activity_log: vec![],
        outcomes: vec![],
        letters: vec![],
        demo: false,
    }
}

impl Tend {
    /// Fills an empty data folder with the demo (or replaces what is there
    /// when `replace` is set).
    pub fn load_demo(&self, today: NaiveDate, replace: bool) -> Result<()> {
        self.import(&demo_snapshot(today), replace)
    }

    /// The data is the demo organisation, loaded by `load_demo`.
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.store.meta_value(crate::store::Meta::Demo)?.is_some())
    }

    /// Removes everything the demo put here, so Tend starts afresh.
    pub fn leave_demo(&self) -> Result<()> {
        if !self.is_demo()? {
            return Err(crate::Error::Conflict(
                "This is not the demo: your own data is never removed this way.".into(),
            ));
        }
        self.import(&empty_snapshot(), true)
    }
}
