use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Duration;
use dost_domain::access::{Action, Resource};
use dost_domain::format;
use dost_domain::workflow::Status;
use dost_export::svg::{Pair, stacked_bars};
use dost_export::xlsx::{Cell, Sheet, workbook};
use dost_store::editorial::Filter;

use super::{Staff, StaffPage, download, no_store};
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

pub struct Count {
    pub status: &'static str,
    pub label: &'static str,
    pub count: i64,
}

pub struct Line {
    pub id: i64,
    pub title: String,
    pub status: &'static str,
    pub author: String,
    pub updated: String,
}

pub struct Change {
    pub at: String,
    pub user: String,
    pub action: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardTemplate {
    page: StaffPage,
    counts: Vec<Count>,
    drafts: Vec<Line>,
    pending: Vec<Line>,
    visits_chart: Option<String>,
    recent: Vec<Change>,
    deadlines: Vec<String>,
    /// The person may write articles ("Viết bài mới" is offered only then).
    can_write: bool,
}

fn lines(rows: Vec<dost_store::editorial::Row>, now: i64) -> Vec<Line> {
    rows.into_iter()
        .map(|r| Line {
            id: r.id,
            status: r.status.label(r.status == Status::Published && r.published_at > now),
            title: r.title,
            author: r.created_by,
            updated: format::datetime_ts(r.updated_at),
        })
        .collect()
}

async fn last_30_days(state: &AppState) -> Result<Vec<(String, dost_domain::visitors::DayCount)>, WebError> {
    let today = format::vn_date(state.clock.now());
    let from = today - Duration::days(29);
    Ok(dost_store::stats::days(&state.db, &from.format("%Y-%m-%d").to_string(), &today.format("%Y-%m-%d").to_string())
        .await?)
}

pub async fn dashboard(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let now = state.clock.now();
    let mine = if staff.may(Action::Read, Resource::AllArticles) { 0 } else { staff.user.id };
    let counts = dost_store::editorial::counts_by_status(&state.db, mine)
        .await?
        .into_iter()
        .filter_map(|(s, n)| {
            Status::parse(&s).map(|st| Count { status: st.as_str(), label: st.label(false), count: n })
        })
        .collect();
    let my = Filter { status: "draft".into(), created_by: staff.user.id, ..Default::default() };
    let mut drafts = lines(dost_store::editorial::list(&state.db, &my, 10, 0).await?.0, now);
    let returned = Filter { status: "returned".into(), created_by: staff.user.id, ..Default::default() };
    drafts.extend(lines(dost_store::editorial::list(&state.db, &returned, 10, 0).await?.0, now));
    let pending = if staff.may(Action::Read, Resource::AllArticles) {
        let f = Filter { status: "submitted".into(), ..Default::default() };
        lines(dost_store::editorial::list(&state.db, &f, 10, 0).await?.0, now)
    } else {
        Vec::new()
    };
    let visits_chart = if staff.may(Action::Read, Resource::Statistics) {
        let pairs: Vec<Pair> = last_30_days(&state)
            .await?
            .into_iter()
            .map(|(d, c)| Pair { label: format!("{}/{}", &d[8..10], &d[5..7]), a: c.guests + c.members, b: c.bots })
            .collect();
        Some(stacked_bars(
            "Lượt truy cập mỗi ngày: người xem và máy chủ tìm kiếm",
            "người xem",
            "máy chủ tìm kiếm",
            &pairs,
        ))
    } else {
        None
    };
    let recent = if staff.may(Action::Read, Resource::AuditLog) {
        let (rows, _) = dost_store::audit::list(&state.db, &Default::default(), 10, 0).await?;
        rows.into_iter()
            .map(|r| Change {
                at: format::datetime_ts(r.at),
                user: r.username,
                action: format!(
                    "{}: {}",
                    dost_domain::audit_labels::action(&r.action),
                    dost_domain::audit_labels::entity(&r.entity)
                ),
                summary: r.summary,
            })
            .collect()
    } else {
        Vec::new()
    };
    // Deadlines of S&T tasks: the unit's own, or every unit's for the leadership.
    let deadlines = if staff.may(Action::Read, Resource::Tasks) {
        let today = format::vn_date(now);
        dost_app::digest::lines(&state.db, today, 30)
            .await?
            .into_iter()
            .filter(|l| staff.may(Action::Read, Resource::Records(&[&l.unit_code])))
            .take(10)
            .map(|l| l.text)
            .collect()
    } else {
        Vec::new()
    };
    let mut page = StaffPage::new(&staff, "Bảng điều khiển", "/quan-tri");
    page.flash = super::flash(q.value("tb"));
    let can_write = staff.may(Action::Write, Resource::Articles);
    Ok(no_store(
        DashboardTemplate { page, counts, drafts, pending, visits_chart, recent, deadlines, can_write }.render()?,
    ))
}

/// Visitor statistics of the last 30 days as an XLSX workbook, bots apart.
pub async fn stats_export(State(state): State<AppState>, _staff: Staff) -> Result<Response, WebError> {
    let days = last_30_days(&state).await?;
    let rows = days
        .iter()
        .map(|(d, c)| {
            let date = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map(format::date).unwrap_or_else(|_| d.clone());
            vec![
                Cell::Text(date),
                Cell::Int(c.guests),
                Cell::Int(c.members),
                Cell::Int(c.bots),
                Cell::Int(c.page_views),
            ]
        })
        .collect();
    let bytes = workbook(&[Sheet {
        name: "Truy cập",
        title: "Thống kê truy cập 30 ngày gần nhất",
        columns: &[
            ("Ngày", 12.0),
            ("Khách", 10.0),
            ("Thành viên", 12.0),
            ("Máy chủ tìm kiếm", 18.0),
            ("Lượt xem trang", 16.0),
        ],
        rows,
    }])
    .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "thong-ke-truy-cap.xlsx"))
}
