//! Councils of a task: their members, votes and conclusion, and the people
//! to choose them from.

use chrono::NaiveDate;
use dost_domain::tasks::{CouncilKind, MemberRole, Rating};
use dost_domain::text::nfc;

use super::{known, rating};
use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// A council of a task with its members.
#[derive(Debug, Clone)]
pub struct Council {
    pub id: i64,
    pub kind: CouncilKind,
    pub decision_number: String,
    pub meeting_date: Option<NaiveDate>,
    /// The conclusion (none before the votes).
    pub result: Option<Rating>,
    pub members: Vec<CouncilMember>,
}

/// A member of a council, with the vote cast (if any).
#[derive(Debug, Clone)]
pub struct CouncilMember {
    /// The name with academic titles.
    pub name: String,
    pub role: MemberRole,
    pub vote: Option<Rating>,
    /// Absent from the meeting (left out of the rating).
    pub absent: bool,
    /// An expert in the task's field.
    pub expert: bool,
}

/// Records a council (already checked by the domain rules).
pub async fn create_council(
    tx: &mut Tx,
    task_id: i64,
    kind: CouncilKind,
    decision_number: &str,
    meeting_date: Option<NaiveDate>,
    seats: &[(i64, MemberRole, bool)],
) -> Result<i64> {
    let now = tx.now();
    let id = on_tx!(tx, c => {
        let id: i64 = sqlx::query_scalar("INSERT INTO councils (task_id, kind, decision_number, meeting_date, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(task_id).bind(kind.code()).bind(nfc(decision_number.trim())).bind(meeting_date).bind(now).fetch_one(&mut *c).await?;
        for (person, role, expert) in seats {
            sqlx::query("INSERT INTO council_members (council_id, person_id, role, expert) VALUES ($1, $2, $3, $4)")
                .bind(id).bind(person).bind(role.code()).bind(expert).execute(&mut *c).await?;
        }
        id
    });
    let after = serde_json::json!({"task_id": task_id, "kind": kind.code(), "decision": decision_number, "members": seats.len()});
    tx.audit(Change::new("create", "council", Some(id), kind.label()).after(after.to_string()));
    Ok(id)
}

/// Records the votes of the members present (`None`: absent, kept as
/// `vang` and left out of the rating) and the council's conclusion.
pub async fn set_votes(
    tx: &mut Tx,
    council_id: i64,
    votes: &[(i64, Option<Rating>)],
    result: Option<Rating>,
) -> Result<()> {
    let code = result.map(|r| r.code()).unwrap_or("");
    on_tx!(tx, c => {
        for (person, vote) in votes {
            sqlx::query("UPDATE council_members SET vote = $1 WHERE council_id = $2 AND person_id = $3")
                .bind(vote.map(|v| v.code()).unwrap_or("vang")).bind(council_id).bind(person).execute(&mut *c).await?;
        }
        sqlx::query("UPDATE councils SET result = $1 WHERE id = $2").bind(code).bind(council_id).execute(&mut *c).await?;
        sqlx::query("UPDATE tasks SET acceptance_rating = $1 WHERE id = (SELECT task_id FROM councils WHERE id = $2 AND kind = 'nghiem_thu')")
            .bind(code).bind(council_id).execute(&mut *c).await?;
    });
    let summary = format!("Kết quả: {}", result.map(|r| r.label()).unwrap_or("—"));
    tx.audit(Change::new("votes", "council", Some(council_id), summary));
    Ok(())
}

row! {
    struct CouncilRow {
        id: i64,
        kind: String,
        decision_number: String,
        meeting_date: Option<NaiveDate>,
        result: String,
    }
}

row! {
    struct MemberRow {
        name: String,
        role: String,
        vote: String,
        expert: bool,
    }
}

/// A task's councils, by meeting date.
pub async fn councils(db: &Db, task_id: i64) -> Result<Vec<Council>> {
    let rows: Vec<CouncilRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, kind, decision_number, meeting_date, result FROM councils WHERE task_id = $1 ORDER BY meeting_date, id"
    ).bind(task_id).fetch_all(p).await?);
    let mut out = Vec::new();
    for c in rows {
        let members: Vec<MemberRow> = on_pool!(db, p => sqlx::query_as(
            "SELECT TRIM(p.title || ' ' || p.full_name) AS name, m.role, m.vote, m.expert FROM council_members m JOIN people p ON p.id = m.person_id \
             WHERE m.council_id = $1 ORDER BY CASE m.role WHEN 'chu_tich' THEN 0 WHEN 'pho_chu_tich' THEN 1 WHEN 'phan_bien' THEN 2 WHEN 'thu_ky' THEN 3 ELSE 4 END, p.full_name"
        ).bind(c.id).fetch_all(p).await?);
        let members = members
            .into_iter()
            .map(|m| {
                Ok(CouncilMember {
                    role: known(MemberRole::parse(&m.role), "vai trò trong hội đồng", &m.role)?,
                    vote: if m.vote == "vang" { None } else { rating(&m.vote)? },
                    absent: m.vote == "vang",
                    expert: m.expert,
                    name: m.name,
                })
            })
            .collect::<Result<_>>()?;
        out.push(Council {
            id: c.id,
            kind: known(CouncilKind::parse(&c.kind), "loại hội đồng", &c.kind)?,
            decision_number: c.decision_number,
            meeting_date: c.meeting_date,
            result: rating(&c.result)?,
            members,
        });
    }
    Ok(out)
}

row! {
    /// A person who may sit on a council, with their organisation.
    #[derive(Debug, Clone)]
    pub struct Person {
        pub id: i64,
        /// The name with academic titles.
        pub name: String,
        pub organisation_id: Option<i64>,
        /// The organisation's name (empty when none is given).
        pub organisation: String,
    }
}

/// People with their organisation, for choosing council members.
pub async fn people(db: &Db) -> Result<Vec<Person>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT p.id, TRIM(p.title || ' ' || p.full_name) AS name, p.organisation_id, COALESCE(o.name, '') AS organisation \
         FROM people p LEFT JOIN organisations o ON o.id = p.organisation_id ORDER BY p.full_name"
    ).fetch_all(p).await?))
}

row! {
    /// A member of a council who votes.
    #[derive(Debug, Clone)]
    pub struct Voter {
        pub person_id: i64,
        /// The name with academic titles.
        pub name: String,
        /// The seat's role (`chu_tich`, `phan_bien`, …).
        pub role: String,
    }
}

/// Members of a council with their names, for the votes form.
pub async fn council_voters(db: &Db, council_id: i64) -> Result<Vec<Voter>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT p.id AS person_id, TRIM(p.title || ' ' || p.full_name) AS name, m.role FROM council_members m \
         JOIN people p ON p.id = m.person_id WHERE m.council_id = $1 ORDER BY p.full_name"
    ).bind(council_id).fetch_all(p).await?))
}

/// Whether a council belongs to a task.
pub async fn council_of_task(db: &Db, council_id: i64, task_id: i64) -> Result<bool> {
    let n: i64 = on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM councils WHERE id = $1 AND task_id = $2")
        .bind(council_id).bind(task_id).fetch_one(p).await?);
    Ok(n > 0)
}
