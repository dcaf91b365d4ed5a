//! The organisation's rows: units with their dates and successors, the
//! duties (kinds of record each unit keeps, dated), and people's assignments
//! to units (dated). See [`dost_domain::organisation`] for the rules.

use chrono::NaiveDate;
use dost_domain::organisation::{Assignment, Duty, Organisation, Unit};

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result, StoreError};

row! {
    struct UnitRow {
        id: i64,
        code: String,
        name: String,
        name_en: String,
        kind: String,
        parent_code: Option<String>,
        valid_from: NaiveDate,
        valid_to: Option<NaiveDate>,
        successor_code: Option<String>,
        symbol: String,
        head_title: String,
        position: i64,
    }
}

row! {
    struct DutyRow {
        id: i64,
        unit_code: String,
        kind: String,
        valid_from: NaiveDate,
        valid_to: Option<NaiveDate>,
    }
}

/// The whole organisation.
pub async fn load(db: &Db) -> Result<Organisation> {
    let units: Vec<UnitRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, code, name, name_en, kind, parent_code, valid_from, valid_to, successor_code, symbol, head_title, position \
         FROM units ORDER BY position, id"
    ).fetch_all(p).await?);
    let duties: Vec<DutyRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, unit_code, kind, valid_from, valid_to FROM unit_duties ORDER BY unit_code, kind, valid_from"
    ).fetch_all(p).await?);
    Ok(Organisation::new(
        units
            .into_iter()
            .map(|u| Unit {
                id: u.id,
                code: u.code,
                name: u.name,
                name_en: u.name_en,
                kind: u.kind,
                parent: u.parent_code,
                from: u.valid_from,
                to: u.valid_to,
                successor: u.successor_code,
                symbol: u.symbol,
                head_title: u.head_title,
                position: u.position,
            })
            .collect(),
        duties
            .into_iter()
            .map(|d| Duty { id: d.id, unit: d.unit_code, kind: d.kind, from: d.valid_from, to: d.valid_to })
            .collect(),
    ))
}

/// A new unit.
#[derive(Debug, Clone, Default)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub kind: String,
    pub parent: Option<String>,
    pub from: Option<NaiveDate>,
    pub symbol: String,
    pub head_title: String,
}

/// Adds a unit (after the others in the chart). Its code must be new.
pub async fn add_unit(tx: &mut Tx, u: &NewUnit) -> Result<i64> {
    let from = u.from.ok_or_else(|| StoreError::Invalid("thiếu ngày thành lập".into()))?;
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO units (code, name, name_en, kind, parent_code, valid_from, symbol, head_title, position) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT COALESCE(MAX(position), 0) + 1 FROM units)) RETURNING id"
    ).bind(&u.code).bind(&u.name).bind(&u.name_en).bind(&u.kind).bind(&u.parent).bind(from).bind(&u.symbol)
     .bind(&u.head_title).fetch_one(&mut *c).await?);
    tx.audit(Change::new("create", "unit", Some(id), format!("Thêm đơn vị {} – {}", u.code, u.name)).after(format!(
        "kind: {}; from: {from}; parent: {}",
        u.kind,
        u.parent.as_deref().unwrap_or("")
    )));
    tx.touches_portal();
    Ok(id)
}

/// Closes a unit on `on` (its last day), naming who continues its records.
/// `false` when there is no such open unit.
pub async fn close_unit(tx: &mut Tx, code: &str, on: NaiveDate, successor: Option<&str>) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE units SET valid_to = $1, successor_code = $2 WHERE code = $3 AND valid_to IS NULL"
    ).bind(on).bind(successor).bind(code).execute(&mut *c).await?.rows_affected());
    if n == 0 {
        return Ok(false);
    }
    // its duties end with it
    on_tx!(tx, c => {
        sqlx::query("UPDATE unit_duties SET valid_to = $1 WHERE unit_code = $2 AND (valid_to IS NULL OR valid_to > $1)")
            .bind(on).bind(code).execute(&mut *c).await?;
    });
    tx.audit(
        Change::new("close", "unit", None, format!("Đóng đơn vị {code} từ sau ngày {on}"))
            .after(format!("to: {on}; successor: {}", successor.unwrap_or(""))),
    );
    tx.touches_portal();
    Ok(true)
}

