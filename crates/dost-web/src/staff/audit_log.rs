use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::format;
use dost_domain::page::{Paging, parse_page};
use dost_store::audit::Filter;

use super::{Opt, Staff, StaffPage, no_store};
use crate::http::query::StaffQuery;
use crate::http::{Pager, encode};
use crate::{AppState, WebError};

pub struct RowView {
    pub at: String,
    pub user: String,
    /// The person's unit at the time of the change.
    pub unit: String,
    pub ip: String,
    pub action: String,
    pub entity: String,
    pub summary: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "staff/audit.html")]
struct AuditTemplate {
    page: StaffPage,
    f_user: String,
    f_action: String,
    f_from: String,
    f_to: String,
    entities: Vec<Opt>,
    form_error: Option<String>,
    total: i64,
    rows: Vec<RowView>,
    pager: Pager,
}

pub async fn list(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let (f_user, entity, f_action, f_from, f_to) = (get("nguoi"), get("doi-tuong"), get("viec"), get("tu"), get("den"));
    let mut form_error = None;
    let mut day = |s: &str| -> i64 {
        if s.trim().is_empty() {
            return 0;
        }
        format::parse_datetime(s).unwrap_or_else(|| {
            form_error = Some(format!("Ngày «{s}» không hợp lệ; hãy nhập theo mẫu 06/10/2020."));
            0
        })
    };
    let from = day(&f_from);
    let to = match day(&f_to) {
        0 => 0,
        t => t + 86_400,
    };
    let paging = Paging::new(parse_page(q.get("trang").map(String::as_str))?, 50);
    let filter = Filter {
        username: f_user.trim().to_lowercase(),
        entity: entity.clone(),
        action: f_action.trim().to_string(),
        from,
        to,
    };
    let (rows, total) = dost_store::audit::list(&state.db, &filter, paging.limit(), paging.offset()).await?;
    let base = format!(
        "/quan-tri/nhat-ky?nguoi={}&doi-tuong={}&viec={}&tu={}&den={}&",
        encode(&f_user),
        encode(&entity),
        encode(&f_action),
        encode(&f_from),
        encode(&f_to)
    );
    let t = AuditTemplate {
        page: StaffPage::new(&staff, "Nhật ký thay đổi", "/quan-tri/nhat-ky"),
        entities: dost_domain::audit_labels::entities()
            .iter()
            .map(|(v, l)| Opt { value: (*v).into(), label: (*l).into(), selected: *v == entity })
            .collect(),
        rows: rows
            .into_iter()
            .map(|r| RowView {
                at: format::datetime_ts(r.at),
                user: r.username,
                unit: r.unit,
                ip: r.ip,
                action: dost_domain::audit_labels::action(&r.action),
                entity: format!(
                    "{}{}",
                    dost_domain::audit_labels::entity(&r.entity),
                    r.entity_id.map(|i| format!(" số {i}")).unwrap_or_default()
                ),
                summary: r.summary,
                before: r.before,
                after: r.after,
            })
            .collect(),
        pager: Pager::new(paging, total, &base),
        total,
        form_error,
        f_user,
        f_action,
        f_from,
        f_to,
    };
    Ok(no_store(t.render()?))
}
