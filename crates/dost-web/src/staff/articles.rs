//! Articles in the back office: list, write, edit with revisions and conflict
//! detection, move through the editorial workflow, compare and restore versions.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::content::{Article, CategoryTree, article_path};
use dost_domain::diff::{Change, blocks, diff};
use dost_domain::format;
use dost_domain::html::SafeHtml;
use dost_domain::page::{Paging, parse_page};
use dost_domain::roles::{Permission, Role};
use dost_domain::text::fold;
use dost_domain::workflow::{Action, Status, WorkflowError, actions_from};
use dost_store::editorial::{Draft, Filter, Saved};

use super::{Opt, Staff, StaffPage, flash, no_store};
use crate::layout::Layout;
use crate::portal::{Pager, VnPath, encode, parse_pairs, parse_query};
use crate::{AppState, WebError};

const PER_PAGE: u32 = 25;

fn form_pairs(body: &Bytes) -> Result<Vec<(String, String)>, WebError> {
    let s = std::str::from_utf8(body).map_err(|_| WebError::BadRequest("Dữ liệu gửi lên không phải UTF-8.".into()))?;
    parse_pairs(s)
}

fn first(pairs: &[(String, String)], key: &str) -> String {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn all(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
}

// ---------- list ----------

pub struct ListRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub status: &'static str,
    pub status_key: &'static str,
    pub published: String,
    pub author: String,
    pub updated: String,
}

#[derive(Template)]
#[template(path = "staff/articles.html")]
struct ListTemplate {
    page: StaffPage,
    can_write: bool,
    statuses: Vec<Opt>,
    categories: Vec<Opt>,
    q: String,
    total: i64,
    rows: Vec<ListRow>,
    pager: Pager,
}

fn category_options(tree: &CategoryTree, selected: &[i64]) -> Vec<Opt> {
    let mut out = Vec::new();
    fn walk(tree: &CategoryTree, parent: Option<i64>, depth: usize, selected: &[i64], out: &mut Vec<Opt>) {
        let kids: Vec<_> = tree.all.iter().filter(|c| c.parent_id == parent).collect();
        for c in kids {
            out.push(Opt {
                value: c.id.to_string(),
                label: format!("{}{}", "— ".repeat(depth), c.name),
                selected: selected.contains(&c.id),
            });
            walk(tree, Some(c.id), depth + 1, selected, out);
        }
    }
    walk(tree, None, 0, selected, &mut out);
    out
}

pub async fn list(State(state): State<AppState>, staff: Staff, RawQuery(raw): RawQuery) -> Result<Response, WebError> {
    if !staff.can(Permission::WriteArticles) && !staff.can(Permission::SeeAllArticles) {
        staff.require(Permission::SeeAllArticles)?;
    }
    let q = parse_query(raw.as_deref())?;
    let page_no = parse_page(q.get("trang").map(String::as_str))?;
    let status = q.get("trang-thai").cloned().unwrap_or_default();
    if !status.is_empty() && Status::parse(&status).is_none() {
        return Err(WebError::BadRequest("Trạng thái không hợp lệ.".into()));
    }
    let category_id: i64 = match q.get("chuyen-muc").map(String::as_str) {
        None | Some("") => 0,
        Some(s) => s.parse().map_err(|_| WebError::BadRequest("Chuyên mục không hợp lệ.".into()))?,
    };
    let text = q.get("q").cloned().unwrap_or_default();
    let like = if text.trim().is_empty() {
        String::new()
    } else {
        format!("%{}%", fold(text.trim()).replace(['%', '_', '\\'], ""))
    };
    let created_by = if staff.can(Permission::SeeAllArticles) { 0 } else { staff.user.id };
    let paging = Paging::new(page_no, PER_PAGE);
    let filter = Filter { status: status.clone(), category_id, created_by, like };
    let (rows, total) = dost_store::editorial::list(&state.db, &filter, paging.limit(), paging.offset()).await?;
    let now = state.clock.now();
    let layout = state.layout.get();
    let rows = rows
        .into_iter()
        .map(|r| ListRow {
            id: r.id,
            status: r.status.label(r.status == Status::Published && r.published_at > now),
            status_key: r.status.as_str(),
            title: r.title,
            category: r.category,
            published: format::datetime_ts(r.published_at),
            author: r.created_by,
            updated: format::datetime_ts(r.updated_at),
        })
        .collect();
    let base = format!(
        "/quan-tri/bai-viet?trang-thai={}&chuyen-muc={}&q={}&",
        encode(&status),
        if category_id == 0 { String::new() } else { category_id.to_string() },
        encode(&text)
    );
    let mut page = StaffPage::new(&staff, "Tin bài", "/quan-tri/bai-viet");
    page.flash = flash(q.get("tb").map(String::as_str));
    let t = ListTemplate {
        page,
        can_write: staff.can(Permission::WriteArticles),
        statuses: Status::ALL
            .iter()
            .map(|s| Opt { value: s.as_str().into(), label: s.label(false).into(), selected: s.as_str() == status })
            .collect(),
        categories: category_options(&layout.tree, &[category_id]),
        q: text,
        total,
        rows,
        pager: Pager::new(paging, total, &base),
    };
    Ok(no_store(t.render()?))
}