/// Gives `unit` the keeping of `kind` from `from` (a duty).
pub async fn add_duty(tx: &mut Tx, unit: &str, kind: &str, from: NaiveDate) -> Result<i64> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO unit_duties (unit_code, kind, valid_from) VALUES ($1, $2, $3) RETURNING id"
    ).bind(unit).bind(kind).bind(from).fetch_one(&mut *c).await?);
    tx.audit(Change::new("create", "unit_duty", Some(id), format!("Giao {unit} giữ «{kind}» từ {from}")));
    tx.touches_portal();
    Ok(id)
}

/// Ends a duty on `on` (its last day); `false` when there is none open.
pub async fn end_duty(tx: &mut Tx, unit: &str, kind: &str, on: NaiveDate) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query(
        "UPDATE unit_duties SET valid_to = $1 WHERE unit_code = $2 AND kind = $3 AND valid_to IS NULL"
    ).bind(on).bind(unit).bind(kind).execute(&mut *c).await?.rows_affected());
    if n > 0 {
        tx.audit(Change::new("close", "unit_duty", None, format!("{unit} thôi giữ «{kind}» sau ngày {on}")));
        tx.touches_portal();
    }
    Ok(n > 0)
}

row! {
    struct AssignmentRow {
        user_id: i64,
        unit_code: String,
        valid_from: NaiveDate,
        valid_to: Option<NaiveDate>,
    }
}

/// A person's assignments, oldest first.
pub async fn assignments(db: &Db, user_id: i64) -> Result<Vec<Assignment>> {
    let rows: Vec<AssignmentRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT user_id, unit_code, valid_from, valid_to FROM unit_assignments WHERE user_id = $1 ORDER BY valid_from, id"
    ).bind(user_id).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|r| Assignment { user_id: r.user_id, unit: r.unit_code, from: r.valid_from, to: r.valid_to })
        .collect())
}

/// Moves a person to `unit` (none: no unit) from `from`: the open
/// assignment ends the day before, and the account's current unit follows.
pub async fn assign(tx: &mut Tx, user_id: i64, unit: Option<&str>, from: NaiveDate) -> Result<()> {
    let before = from.pred_opt().unwrap_or(from);
    on_tx!(tx, c => {
        sqlx::query("UPDATE unit_assignments SET valid_to = $1 WHERE user_id = $2 AND valid_to IS NULL")
            .bind(before).bind(user_id).execute(&mut *c).await?;
        if let Some(code) = unit {
            sqlx::query("INSERT INTO unit_assignments (user_id, unit_code, valid_from) VALUES ($1, $2, $3)")
                .bind(user_id).bind(code).bind(from).execute(&mut *c).await?;
        }
        sqlx::query("UPDATE users SET unit_id = (SELECT id FROM units WHERE code = $1) WHERE id = $2")
            .bind(unit).bind(user_id).execute(&mut *c).await?;
    });
    tx.audit(Change::new(
        "assign",
        "user",
        Some(user_id),
        format!("Chuyển sang đơn vị {} từ {from}", unit.unwrap_or("(không)")),
    ));
    Ok(())
}

/// The unit a person belonged to on `day`.
pub async fn unit_of_on(db: &Db, user_id: i64, day: NaiveDate) -> Result<Option<String>> {
    Ok(on_pool!(db, p => sqlx::query_scalar(
        "SELECT unit_code FROM unit_assignments WHERE user_id = $1 AND valid_from <= $2 \
         AND (valid_to IS NULL OR valid_to >= $2) ORDER BY valid_from DESC LIMIT 1"
    ).bind(user_id).bind(day).fetch_optional(p).await?))
}
