//! Optional details asked for reports only: gender (with "prefer not to
//! say"), ethnicity in the ONS categories (England and Wales, 2021), and
//! the age band worked out from the date of birth. Nothing here is ever
//! required, and "not recorded" is always a row of its own.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Gender {
    Female,
    Male,
    NonBinary,
    /// In another way.
    Other,
    PreferNotToSay,
}

impl Gender {
    pub const ALL: [Gender; 5] = [
        Gender::Female,
        Gender::Male,
        Gender::NonBinary,
        Gender::Other,
        Gender::PreferNotToSay,
    ];

    pub fn words(self) -> &'static str {
        match self {
            Gender::Female => "Female",
            Gender::Male => "Male",
            Gender::NonBinary => "Non-binary",
            Gender::Other => "In another way",
            Gender::PreferNotToSay => "Prefer not to say",
        }
    }
}

/// The ONS 2021 categories, each in its group, and "prefer not to say".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Ethnicity {
    Bangladeshi,
    Chinese,
    Indian,
    Pakistani,
    OtherAsian,
    African,
    Caribbean,
    OtherBlack,
    WhiteAndAsian,
    WhiteAndBlackAfrican,
    WhiteAndBlackCaribbean,
    OtherMixed,
    WhiteBritish,
    WhiteIrish,
    GypsyOrIrishTraveller,
    Roma,
    OtherWhite,
    Arab,
    AnyOther,
    PreferNotToSay,
}

impl Ethnicity {
    pub const ALL: [Ethnicity; 20] = [
        Ethnicity::Bangladeshi,
        Ethnicity::Chinese,
        Ethnicity::Indian,
        Ethnicity::Pakistani,
        Ethnicity::OtherAsian,
        Ethnicity::African,
        Ethnicity::Caribbean,
        Ethnicity::OtherBlack,
        Ethnicity::WhiteAndAsian,
        Ethnicity::WhiteAndBlackAfrican,
        Ethnicity::WhiteAndBlackCaribbean,
        Ethnicity::OtherMixed,
        Ethnicity::WhiteBritish,
        Ethnicity::WhiteIrish,
        Ethnicity::GypsyOrIrishTraveller,
        Ethnicity::Roma,
        Ethnicity::OtherWhite,
        Ethnicity::Arab,
        Ethnicity::AnyOther,
        Ethnicity::PreferNotToSay,
    ];

    pub fn words(self) -> &'static str {
        use Ethnicity::*;
        match self {
            Bangladeshi => "Bangladeshi",
            Chinese => "Chinese",
            Indian => "Indian",
            Pakistani => "Pakistani",
            OtherAsian => "Any other Asian background",
            African => "African",
            Caribbean => "Caribbean",
            OtherBlack => "Any other Black, Black British or Caribbean background",
            WhiteAndAsian => "White and Asian",
            WhiteAndBlackAfrican => "White and Black African",
            WhiteAndBlackCaribbean => "White and Black Caribbean",
            OtherMixed => "Any other Mixed or multiple ethnic background",
            WhiteBritish => "English, Welsh, Scottish, Northern Irish or British",
            WhiteIrish => "Irish",
            GypsyOrIrishTraveller => "Gypsy or Irish Traveller",
            Roma => "Roma",
            OtherWhite => "Any other White background",
            Arab => "Arab",
            AnyOther => "Any other ethnic group",
            PreferNotToSay => "Prefer not to say",
        }
    }

    /// The ONS group the category sits in, as reports break it down.
    pub fn group(self) -> &'static str {
        use Ethnicity::*;
        match self {
            Bangladeshi | Chinese | Indian | Pakistani | OtherAsian => "Asian or Asian British",
            African | Caribbean | OtherBlack => {
                "Black, Black British, Black Welsh, Caribbean or African"
            }
            WhiteAndAsian | WhiteAndBlackAfrican | WhiteAndBlackCaribbean | OtherMixed => {
                "Mixed or multiple ethnic groups"
            }
            WhiteBritish | WhiteIrish | GypsyOrIrishTraveller | Roma | OtherWhite => "White",
            Arab | AnyOther => "Other ethnic group",
            PreferNotToSay => "Prefer not to say",
        }
    }
}

/// A choice as a form's list offers it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Choice<T: TS> {
    pub value: T,
    pub label: String,
    /// The heading it sits under in the list ("White"), if any.
    pub group: String,
}

/// Every choice a person's form offers for gender and ethnicity.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DemographicChoices {
    pub genders: Vec<Choice<Gender>>,
    pub ethnicities: Vec<Choice<Ethnicity>>,
}

pub fn choices() -> DemographicChoices {
    DemographicChoices {
        genders: gender_choices(),
        ethnicities: ethnicity_choices(),
    }
}

fn gender_choices() -> Vec<Choice<Gender>> {
    Gender::ALL
        .into_iter()
        .map(|value| Choice {
            value,
            label: value.words().into(),
            group: String::new(),
        })
        .collect()
}

fn ethnicity_choices() -> Vec<Choice<Ethnicity>> {
    Ethnicity::ALL
        .into_iter()
        .map(|value| Choice {
            value,
            label: value.words().into(),
            group: value.group().into(),
        })
        .collect()
}

/// The age bands reports use, youngest first.
pub const AGE_BANDS: [&str; 9] = [
    "Under 18",
    "18–24",
    "25–34",
    "35–44",
    "45–54",
    "55–64",
    "65–74",
    "75–84",
    "85 and over",
];

/// The band ("65–74") of someone born on `born`, by their age on `on`.
pub fn age_band(born: NaiveDate, on: NaiveDate) -> &'static str {
    let age = on.years_since(born).unwrap_or(0);
    let index = match age {
        0..=17 => 0,
        18..=24 => 1,
        25..=84 => (age as usize - 25) / 10 + 2,
        _ => 8,
    };
    AGE_BANDS[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn age_bands_turn_on_the_birthday() {
        let born = day(1951, 12, 2);
        assert_eq!(age_band(born, day(2026, 12, 1)), "65–74");
        assert_eq!(age_band(born, day(2026, 12, 2)), "75–84");
        assert_eq!(age_band(day(2010, 1, 1), day(2026, 12, 1)), "Under 18");
        assert_eq!(age_band(day(2002, 1, 1), day(2026, 12, 1)), "18–24");
        assert_eq!(age_band(day(2001, 1, 1), day(2026, 12, 1)), "25–34");
        assert_eq!(age_band(day(1930, 1, 1), day(2026, 12, 1)), "85 and over");
    }

    #[test]
    fn every_ethnicity_sits_in_one_of_the_five_groups_or_prefers_not_to_say() {
        let groups: std::collections::BTreeSet<_> =
            Ethnicity::ALL.iter().map(|e| e.group()).collect();
        assert_eq!(groups.len(), 6);
        assert_eq!(Ethnicity::WhiteIrish.group(), "White");
    }
}
