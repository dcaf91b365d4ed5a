//! Site structure managed from the back office: categories, sidebar blocks,
//! workflow rules. Every change is audited and bumps the content version.

use dost_domain::content::RESERVED_SLUGS;
use dost_domain::text::{nfc, slugify};

use crate::db::on_pool;
use crate::tx::{Change, Tx, on_tx};
use crate::{Db, Result, StoreError};

pub struct CategoryInput {
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i64,
    pub show_in_menu: bool,
    pub show_on_home: bool,
}

/// Checks a category; the message names the problem in Vietnamese.
pub fn check_category(c: &CategoryInput) -> std::result::Result<(), String> {
    if c.name.trim().is_empty() {
        return Err("Hãy nhập tên chuyên mục.".into());
    }
    if c.slug.is_empty() || slugify(&c.slug) != c.slug {
        return Err("Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang.".into());
    }
    if RESERVED_SLUGS.contains(&c.slug.as_str()) {
        return Err(format!("Đường dẫn «{}» đã được cổng thông tin dùng cho trang khác.", c.slug));
    }
    Ok(())
}

/// Creates (`id = None`) or updates a category. A taken slug is `Ok(false)`.
pub async fn save_category(tx: &mut Tx, id: Option<i64>, c: &CategoryInput) -> Result<bool> {
    check_category(c).map_err(StoreError::Invalid)?;
    let all: Vec<(i64, Option<i64>)> =
        on_tx!(tx, conn => sqlx::query_as("SELECT id, parent_id FROM categories").fetch_all(&mut *conn).await?);
    if let (Some(id), Some(parent)) = (id, c.parent_id) {
        // a category may not sit under itself or one of its descendants
        let mut at = Some(parent);
        while let Some(p) = at {
            if p == id {
                return Err(StoreError::Invalid(
                    "Không thể đặt chuyên mục vào trong chính nó hoặc chuyên mục con của nó.".into(),
                ));
            }
            at = all.iter().find(|(i, _)| *i == p).and_then(|(_, up)| *up);
        }
    }
    let taken: i64 = on_tx!(tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE slug = $1 AND id <> $2")
        .bind(&c.slug).bind(id.unwrap_or(0)).fetch_one(&mut *conn).await?);
    if taken > 0 {
        return Ok(false);
    }
    let after = serde_json::json!({"slug": c.slug, "name": c.name, "parent_id": c.parent_id, "position": c.position,
        "menu": c.show_in_menu, "home": c.show_on_home})
    .to_string();
    let (entity_id, action) = on_tx!(tx, conn => match id {
        Some(id) => {
            sqlx::query("UPDATE categories SET parent_id = $1, slug = $2, name = $3, description = $4, position = $5, \
                         show_in_menu = $6, show_on_home = $7 WHERE id = $8")
                .bind(c.parent_id).bind(&c.slug).bind(nfc(c.name.trim())).bind(nfc(c.description.trim())).bind(c.position)
                .bind(c.show_in_menu).bind(c.show_on_home).bind(id).execute(&mut *conn).await?;
            (id, "update")
        }
        None => {
            let id: i64 = sqlx::query_scalar("INSERT INTO categories (parent_id, slug, name, description, position, show_in_menu, show_on_home) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(c.parent_id).bind(&c.slug).bind(nfc(c.name.trim())).bind(nfc(c.description.trim())).bind(c.position)
                .bind(c.show_in_menu).bind(c.show_on_home).fetch_one(&mut *conn).await?;
            (id, "create")
        }
    });
    tx.audit(Change::new(action, "category", Some(entity_id), c.name.clone()).after(after));
    tx.touches_portal();
    Ok(true)
}

/// Every block, enabled or not, for the management page.
#[derive(Debug, Clone)]
pub struct BlockRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub position: i64,
    pub enabled: bool,
    pub config: String,
    pub max_items: i64,
}

pub async fn all_blocks(db: &Db) -> Result<Vec<BlockRow>> {
    let rows: Vec<(i64, String, String, i64, bool, String, i64)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, kind, title, position, enabled, config, max_items FROM blocks ORDER BY position, id"
    ).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(id, kind, title, position, enabled, config, max_items)| BlockRow {
            id,
            kind,
            title,
            position,
            enabled,
            config,
            max_items,
        })
        .collect())
}

pub async fn save_block(tx: &mut Tx, id: Option<i64>, b: &BlockRow) -> Result<i64> {
    let after = serde_json::json!({"kind": b.kind, "title": b.title, "position": b.position, "enabled": b.enabled,
        "config": b.config, "max_items": b.max_items})
    .to_string();
    let (id, action) = on_tx!(tx, c => match id {
        Some(id) => {
            sqlx::query("UPDATE blocks SET title = $1, position = $2, enabled = $3, config = $4, max_items = $5 WHERE id = $6")
                .bind(nfc(b.title.trim())).bind(b.position).bind(b.enabled).bind(&b.config).bind(b.max_items).bind(id)
                .execute(&mut *c).await?;
            (id, "update")
        }
        None => {
            let id: i64 = sqlx::query_scalar("INSERT INTO blocks (kind, title, position, enabled, config, max_items) \
                                              VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                .bind(&b.kind).bind(nfc(b.title.trim())).bind(b.position).bind(b.enabled).bind(&b.config).bind(b.max_items)
                .fetch_one(&mut *c).await?;
            (id, "create")
        }
    });
    tx.audit(Change::new(action, "block", Some(id), b.title.clone()).after(after));
    tx.touches_portal();
    Ok(id)
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: i64,
    pub role: String,
    pub action: String,
    pub category_id: Option<i64>,
    /// The rule also allows the action on one's own text (approving one's own article).
    pub own_text: bool,
}

pub async fn rules(db: &Db) -> Result<Vec<Rule>> {
    let rows: Vec<(i64, String, String, Option<i64>, bool)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, role, action, category_id, own_text FROM workflow_rules ORDER BY role, action, id"
    ).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(id, role, action, category_id, own_text)| Rule { id, role, action, category_id, own_text })
        .collect())
}

pub async fn add_rule(tx: &mut Tx, role: &str, action: &str, category_id: Option<i64>, own_text: bool) -> Result<i64> {
    let id: i64 = on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO workflow_rules (role, action, category_id, own_text) VALUES ($1, $2, $3, $4) RETURNING id"
    ).bind(role).bind(action).bind(category_id).bind(own_text).fetch_one(&mut *c).await?);
    let after = serde_json::json!({"role": role, "action": action, "category_id": category_id, "own_text": own_text});
    tx.audit(Change::new("create", "workflow_rule", Some(id), format!("{role} → {action}")).after(after.to_string()));
    Ok(id)
}

pub async fn delete_rule(tx: &mut Tx, id: i64) -> Result<bool> {
    let before: Option<(String, String, Option<i64>, bool)> = on_tx!(tx, c => {
        let before = sqlx::query_as("SELECT role, action, category_id, own_text FROM workflow_rules WHERE id = $1")
            .bind(id).fetch_optional(&mut *c).await?;
        sqlx::query("DELETE FROM workflow_rules WHERE id = $1").bind(id).execute(&mut *c).await?;
        before
    });
    let Some((role, action, category_id, own_text)) = before else { return Ok(false) };
    let before = serde_json::json!({"role": role, "action": action, "category_id": category_id, "own_text": own_text});
    tx.audit(Change::new("delete", "workflow_rule", Some(id), format!("{role} → {action}")).before(before.to_string()));
    Ok(true)
}
