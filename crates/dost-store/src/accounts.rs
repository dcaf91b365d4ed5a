//! Units, staff accounts, sessions and failed sign-ins.

use dost_domain::roles::Role;

use crate::db::on_pool;
use crate::row::row;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// How a unit signs its own documents: the symbol after "BC-" and its head's title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitIdentity {
    pub code: String,
    pub name: String,
    pub symbol: String,
    pub head_title: String,
}

/// A unit's identity for its own report (`None` for an unknown code).
pub async fn unit_identity(db: &Db, code: &str) -> Result<Option<UnitIdentity>> {
    let row: Option<(String, String, String, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT code, name, symbol, head_title FROM units WHERE code = $1"
    ).bind(code).fetch_optional(p).await?);
    Ok(row.map(|(code, name, symbol, head_title)| UnitIdentity { code, name, symbol, head_title }))
}

pub async fn units(db: &Db) -> Result<Vec<Unit>> {
    let rows: Vec<(i64, String, String)> =
        on_pool!(db, p => sqlx::query_as("SELECT id, code, name FROM units ORDER BY position, id").fetch_all(p).await?);
    Ok(rows.into_iter().map(|(id, code, name)| Unit { id, code, name }).collect())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    /// The unit's code, what the access table reads.
    pub unit_code: Option<String>,
    pub unit_name: String,
    pub disabled: bool,
    /// Base32 secret of the authenticator app, when two-factor sign-in is on.
    pub totp_secret: Option<String>,
}

row! {
    /// An account as read, by column name.
    struct UserRow {
        id: i64,
        username: String,
        display_name: String,
        email: String,
        password_hash: String,
        role: String,
        unit_id: Option<i64>,
        unit_code: Option<String>,
        unit_name: Option<String>,
        disabled: bool,
        totp_secret: Option<String>,
    }
}

fn user(r: UserRow) -> Result<User> {
    let role = Role::parse(&r.role)
        .ok_or_else(|| StoreError::Invalid(format!("vai trò lạ trong cơ sở dữ liệu: {}", r.role)))?;
    Ok(User {
        id: r.id,
        username: r.username,
        display_name: r.display_name,
        email: r.email,
        password_hash: r.password_hash,
        role,
        unit_id: r.unit_id,
        unit_code: r.unit_code,
        unit_name: r.unit_name.unwrap_or_default(),
        disabled: r.disabled,
        totp_secret: r.totp_secret,
    })
}

macro_rules! user_select {
    () => {
        "SELECT u.id, u.username, u.display_name, u.email, u.password_hash, u.role, u.unit_id, n.code AS unit_code, \
         n.name AS unit_name, u.disabled, u.totp_secret FROM users u LEFT JOIN units n ON n.id = u.unit_id "
    };
}

pub async fn user_by_username(db: &Db, username: &str) -> Result<Option<User>> {
    let row: Option<UserRow> = on_pool!(db, p => sqlx::query_as(concat!(user_select!(), "WHERE u.username = $1"))
        .bind(username).fetch_optional(p).await?);
    row.map(user).transpose()
}

pub async fn user_by_id(db: &Db, id: i64) -> Result<Option<User>> {
    let row: Option<UserRow> =
        on_pool!(db, p => sqlx::query_as(concat!(user_select!(), "WHERE u.id = $1")).bind(id).fetch_optional(p).await?);
    row.map(user).transpose()
}

pub async fn list_users(db: &Db) -> Result<Vec<User>> {
    let rows: Vec<UserRow> =
        on_pool!(db, p => sqlx::query_as(concat!(user_select!(), "ORDER BY u.username")).fetch_all(p).await?);
    rows.into_iter().map(user).collect()
}

pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub unit_id: Option<i64>,
}

