//! Questions to the department and their answers.

use dost_domain::participation::{QuestionState, QuestionStep, Sent};

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

row! {
    /// A question, with its answer when there is one.
    #[derive(Debug, Clone)]
    pub struct Question {
        pub id: i64,
        pub name: String,
        pub email: String,
        pub topic: String,
        pub title: String,
        pub body: String,
        pub asked_at: i64,
        pub state: String,
        pub unit_id: Option<i64>,
        pub unit_code: String,
        pub unit: String,
        pub answer: String,
        pub answered_by: String,
        pub answered_at: Option<i64>,
        pub approved_by: String,
        pub published_at: Option<i64>,
        pub note: String,
        pub notified_at: Option<i64>,
    }
}

const QUESTION: &str = "SELECT q.id, q.name, q.email, q.topic, q.title, q.body, q.asked_at, q.state, q.unit_id, \
     COALESCE(u.code, '') AS unit_code, COALESCE(u.name, '') AS unit, q.answer, q.answered_by, q.answered_at, \
     q.approved_by, q.published_at, q.note, q.notified_at FROM questions q LEFT JOIN units u ON u.id = q.unit_id";

pub async fn question(db: &Db, id: i64) -> Result<Option<Question>> {
    let sql = format!("{QUESTION} WHERE q.id = $1");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(p).await?))
}

/// The published questions, the latest published first.
pub async fn published(db: &Db) -> Result<Vec<Question>> {
    let sql = format!("{QUESTION} WHERE q.state = 'da_dang' ORDER BY q.published_at DESC, q.id DESC");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).fetch_all(p).await?))
}

/// The questions in a state, the oldest first (what waits longest on top; at most 500).
pub async fn in_state(db: &Db, state: QuestionState) -> Result<Vec<Question>> {
    let sql = format!("{QUESTION} WHERE q.state = $1 ORDER BY q.asked_at, q.id LIMIT 500");
    Ok(on_pool!(db, p => sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(state.code()).fetch_all(p).await?))
}

/// How many questions are in each state (state code, count).
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>> {
    Ok(on_pool!(db, p => sqlx::query_as("SELECT state, COUNT(*) FROM questions GROUP BY state").fetch_all(p).await?))
}

/// Keeps a question someone sent.
pub async fn ask(tx: &mut Tx, topic: &str, s: &Sent, client: &str) -> Result<i64> {
    let now = tx.now();
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO questions (name, email, topic, title, body, asked_at, client) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
    ).bind(&s.name).bind(&s.email).bind(topic).bind(&s.title).bind(&s.body).bind(now).bind(client)
     .fetch_one(&mut *c).await?);
    tx.audit(Change::new("ask", "question", Some(id), format!("Câu hỏi của {}: {}", s.name, s.title)));
    Ok(id)
}

/// What a step writes besides the state: the unit (routing), the answer,
/// or the note (sending back, refusing).
pub enum StepInput<'a> {
    Unit(i64),
    Text(&'a str),
    Nothing,
}

/// Takes a step on a question that is still in `from` (false when it moved
/// meanwhile or does not exist); the person is the transaction's actor.
pub async fn step(tx: &mut Tx, id: i64, step: QuestionStep, from: QuestionState, input: StepInput<'_>) -> Result<bool> {
    let to = match step.next(from) {
        Ok(s) => s,
        Err(_) => return Ok(false),
    };
    let (now, who) = (tx.now(), tx.actor().username.clone());
    let (sql, unit, text): (&str, Option<i64>, &str) = match (step, &input) {
        (QuestionStep::Route, StepInput::Unit(u)) => {
            ("UPDATE questions SET state = $1, unit_id = $4, note = '' WHERE id = $2 AND state = $3", Some(*u), "")
        }
        (QuestionStep::Answer, StepInput::Text(t)) => (
            "UPDATE questions SET state = $1, answer = $5, answered_by = $6, answered_at = $7, note = '' \
             WHERE id = $2 AND state = $3",
            None,
            t,
        ),
        (QuestionStep::Publish, _) => (
            "UPDATE questions SET state = $1, approved_by = $6, published_at = $7 WHERE id = $2 AND state = $3",
            None,
            "",
        ),
        (QuestionStep::SendBack | QuestionStep::Refuse, StepInput::Text(t)) => {
            ("UPDATE questions SET state = $1, note = $5, published_at = NULL WHERE id = $2 AND state = $3", None, t)
        }
        _ => return Ok(false),
    };
    let done = on_tx!(tx, c => sqlx::query(sql)
        .bind(to.code()).bind(id).bind(from.code()).bind(unit).bind(text).bind(&who).bind(now)
        .execute(&mut *c).await?.rows_affected());
    if done == 0 {
        return Ok(false);
    }
    let code = match step {
        QuestionStep::Route => "chuyen",
        QuestionStep::Answer => "tra_loi",
        QuestionStep::Publish => "dang",
        QuestionStep::SendBack => "tra_lai",
        QuestionStep::Refuse => "tu_choi",
    };
    tx.audit(
        Change::new(code, "question", Some(id), format!("Câu hỏi số {id}: {}", to.label()))
            .before(from.code())
            .after(if text.is_empty() { to.code().to_string() } else { format!("{}: {text}", to.code()) }),
    );
    if to == QuestionState::Published || from == QuestionState::Published {
        tx.touches_portal();
    }
    Ok(true)
}

/// Notes that the questioner was sent the answer (bookkeeping, not audited).
pub async fn mark_notified(db: &Db, id: i64, now: i64) -> Result<()> {
    let mut tx = db.begin_bookkeeping(now).await?;
    on_tx!(tx, c => {
        sqlx::query("UPDATE questions SET notified_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *c).await?;
    });
    tx.commit().await?;
    Ok(())
}
