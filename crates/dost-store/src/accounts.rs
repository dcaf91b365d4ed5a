//! Units, staff accounts, sessions and failed sign-ins.

use dost_domain::roles::Role;

use crate::audit::{Actor, Entry, audit};
use crate::db::on_pool;
use crate::{Db, Result, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    pub code: String,
    pub name: String,
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
    pub unit_name: String,
    pub disabled: bool,
    /// Base32 secret of the authenticator app, when two-factor sign-in is on.
    pub totp_secret: Option<String>,
}

type UserRow = (i64, String, String, String, String, String, Option<i64>, Option<String>, bool, Option<String>);

fn user(
    (id, username, display_name, email, password_hash, role, unit_id, unit_name, disabled, totp_secret): UserRow,
) -> Result<User> {
    let role =
        Role::parse(&role).ok_or_else(|| StoreError::Invalid(format!("vai trò lạ trong cơ sở dữ liệu: {role}")))?;
    Ok(User {
        id,
        username,
        display_name,
        email,
        password_hash,
        role,
        unit_id,
        unit_name: unit_name.unwrap_or_default(),
        disabled,
        totp_secret,
    })
}

macro_rules! user_select {
    () => {
        "SELECT u.id, u.username, u.display_name, u.email, u.password_hash, u.role, u.unit_id, n.name, u.disabled, u.totp_secret \
         FROM users u LEFT JOIN units n ON n.id = u.unit_id "
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
pub async fn create_user(db: &Db, u: &NewUser<'_>, actor: &Actor, now: i64) -> Result<Option<i64>> {
    let sql = "INSERT INTO users (username, display_name, email, password_hash, role, unit_id, created_at, updated_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (username) DO NOTHING RETURNING id";
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(sql)
            .bind(u.username).bind(dost_domain::text::nfc(u.display_name)).bind(u.email).bind(u.password_hash)
            .bind(u.role.as_str()).bind(u.unit_id).bind(now)
            .fetch_optional(&mut *tx).await?;
        let Some(id) = id else {
            tx.rollback().await?;
            return Ok(None);
        };
        let after = serde_json::json!({"username": u.username, "display_name": u.display_name, "role": u.role.as_str(), "unit_id": u.unit_id}).to_string();
        audit!(tx, actor, now, Entry { action: "create", entity: "user", entity_id: Some(id), summary: format!("Tạo tài khoản {}", u.username), after, ..Default::default() });
        tx.commit().await?;
        Ok(Some(id))
    })
}

/// Disables or enables an account; disabling also ends its sessions.
pub async fn set_disabled(db: &Db, user_id: i64, disabled: bool, actor: &Actor, now: i64) -> Result<bool> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let n = sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
            .bind(disabled).bind(now).bind(user_id).execute(&mut *tx).await?.rows_affected();
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        }
        let summary = if disabled { "Khóa tài khoản" } else { "Mở khóa tài khoản" };
        audit!(tx, actor, now, Entry { action: if disabled { "disable" } else { "enable" }, entity: "user", entity_id: Some(user_id), summary: summary.into(), ..Default::default() });
        tx.commit().await?;
        Ok(n == 1)
    })
}

/// Changes role and unit.
pub async fn set_role(db: &Db, user_id: i64, role: Role, unit_id: Option<i64>, actor: &Actor, now: i64) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let before: Option<(String, Option<i64>)> = sqlx::query_as("SELECT role, unit_id FROM users WHERE id = $1")
            .bind(user_id).fetch_optional(&mut *tx).await?;
        sqlx::query("UPDATE users SET role = $1, unit_id = $2, updated_at = $3 WHERE id = $4")
            .bind(role.as_str()).bind(unit_id).bind(now).bind(user_id).execute(&mut *tx).await?;
        let before = before.map(|(r, u)| serde_json::json!({"role": r, "unit_id": u}).to_string()).unwrap_or_default();
        let after = serde_json::json!({"role": role.as_str(), "unit_id": unit_id}).to_string();
        audit!(tx, actor, now, Entry { action: "update", entity: "user", entity_id: Some(user_id), summary: "Đổi vai trò / đơn vị".into(), before, after });
        tx.commit().await?;
        Ok(())
    })
}

/// Sets a new password hash and ends every session of the account except `keep_session`.
pub async fn set_password(
    db: &Db,
    user_id: i64,
    hash: &str,
    keep_session: Option<&str>,
    actor: &Actor,
    now: i64,
) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash).bind(now).bind(user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id).bind(keep_session.unwrap_or("")).execute(&mut *tx).await?;
        audit!(tx, actor, now, Entry { action: "password", entity: "user", entity_id: Some(user_id), summary: "Đổi mật khẩu".into(), ..Default::default() });
        tx.commit().await?;
        Ok(())
    })
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

