//! Site structure managed from the back office: categories, sidebar blocks,
//! workflow rules. Every change is audited and bumps the content version.

use dost_domain::content::RESERVED_SLUGS;
use dost_domain::text::{nfc, slugify};

use crate::audit::{Actor, Entry, audit};
use crate::db::on_pool;
use crate::write::BUMP_VERSION;
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
pub async fn save_category(db: &Db, id: Option<i64>, c: &CategoryInput, actor: &Actor, now: i64) -> Result<bool> {
    check_category(c).map_err(StoreError::Invalid)?;
    if let (Some(id), Some(parent)) = (id, c.parent_id) {
        // a category may not sit under itself or one of its descendants
        let tree = dost_domain::content::CategoryTree::new(crate::portal::categories(db).await?);
        if tree.subtree_ids(id).contains(&parent) {
            return Err(StoreError::Invalid(
                "Không thể đặt chuyên mục vào trong chính nó hoặc chuyên mục con của nó.".into(),
            ));
        }
    }
    let taken: i64 = on_pool!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM categories WHERE slug = $1 AND id <> $2")
        .bind(&c.slug).bind(id.unwrap_or(0)).fetch_one(p).await?);
    if taken > 0 {
        return Ok(false);
    }
    let after = serde_json::json!({"slug": c.slug, "name": c.name, "parent_id": c.parent_id, "position": c.position,
        "menu": c.show_in_menu, "home": c.show_on_home})
    .to_string();
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let (entity_id, action) = match id {
            Some(id) => {
                sqlx::query("UPDATE categories SET parent_id = $1, slug = $2, name = $3, description = $4, position = $5, \
                             show_in_menu = $6, show_on_home = $7 WHERE id = $8")
                    .bind(c.parent_id).bind(&c.slug).bind(nfc(c.name.trim())).bind(nfc(c.description.trim())).bind(c.position)
                    .bind(c.show_in_menu).bind(c.show_on_home).bind(id).execute(&mut *tx).await?;
                (id, "update")
            }
            None => {
                let id: i64 = sqlx::query_scalar("INSERT INTO categories (parent_id, slug, name, description, position, show_in_menu, show_on_home) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                    .bind(c.parent_id).bind(&c.slug).bind(nfc(c.name.trim())).bind(nfc(c.description.trim())).bind(c.position)
                    .bind(c.show_in_menu).bind(c.show_on_home).fetch_one(&mut *tx).await?;
                (id, "create")
            }
        };
        audit!(tx, actor, now, Entry { action, entity: "category", entity_id: Some(entity_id), summary: c.name.clone(), after, ..Default::default() });
        sqlx::query(BUMP_VERSION).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    })
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

pub async fn save_block(db: &Db, id: Option<i64>, b: &BlockRow, actor: &Actor, now: i64) -> Result<i64> {
    let after = serde_json::json!({"kind": b.kind, "title": b.title, "position": b.position, "enabled": b.enabled,
        "config": b.config, "max_items": b.max_items})
    .to_string();
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let (id, action) = match id {
            Some(id) => {
                sqlx::query("UPDATE blocks SET title = $1, position = $2, enabled = $3, config = $4, max_items = $5 WHERE id = $6")
                    .bind(nfc(b.title.trim())).bind(b.position).bind(b.enabled).bind(&b.config).bind(b.max_items).bind(id)
                    .execute(&mut *tx).await?;
                (id, "update")
            }
            None => {
                let id: i64 = sqlx::query_scalar("INSERT INTO blocks (kind, title, position, enabled, config, max_items) \
                                                  VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                    .bind(&b.kind).bind(nfc(b.title.trim())).bind(b.position).bind(b.enabled).bind(&b.config).bind(b.max_items)
                    .fetch_one(&mut *tx).await?;
                (id, "create")
            }
        };
        audit!(tx, actor, now, Entry { action, entity: "block", entity_id: Some(id), summary: b.title.clone(), after, ..Default::default() });
        sqlx::query(BUMP_VERSION).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(id)
    })
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: i64,
    pub role: String,
    pub action: String,
    pub category_id: Option<i64>,
}

pub async fn rules(db: &Db) -> Result<Vec<Rule>> {
    let rows: Vec<(i64, String, String, Option<i64>)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, role, action, category_id FROM workflow_rules ORDER BY role, action, id"
    ).fetch_all(p).await?);
    Ok(rows.into_iter().map(|(id, role, action, category_id)| Rule { id, role, action, category_id }).collect())
}

pub async fn add_rule(
    db: &Db,
    role: &str,
    action: &str,
    category_id: Option<i64>,
    actor: &Actor,
    now: i64,
) -> Result<i64> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO workflow_rules (role, action, category_id) VALUES ($1, $2, $3) RETURNING id")
            .bind(role).bind(action).bind(category_id).fetch_one(&mut *tx).await?;
        let after = serde_json::json!({"role": role, "action": action, "category_id": category_id}).to_string();
        audit!(tx, actor, now, Entry { action: "create", entity: "workflow_rule", entity_id: Some(id), summary: format!("{role} → {action}"), after, ..Default::default() });
        tx.commit().await?;
        Ok(id)
    })
}

pub async fn delete_rule(db: &Db, id: i64, actor: &Actor, now: i64) -> Result<bool> {
    on_pool!(db, p => {
        let mut tx = p.begin().await?;
        let before: Option<(String, String, Option<i64>)> = sqlx::query_as("SELECT role, action, category_id FROM workflow_rules WHERE id = $1")
            .bind(id).fetch_optional(&mut *tx).await?;
        let Some((role, action, category_id)) = before else {
            tx.rollback().await?;
            return Ok(false);
        };
        sqlx::query("DELETE FROM workflow_rules WHERE id = $1").bind(id).execute(&mut *tx).await?;
        let before = serde_json::json!({"role": role, "action": action, "category_id": category_id}).to_string();
        audit!(tx, actor, now, Entry { action: "delete", entity: "workflow_rule", entity_id: Some(id), summary: format!("{role} → {action}"), before, ..Default::default() });
        tx.commit().await?;
        Ok(true)
    })
}
