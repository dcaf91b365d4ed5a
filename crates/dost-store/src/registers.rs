//! Storage of the simple registers described in `dost_domain::registers`
//! (the SQL texts are asserted safe: built only from those fixed names).
//! Table and column names come only from those fixed descriptions; every
//! value is a bound parameter.

use chrono::NaiveDate;
use dost_domain::registers::{FieldKind, Reference, Register, Value, shown_on_portal};
use sqlx::Row;

use crate::db::on_pool;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// Filters of a register's list.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The value of the register's kind column (code or id as text).
    pub kind: String,
}

fn columns(r: &Register) -> String {
    r.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

macro_rules! bind_value {
    ($q:expr, $kind:expr, $v:expr) => {
        match ($kind, $v) {
            (_, Value::Text(s)) => $q.bind(s.clone()),
            (_, Value::Int(i)) => $q.bind(*i),
            (_, Value::Date(d)) => $q.bind(*d),
            (_, Value::Bool(b)) => $q.bind(*b),
            (FieldKind::YesNo, Value::Null) => $q.bind(None::<bool>),
            (FieldKind::Date, Value::Null) => $q.bind(None::<NaiveDate>),
            (FieldKind::Text | FieldKind::Choice(_), Value::Null) => $q.bind(None::<String>),
            (_, Value::Null) => $q.bind(None::<i64>),
        }
    };
}

macro_rules! read_values {
    ($r:expr, $row:expr) => {{
        let mut out = Vec::with_capacity($r.columns.len());
        for (i, c) in $r.columns.iter().enumerate() {
            let i = i + 1;
            out.push(match c.kind {
                FieldKind::Text | FieldKind::Choice(_) => {
                    $row.try_get::<Option<String>, _>(i)?.map(Value::Text).unwrap_or(Value::Null)
                }
                FieldKind::Date => $row.try_get::<Option<NaiveDate>, _>(i)?.map(Value::Date).unwrap_or(Value::Null),
                FieldKind::YesNo => $row.try_get::<Option<bool>, _>(i)?.map(Value::Bool).unwrap_or(Value::Null),
                _ => $row.try_get::<Option<i64>, _>(i)?.map(Value::Int).unwrap_or(Value::Null),
            });
        }
        out
    }};
}

/// The register's records, newest first (at most `limit`).
pub async fn list(db: &Db, r: &Register, f: &Filter, limit: i64) -> Result<Vec<(i64, Vec<Value>)>> {
    let mut sql = format!("SELECT id, {} FROM {} WHERE 1 = 1", columns(r), r.table);
    let mut n = 0;
    let mut dates = Vec::new();
    if let Some(d) = r.date_column {
        for (bound, op) in [(f.from, ">="), (f.to, "<=")] {
            if let Some(v) = bound {
                n += 1;
                sql.push_str(&format!(" AND {d} {op} ${n}"));
                dates.push(v);
            }
        }
    }
    let kind = r.kind_column.filter(|_| !f.kind.is_empty());
    let kind_is_id = kind.is_some_and(|k| r.columns.iter().any(|c| c.name == k && c.kind == FieldKind::Product));
    if let Some(k) = kind {
        n += 1;
        sql.push_str(&format!(" AND {k} = ${n}"));
    }
    let order = r.date_column.map(|d| format!("{d} DESC, id DESC")).unwrap_or_else(|| "id DESC".into());
    sql.push_str(&format!(" ORDER BY {order} LIMIT {limit}"));
    on_pool!(db, p => {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
        for d in dates {
            q = q.bind(d);
        }
        if kind.is_some() {
            q = if kind_is_id { q.bind(f.kind.parse::<i64>().unwrap_or(-1)) } else { q.bind(f.kind.clone()) };
        }
        let rows = q.fetch_all(p).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.try_get(0)?;
            out.push((id, read_values!(r, row)));
        }
        Ok(out)
    })
}

pub async fn get(db: &Db, r: &Register, id: i64) -> Result<Option<Vec<Value>>> {
    let sql = format!("SELECT id, {} FROM {} WHERE id = $1", columns(r), r.table);
    on_pool!(db, p => {
        match sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(p).await? {
            Some(row) => Ok(Some(read_values!(r, row))),
            None => Ok(None),
        }
    })
}