// ---------- form ----------

/// What the form holds, as typed (kept after an error).
#[derive(Default, Clone)]
pub struct FormValues {
    pub version: i64,
    pub title: String,
    pub slug: String,
    pub lead: String,
    pub body: String,
    pub author: String,
    pub source: String,
    pub image_url: String,
    pub image_alt: String,
    pub image_caption: String,
    pub category: String,
    pub also: Vec<String>,
    pub tags: String,
    pub published_at: String,
    pub expires_at: String,
    pub featured: bool,
    pub note: String,
}

impl FormValues {
    fn from_pairs(p: &[(String, String)]) -> Self {
        Self {
            version: first(p, "version").parse().unwrap_or(0),
            title: first(p, "title"),
            slug: first(p, "slug"),
            lead: first(p, "lead"),
            body: first(p, "body"),
            author: first(p, "author"),
            source: first(p, "source"),
            image_url: first(p, "image_url"),
            image_alt: first(p, "image_alt"),
            image_caption: first(p, "image_caption"),
            category: first(p, "category"),
            also: all(p, "also"),
            tags: first(p, "tags"),
            published_at: first(p, "published_at"),
            expires_at: first(p, "expires_at"),
            featured: first(p, "featured") == "1",
            note: first(p, "note"),
        }
    }

    fn from_article(a: &Article, cats: &[i64], tags: &[String]) -> Self {
        Self {
            version: a.version,
            title: a.title.clone(),
            slug: a.slug.clone(),
            lead: a.lead.clone(),
            body: a.body_html.clone(),
            author: a.author.clone(),
            source: a.source.clone(),
            image_url: a.image_url.clone().unwrap_or_default(),
            image_alt: a.image_alt.clone(),
            image_caption: a.image_caption.clone(),
            category: a.primary_category_id.to_string(),
            also: cats.iter().filter(|c| **c != a.primary_category_id).map(|c| c.to_string()).collect(),
            tags: tags.join(", "),
            published_at: format::datetime_input(a.published_at),
            expires_at: a.expires_at.map(format::datetime_input).unwrap_or_default(),
            featured: a.featured,
            note: String::new(),
        }
    }
}

#[derive(Default)]
pub struct FieldErrors {
    pub title: Option<String>,
    pub category: Option<String>,
    pub published_at: Option<String>,
    pub expires_at: Option<String>,
    pub image_alt: Option<String>,
}

impl FieldErrors {
    fn any(&self) -> bool {
        self.title.is_some()
            || self.category.is_some()
            || self.published_at.is_some()
            || self.expires_at.is_some()
            || self.image_alt.is_some()
    }
}