pub async fn create_session(db: &Db, s: &Session, ip: &str, user_agent: &str, actor: &Actor, now: i64) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen, expires_at, ip, user_agent, mfa_ok) \
                     VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)")
            .bind(&s.id_hash).bind(s.user_id).bind(&s.csrf_token).bind(now).bind(s.expires_at).bind(ip).bind(user_agent).bind(s.mfa_ok)
            .execute(&mut *tx).await?;
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(format!("u:{}", actor.username)).execute(&mut *tx).await?;
        audit!(tx, actor, now, Entry { action: "sign_in", entity: "user", entity_id: Some(s.user_id), summary: "Đăng nhập".into(), ..Default::default() });
        tx.commit().await?;
        Ok(())
    })
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

pub async fn touch_session(db: &Db, id_hash: &str, now: i64, expires_at: i64) -> Result<()> {
    on_pool!(db, p => {
        sqlx::query("UPDATE sessions SET last_seen = $1, expires_at = $2 WHERE id_hash = $3")
            .bind(now).bind(expires_at).bind(id_hash).execute(p).await?;
    });
    Ok(())
}

/// Ends one session (`all = false`) or every session of its user.
pub async fn end_sessions(db: &Db, id_hash: &str, all: bool, actor: &Actor, now: i64) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        if all {
            sqlx::query("DELETE FROM sessions WHERE user_id = (SELECT user_id FROM sessions WHERE id_hash = $1)")
                .bind(id_hash).execute(&mut *tx).await?;
        } else {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&mut *tx).await?;
        }
        let summary = if all { "Đăng xuất khỏi mọi thiết bị" } else { "Đăng xuất" };
        audit!(tx, actor, now, Entry { action: "sign_out", entity: "user", entity_id: actor.user_id, summary: summary.into(), ..Default::default() });
        tx.commit().await?;
        Ok(())
    })
}

/// Failed sign-ins for a key ("u:<username>" or "ip:<address>") since a time.
pub async fn failures_since(db: &Db, key: &str, since: i64) -> Result<i64> {
    Ok(on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2")
        .bind(key).bind(since).fetch_one(p).await?))
}

/// Records a failed sign-in under each key, and forgets failures older than a day.
pub async fn record_failure(db: &Db, keys: &[String], actor: &Actor, now: i64) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        for k in keys {
            sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)").bind(k).bind(now).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(now - 86_400).execute(&mut *tx).await?;
        audit!(tx, actor, now, Entry { action: "sign_in_failed", entity: "user", summary: "Đăng nhập không thành công".into(), ..Default::default() });
        tx.commit().await?;
        Ok(())
    })
}

/// Marks a session as having passed the second factor.
pub async fn confirm_mfa(db: &Db, id_hash: &str, actor: &Actor, now: i64) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        sqlx::query("UPDATE sessions SET mfa_ok = TRUE WHERE id_hash = $1").bind(id_hash).execute(&mut *tx).await?;
        audit!(tx, actor, now, Entry { action: "sign_in_2fa", entity: "user", entity_id: actor.user_id, summary: "Xác thực hai bước".into(), ..Default::default() });
        tx.commit().await?;
        Ok(())
    })
}

/// Turns two-factor sign-in on (with a secret) or off (None) for an account.
pub async fn set_totp(db: &Db, user_id: i64, secret: Option<&str>, actor: &Actor, now: i64) -> Result<()> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        sqlx::query("UPDATE users SET totp_secret = $1, updated_at = $2 WHERE id = $3").bind(secret).bind(now).bind(user_id)
            .execute(&mut *tx).await?;
        let summary = if secret.is_some() { "Bật xác thực hai bước" } else { "Tắt xác thực hai bước" };
        audit!(tx, actor, now, Entry { action: "two_factor", entity: "user", entity_id: Some(user_id), summary: summary.into(), ..Default::default() });
        tx.commit().await?;
        Ok(())
    })
}

/// Roles that must use two-factor sign-in (the `security.totp_roles` setting).
pub async fn totp_roles(db: &Db) -> Result<Vec<Role>> {
    let v = crate::portal::setting(db, "security.totp_roles").await?.unwrap_or_default();
    Ok(v.split(',').filter_map(|r| Role::parse(r.trim())).collect())
}

pub async fn set_totp_roles(db: &Db, roles: &[Role], actor: &Actor, now: i64) -> Result<()> {
    let value = roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",");
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        sqlx::query("INSERT INTO settings (key, value) VALUES ('security.totp_roles', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(&value).execute(&mut *tx).await?;
        audit!(tx, actor, now, Entry { action: "update", entity: "setting", summary: "Vai trò bắt buộc xác thực hai bước".into(), after: value.clone(), ..Default::default() });
        tx.commit().await?;
        Ok(())
    })
}