/// Whether another record already has the register's unique columns' values.
pub async fn duplicate(db: &Db, r: &Register, values: &[Value], except: Option<i64>) -> Result<bool> {
    if r.unique.is_empty() {
        return Ok(false);
    }
    let mut sql = format!("SELECT COUNT(*) FROM {} WHERE id <> $1", r.table);
    let mut bound = Vec::new();
    for (i, name) in r.unique.iter().enumerate() {
        sql.push_str(&format!(" AND {name} = ${}", i + 2));
        if let Some(pos) = r.columns.iter().position(|c| c.name == *name) {
            bound.push((r.columns[pos].kind, values[pos].clone()));
        }
    }
    let n: i64 = on_pool!(db, p => {
        let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(except.unwrap_or(-1));
        for (kind, v) in &bound {
            q = bind_value!(q, kind, v);
        }
        q.fetch_one(p).await?
    });
    Ok(n > 0)
}

fn summary(r: &Register, values: &[Value]) -> String {
    let shown: Vec<String> = r
        .columns
        .iter()
        .zip(values)
        .map(|(c, v)| format!("{}: {}", c.label, dost_domain::registers::show(c, v, &Default::default())))
        .collect();
    shown.join("; ")
}

/// Adds records in one transaction (all or none); returns their ids.
pub async fn insert(tx: &mut Tx, r: &Register, rows: &[Vec<Value>]) -> Result<Vec<i64>> {
    let placeholders: Vec<String> = (1..=r.columns.len()).map(|i| format!("${i}")).collect();
    let sql = format!("INSERT INTO {} ({}) VALUES ({}) RETURNING id", r.table, columns(r), placeholders.join(", "));
    let ids = on_tx!(tx, c => {
        let mut ids = Vec::with_capacity(rows.len());
        for values in rows {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone()));
            for (col, v) in r.columns.iter().zip(values) {
                q = bind_value!(q, col.kind, v);
            }
            let id: i64 = q.fetch_one(&mut *c).await?;
            ids.push(id);
        }
        ids
    });
    tx.audit(if rows.len() == 1 {
        Change::new("create", r.table, ids.first().copied(), summary(r, &rows[0]))
    } else {
        Change::new(
            "import",
            r.table,
            None,
            format!("Nhập {} bản ghi vào «{}»", dost_domain::format::int(rows.len() as i64), r.title),
        )
    });
    if shown_on_portal(r) {
        tx.touches_portal();
    }
    Ok(ids)
}

/// One record as the transaction sees it.
async fn read_in(tx: &mut Tx, r: &Register, id: i64) -> Result<Option<Vec<Value>>> {
    let read = format!("SELECT id, {} FROM {} WHERE id = $1", columns(r), r.table);
    Ok(on_tx!(tx, c => {
        match sqlx::query(sqlx::AssertSqlSafe(read.clone())).bind(id).fetch_optional(&mut *c).await? {
            Some(row) => Some(read_values!(r, row)),
            None => None,
        }
    }))
}

/// Changes one record; `false` when it does not exist.
pub async fn update(tx: &mut Tx, r: &Register, id: i64, values: &[Value]) -> Result<bool> {
    let sets: Vec<String> = r.columns.iter().enumerate().map(|(i, c)| format!("{} = ${}", c.name, i + 2)).collect();
    let sql = format!("UPDATE {} SET {} WHERE id = $1", r.table, sets.join(", "));
    let Some(before) = read_in(tx, r, id).await? else { return Ok(false) };
    on_tx!(tx, c => {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone())).bind(id);
        for (col, v) in r.columns.iter().zip(values) {
            q = bind_value!(q, col.kind, v);
        }
        q.execute(&mut *c).await?;
    });
    tx.audit(
        Change::new("update", r.table, Some(id), r.title.to_string())
            .before(summary(r, &before))
            .after(summary(r, values)),
    );
    if shown_on_portal(r) {
        tx.touches_portal();
    }
    Ok(true)
}

/// Products of the applied S&T centre, for references: (id, code, name).
pub async fn products(db: &Db) -> Result<Vec<Reference>> {
    Ok(on_pool!(db, p => sqlx::query_as("SELECT id, code, name FROM products ORDER BY id").fetch_all(p).await?))
}

/// Cases of the S&T fund (not draft documents), for references: (id, decision, title).
pub async fn fund_cases(db: &Db) -> Result<Vec<Reference>> {
    Ok(on_pool!(db, p => sqlx::query_as(
        "SELECT id, decision, title FROM fund_cases WHERE kind <> 'du_thao_van_ban' ORDER BY on_date DESC, id DESC"
    ).fetch_all(p).await?))
}

