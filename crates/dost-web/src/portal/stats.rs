//! The visitor statistics page: the last 30 days, a month day by day, or a
//! year month by month, with links to browse the history; bars are drawn to
//! scale against the busiest row shown.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Datelike, Duration, NaiveDate};
use dost_domain::format;
use dost_domain::visitors::DayCount;

use crate::http::PageHeaders;
use crate::http::query::Query;
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::{AppState, WebError};

pub struct Row {
    /// The day or the month, in words, and where it leads (a month opens its days).
    pub label: String,
    pub link: Option<String>,
    pub people: String,
    pub bots: String,
    pub views: String,
    /// Bar width in percent of the busiest row.
    pub width: i64,
}

pub struct Link {
    pub label: String,
    pub url: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    heading: String,
    what: &'static str,
    rows: Vec<Row>,
    total_people: String,
    total_bots: String,
    previous: Option<Link>,
    next: Option<Link>,
    years: Vec<Link>,
}

/// What the page shows.
enum View {
    Recent,
    Month(NaiveDate),
    Year(i32),
}

fn parse_view(q: &Query) -> Result<View, WebError> {
    let bad = |m: &str| WebError::BadRequest(m.into());
    if let Some(m) = q.value("thang").filter(|v| !v.trim().is_empty()) {
        let d = NaiveDate::parse_from_str(&format!("{}-01", m.trim()), "%Y-%m-%d")
            .map_err(|_| bad("Tháng phải có dạng năm-tháng, ví dụ 2020-09."))?;
        return Ok(View::Month(d));
    }
    if let Some(y) = q.value("nam").filter(|v| !v.trim().is_empty()) {
        let y: i32 =
            y.trim().parse().ok().filter(|y| (2000..=2100).contains(y)).ok_or_else(|| bad("Năm không hợp lệ."))?;
        return Ok(View::Year(y));
    }
    Ok(View::Recent)
}

fn key(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn month_end(first: NaiveDate) -> NaiveDate {
    first.checked_add_months(chrono::Months::new(1)).map(|d| d - Duration::days(1)).unwrap_or(first)
}

fn month_link(first: NaiveDate) -> String {
    format!("/thong-ke?thang={}", first.format("%Y-%m"))
}

fn rows(entries: Vec<(String, Option<String>, DayCount)>) -> (Vec<Row>, DayCount) {
    let max = entries.iter().map(|(_, _, c)| c.guests + c.members).max().unwrap_or(0).max(1);
    let mut sum = DayCount::default();
    let rows = entries
        .into_iter()
        .map(|(label, link, c)| {
            sum.merge(&c);
            Row {
                label,
                link,
                people: format::int(c.guests + c.members),
                bots: format::int(c.bots),
                views: format::int(c.page_views),
                width: (c.guests + c.members) * 100 / max,
            }
        })
        .collect();
    (rows, sum)
}

pub async fn page(State(state): State<AppState>, q: Query) -> Result<Response, WebError> {
    let now = state.clock.now();
    let today = format::vn_date(now);
    let view = parse_view(&q)?;
    let day_label =
        |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").map(format::long_date).unwrap_or_else(|_| d.into());
    let (heading, what, url, entries, previous, next) = match view {
        View::Recent => {
            let days = dost_store::stats::days(&state.db, &key(today - Duration::days(29)), &key(today)).await?;
            let e = days.into_iter().rev().map(|(d, c)| (day_label(&d), None, c)).collect();
            ("30 ngày gần nhất".to_string(), "ngày", "/thong-ke".to_string(), e, None, None)
        }
        View::Month(first) => {
            let days = dost_store::stats::days(&state.db, &key(first), &key(month_end(first))).await?;
            let e = days.into_iter().map(|(d, c)| (day_label(&d), None, c)).collect();
            let prev = first.checked_sub_months(chrono::Months::new(1));
            let next = first.checked_add_months(chrono::Months::new(1)).filter(|d| *d <= today);
            let link = |d: NaiveDate, label: &str| Link { label: label.into(), url: month_link(d), current: false };
            (
                format!("Tháng {}/{}", first.month(), first.year()),
                "ngày",
                month_link(first),
                e,
                prev.map(|d| link(d, &format!("‹ Tháng {}/{}", d.month(), d.year()))),
                next.map(|d| link(d, &format!("Tháng {}/{} ›", d.month(), d.year()))),
            )
        }
        View::Year(y) => {
            let days = dost_store::stats::days(&state.db, &format!("{y}-01-01"), &format!("{y}-12-31")).await?;
            let mut months: Vec<(u32, DayCount)> = Vec::new();
            for (d, c) in days {
                let m = d.get(5..7).and_then(|m| m.parse::<u32>().ok()).unwrap_or(1);
                match months.last_mut() {
                    Some((last, sum)) if *last == m => sum.merge(&c),
                    _ => months.push((m, c)),
                }
            }
            let e = months
                .into_iter()
                .map(|(m, c)| {
                    let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(today);
                    (format!("Tháng {m}/{y}"), Some(month_link(first)), c)
                })
                .collect();
            let link = |y: i32, label: String| Link { label, url: format!("/thong-ke?nam={y}"), current: false };
            (
                format!("Năm {y}"),
                "tháng",
                format!("/thong-ke?nam={y}"),
                e,
                Some(link(y - 1, format!("‹ Năm {}", y - 1))),
                (y < today.year()).then(|| link(y + 1, format!("Năm {} ›", y + 1))),
            )
        }
    };
    let (rows, sum) = rows(entries);
    let shown_year = match view {
        View::Year(y) => Some(y),
        View::Month(d) => Some(d.year()),
        View::Recent => None,
    };
    let years = dost_store::stats::years(&state.db)
        .await?
        .into_iter()
        .rev()
        .map(|y| Link { label: y.to_string(), url: format!("/thong-ke?nam={y}"), current: shown_year == Some(y) })
        .collect();
    let mut meta = Meta::new(&state, format!("Thống kê truy cập: {}", heading.to_lowercase()), &url);
    meta.description = format!("Lượt truy cập cổng thông tin theo {what}: {}", heading.to_lowercase());
    meta.breadcrumb = vec![Crumb { name: "Thống kê truy cập".into(), url: "/thong-ke".into() }];
    let t = StatsTemplate {
        meta,
        layout: state.layout.get(),
        heading,
        what,
        rows,
        total_people: format::int(sum.guests + sum.members),
        total_bots: format::int(sum.bots),
        previous,
        next,
        years,
    };
    // the bot counts change without the pages' statistics slots changing:
    // this page is always answered in full, without a tag
    let mut r = render_and_respond(&state, &PageHeaders::default(), None, &t)?;
    r.headers_mut().remove(axum::http::header::ETAG);
    Ok(r)
}
