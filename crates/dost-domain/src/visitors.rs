//! Visitor statistics rules.
//!
//! A request comes from a search-engine bot (by its user agent), a guest, or a
//! signed-in member. A *visit* is one visitor not seen for [`VISIT_GAP_SECS`];
//! "online now" counts distinct visitors seen in the last [`ONLINE_WINDOW_SECS`].
//! Day and month boundaries are Vietnam's (UTC+7).

use chrono::{Datelike, NaiveDate};

/// A visitor not seen for this long starts a new visit.
pub const VISIT_GAP_SECS: i64 = 30 * 60;
/// A visitor seen this recently is online.
pub const ONLINE_WINDOW_SECS: i64 = 5 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VisitorKind {
    Bot,
    Guest,
    Member,
}

impl VisitorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bot => "bot",
            Self::Guest => "guest",
            Self::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "bot" => Self::Bot,
            "member" => Self::Member,
            _ => Self::Guest,
        }
    }
}

/// Search engines and other crawlers, matched in the lowercased user agent.
const BOT_MARKERS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "coccoc",
    "baiduspider",
    "yandex",
    "bingpreview",
    "facebookexternalhit",
    "mediapartners-google",
    "duckduckgo",
    "petalsearch",
    "archive.org",
    "headlesschrome",
    "lighthouse",
];

/// Classifies a request by its user agent. An empty user agent is a program, not a person.
pub fn classify(user_agent: &str, signed_in: bool) -> VisitorKind {
    let ua = user_agent.to_ascii_lowercase();
    if ua.trim().is_empty() || BOT_MARKERS.iter().any(|m| ua.contains(m)) {
        VisitorKind::Bot
    } else if signed_in {
        VisitorKind::Member
    } else {
        VisitorKind::Guest
    }
}

/// Whether a sighting at `now` starts a new visit, given when the visitor was
/// last seen (if ever).
pub fn starts_visit(last_seen: Option<i64>, now: i64) -> bool {
    match last_seen {
        None => true,
        Some(t) => now - t >= VISIT_GAP_SECS,
    }
}

/// Visits of one day, bots apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCount {
    pub guests: i64,
    pub members: i64,
    pub bots: i64,
    pub page_views: i64,
}

impl DayCount {
    pub fn add(&mut self, kind: VisitorKind, n: i64) {
        match kind {
            VisitorKind::Bot => self.bots += n,
            VisitorKind::Guest => self.guests += n,
            VisitorKind::Member => self.members += n,
        }
    }

    /// All visits, people and bots, as the public counter shows them.
    pub fn visits(&self) -> i64 {
        self.guests + self.members + self.bots
    }

    pub fn merge(&mut self, o: &DayCount) {
        self.guests += o.guests;
        self.members += o.members;
        self.bots += o.bots;
        self.page_views += o.page_views;
    }
}

/// Online-now figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Online {
    pub bots: i64,
    pub guests: i64,
    pub members: i64,
}

impl Online {
    pub fn total(&self) -> i64 {
        self.bots + self.guests + self.members
    }
}

/// What the statistics block shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub online: Online,
    pub today: i64,
    pub this_month: i64,
    pub total: i64,
}

/// Computes today / this month / total from the days of the current month,
/// the sum of every day ever recorded (history is kept; nothing is reset at a
/// rollover) and the visits counted before this system was installed.
pub fn snapshot(
    month: &[(NaiveDate, DayCount)],
    recorded_total: i64,
    before: i64,
    today: NaiveDate,
    online: Online,
) -> Snapshot {
    let mut s = Snapshot { online, total: before + recorded_total, ..Default::default() };
    for (day, c) in month {
        if day.year() == today.year() && day.month() == today.month() && *day <= today {
            s.this_month += c.visits();
            if *day == today {
                s.today += c.visits();
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bots_are_told_apart() {
        let g = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36";
        assert_eq!(classify(g, false), VisitorKind::Guest);
        assert_eq!(classify(g, true), VisitorKind::Member);
        assert_eq!(classify("Mozilla/5.0 (compatible; Googlebot/2.1)", false), VisitorKind::Bot);
        assert_eq!(classify("Mozilla/5.0 (compatible; coccocbot-web/1.0)", true), VisitorKind::Bot);
        assert_eq!(classify("", false), VisitorKind::Bot);
    }

    #[test]
    fn a_visit_needs_thirty_minutes_of_absence() {
        assert!(starts_visit(None, 100));
        assert!(!starts_visit(Some(100), 100 + VISIT_GAP_SECS - 1));
        assert!(starts_visit(Some(100), 100 + VISIT_GAP_SECS));
    }

    #[test]
    fn rollover_keeps_history() {
        let d = |m, day| NaiveDate::from_ymd_opt(2020, m, day).unwrap();
        let h = [
            (d(9, 30), DayCount { guests: 10, bots: 5, ..Default::default() }),
            (d(10, 1), DayCount { guests: 3, members: 1, bots: 2, page_views: 50 }),
        ];
        let recorded: i64 = h.iter().map(|(_, c)| c.visits()).sum();
        let s = snapshot(&h, recorded, 1000, d(10, 1), Online::default());
        assert_eq!(s.today, 6);
        assert_eq!(s.this_month, 6);
        assert_eq!(s.total, 1021);
        // the next day: today starts at zero, the month and the total keep counting
        let s = snapshot(&h, recorded, 1000, d(10, 2), Online::default());
        assert_eq!((s.today, s.this_month, s.total), (0, 6, 1021));
    }
}
