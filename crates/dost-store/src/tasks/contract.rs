//! A task's contract: its terms, the instalments planned and paid, and the
//! settlement.

use chrono::NaiveDate;
use dost_domain::text::nfc;

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result};

/// A task's contract with its instalments.
#[derive(Debug, Clone)]
pub struct Contract {
    pub id: i64,
    pub number: String,
    pub signed_on: NaiveDate,
    pub value: i64,
    pub settled_on: Option<NaiveDate>,
    /// At settlement: the amount approved, and what is still to pay (positive) or to recover (negative).
    pub approved: Option<i64>,
    pub difference: Option<i64>,
    /// By due date.
    pub instalments: Vec<Instalment>,
}

row! {
    /// An instalment of a contract's money: planned, then paid.
    #[derive(Debug, Clone)]
    pub struct Instalment {
        pub id: i64,
        pub due_on: NaiveDate,
        pub planned: i64,
        /// What was paid (0 until it is).
        pub paid: i64,
        pub paid_on: Option<NaiveDate>,
    }
}

row! {
    struct ContractRow {
        id: i64,
        number: String,
        signed_on: NaiveDate,
        value: i64,
        settled_on: Option<NaiveDate>,
        approved: Option<i64>,
        difference: Option<i64>,
    }
}

/// A task's contract, if one is signed.
pub async fn contract(db: &Db, task_id: i64) -> Result<Option<Contract>> {
    let row: Option<ContractRow> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, number, signed_on, value, settled_on, approved, difference FROM task_contracts WHERE task_id = $1"
    ).bind(task_id).fetch_optional(p).await?);
    let Some(c) = row else { return Ok(None) };
    let instalments = on_pool!(db, p => sqlx::query_as(
        "SELECT id, due_on, planned, paid, paid_on FROM task_instalments WHERE contract_id = $1 ORDER BY due_on, id"
    ).bind(c.id).fetch_all(p).await?);
    Ok(Some(Contract {
        id: c.id,
        number: c.number,
        signed_on: c.signed_on,
        value: c.value,
        settled_on: c.settled_on,
        approved: c.approved,
        difference: c.difference,
        instalments,
    }))
}

/// Records or adjusts the contract (number, date, value), keeping the old terms in the audit log.
pub async fn save_contract(tx: &mut Tx, task_id: i64, number: &str, signed_on: NaiveDate, value: i64) -> Result<()> {
    let before: Option<(String, NaiveDate, i64)> = on_tx!(tx, c => {
        let before = sqlx::query_as("SELECT number, signed_on, value FROM task_contracts WHERE task_id = $1")
            .bind(task_id).fetch_optional(&mut *c).await?;
        sqlx::query("INSERT INTO task_contracts (task_id, number, signed_on, value) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (task_id) DO UPDATE SET number = excluded.number, signed_on = excluded.signed_on, value = excluded.value")
            .bind(task_id).bind(nfc(number.trim())).bind(signed_on).bind(value).execute(&mut *c).await?;
        before
    });
    let action = if before.is_some() { "adjust" } else { "create" };
    let before = before
        .map(|(n, s, v)| serde_json::json!({"number": n, "signed_on": s.to_string(), "value": v}).to_string())
        .unwrap_or_default();
    let after = serde_json::json!({"number": number, "signed_on": signed_on.to_string(), "value": value}).to_string();
    tx.audit(
        Change::new(action, "task_contract", Some(task_id), format!("Hợp đồng {number}")).before(before).after(after),
    );
    Ok(())
}

/// Adds a planned instalment to a task's contract.
pub async fn add_instalment(tx: &mut Tx, task_id: i64, due: NaiveDate, planned: i64) -> Result<bool> {
    let added = on_tx!(tx, c => {
        let cid: Option<i64> = sqlx::query_scalar("SELECT id FROM task_contracts WHERE task_id = $1")
            .bind(task_id).fetch_optional(&mut *c).await?;
        match cid {
            Some(cid) => {
                sqlx::query("INSERT INTO task_instalments (contract_id, due_on, planned) VALUES ($1, $2, $3)")
                    .bind(cid).bind(due).bind(planned).execute(&mut *c).await?;
                true
            }
            None => false,
        }
    });
    if added {
        tx.audit(Change::new("create", "task_instalment", Some(task_id), format!("Đợt cấp {planned} đồng, hạn {due}")));
    }
    Ok(added)
}

/// Records a payment of an instalment of this task.
pub async fn pay_instalment(tx: &mut Tx, task_id: i64, instalment_id: i64, paid: i64, on: NaiveDate) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE task_instalments SET paid = $1, paid_on = $2 WHERE id = $3 \
                                          AND contract_id = (SELECT id FROM task_contracts WHERE task_id = $4)")
        .bind(paid).bind(on).bind(instalment_id).bind(task_id).execute(&mut *c).await?.rows_affected());
    if n == 1 {
        tx.audit(Change::new("pay", "task_instalment", Some(instalment_id), format!("Đã cấp {paid} đồng ngày {on}")));
    }
    Ok(n == 1)
}

/// Records the settlement date of the contract.
/// Settles a contract: the amount approved and the difference with what was
/// paid (positive: still to pay; negative: to recover).
pub async fn settle_contract(tx: &mut Tx, task_id: i64, on: NaiveDate, approved: i64, difference: i64) -> Result<bool> {
    let n = on_tx!(tx, c => sqlx::query("UPDATE task_contracts SET settled_on = $1, approved = $2, difference = $3 WHERE task_id = $4")
        .bind(on).bind(approved).bind(difference).bind(task_id).execute(&mut *c).await?.rows_affected());
    if n == 1 {
        tx.audit(Change::new(
            "settle",
            "task_contract",
            Some(task_id),
            format!("Thanh lý hợp đồng: quyết toán {approved} đồng, chênh lệch {difference} đồng"),
        ));
    }
    Ok(n == 1)
}