/// Creates an account; a taken username is `Ok(None)`.
pub async fn create_user(tx: &mut Tx, u: &NewUser<'_>) -> Result<Option<i64>> {
    let sql = "INSERT INTO users (username, display_name, email, password_hash, role, unit_id, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (username) DO NOTHING RETURNING id";
    let now = tx.now();
    let id: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(sql)
        .bind(u.username).bind(dost_domain::text::nfc(u.display_name)).bind(u.email).bind(u.password_hash)
        .bind(u.role.as_str()).bind(u.unit_id).bind(now)
        .fetch_optional(&mut *c).await?);
    if let Some(id) = id {
        // belongs to the unit from today (the account's history starts here)
        let today = dost_domain::format::vn_date(now);
        on_tx!(tx, c => {
            sqlx::query(
                "INSERT INTO unit_assignments (user_id, unit_code, valid_from) SELECT $1, code, $2 FROM units WHERE id = $3",
            ).bind(id).bind(today).bind(u.unit_id).execute(&mut *c).await?;
        });
        let after = serde_json::json!({"username": u.username, "display_name": u.display_name, "role": u.role.as_str(), "unit_id": u.unit_id});
        tx.audit(
            Change::new("create", "user", Some(id), format!("Tạo tài khoản {}", u.username)).after(after.to_string()),
        );
    }
    Ok(id)
}

/// Disables or enables an account; disabling also ends its sessions.
pub async fn set_disabled(tx: &mut Tx, user_id: i64, disabled: bool) -> Result<bool> {
    let now = tx.now();
    let n = on_tx!(tx, c => {
        let n = sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
            .bind(disabled).bind(now).bind(user_id).execute(&mut *c).await?.rows_affected();
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *c).await?;
        }
        n
    });
    let (action, summary) =
        if disabled { ("disable", "Khóa tài khoản") } else { ("enable", "Mở khóa tài khoản") };
    tx.audit(Change::new(action, "user", Some(user_id), summary));
    Ok(n == 1)
}

/// Changes role and unit.
pub async fn set_role(tx: &mut Tx, user_id: i64, role: Role, unit_id: Option<i64>) -> Result<()> {
    let now = tx.now();
    let before: Option<(String, Option<i64>)> = on_tx!(tx, c => {
        let before = sqlx::query_as("SELECT role, unit_id FROM users WHERE id = $1")
            .bind(user_id).fetch_optional(&mut *c).await?;
        sqlx::query("UPDATE users SET role = $1, unit_id = $2, updated_at = $3 WHERE id = $4")
            .bind(role.as_str()).bind(unit_id).bind(now).bind(user_id).execute(&mut *c).await?;
        before
    });
    // a new unit: the person's assignment moves from today (the earlier one is kept as history)
    if before.as_ref().is_some_and(|(_, u)| *u != unit_id) {
        let today = dost_domain::format::vn_date(now);
        let yesterday = today.pred_opt().unwrap_or(today);
        on_tx!(tx, c => {
            sqlx::query("UPDATE unit_assignments SET valid_to = $1 WHERE user_id = $2 AND valid_to IS NULL")
                .bind(yesterday).bind(user_id).execute(&mut *c).await?;
            sqlx::query("DELETE FROM unit_assignments WHERE user_id = $1 AND valid_to < valid_from")
                .bind(user_id).execute(&mut *c).await?;
            sqlx::query(
                "INSERT INTO unit_assignments (user_id, unit_code, valid_from) SELECT $1, code, $2 FROM units WHERE id = $3",
            ).bind(user_id).bind(today).bind(unit_id).execute(&mut *c).await?;
        });
    }
    let before = before.map(|(r, u)| serde_json::json!({"role": r, "unit_id": u}).to_string()).unwrap_or_default();
    let after = serde_json::json!({"role": role.as_str(), "unit_id": unit_id}).to_string();
    tx.audit(Change::new("update", "user", Some(user_id), "Đổi vai trò / đơn vị").before(before).after(after));
    Ok(())
}

/// Sets a new password hash and ends every session of the account except `keep_session`.
pub async fn set_password(tx: &mut Tx, user_id: i64, hash: &str, keep_session: Option<&str>) -> Result<()> {
    let now = tx.now();
    on_tx!(tx, c => {
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash).bind(now).bind(user_id).execute(&mut *c).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id).bind(keep_session.unwrap_or("")).execute(&mut *c).await?;
    });
    tx.audit(Change::new("password", "user", Some(user_id), "Đổi mật khẩu"));
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub last_seen: i64,
    pub expires_at: i64,
    /// False while a password-only session waits for the second factor.
    pub mfa_ok: bool,
}

