//! Managing the site's structure: categories, sidebar blocks, workflow rules.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::content::{BlockKind, CategoryTree};
use dost_domain::roles::{Permission, Role};
use dost_domain::text::slugify;
use dost_domain::workflow::Action;
use dost_store::site::{BlockRow, CategoryInput};

use super::form::{get, pairs};
use super::{Opt, Staff, StaffPage, flash, no_store};
use crate::portal::{VnPath, parse_query};
use crate::{AppState, WebError};

fn number(p: &[(String, String)], k: &str, label: &str) -> Result<i64, String> {
    let v = get(p, k);
    if v.is_empty() {
        return Ok(0);
    }
    v.parse::<i64>().map_err(|_| format!("«{label}» phải là số nguyên."))
}

fn with_status(html: String, status: StatusCode) -> Response {
    let mut r = no_store(html);
    *r.status_mut() = status;
    r
}

fn tree_options(tree: &CategoryTree) -> Vec<Opt> {
    let mut out = Vec::new();
    fn walk(tree: &CategoryTree, parent: Option<i64>, depth: usize, out: &mut Vec<Opt>) {
        for c in tree.all.iter().filter(|c| c.parent_id == parent) {
            out.push(Opt {
                value: c.id.to_string(),
                label: format!("{}{}", "— ".repeat(depth), c.name),
                selected: false,
            });
            walk(tree, Some(c.id), depth + 1, out);
        }
    }
    walk(tree, None, 0, &mut out);
    out
}

// ---------- categories ----------

pub struct CatRow {
    pub id: i64,
    pub depth: usize,
    pub name: String,
    pub slug: String,
    pub parent: String,
    pub description: String,
    pub position: i64,
    pub show_in_menu: bool,
    pub show_on_home: bool,
}

#[derive(Template)]
#[template(path = "staff/categories.html")]
struct CategoriesTemplate {
    page: StaffPage,
    rows: Vec<CatRow>,
    parents: Vec<Opt>,
    blank: CatRow,
    form_error: Option<String>,
}

async fn categories_page(
    state: &AppState,
    staff: &Staff,
    form_error: Option<String>,
    flash_code: Option<&str>,
) -> Result<String, WebError> {
    let tree = CategoryTree::new(dost_store::portal::categories(&state.db).await?);
    let mut rows = Vec::new();
    fn walk(tree: &CategoryTree, parent: Option<i64>, depth: usize, rows: &mut Vec<CatRow>) {
        for c in tree.all.iter().filter(|c| c.parent_id == parent) {
            rows.push(CatRow {
                id: c.id,
                depth,
                name: c.name.clone(),
                slug: c.slug.clone(),
                parent: c.parent_id.map(|p| p.to_string()).unwrap_or_default(),
                description: c.description.clone(),
                position: c.position,
                show_in_menu: c.show_in_menu,
                show_on_home: c.show_on_home,
            });
            walk(tree, Some(c.id), depth + 1, rows);
        }
    }
    walk(&tree, None, 0, &mut rows);
    let mut page = StaffPage::new(staff, "Chuyên mục", "/quan-tri/chuyen-muc");
    page.flash = flash(flash_code);
    let blank = CatRow {
        id: 0,
        depth: 0,
        name: String::new(),
        slug: String::new(),
        parent: String::new(),
        description: String::new(),
        position: 100,
        show_in_menu: true,
        show_on_home: false,
    };
    Ok(CategoriesTemplate { page, parents: tree_options(&tree), rows, blank, form_error }.render()?)
}

pub async fn categories(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    staff.require(Permission::ManageSite)?;
    let q = parse_query(raw.as_deref())?;
    Ok(no_store(categories_page(&state, &staff, None, q.get("tb").map(String::as_str)).await?))
}