/// Plan indicators whose result is typed, for references: (id, "2020:code",
/// "name (2020)"), the latest year first.
pub async fn typed_plan_indicators(db: &Db) -> Result<Vec<Reference>> {
    let rows: Vec<(i64, i64, String, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, year, code, name FROM plan_indicators \
         WHERE code NOT LIKE 'kiem_dinh:%' AND code NOT LIKE 'ban_hang:%' ORDER BY year DESC, id"
    ).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(id, year, code, name)| (id, format!("{year}:{code}"), format!("{name} ({year})")))
        .collect())
}

/// Units of the department, for references: (id, code, name).
pub async fn units(db: &Db) -> Result<Vec<Reference>> {
    Ok(on_pool!(db, p => sqlx::query_as("SELECT id, code, name FROM units ORDER BY position, id").fetch_all(p).await?))
}

/// The ids of the register's records waiting for approval: new records not
/// yet published, and published records with a change proposed.
pub async fn pending_ids(db: &Db, r: &Register) -> Result<Vec<i64>> {
    if !dost_domain::registers::needs_approval(r) {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id FROM {t} WHERE approved = FALSE \
         UNION SELECT record_id FROM register_changes WHERE table_name = $1 ORDER BY 1",
        t = r.table
    );
    Ok(on_pool!(db, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(r.table).fetch_all(p).await?))
}

/// Whether the record is published (approved at least once).
pub async fn is_approved(db: &Db, r: &Register, id: i64) -> Result<bool> {
    if !dost_domain::registers::needs_approval(r) {
        return Ok(true);
    }
    let sql = format!("SELECT approved FROM {} WHERE id = $1", r.table);
    let got: Option<bool> =
        on_pool!(db, p => sqlx::query_scalar(sqlx::AssertSqlSafe(sql.clone())).bind(id).fetch_optional(p).await?);
    Ok(got.unwrap_or(false))
}

/// A change to a published record waiting for approval.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub values: Vec<Value>,
    pub by: String,
    pub at: i64,
}

fn encode(values: &[Value]) -> String {
    let items: Vec<serde_json::Value> = values
        .iter()
        .map(|v| match v {
            Value::Text(s) => serde_json::json!({ "t": s }),
            Value::Int(i) => serde_json::json!({ "i": i }),
            Value::Date(d) => serde_json::json!({ "d": d.to_string() }),
            Value::Bool(b) => serde_json::json!({ "b": b }),
            Value::Null => serde_json::Value::Null,
        })
        .collect();
    serde_json::Value::Array(items).to_string()
}

fn decode(r: &Register, text: &str) -> Option<Vec<Value>> {
    let items: Vec<serde_json::Value> = serde_json::from_str(text).ok()?;
    if items.len() != r.columns.len() {
        return None;
    }
    items
        .iter()
        .map(|v| {
            if v.is_null() {
                return Some(Value::Null);
            }
            let o = v.as_object()?;
            let (k, x) = o.iter().next()?;
            Some(match k.as_str() {
                "t" => Value::Text(x.as_str()?.to_string()),
                "i" => Value::Int(x.as_i64()?),
                "d" => Value::Date(x.as_str()?.parse().ok()?),
                "b" => Value::Bool(x.as_bool()?),
                _ => return None,
            })
        })
        .collect()
}

/// The change proposed to a published record, if any.
pub async fn proposal(db: &Db, r: &Register, id: i64) -> Result<Option<Proposal>> {
    let row: Option<(String, String, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT proposed, proposed_by, proposed_at FROM register_changes WHERE table_name = $1 AND record_id = $2"
    ).bind(r.table).bind(id).fetch_optional(p).await?);
    Ok(row.and_then(|(text, by, at)| decode(r, &text).map(|values| Proposal { values, by, at })))
}

/// Proposes a change to a published record: the record stays as approved
/// (and public) until the change is approved; a second proposal replaces the
/// first. `false` when the record does not exist.
pub async fn propose(tx: &mut Tx, r: &Register, id: i64, values: &[Value]) -> Result<bool> {
    let Some(before) = read_in(tx, r, id).await? else { return Ok(false) };
    let (who, now, text) = (tx.actor().username.clone(), tx.now(), encode(values));
    on_tx!(tx, c => {
        sqlx::query("DELETE FROM register_changes WHERE table_name = $1 AND record_id = $2")
            .bind(r.table).bind(id).execute(&mut *c).await?;
        sqlx::query(
            "INSERT INTO register_changes (table_name, record_id, proposed, proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5)"
        ).bind(r.table).bind(id).bind(&text).bind(&who).bind(now).execute(&mut *c).await?;
    });
    tx.audit(
        Change::new("propose", r.table, Some(id), format!("Đề nghị sửa «{}» (chờ duyệt đăng)", r.title))
            .before(summary(r, &before))
            .after(summary(r, values)),
    );
    Ok(true)
}

