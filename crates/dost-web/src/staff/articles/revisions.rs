//! An article's revisions: every save keeps one; any two can be compared,
//! and an old one restored as the newest (a save like any other).

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::diff::{Change, blocks, diff};
use dost_domain::format;
use dost_domain::html::SafeHtml;
use dost_store::editorial::{Draft, Saved};
use serde::Deserialize;

use super::super::extract::StaffForm;
use super::super::{Staff, StaffPage, flash, no_store};
use super::{load, may_edit};
use crate::http::VnPath;
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

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
    VnPath(id): VnPath<i64>,
    q: StaffQuery,
) -> Result<Response, WebError> {
    let a = load(&state, &staff, id).await?;
    let revs = dost_store::editorial::revisions(&state.db, a.id).await?;
    let num = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
    let mut changes = Vec::new();
    let (mut ra, mut rb) = (0, 0);
    // by default, the two latest versions
    let latest = {
        let mut numbers: Vec<i64> = revs.iter().map(|r| r.number).collect();
        numbers.sort_unstable();
        match numbers[..] {
            [.., x, y] => Some((x, y)),
            _ => None,
        }
    };
    let chosen = match (num("a"), num("b")) {
        (Some(x), Some(y)) => Some((x, y)),
        _ => latest,
    };
    if let Some((x, y)) = chosen {
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
    page.flash = flash(q.value("tb"));
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestoreForm {
    version: String,
}

pub async fn restore(
    State(state): State<AppState>,
    VnPath((id, number)): VnPath<(i64, i64)>,
    StaffForm { staff, form }: StaffForm<RestoreForm>,
) -> Result<Response, WebError> {
    let a = load(&state, &staff, id).await?;
    if !may_edit(&staff, &a) {
        return Err(WebError::Forbidden("Bạn không được sửa bài viết này ở trạng thái hiện tại.".into()));
    }
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
    let version: i64 = form.version.trim().parse().unwrap_or(a.version);
    let note = format!("Khôi phục phiên bản {number}");
    match super::pending::save(&state, &staff, &a, version, draft, &note).await?.0 {
        Saved::Ok { .. } => {
            Ok(Redirect::to(&format!("/quan-tri/bai-viet/{}/phien-ban?tb=da-khoi-phuc", a.id)).into_response())
        }
        Saved::Conflict { .. } => {
            Err(WebError::BadRequest("Bài viết vừa được người khác sửa; hãy tải lại trang rồi khôi phục lại.".into()))
        }
    }
}
