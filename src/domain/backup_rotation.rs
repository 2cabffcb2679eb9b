//! Which automatic backups to keep, as Anki and Time Machine thin theirs:
//! the most recent few, then one a day, one a week and one a month. The
//! rotation also bounds how long an erased person survives in backups.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Utc};

/// How many of the newest backups are kept whatever their age.
pub const KEEP_RECENT: usize = 10;
/// The newest backup of each of this many days is kept.
pub const KEEP_DAILY: usize = 7;
/// The newest backup of each of this many weeks is kept.
pub const KEEP_WEEKLY: usize = 4;
/// The newest backup of each of this many months is kept.
pub const KEEP_MONTHLY: usize = 6;

/// The positions in `made` (in any order) of the backups to keep.
pub fn backups_to_keep(made: &[DateTime<Utc>]) -> BTreeSet<usize> {
    let mut newest_first: Vec<usize> = (0..made.len()).collect();
    newest_first.sort_by_key(|i| std::cmp::Reverse(made[*i]));
    let mut keep: BTreeSet<usize> = newest_first.iter().take(KEEP_RECENT).copied().collect();
    let mut newest_of = |period: &dyn Fn(DateTime<Utc>) -> (i32, u32), how_many: usize| {
        let mut seen = BTreeSet::new();
        for &i in &newest_first {
            if seen.len() == how_many {
                break;
            }
            if seen.insert(period(made[i])) {
                keep.insert(i);
            }
        }
    };
    newest_of(&|t| (t.year(), t.ordinal()), KEEP_DAILY);
    newest_of(
        &|t| {
            let week = t.iso_week();
            (week.year(), week.week())
        },
        KEEP_WEEKLY,
    );
    newest_of(&|t| (t.year(), t.month()), KEEP_MONTHLY);
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn at(days_ago: i64, hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
            - Duration::days(days_ago)
            - Duration::hours(hours)
    }

    #[test]
    fn a_few_backups_are_all_kept() {
        let made: Vec<_> = (0..5).map(|i| at(0, i)).collect();
        assert_eq!(backups_to_keep(&made).len(), 5);
    }

    #[test]
    fn a_busy_day_keeps_the_ten_newest_and_the_newest_of_each_earlier_day() {
        // Every half hour for 30 days.
        let made: Vec<_> = (0..30 * 48)
            .map(|i| at(0, 0) - Duration::minutes(30 * i))
            .collect();
        let keep = backups_to_keep(&made);
        // The ten newest are the first ten.
        assert!((0..10).all(|i| keep.contains(&i)));
        // Yesterday's newest (the last of its day) is kept, its second newest is not.
        let yesterday: Vec<usize> = (0..made.len())
            .filter(|i| made[*i].date_naive() == at(1, 0).date_naive())
            .collect();
        assert!(keep.contains(&yesterday[0]));
        assert!(!keep.contains(&yesterday[1]));
        // 10 recent + up to 6 more days + a few weeks + one more month: far fewer than 1,440.
        assert!(keep.len() <= KEEP_RECENT + KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY);
        // The oldest (30 days ago) is the newest of nothing.
        assert!(!keep.contains(&(made.len() - 1)));
    }

    #[test]
    fn one_backup_a_month_is_kept_for_six_months() {
        let made: Vec<_> = (0..12).map(|m| at(31 * m, 0)).collect();
        let keep = backups_to_keep(&made);
        // Ten newest whatever their age; then months decide nothing more.
        assert_eq!(keep.len(), 10);
        let made: Vec<_> = (0..40).map(|d| at(d * 7, 0)).collect();
        let keep = backups_to_keep(&made);
        let oldest_kept = keep.iter().map(|i| made[*i]).min().unwrap();
        assert!(oldest_kept >= at(200, 0), "kept {oldest_kept}");
        assert!(!keep.contains(&39));
    }
}
