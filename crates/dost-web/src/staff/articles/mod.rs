//! Articles in the back office: the list, writing and editing with
//! revisions and conflict detection, the editorial workflow (who may take
//! which step is data; nobody approves their own text unless a rule says so;
//! an approval belongs to the text approved), comparing and restoring versions.

mod form;
mod pending;
mod revisions;
mod workflow;

pub use form::{create, edit_form, new_form, save};
pub use pending::change;
pub use revisions::{restore, revisions};
pub use workflow::transition;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::access::{Action, Resource};
use dost_domain::content::{Article, CategoryTree};
use dost_domain::format;
use dost_domain::page::{Paging, parse_page};
use dost_domain::workflow::Status;
use dost_store::editorial::Filter;

use super::{Opt, Staff, StaffPage, no_store};
use crate::http::query::StaffQuery;
use crate::http::{Pager, encode};
use crate::{AppState, WebError};

const PER_PAGE: u32 = 25;

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

pub async fn list(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
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
    let words = dost_domain::search::Query::of_box(&text).map(|q| q.terms).unwrap_or_default();
    let created_by = if staff.may(Action::Read, Resource::AllArticles) { 0 } else { staff.user.id };
    let paging = Paging::new(page_no, PER_PAGE);
    let filter = Filter { status: status.clone(), category_id, created_by, words };
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
    let page = StaffPage::new(&staff, "Tin bài", "/quan-tri/bai-viet").with_flash(q.value("tb"));
    let t = ListTemplate {
        page,
        can_write: staff.may(Action::Write, Resource::Articles),
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

/// The article at `id`, once the person may see it (their own, or every
/// article for those who see them all).
pub(in crate::staff) async fn load(state: &AppState, staff: &Staff, id: i64) -> Result<Article, WebError> {
    let a = dost_store::editorial::article(&state.db, id).await?.ok_or(WebError::NotFound)?;
    if !may_view(staff, &a) {
        return Err(WebError::Forbidden("Bạn chỉ xem được bài do mình viết.".into()));
    }
    Ok(a)
}

fn may_view(staff: &Staff, a: &Article) -> bool {
    staff.may(Action::Read, Resource::AllArticles) || a.created_by == Some(staff.user.id)
}

/// Editors change any article; a writer changes their own while it is theirs to change.
fn may_edit(staff: &Staff, a: &Article) -> bool {
    staff.may(Action::Write, Resource::AnyArticle)
        || (staff.may(Action::Write, Resource::Articles)
            && a.created_by == Some(staff.user.id)
            && a.status.author_may_edit())
}