/// Checks the form and builds a draft; errors are reported next to each field.
fn validate(f: &FormValues, tree: &CategoryTree, now: i64) -> Result<Draft, FieldErrors> {
    let mut e = FieldErrors::default();
    if f.title.trim().is_empty() {
        e.title = Some("Hãy nhập tiêu đề.".into());
    } else if f.title.chars().count() > 300 {
        e.title = Some("Tiêu đề dài quá 300 ký tự.".into());
    }
    let primary = f.category.parse::<i64>().ok().filter(|id| tree.by_id(*id).is_some());
    if primary.is_none() {
        e.category = Some("Hãy chọn chuyên mục chính.".into());
    }
    let published_at = if f.published_at.trim().is_empty() {
        Some(now)
    } else {
        let p = format::parse_datetime(&f.published_at);
        if p.is_none() {
            e.published_at = Some("Ngày giờ không hợp lệ; hãy nhập theo mẫu 06/10/2020 15:00.".into());
        }
        p
    };
    let expires_at = if f.expires_at.trim().is_empty() {
        None
    } else {
        match format::parse_datetime(&f.expires_at) {
            None => {
                e.expires_at = Some("Ngày giờ không hợp lệ; hãy nhập theo mẫu 31/12/2020 23:59.".into());
                None
            }
            Some(x) if published_at.is_some_and(|p| x <= p) => {
                e.expires_at = Some("Thời điểm gỡ phải sau thời điểm đăng.".into());
                None
            }
            Some(x) => Some(x),
        }
    };
    if !f.image_url.is_empty() && f.image_alt.trim().is_empty() {
        e.image_alt = Some("Ảnh cần có mô tả cho người khiếm thị.".into());
    }
    let image_ok = f.image_url.is_empty() || (f.image_url.starts_with("/tep/") && !f.image_url.contains(".."));
    if !image_ok {
        e.image_alt = Some("Ảnh phải chọn từ thư viện tệp.".into());
    }
    if e.any() {
        return Err(e);
    }
    let primary = primary.unwrap_or_default();
    let mut category_ids = vec![primary];
    for a in &f.also {
        if let Ok(id) = a.parse::<i64>()
            && tree.by_id(id).is_some()
            && !category_ids.contains(&id)
        {
            category_ids.push(id);
        }
    }
    Ok(Draft {
        title: f.title.clone(),
        slug: f.slug.clone(),
        lead: f.lead.clone(),
        body: SafeHtml::sanitize(&f.body),
        author: f.author.clone(),
        source: f.source.clone(),
        image_url: (!f.image_url.is_empty()).then(|| f.image_url.clone()),
        image_alt: f.image_alt.trim().to_string(),
        image_caption: f.image_caption.trim().to_string(),
        category_ids,
        tags: f.tags.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).take(20).collect(),
        featured: f.featured,
        published_at: published_at.unwrap_or(now),
        expires_at,
    })
}

pub struct ActionView {
    pub key: &'static str,
    pub label: &'static str,
    pub needs_note: bool,
}

pub struct Side {
    pub id: i64,
    pub status: &'static str,
    pub review_note: String,
    pub actions: Vec<ActionView>,
    pub revisions: usize,
}

#[derive(Template)]
#[template(path = "staff/article_form.html")]
struct FormTemplate {
    page: StaffPage,
    heading: String,
    action: String,
    public_url: Option<String>,
    form_error: Option<String>,
    f: FormValues,
    errors: FieldErrors,
    images: Vec<Opt>,
    primary_options: Vec<Opt>,
    extra_options: Vec<Opt>,
    side: Option<Side>,
}

async fn image_options(state: &AppState, current: &str) -> Result<Vec<Opt>, WebError> {
    let mut out: Vec<Opt> = dost_store::media::list(&state.db, "anh", 300, 0)
        .await?
        .into_iter()
        .map(|m| {
            let url = format!("/tep/{}", m.file_path);
            Opt { selected: url == current, label: m.original_name, value: url }
        })
        .collect();
    if !current.is_empty() && !out.iter().any(|o| o.selected) {
        out.insert(
            0,
            Opt { value: current.into(), label: current.rsplit('/').next().unwrap_or(current).into(), selected: true },
        );
    }
    Ok(out)
}

/// Actions this person may take on this article now.
async fn allowed_actions(state: &AppState, staff: &Staff, a: &Article) -> Result<Vec<Action>, WebError> {
    let mut out = Vec::new();
    for action in actions_from(a.status) {
        if may_take(state, staff, a, action).await?.is_ok() {
            out.push(action);
        }
    }
    Ok(out)
}

async fn may_take(
    state: &AppState,
    staff: &Staff,
    a: &Article,
    action: Action,
) -> Result<Result<(), WorkflowError>, WebError> {
    if staff.role() == Role::Administrator {
        return Ok(Ok(()));
    }
    let own = a.created_by == Some(staff.user.id);
    if action == Action::Submit && !own && !staff.can(Permission::SeeAllArticles) {
        return Ok(Err(WorkflowError::RoleMayNot(action.label())));
    }
    let ok = dost_store::editorial::rule_allows(&state.db, staff.role().as_str(), action, a.primary_category_id, false)
        .await?;
    Ok(if ok { Ok(()) } else { Err(WorkflowError::RoleMayNot(action.label())) })
}