async fn save_category(state: &AppState, staff: &Staff, id: Option<i64>, body: &Bytes) -> Result<Response, WebError> {
    staff.require(Permission::ManageSite)?;
    let p = pairs(body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let name = get(&p, "name");
    let slug = match get(&p, "slug") {
        s if s.is_empty() => slugify(&name),
        s => s,
    };
    let parent_id = match get(&p, "parent") {
        s if s.is_empty() => None,
        s => Some(s.parse::<i64>().map_err(|_| WebError::BadRequest("Chuyên mục cha không hợp lệ.".into()))?),
    };
    let input = CategoryInput {
        parent_id,
        slug: slug.clone(),
        name,
        description: get(&p, "description"),
        position: 0,
        show_in_menu: get(&p, "menu") == "1",
        show_on_home: get(&p, "home") == "1",
    };
    let refuse = |msg: String| async move {
        Ok::<_, WebError>(with_status(
            categories_page(state, staff, Some(msg), None).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ))
    };
    let position = match number(&p, "position", "Thứ tự") {
        Ok(n) => n,
        Err(e) => return refuse(e).await,
    };
    let input = CategoryInput { position, ..input };
    if let Err(e) = dost_store::site::check_category(&input) {
        return refuse(e).await;
    }
    let mut tx = state.begin(&staff.actor()).await?;
    match dost_store::site::save_category(&mut tx, id, &input).await {
        Ok(true) => {}
        Ok(false) => return refuse(format!("Đường dẫn «{slug}» đã có chuyên mục khác dùng.")).await,
        Err(dost_store::StoreError::Invalid(msg)) => return refuse(msg).await,
        Err(e) => return Err(e.into()),
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/chuyen-muc?tb=da-luu").into_response())
}

pub async fn create_category(State(state): State<AppState>, staff: Staff, body: Bytes) -> Result<Response, WebError> {
    save_category(&state, &staff, None, &body).await
}

pub async fn update_category(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    save_category(&state, &staff, Some(id), &body).await
}

// ---------- blocks ----------

pub struct BlockView {
    pub id: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub title: String,
    pub position: i64,
    pub enabled: bool,
    pub config: String,
    pub max_items: i64,
}

#[derive(Template)]
#[template(path = "staff/blocks.html")]
struct BlocksTemplate {
    page: StaffPage,
    rows: Vec<BlockView>,
    kinds: Vec<Opt>,
    blank: BlockView,
    form_error: Option<String>,
}

fn kind_label(k: &str) -> &'static str {
    match BlockKind::parse(k) {
        Some(BlockKind::Videos) => "phim",
        Some(BlockKind::Category) => "tin của một chuyên mục",
        Some(BlockKind::Documents) => "tài liệu",
        Some(BlockKind::Tasks) => "nhiệm vụ KH&CN",
        Some(BlockKind::Stats) => "thống kê truy cập",
        None => "không rõ",
    }
}

async fn blocks_page(
    state: &AppState,
    staff: &Staff,
    form_error: Option<String>,
    flash_code: Option<&str>,
) -> Result<String, WebError> {
    let rows = dost_store::site::all_blocks(&state.db)
        .await?
        .into_iter()
        .map(|b| BlockView {
            kind_label: kind_label(&b.kind),
            id: b.id,
            kind: b.kind,
            title: b.title,
            position: b.position,
            enabled: b.enabled,
            config: b.config,
            max_items: b.max_items,
        })
        .collect();
    let kinds = ["videos", "category", "documents", "tasks", "stats"]
        .into_iter()
        .map(|k| Opt { value: k.into(), label: kind_label(k).into(), selected: false })
        .collect();
    let mut page = StaffPage::new(staff, "Khối bên phải", "/quan-tri/khoi");
    page.flash = flash(flash_code);
    let blank = BlockView {
        id: 0,
        kind: String::new(),
        kind_label: "",
        title: String::new(),
        position: 10,
        enabled: true,
        config: String::new(),
        max_items: 5,
    };
    Ok(BlocksTemplate { page, rows, kinds, blank, form_error }.render()?)
}

pub async fn blocks(
    State(state): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    staff.require(Permission::ManageSite)?;
    let q = parse_query(raw.as_deref())?;
    Ok(no_store(blocks_page(&state, &staff, None, q.get("tb").map(String::as_str)).await?))
}

async fn save_block(state: &AppState, staff: &Staff, id: Option<i64>, body: &Bytes) -> Result<Response, WebError> {
    staff.require(Permission::ManageSite)?;
    let p = pairs(body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let kind = get(&p, "kind");
    let title = get(&p, "title");
    let config = get(&p, "config");
    let layout = state.layout.get();
    let error = if BlockKind::parse(&kind).is_none() {
        Some("Loại khối không hợp lệ.".to_string())
    } else if title.is_empty() {
        Some("Hãy nhập tiêu đề khối.".into())
    } else if kind == "category" && layout.tree.by_slug(&config).is_none() {
        Some(format!("Không có chuyên mục có đường dẫn «{config}»."))
    } else {
        None
    };
    let position = number(&p, "position", "Thứ tự");
    let max_items = number(&p, "max_items", "Số mục hiển thị");
    let error = error.or(position.clone().err()).or(max_items.clone().err()).or_else(|| {
        max_items
            .clone()
            .ok()
            .filter(|n| !(0..=20).contains(n))
            .map(|_| "Số mục hiển thị phải từ 1 đến 20.".to_string())
    });
    if let Some(e) = error {
        return Ok(with_status(blocks_page(state, staff, Some(e), None).await?, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let row = BlockRow {
        id: id.unwrap_or(0),
        kind,
        title,
        position: position.unwrap_or(0),
        enabled: get(&p, "enabled") == "1",
        config,
        max_items: max_items.unwrap_or(5).max(1),
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::site::save_block(&mut tx, id, &row).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/khoi?tb=da-luu").into_response())
}

pub async fn create_block(State(state): State<AppState>, staff: Staff, body: Bytes) -> Result<Response, WebError> {
    save_block(&state, &staff, None, &body).await
}

pub async fn update_block(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    save_block(&state, &staff, Some(id), &body).await
}

// ---------- workflow rules ----------

pub struct RuleView {
    pub id: i64,
    pub role: &'static str,
    pub action: &'static str,
    pub category: String,
}

#[derive(Template)]
#[template(path = "staff/rules.html")]
struct RulesTemplate {
    page: StaffPage,
    rows: Vec<RuleView>,
    roles: Vec<Opt>,
    actions: Vec<Opt>,
    categories: Vec<Opt>,
    form_error: Option<String>,
}

pub async fn rules(State(state): State<AppState>, staff: Staff, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    staff.require(Permission::ManageUsers)?;
    let q = parse_query(raw.as_deref())?;
    let layout = state.layout.get();
    let rows = dost_store::site::rules(&state.db)
        .await?
        .into_iter()
        .map(|r| RuleView {
            id: r.id,
            role: Role::parse(&r.role).map(Role::label).unwrap_or("?"),
            action: Action::parse(&r.action).map(Action::label).unwrap_or("?"),
            category: r
                .category_id
                .and_then(|c| layout.tree.by_id(c))
                .map(|c| c.name.clone())
                .unwrap_or_else(|| "Mọi chuyên mục".into()),
        })
        .collect();
    let mut page = StaffPage::new(&staff, "Quy trình biên tập", "/quan-tri/quy-trinh");
    page.flash = flash(q.get("tb").map(String::as_str));
    let t = RulesTemplate {
        page,
        rows,
        roles: Role::ALL
            .iter()
            .filter(|r| **r != Role::Administrator)
            .map(|r| Opt { value: r.as_str().into(), label: r.label().into(), selected: false })
            .collect(),
        actions: Action::ALL
            .iter()
            .map(|a| Opt { value: a.as_str().into(), label: a.label().into(), selected: false })
            .collect(),
        categories: tree_options(&layout.tree),
        form_error: None,
    };
    Ok(no_store(t.render()?))
}

pub async fn add_rule(State(state): State<AppState>, staff: Staff, body: Bytes) -> Result<Response, WebError> {
    staff.require(Permission::ManageUsers)?;
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let role = Role::parse(&get(&p, "role")).ok_or_else(|| WebError::BadRequest("Vai trò không hợp lệ.".into()))?;
    let action = Action::parse(&get(&p, "action")).ok_or_else(|| WebError::BadRequest("Bước không hợp lệ.".into()))?;
    let category = match get(&p, "category") {
        s if s.is_empty() => None,
        s => Some(
            s.parse::<i64>()
                .ok()
                .filter(|id| state.layout.get().tree.by_id(*id).is_some())
                .ok_or_else(|| WebError::BadRequest("Chuyên mục không hợp lệ.".into()))?,
        ),
    };
    let own_text = get(&p, "own_text") == "1";
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::site::add_rule(&mut tx, role.as_str(), action.as_str(), category, own_text).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/quy-trinh?tb=da-luu").into_response())
}

pub async fn delete_rule(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    staff.require(Permission::ManageUsers)?;
    let p = pairs(&body)?;
    staff.check_csrf(&get(&p, "csrf"))?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::site::delete_rule(&mut tx, id).await? {
        return Err(WebError::NotFound);
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/quy-trinh?tb=da-luu").into_response())
}