/// Opens a session after a correct password (the sign-in is audited).
pub async fn create_session(tx: &mut Tx, s: &Session, ip: &str, user_agent: &str) -> Result<()> {
    let now = tx.now();
    let account_key = format!("u:{}", tx.actor().username);
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen, expires_at, ip, user_agent, mfa_ok) \
                     VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)")
            .bind(&s.id_hash).bind(s.user_id).bind(&s.csrf_token).bind(now).bind(s.expires_at).bind(ip).bind(user_agent).bind(s.mfa_ok)
            .execute(&mut *c).await?;
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(&account_key).execute(&mut *c).await?;
    });
    tx.audit(Change::new("sign_in", "user", Some(s.user_id), "Đăng nhập"));
    Ok(())
}

/// The live session with this id hash and its (enabled) user.
pub async fn session(db: &Db, id_hash: &str, now: i64) -> Result<Option<(Session, User)>> {
    let row: Option<(String, i64, String, i64, i64, bool)> = on_pool!(db, p => sqlx::query_as(
        "SELECT s.id_hash, s.user_id, s.csrf_token, s.last_seen, s.expires_at, s.mfa_ok FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.disabled = FALSE"
    ).bind(id_hash).bind(now).fetch_optional(p).await?);
    let Some((id_hash, user_id, csrf_token, last_seen, expires_at, mfa_ok)) = row else { return Ok(None) };
    let Some(user) = user_by_id(db, user_id).await? else { return Ok(None) };
    Ok(Some((Session { id_hash, user_id, csrf_token, last_seen, expires_at, mfa_ok }, user)))
}

/// Keeps a session alive (bookkeeping: one statement, not audited).
pub async fn touch_session(db: &Db, id_hash: &str, now: i64, expires_at: i64) -> Result<()> {
    on_pool!(db, p => {
        sqlx::query("UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE id_hash = $3")
            .bind(now).bind(expires_at).bind(id_hash).execute(p).await?;
    });
    Ok(())
}

/// Ends one session (`all = false`) or every session of its user.
pub async fn end_sessions(tx: &mut Tx, id_hash: &str, all: bool) -> Result<()> {
    on_tx!(tx, c => {
        if all {
            sqlx::query("DELETE FROM sessions WHERE user_id = (SELECT user_id FROM sessions WHERE id_hash = $1)")
                .bind(id_hash).execute(&mut *c).await?;
        } else {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&mut *c).await?;
        }
    });
    let summary = if all { "Đăng xuất khỏi mọi thiết bị" } else { "Đăng xuất" };
    let user_id = tx.actor().user_id;
    tx.audit(Change::new("sign_out", "user", user_id, summary));
    Ok(())
}

/// A limit on attempts under one key ("u:<username>", "ip:<address>",
/// "totp:<username>"): at most `max` failures in the window.
#[derive(Debug, Clone)]
pub struct Limit {
    pub key: String,
    pub max: i64,
}