fn may_view(staff: &Staff, a: &Article) -> bool {
    staff.can(Permission::SeeAllArticles) || a.created_by == Some(staff.user.id)
}

fn may_edit(staff: &Staff, a: &Article) -> bool {
    staff.can(Permission::EditAnyArticle)
        || (staff.can(Permission::WriteArticles) && a.created_by == Some(staff.user.id) && a.status.author_may_edit())
}

#[allow(clippy::too_many_arguments)]
async fn render_form(
    state: &AppState,
    staff: &Staff,
    layout: &Arc<Layout>,
    article: Option<&Article>,
    f: FormValues,
    errors: FieldErrors,
    form_error: Option<String>,
    flash_msg: Option<String>,
) -> Result<String, WebError> {
    let primary: Vec<i64> = f.category.parse().ok().into_iter().collect();
    let also: Vec<i64> = f.also.iter().filter_map(|s| s.parse().ok()).collect();
    let (heading, action, side, public_url) = match article {
        None => ("Viết bài mới".to_string(), "/quan-tri/bai-viet/moi".to_string(), None, None),
        Some(a) => {
            let now = state.clock.now();
            let actions = allowed_actions(state, staff, a).await?;
            let revisions = dost_store::editorial::revisions(&state.db, a.id).await?.len();
            let public_url = a.is_public(now).then(|| {
                let slug = layout.tree.by_id(a.primary_category_id).map(|c| c.slug.clone()).unwrap_or_default();
                article_path(&slug, &a.slug, a.id)
            });
            let side = Side {
                id: a.id,
                status: a.status.label(a.is_scheduled(now)),
                review_note: a.review_note.clone(),
                actions: actions
                    .into_iter()
                    .map(|x| ActionView { key: x.as_str(), label: x.label(), needs_note: x.needs_note() })
                    .collect(),
                revisions,
            };
            (format!("Sửa bài: {}", a.title), format!("/quan-tri/bai-viet/{}", a.id), Some(side), public_url)
        }
    };
    let mut page = StaffPage::new(staff, heading.clone(), "/quan-tri/bai-viet");
    page.flash = flash_msg;
    let t = FormTemplate {
        page,
        heading,
        action,
        public_url,
        form_error,
        images: image_options(state, &f.image_url).await?,
        primary_options: category_options(&layout.tree, &primary),
        extra_options: category_options(&layout.tree, &also),
        f,
        errors,
        side,
    };
    Ok(t.render()?)
}

fn with_status(html: String, status: StatusCode) -> Response {
    let mut r = no_store(html);
    *r.status_mut() = status;
    r
}

pub async fn new_form(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    staff.require(Permission::WriteArticles)?;
    let layout = state.layout.get();
    let f = FormValues {
        author: staff.user.display_name.clone(),
        published_at: format::datetime_input(state.clock.now()),
        ..Default::default()
    };
    Ok(no_store(render_form(&state, &staff, &layout, None, f, FieldErrors::default(), None, None).await?))
}

