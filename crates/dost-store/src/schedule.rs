//! The leaders' weekly schedule as the portal reads it (the office keeps it
//! through the register "Lịch công tác"; see `dost_domain::registers`).

use chrono::NaiveDate;

use crate::db::on_pool;
use crate::row::row;
use crate::{Db, Result};

row! {
    /// An entry of the schedule, with when it was last changed after it was published.
    #[derive(Debug, Clone)]
    pub struct Entry {
        pub id: i64,
        pub day: NaiveDate,
        pub at_time: String,
        pub leader: String,
        pub content: String,
        pub chair: String,
        pub attendees: String,
        pub place: String,
        pub state: String,
        /// The last change recorded after the entry was created (from the audit log).
        pub changed_at: Option<i64>,
    }
}

/// The entries between two days (inclusive), by day and time.
pub async fn entries(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<Entry>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT s.id, s.day, s.at_time, s.leader, s.content, s.chair, s.attendees, s.place, s.state, \
         (SELECT MAX(a.at) FROM audit_log a WHERE a.entity = 'schedule_entries' AND a.entity_id = s.id AND a.action = 'update') AS changed_at \
         FROM schedule_entries s WHERE s.day >= $1 AND s.day <= $2 AND s.approved = TRUE ORDER BY s.day, s.at_time, s.id"
    ).bind(from).bind(to).fetch_all(p).await?))
}

/// The latest day with an entry, if any.
pub async fn latest_day(db: &Db) -> Result<Option<NaiveDate>> {
    Ok(
        on_pool!(db, p => sqlx::query_scalar("SELECT MAX(day) FROM schedule_entries WHERE approved = TRUE").fetch_one(p).await?),
    )
}