/// Takes one attempt under every key at once, or none: the attempt is
/// recorded as a failure *before* the password or code is checked, so that
/// simultaneous attempts cannot all pass the count (each waits for the
/// key's lock row, then counts the others). Returns the ids of the recorded
/// attempts, to [`forgive`] when the attempt succeeds; `None` when a limit
/// is reached (nothing is recorded).
pub async fn take_attempt(db: &Db, limits: &[Limit], since: i64, now: i64) -> Result<Option<Vec<i64>>> {
    let mut tx = db.begin_bookkeeping(now).await?;
    let taken = on_tx!(tx, c => {
        let mut ids = Vec::new();
        let mut refused = false;
        for l in limits {
            // the lock row serialises attempts on one key (PostgreSQL row lock;
            // SQLite's write transactions are serial anyway)
            sqlx::query("INSERT INTO login_locks (key) VALUES ($1) ON CONFLICT (key) DO UPDATE SET key = excluded.key")
                .bind(&l.key).execute(&mut *c).await?;
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2")
                .bind(&l.key).bind(since).fetch_one(&mut *c).await?;
            if n >= l.max {
                refused = true;
                break;
            }
            ids.push(sqlx::query_scalar("INSERT INTO login_failures (key, at) VALUES ($1, $2) RETURNING id")
                .bind(&l.key).bind(now).fetch_one(&mut *c).await?);
        }
        if refused { None } else { Some(ids) }
    });
    if taken.is_some() {
        on_tx!(tx, c => {
            sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(now - 86_400).execute(&mut *c).await?;
        });
        tx.commit().await?;
    }
    Ok(taken)
}

/// Takes back attempts that succeeded (they are not failures).
pub async fn forgive(db: &Db, attempt_ids: &[i64], now: i64) -> Result<()> {
    let mut tx = db.begin_bookkeeping(now).await?;
    on_tx!(tx, c => {
        for id in attempt_ids {
            sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(id).execute(&mut *c).await?;
        }
    });
    tx.commit().await.map(|_| ())
}

/// Failed attempts under a key since a time.
pub async fn failures_since(db: &Db, key: &str, since: i64) -> Result<i64> {
    Ok(on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2")
        .bind(key).bind(since).fetch_one(p).await?))
}

/// Writes the audit entry of a failed sign-in or code (the attempt itself
/// was recorded by [`take_attempt`]).
pub async fn note_failure(tx: &mut Tx, what: &str) -> Result<()> {
    let user_id = tx.actor().user_id;
    tx.audit(Change::new("sign_in_failed", "user", user_id, what));
    Ok(())
}

/// Marks a session as having passed the second factor, and remembers the
/// code's time step so that the code is never accepted again.
pub async fn confirm_mfa(tx: &mut Tx, id_hash: &str, user_id: i64, step: i64) -> Result<bool> {
    let fresh = on_tx!(tx, c => {
        let n = sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1")
            .bind(step).bind(user_id).execute(&mut *c).await?.rows_affected();
        if n == 1 {
            sqlx::query("UPDATE sessions SET mfa_ok = TRUE WHERE id_hash = $1").bind(id_hash).execute(&mut *c).await?;
        }
        n == 1
    });
    tx.audit(Change::new("sign_in_2fa", "user", Some(user_id), "Xác thực hai bước"));
    Ok(fresh)
}

/// Turns two-factor sign-in on (with a secret and the step of the code that
/// confirmed it) or off (None) for an account.
pub async fn set_totp(tx: &mut Tx, user_id: i64, secret: Option<&str>, step: i64) -> Result<()> {
    let now = tx.now();
    on_tx!(tx, c => {
        sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = $2, updated_at = $3 WHERE id = $4")
            .bind(secret).bind(step).bind(now).bind(user_id).execute(&mut *c).await?;
    });
    let summary = if secret.is_some() { "Bật xác thực hai bước" } else { "Tắt xác thực hai bước" };
    tx.audit(Change::new("two_factor", "user", Some(user_id), summary));
    Ok(())
}

/// Roles that must use two-factor sign-in (the `security.totp_roles` setting).
pub async fn totp_roles(db: &Db) -> Result<Vec<Role>> {
    let v = crate::portal::setting(db, "security.totp_roles").await?.unwrap_or_default();
    Ok(v.split(',').filter_map(|r| Role::parse(r.trim())).collect())
}

pub async fn set_totp_roles(tx: &mut Tx, roles: &[Role]) -> Result<()> {
    let value = roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
    on_tx!(tx, c => {
        sqlx::query("INSERT INTO settings (key, value) VALUES ('security.totp_roles', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(&value).execute(&mut *c).await?;
    });
    tx.audit(Change::new("update", "setting", None, "Vai trò bắt buộc xác thực hai bước").after(value));
    Ok(())
}