/// Drops the change proposed to a record (returned to its author, or
/// overtaken by an approver's own edit); `false` when there was none.
pub async fn drop_proposal(tx: &mut Tx, r: &Register, id: i64) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("DELETE FROM register_changes WHERE table_name = $1 AND record_id = $2")
        .bind(r.table).bind(id).execute(&mut *c).await?.rows_affected());
    if n > 0 {
        tx.audit(Change::new("return", r.table, Some(id), format!("Không duyệt đề nghị sửa «{}»", r.title)));
    }
    Ok(n > 0)
}

/// Approves records for the portal (the approver is the transaction's
/// actor): a new record is published, a proposed change replaces what the
/// portal showed. Returns the ids that were waiting and are now published.
pub async fn approve(tx: &mut Tx, r: &Register, ids: &[i64]) -> Result<Vec<i64>> {
    if !dost_domain::registers::needs_approval(r) {
        return Ok(Vec::new());
    }
    let who = tx.actor().username.clone();
    let publish =
        format!("UPDATE {} SET approved = TRUE, approved_by = $1 WHERE id = $2 AND approved = FALSE", r.table);
    let mut done = Vec::new();
    for id in ids {
        let proposed: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
            "SELECT proposed FROM register_changes WHERE table_name = $1 AND record_id = $2"
        ).bind(r.table).bind(*id).fetch_optional(&mut *c).await?);
        if let Some(values) = proposed.as_deref().and_then(|t| decode(r, t)) {
            update(tx, r, *id, &values).await?;
            let mark = format!("UPDATE {} SET approved = TRUE, approved_by = $1 WHERE id = $2", r.table);
            on_tx!(tx, c => {
                sqlx::query(sqlx::AssertSqlSafe(mark.clone())).bind(&who).bind(*id).execute(&mut *c).await?;
                sqlx::query("DELETE FROM register_changes WHERE table_name = $1 AND record_id = $2")
                    .bind(r.table).bind(*id).execute(&mut *c).await?;
            });
            done.push(*id);
            continue;
        }
        let n = on_tx!(tx, c => sqlx::query(sqlx::AssertSqlSafe(publish.clone())).bind(&who).bind(*id).execute(&mut *c).await?.rows_affected());
        if n > 0 {
            done.push(*id);
        }
    }
    if !done.is_empty() {
        let what = if done.len() == 1 { format!("số {}", done[0]) } else { format!("{} bản ghi", done.len()) };
        tx.audit(Change::new(
            "approve",
            r.table,
            done.first().copied().filter(|_| done.len() == 1),
            format!("Duyệt đăng «{}»: {what}", r.title),
        ));
        tx.touches_portal();
    }
    Ok(done)
}

/// An approver's own change to a record: written at once, published, and
/// any change proposed before it is dropped (the approver saw it in the form).
pub async fn update_approved(tx: &mut Tx, r: &Register, id: i64, values: &[Value]) -> Result<bool> {
    if !update(tx, r, id, values).await? {
        return Ok(false);
    }
    if dost_domain::registers::needs_approval(r) {
        on_tx!(tx, c => {
            sqlx::query("DELETE FROM register_changes WHERE table_name = $1 AND record_id = $2")
                .bind(r.table).bind(id).execute(&mut *c).await?;
        });
        approve(tx, r, &[id]).await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposed_values_come_back_as_they_were() {
        let r = dost_domain::registers::LEGAL_DOCUMENTS;
        let mut values: Vec<Value> = r.columns.iter().map(|_| Value::Null).collect();
        values[0] = Value::Text("12/2020/QĐ-UBND \"trích\"".into());
        values[4] = Value::Date(chrono::NaiveDate::from_ymd_opt(2020, 9, 30).unwrap());
        assert_eq!(decode(&r, &encode(&values)), Some(values.clone()));
        assert_eq!(decode(&r, "[1,2]"), None, "a stored list of another shape is no proposal");
        let plan = dost_domain::registers::find("ke-hoach").unwrap();
        let v = vec![Value::Int(2020), Value::Null, Value::Text("x".into()), Value::Bool(true)];
        let v: Vec<Value> = v.into_iter().chain(std::iter::repeat_n(Value::Null, plan.columns.len() - 4)).collect();
        assert_eq!(decode(plan, &encode(&v)), Some(v));
    }
}
