//! Writing and editing an article: the form, its checks (errors next to each
//! field), saving with a revision and conflict detection. What was typed is
//! kept on every refusal, also when the database is too busy to save.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::access::{self, Resource};
use dost_domain::content::{Article, CategoryTree, article_path};
use dost_domain::format;
use dost_domain::html::SafeHtml;
use dost_store::editorial::{Draft, Saved};
use serde::Deserialize;

use super::super::extract::StaffForm;
use super::super::{Opt, Staff, StaffPage, flash, no_store};
use super::{category_options, load, may_edit};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::http::respond::with_status;
use crate::layout::Layout;
use crate::{AppState, WebError};

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

/// The article form as posted: every field the page posts, nothing else.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticlePost {
    version: String,
    title: String,
    slug: String,
    lead: String,
    body: String,
    author: String,
    source: String,
    image_url: String,
    image_alt: String,
    image_caption: String,
    category: String,
    #[serde(default)]
    also: Vec<String>,
    tags: String,
    published_at: String,
    expires_at: String,
    featured: Option<String>,
    note: String,
}

impl FormValues {
    fn from_post(p: ArticlePost) -> Self {
        Self {
            version: p.version.trim().parse().unwrap_or(0),
            title: p.title.trim().into(),
            slug: p.slug.trim().into(),
            lead: p.lead.trim().into(),
            body: p.body,
            author: p.author.trim().into(),
            source: p.source.trim().into(),
            image_url: p.image_url.trim().into(),
            image_alt: p.image_alt.trim().into(),
            image_caption: p.image_caption.trim().into(),
            category: p.category.trim().into(),
            also: p.also,
            tags: p.tags.trim().into(),
            published_at: p.published_at.trim().into(),
            expires_at: p.expires_at.trim().into(),
            featured: p.featured.as_deref() == Some("1"),
            note: p.note.trim().into(),
        }
    }

