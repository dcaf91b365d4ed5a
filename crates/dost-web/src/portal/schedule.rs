//! The leaders' weekly schedule (Nghị định 42/2022): a week, Monday to
//! Sunday, with previous and next weeks; entries changed after they were
//! published say so; printable (the print stylesheet drops the chrome).

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::format;
use dost_domain::schedule::{STATES, Week, weekday_name};

use crate::http::PageHeaders;
use crate::http::query::Query;
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::{AppState, WebError};

pub struct EntryView {
    pub time: String,
    pub leader: String,
    pub content: String,
    pub chair: String,
    pub attendees: String,
    pub place: String,
    /// "Hoãn", "Hủy", … (empty when as planned).
    pub state: &'static str,
    /// "Điều chỉnh lúc 08:15 ngày 15/09/2020" for a change after publication.
    pub changed: Option<String>,
}

pub struct DayView {
    pub name: &'static str,
    pub date: String,
    pub entries: Vec<EntryView>,
}

#[derive(Template)]
#[template(path = "schedule.html")]
struct ScheduleTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    label: String,
    days: Vec<DayView>,
    previous: String,
    next: String,
    this_week: String,
    /// The latest week with entries, when the week shown has none.
    latest: Option<(String, String)>,
}

/// `GET /lich-cong-tac?tuan=2020-W38`: one week (this week by default).
pub async fn week(State(state): State<AppState>, cached: PageHeaders, q: Query) -> Result<Response, WebError> {
    let now = state.clock.now();
    let today = format::vn_date(now);
    let week = match q.value("tuan").filter(|v| !v.trim().is_empty()) {
        None => Week::of(today),
        Some(v) => Week::parse(v)
            .ok_or_else(|| WebError::BadRequest("Tuần phải có dạng năm-Wsố tuần, ví dụ 2020-W38.".into()))?,
    };
    // "this week" moves with the day: it is part of the key
    let key = format!("/lich-cong-tac?tuan={}@{}", week.code(), Week::of(today).code());
    if let Some(hit) = state.cache.get(&key) {
        return Ok(crate::layout::respond(&state, &cached, &hit));
    }
    let entries = dost_store::schedule::entries(&state.db, week.monday, week.sunday()).await?;
    let days: Vec<DayView> = week
        .days()
        .map(|d| DayView {
            name: weekday_name(d),
            date: format::date(d),
            entries: entries
                .iter()
                .filter(|e| e.day == d)
                .map(|e| EntryView {
                    time: e.at_time.clone(),
                    leader: e.leader.clone(),
                    content: e.content.clone(),
                    chair: e.chair.clone(),
                    attendees: e.attendees.clone(),
                    place: e.place.clone(),
                    state: STATES.iter().find(|s| s.0 == e.state && s.0 != "theo_lich").map(|s| s.1).unwrap_or(""),
                    changed: e.changed_at.map(|t| format!("Điều chỉnh lúc {}", format::datetime_ts(t))),
                })
                .collect(),
        })
        // the working days always, a weekend day only with something on it
        .enumerate()
        .filter(|(i, d)| *i < 5 || !d.entries.is_empty())
        .map(|(_, d)| d)
        .collect();
    let latest = match entries.is_empty() {
        true => dost_store::schedule::latest_day(&state.db)
            .await?
            .map(Week::of)
            .filter(|w| *w != week)
            .map(|w| (w.code(), w.label())),
        false => None,
    };
    let path = format!("/lich-cong-tac?tuan={}", week.code());
    let mut meta = Meta::new(&state, format!("Lịch công tác: {}", week.label()), &path);
    meta.description = format!("Lịch công tác của lãnh đạo Sở, {}", week.label().to_lowercase());
    meta.breadcrumb = vec![Crumb { name: "Lịch công tác".into(), url: "/lich-cong-tac".into() }];
    let t = ScheduleTemplate {
        meta,
        layout: state.layout.get(),
        label: week.label(),
        days,
        previous: week.previous().code(),
        next: week.next().code(),
        this_week: Week::of(today).code(),
        latest,
    };
    render_and_respond(&state, &cached, Some(key), &t)
}
