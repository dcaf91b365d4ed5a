//! Managing the site's structure: categories, sidebar blocks, workflow rules.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::content::{BlockKind, CategoryTree};
use dost_domain::roles::Role;
use dost_domain::text::slugify;
use dost_domain::workflow::Action;
use dost_store::site::{BlockRow, CategoryInput};
use serde::Deserialize;

use super::extract::StaffForm;
use super::{Opt, Staff, StaffPage, flash, no_store};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::http::respond::with_status;
use crate::{AppState, WebError};

fn number(v: &str, label: &str) -> Result<i64, String> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(0);
    }
    v.parse::<i64>().map_err(|_| format!("«{label}» phải là số nguyên."))
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

pub async fn categories(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    Ok(no_store(categories_page(&state, &staff, None, q.value("tb")).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryForm {
    name: String,
    slug: String,
    parent: String,
    description: String,
    position: String,
    menu: Option<String>,
    home: Option<String>,
}

async fn save_category(
    state: &AppState,
    staff: &Staff,
    id: Option<i64>,
    p: CategoryForm,
) -> Result<Response, WebError> {
    let name = p.name.trim().to_string();
    let slug = match p.slug.trim() {
        "" => slugify(&name),
        s => s.to_string(),
    };
    let parent_id = match p.parent.trim() {
        "" => None,
        s => Some(s.parse::<i64>().map_err(|_| WebError::BadRequest("Chuyên mục cha không hợp lệ.".into()))?),
    };
    let input = CategoryInput {
        parent_id,
        slug: slug.clone(),
        name,
        description: p.description.trim().to_string(),
        position: 0,
        show_in_menu: p.menu.as_deref() == Some("1"),
        show_on_home: p.home.as_deref() == Some("1"),
    };
    let refuse = |msg: String| async move {
        Ok::<_, WebError>(with_status(
            categories_page(state, staff, Some(msg), None).await?,
            StatusCode::UNPROCESSABLE_ENTITY,
        ))
    };
    let position = match number(&p.position, "Thứ tự") {
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

pub async fn create_category(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<CategoryForm>,
) -> Result<Response, WebError> {
    save_category(&state, &staff, None, form).await
}

pub async fn update_category(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form }: StaffForm<CategoryForm>,
) -> Result<Response, WebError> {
    save_category(&state, &staff, Some(id), form).await
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

pub async fn blocks(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    Ok(no_store(blocks_page(&state, &staff, None, q.value("tb")).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockForm {
    kind: String,
    title: String,
    position: String,
    config: String,
    max_items: String,
    enabled: Option<String>,
}

async fn save_block(state: &AppState, staff: &Staff, id: Option<i64>, p: BlockForm) -> Result<Response, WebError> {
    let kind = p.kind.trim().to_string();
    let title = p.title.trim().to_string();
    let config = p.config.trim().to_string();
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
    let position = number(&p.position, "Thứ tự");
    let max_items = number(&p.max_items, "Số mục hiển thị");
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
        enabled: p.enabled.as_deref() == Some("1"),
        config,
        max_items: max_items.unwrap_or(5).max(1),
    };
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::site::save_block(&mut tx, id, &row).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/khoi?tb=da-luu").into_response())
}

pub async fn create_block(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<BlockForm>,
) -> Result<Response, WebError> {
    save_block(&state, &staff, None, form).await
}

pub async fn update_block(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form }: StaffForm<BlockForm>,
) -> Result<Response, WebError> {
    save_block(&state, &staff, Some(id), form).await
}

// ---------- workflow rules ----------

pub struct RuleView {
    pub id: i64,
    pub role: &'static str,
    pub action: &'static str,
    pub category: String,
    pub own_text: bool,
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

pub async fn rules(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
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
            own_text: r.own_text,
        })
        .collect();
    let mut page = StaffPage::new(&staff, "Quy trình biên tập", "/quan-tri/quy-trinh");
    page.flash = flash(q.value("tb"));
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleForm {
    role: String,
    action: String,
    category: String,
    own_text: Option<String>,
}

pub async fn add_rule(
    State(state): State<AppState>,
    StaffForm { staff, form: p }: StaffForm<RuleForm>,
) -> Result<Response, WebError> {
    let role = Role::parse(&p.role).ok_or_else(|| WebError::BadRequest("Vai trò không hợp lệ.".into()))?;
    let action = Action::parse(&p.action).ok_or_else(|| WebError::BadRequest("Bước không hợp lệ.".into()))?;
    let category = match p.category.trim() {
        "" => None,
        s => Some(
            s.parse::<i64>()
                .ok()
                .filter(|id| state.layout.get().tree.by_id(*id).is_some())
                .ok_or_else(|| WebError::BadRequest("Chuyên mục không hợp lệ.".into()))?,
        ),
    };
    let own_text = p.own_text.as_deref() == Some("1");
    let mut tx = state.begin(&staff.actor()).await?;
    dost_store::site::add_rule(&mut tx, role.as_str(), action.as_str(), category, own_text).await?;
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/quy-trinh?tb=da-luu").into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nothing {}

pub async fn delete_rule(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form: Nothing {} }: StaffForm<Nothing>,
) -> Result<Response, WebError> {
    let mut tx = state.begin(&staff.actor()).await?;
    if !dost_store::site::delete_rule(&mut tx, id).await? {
        return Err(WebError::NotFound);
    }
    state.commit(tx).await?;
    Ok(Redirect::to("/quan-tri/quy-trinh?tb=da-luu").into_response())
}