    fn from_draft(d: &Draft, version: i64) -> Self {
        Self {
            version,
            title: d.title.clone(),
            slug: d.slug.clone(),
            lead: d.lead.clone(),
            body: d.body.as_str().to_string(),
            author: d.author.clone(),
            source: d.source.clone(),
            image_url: d.image_url.clone().unwrap_or_default(),
            image_alt: d.image_alt.clone(),
            image_caption: d.image_caption.clone(),
            category: d.category_ids.first().map(|c| c.to_string()).unwrap_or_default(),
            also: d.category_ids.iter().skip(1).map(|c| c.to_string()).collect(),
            tags: d.tags.join(", "),
            published_at: format::datetime_input(d.published_at),
            expires_at: d.expires_at.map(format::datetime_input).unwrap_or_default(),
            featured: d.featured,
            note: String::new(),
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
    /// A change waiting beside the live article.
    pub pending: Option<super::pending::PendingView>,
}

#[derive(Template)]
#[template(path = "staff/article_form.html")]
struct FormTemplate {
    page: StaffPage,
    /// Shown, not editable (the person may not edit the article in its state).
    read_only: bool,
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
    can_feature: bool,
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
            let actions = super::workflow::allowed_actions(state, staff, a).await?;
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
                pending: super::pending::view(state, staff, a).await?.map(|(v, _)| v),
            };
            (format!("Sửa bài: {}", a.title), format!("/quan-tri/bai-viet/{}", a.id), Some(side), public_url)
        }
    };
    let mut page = StaffPage::new(staff, heading.clone(), "/quan-tri/bai-viet");
    page.flash = flash_msg;
    let t = FormTemplate {
        read_only: article.is_some_and(|a| !may_edit(staff, a)),
        can_feature: staff.may(access::Action::Write, Resource::Featured),
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

/// Featured articles are for editors and leaders: anyone else keeps the value the article had.
fn keep_featured(staff: &Staff, f: &mut FormValues, had: bool) {
    if !staff.may(access::Action::Write, Resource::Featured) {
        f.featured = had;
    }
}

/// The form again, with what was typed, when the database could not save it
/// (too busy, or its disk full).
async fn busy_again(
    state: &AppState,
    staff: &Staff,
    layout: &Arc<Layout>,
    article: Option<&Article>,
    f: FormValues,
    why: WebError,
) -> Result<Response, WebError> {
    state.writes.note(state.clock.now(), &why);
    let msg = why.message();
    let html = render_form(state, staff, layout, article, f, FieldErrors::default(), Some(msg), None).await?;
    Ok(with_status(html, StatusCode::SERVICE_UNAVAILABLE))
}

pub async fn new_form(State(state): State<AppState>, staff: Staff) -> Result<Response, WebError> {
    let layout = state.layout.get();
    let f = FormValues {
        author: staff.user.display_name.clone(),
        published_at: format::datetime_input(state.clock.now()),
        ..Default::default()
    };
    Ok(no_store(render_form(&state, &staff, &layout, None, f, FieldErrors::default(), None, None).await?))
}

pub async fn create(
    State(state): State<AppState>,
    StaffForm { staff, form }: StaffForm<ArticlePost>,
) -> Result<Response, WebError> {
    let mut f = FormValues::from_post(form);
    keep_featured(&staff, &mut f, false);
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
            let saved = async {
                let mut tx = state.begin(&staff.actor()).await?;
                let id = dost_store::editorial::create(&mut tx, draft).await?;
                state.commit(tx).await?;
                Ok::<_, WebError>(id)
            };
            match saved.await {
                Ok(id) => Ok(Redirect::to(&format!("/quan-tri/bai-viet/{id}?tb=da-tao")).into_response()),
                Err(e) if e.is_temporary() => busy_again(&state, &staff, &layout, None, f, e).await,
                Err(e) => Err(e),
            }
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    VnPath(id): VnPath<i64>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    let a = load(&state, &staff, id).await?;
    let (cats, tags) = dost_store::editorial::relations(&state.db, a.id).await?;
    // a change waiting beside the live article is what the editor goes on editing
    let f = match super::pending::view(&state, &staff, &a).await? {
        Some((_, draft)) => FormValues::from_draft(&draft, a.version),
        None => FormValues::from_article(&a, &cats, &tags),
    };
    let layout = state.layout.get();
    let notice = None;
    let html =
        render_form(&state, &staff, &layout, Some(&a), f, FieldErrors::default(), notice, flash(q.value("tb"))).await?;
    Ok(no_store(html))
}

pub async fn save(
    State(state): State<AppState>,
    VnPath(id): VnPath<i64>,
    StaffForm { staff, form }: StaffForm<ArticlePost>,
) -> Result<Response, WebError> {
    let a = load(&state, &staff, id).await?;
    if !may_edit(&staff, &a) {
        return Err(WebError::Forbidden("Bạn không được sửa bài viết này ở trạng thái hiện tại.".into()));
    }
    let mut f = FormValues::from_post(form);
    keep_featured(&staff, &mut f, a.featured);
    let layout = state.layout.get();
    let now = state.clock.now();
    let draft = match validate(&f, &layout.tree, now) {
        Ok(d) => d,
        Err(errors) => {
            let msg = Some("Bài chưa được lưu: hãy sửa các ô báo lỗi.".to_string());
            let html = render_form(&state, &staff, &layout, Some(&a), f, errors, msg, None).await?;
            return Ok(with_status(html, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let note = if f.note.trim().is_empty() { "Sửa bài".to_string() } else { f.note.trim().to_string() };
    match super::pending::save(&state, &staff, &a, f.version, draft, &note).await {
        Ok((Saved::Ok { .. }, waits)) => {
            let flash = if waits { "cho-duyet-ban-sua" } else { "da-luu" };
            Ok(Redirect::to(&format!("/quan-tri/bai-viet/{}?tb={flash}", a.id)).into_response())
        }
        Ok((Saved::Conflict { updated_at, .. }, _)) => {
            let msg = format!(
                "Bài viết đã được người khác lưu lúc {} sau khi bạn mở trang, nên phần sửa của bạn CHƯA được lưu. \
                 Nội dung bạn nhập vẫn ở dưới đây: hãy mở bài ở một thẻ khác để xem bản mới nhất, rồi chép phần của bạn vào.",
                format::datetime_ts(updated_at)
            );
            let html =
                render_form(&state, &staff, &layout, Some(&a), f, FieldErrors::default(), Some(msg), None).await?;
            Ok(with_status(html, StatusCode::CONFLICT))
        }
        Err(e) if e.is_temporary() => busy_again(&state, &staff, &layout, Some(&a), f, e).await,
        Err(e) => Err(e),
    }
}