pub async fn create(State(state): State<AppState>, staff: Staff, body: Bytes) -> Result<Response, WebError> {
    staff.require(Permission::WriteArticles)?;
    let pairs = form_pairs(&body)?;
    staff.check_csrf(&first(&pairs, "csrf"))?;
    let f = FormValues::from_pairs(&pairs);
    let layout = state.layout.get();
    let now = state.clock.now();
    match validate(&f, &layout.tree, now) {
        Err(errors) => {
            let html = render_form(
                &state,
                &staff,
                &layout,
                None,
                f,
                errors,
                Some("Bài chưa được lưu: hãy sửa các ô báo lỗi.".into()),
                None,
            )
            .await?;
            Ok(with_status(html, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Ok(draft) => {
            let mut tx = state.begin(&staff.actor()).await?;
            let id = dost_store::editorial::create(&mut tx, draft).await?;
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/quan-tri/bai-viet/{id}?tb=da-tao")).into_response())
        }
    }
}

async fn load(state: &AppState, staff: &Staff, id: &str) -> Result<Article, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let a = dost_store::editorial::article(&state.db, id).await?.ok_or(WebError::NotFound)?;
    if !may_view(staff, &a) {
        return Err(WebError::Forbidden("Bạn chỉ xem được bài do mình viết.".into()));
    }
    Ok(a)
}

pub async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let q = parse_query(raw.as_deref())?;
    let a = load(&state, &staff, &id).await?;
    let (cats, tags) = dost_store::editorial::relations(&state.db, a.id).await?;
    let f = FormValues::from_article(&a, &cats, &tags);
    let layout = state.layout.get();
    let notice = (!may_edit(&staff, &a))
        .then(|| "Bạn không sửa được bài ở trạng thái này; các thay đổi sẽ không được lưu.".to_string());
    Ok(no_store(
        render_form(
            &state,
            &staff,
            &layout,
            Some(&a),
            f,
            FieldErrors::default(),
            notice,
            flash(q.get("tb").map(String::as_str)),
        )
        .await?,
    ))
}

pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs = form_pairs(&body)?;
    staff.check_csrf(&first(&pairs, "csrf"))?;
    let a = load(&state, &staff, &id).await?;
    if !may_edit(&staff, &a) {
        return Err(WebError::Forbidden("Bạn không được sửa bài viết này ở trạng thái hiện tại.".into()));
    }
    let f = FormValues::from_pairs(&pairs);
    let layout = state.layout.get();
    let now = state.clock.now();
    let draft = match validate(&f, &layout.tree, now) {
        Ok(d) => d,
        Err(errors) => {
            let html = render_form(
                &state,
                &staff,
                &layout,
                Some(&a),
                f,
                errors,
                Some("Bài chưa được lưu: hãy sửa các ô báo lỗi.".into()),
                None,
            )
            .await?;
            return Ok(with_status(html, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let note = if f.note.trim().is_empty() { "Sửa bài".to_string() } else { f.note.trim().to_string() };
    let mut tx = state.begin(&staff.actor()).await?;
    match dost_store::editorial::update(&mut tx, a.id, f.version, draft, &note).await? {
        Saved::Ok { .. } => {
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/quan-tri/bai-viet/{}?tb=da-luu", a.id)).into_response())
        }
        Saved::Conflict { updated_at, .. } => {
            let msg = format!(
                "Bài viết đã được người khác lưu lúc {} sau khi bạn mở trang, nên phần sửa của bạn CHƯA được lưu. \
                 Nội dung bạn nhập vẫn ở dưới đây: hãy mở bài ở một thẻ khác để xem bản mới nhất, rồi chép phần của bạn vào.",
                format::datetime_ts(updated_at)
            );
            let html =
                render_form(&state, &staff, &layout, Some(&a), f, FieldErrors::default(), Some(msg), None).await?;
            Ok(with_status(html, StatusCode::CONFLICT))
        }
    }
}

pub async fn transition(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs = form_pairs(&body)?;
    staff.check_csrf(&first(&pairs, "csrf"))?;
    let a = load(&state, &staff, &id).await?;
    let action =
        Action::parse(&first(&pairs, "action")).ok_or_else(|| WebError::BadRequest("Thao tác không hợp lệ.".into()))?;
    let to = action.apply(a.status).map_err(|e| WebError::BadRequest(e.to_string()))?;
    if let Err(e) = may_take(&state, &staff, &a, action).await? {
        return Err(WebError::Forbidden(e.to_string()));
    }
    let note = first(&pairs, "note").trim().to_string();
    if action.needs_note() && note.is_empty() {
        return Err(WebError::BadRequest(WorkflowError::NoteRequired.to_string()));
    }
    let at = first(&pairs, "at");
    let publish_at = if action == Action::Publish && !at.trim().is_empty() {
        Some(format::parse_datetime(&at).ok_or_else(|| {
            WebError::BadRequest("Thời điểm đăng không hợp lệ; hãy nhập theo mẫu 06/10/2020 15:00.".into())
        })?)
    } else {
        None
    };
    let mut tx = state.begin(&staff.actor()).await?;
    let moved = dost_store::editorial::transition(&mut tx, a.id, action, (a.status, to), &note, publish_at).await?;
    if !moved {
        return Err(WebError::BadRequest("Bài viết vừa được người khác chuyển trạng thái; hãy tải lại trang.".into()));
    }
    state.commit(tx).await?;
    Ok(Redirect::to(&format!("/quan-tri/bai-viet/{}?tb=da-chuyen", a.id)).into_response())
}

// ---------- revisions ----------

pub struct RevView {
    pub number: i64,
    pub at: String,
    pub by: String,
    pub title: String,
    pub note: String,
}

pub struct ChangeView {
    pub kind: &'static str,
    pub label: &'static str,
    pub text: String,
}

#[derive(Template)]
#[template(path = "staff/revisions.html")]
struct RevisionsTemplate {
    page: StaffPage,
    id: i64,
    title: String,
    version: i64,
    revisions: Vec<RevView>,
    can_restore: bool,
    a: i64,
    b: i64,
    changes: Vec<ChangeView>,
}

pub async fn revisions(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let q: HashMap<String, String> = parse_query(raw.as_deref())?;
    let a = load(&state, &staff, &id).await?;
    let revs = dost_store::editorial::revisions(&state.db, a.id).await?;
    let num = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
    let mut changes = Vec::new();
    let (mut ra, mut rb) = (0, 0);
    if let (Some(x), Some(y)) = (num("a"), num("b")) {
        let old = revs.iter().find(|r| r.number == x).ok_or(WebError::NotFound)?;
        let new = revs.iter().find(|r| r.number == y).ok_or(WebError::NotFound)?;
        let text = |r: &dost_store::editorial::Revision| {
            let mut v = vec![format!("Tiêu đề: {}", r.title), format!("Tóm tắt: {}", r.lead)];
            v.extend(blocks(&r.body_html));
            v
        };
        changes = diff(&text(old), &text(new))
            .into_iter()
            .map(|c| match c {
                Change::Same(t) => ChangeView { kind: "same", label: "Giữ nguyên", text: t },
                Change::Added(t) => ChangeView { kind: "added", label: "Thêm", text: t },
                Change::Removed(t) => ChangeView { kind: "removed", label: "Bỏ", text: t },
            })
            .collect();
        (ra, rb) = (x, y);
    }
    let mut page = StaffPage::new(&staff, format!("Lịch sử sửa đổi: {}", a.title), "/quan-tri/bai-viet");
    page.flash = flash(q.get("tb").map(String::as_str));
    let t = RevisionsTemplate {
        page,
        id: a.id,
        can_restore: may_edit(&staff, &a),
        title: a.title.clone(),
        version: a.version,
        revisions: revs
            .into_iter()
            .map(|r| RevView {
                number: r.number,
                at: format::datetime_ts(r.saved_at),
                by: r.saved_by,
                title: r.title,
                note: r.note,
            })
            .collect(),
        a: ra,
        b: rb,
        changes,
    };
    Ok(no_store(t.render()?))
}

pub async fn restore(
    State(state): State<AppState>,
    staff: Staff,
    VnPath((id, number)): VnPath<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs = form_pairs(&body)?;
    staff.check_csrf(&first(&pairs, "csrf"))?;
    let a = load(&state, &staff, &id).await?;
    if !may_edit(&staff, &a) {
        return Err(WebError::Forbidden("Bạn không được sửa bài viết này ở trạng thái hiện tại.".into()));
    }
    let number: i64 = number.parse().map_err(|_| WebError::NotFound)?;
    let rev = dost_store::editorial::revision_by_number(&state.db, a.id, number).await?.ok_or(WebError::NotFound)?;
    let (cats, tags) = dost_store::editorial::relations(&state.db, a.id).await?;
    let draft = Draft {
        title: rev.title,
        slug: a.slug.clone(),
        lead: rev.lead,
        body: SafeHtml::sanitize(&rev.body_html),
        author: rev.author,
        source: rev.source,
        image_url: a.image_url.clone(),
        image_alt: a.image_alt.clone(),
        image_caption: a.image_caption.clone(),
        category_ids: {
            let mut c = vec![a.primary_category_id];
            c.extend(cats.into_iter().filter(|x| *x != a.primary_category_id));
            c
        },
        tags,
        featured: a.featured,
        published_at: a.published_at,
        expires_at: a.expires_at,
    };
    let version: i64 = first(&pairs, "version").parse().unwrap_or(a.version);
    let note = format!("Khôi phục phiên bản {number}");
    let mut tx = state.begin(&staff.actor()).await?;
    match dost_store::editorial::update(&mut tx, a.id, version, draft, &note).await? {
        Saved::Ok { .. } => {
            state.commit(tx).await?;
            Ok(Redirect::to(&format!("/quan-tri/bai-viet/{}/phien-ban?tb=da-khoi-phuc", a.id)).into_response())
        }
        Saved::Conflict { .. } => {
            Err(WebError::BadRequest("Bài viết vừa được người khác sửa; hãy tải lại trang rồi khôi phục lại.".into()))
        }
    }
}
