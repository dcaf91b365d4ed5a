//! The leaders' schedule, questions and answers, visitor statistics.

use super::answers::ItemId;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{Datelike, Months, NaiveDate};
use dost_domain::format::{iso_ts, vn_date};
use dost_domain::participation::{TOPICS, public_name, topic_label};
use dost_domain::schedule::{STATES, Week};

use super::params::Params;
use super::problem::{ApiError, Problem};
use super::respond::json;
use super::types::*;
use super::{absolute, coded, list_meta};
use crate::AppState;

fn is_week_code(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 8 && b[..4].iter().all(u8::is_ascii_digit) && &b[4..6] == b"-W" && b[6..].iter().all(u8::is_ascii_digit)
}

/// A week of the leaders' schedule (this week by default).
#[utoipa::path(get, path = "/api/v1/schedule", tag = "Lịch công tác",
    params(("week" = Option<String>, Query, description = "Tuần ISO, ví dụ 2020-W38", max_length = 10)),
    responses(
        (status = 200, description = "Lịch một tuần", body = ScheduleWeek),
        super::answers::ListAnswers,
        (status = 404, description = "Không có tuần này (ví dụ tuần 54)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn schedule(State(state): State<AppState>, headers: HeaderMap, p: Params) -> Result<Response, ApiError> {
    p.allow(&["week"])?;
    let week = match p.code("week", 10)?.unwrap_or_default().as_str() {
        "" => Week::of(vn_date(state.clock.now())),
        w if !is_week_code(w) => return Err(ApiError::bad("Tuần phải có dạng năm-Wsố tuần, ví dụ 2020-W38.")),
        w => Week::parse(w).ok_or_else(|| ApiError::not_found(format!("Không có tuần {w} trong lịch.")))?,
    };
    let entries = dost_store::schedule::entries(&state.db, week.monday, week.sunday())
        .await?
        .into_iter()
        .map(|e| ScheduleEntry {
            date: e.day.to_string(),
            time: e.at_time,
            leader: e.leader,
            content: e.content,
            chair: e.chair,
            attendees: e.attendees,
            place: e.place,
            state: coded(&e.state, STATES.iter().find(|s| s.0 == e.state).map(|s| s.1).unwrap_or("")),
            changed_at: e.changed_at.map(iso_ts),
        })
        .collect();
    let code = week.code();
    let out = ScheduleWeek {
        label: week.label(),
        monday: week.monday.to_string(),
        sunday: week.sunday().to_string(),
        entries,
        previous: absolute(&state, &format!("/api/v1/schedule?week={}", week.previous().code())),
        next: absolute(&state, &format!("/api/v1/schedule?week={}", week.next().code())),
        links: Links {
            self_: absolute(&state, &format!("/api/v1/schedule?week={code}")),
            html: absolute(&state, &format!("/lich-cong-tac?tuan={code}")),
        },
        week: code,
    };
    json(&state, &headers, &out)
}

fn question(state: &AppState, q: &dost_store::participation::Question) -> Question {
    Question {
        id: q.id,
        title: q.title.clone(),
        topic: coded(&q.topic, topic_label(&q.topic)),
        asker: public_name(&q.name),
        asked_on: vn_date(q.asked_at).to_string(),
        question: q.body.clone(),
        answer: q.answer.clone(),
        unit: q.unit.clone(),
        published_on: q.published_at.map(|t| vn_date(t).to_string()).unwrap_or_default(),
        links: Links {
            self_: absolute(state, &format!("/api/v1/questions/{}", q.id)),
            html: absolute(state, &format!("/hoi-dap/{}", q.id)),
        },
    }
}

/// Published questions and answers: by topic and words.
#[utoipa::path(get, path = "/api/v1/questions", tag = "Hỏi đáp",
    params(
        ("topic" = Option<String>, Query, description = "Lĩnh vực: nhiem_vu, do_luong, buc_xa, shtt, cong_nghe, doi_moi, thu_tuc, khac"),
        ("q" = Option<String>, Query, description = "Từ khóa (không cần dấu)", max_length = 200),
        super::params::PageParams,
    ),
    responses(
        (status = 200, description = "Một trang hỏi đáp", body = QuestionList),
        super::answers::ListAnswers,
    ))]
pub async fn questions(State(state): State<AppState>, headers: HeaderMap, p: Params) -> Result<Response, ApiError> {
    p.allow(&["topic", "q", "page", "per_page"])?;
    let paging = p.paging()?;
    let topics: Vec<&str> = TOPICS.iter().map(|t| t.0).collect();
    let topic = p.choice("topic", &topics)?;
    let asked = dost_domain::search::Query::of_box(&p.text("q", 200)?);
    let all: Vec<_> = dost_store::participation::published(&state.db)
        .await?
        .into_iter()
        .filter(|x| topic.is_empty() || x.topic == topic)
        .filter(|x| {
            asked
                .as_ref()
                .is_none_or(|q| q.matches(&dost_domain::text::fold(&format!("{} {} {}", x.title, x.body, x.answer))))
        })
        .collect();
    let total = all.len() as i64;
    let items = paging.slice(all).iter().map(|q| question(&state, q)).collect();
    let (meta, links) = list_meta(&state, "/api/v1/questions", &p, paging, total);
    json(&state, &headers, &QuestionList { items, meta, links })
}

/// One published question and its answer.
#[utoipa::path(get, path = "/api/v1/questions/{id}", tag = "Hỏi đáp",
    params(("id" = i64, Path, description = "Mã câu hỏi")),
    responses(
        (status = 200, description = "Câu hỏi và trả lời", body = Question),
        super::answers::ItemAnswers,
    ))]
pub async fn question_by_id(
    State(state): State<AppState>,
    headers: HeaderMap,
    ItemId(id): ItemId,
) -> Result<Response, ApiError> {
    let gone = || ApiError::not_found("Không có câu hỏi đã đăng này.");
    let id = id.ok_or_else(gone)?;
    let q =
        dost_store::participation::question(&state.db, id).await?.filter(|q| q.state == "da_dang").ok_or_else(gone)?;
    json(&state, &headers, &question(&state, &q))
}

/// Visitor statistics: now (as the portal's block shows them) and the days
/// of a month (this month by default).
#[utoipa::path(get, path = "/api/v1/statistics", tag = "Thống kê truy cập",
    params(
        ("year" = Option<i64>, Query, description = "Năm (chỉ có năm: cả năm)", minimum = 2000, maximum = 2100),
        ("month" = Option<i64>, Query, description = "Tháng (không có năm: của năm nay)", minimum = 1, maximum = 12),
    ),
    responses(
        (status = 200, description = "Thống kê", body = Statistics),
        super::answers::ListAnswers,
    ))]
pub async fn statistics(State(state): State<AppState>, headers: HeaderMap, p: Params) -> Result<Response, ApiError> {
    p.allow(&["year", "month"])?;
    let today = vn_date(state.clock.now());
    let (year, month) = (p.number("year", 2000..=2100)?, p.number("month", 1..=12)?);
    // a year alone: its twelve months; a month alone: of this year
    let y = year.map(|y| y as i32).unwrap_or(today.year());
    let (first, months) = match (year, month) {
        (Some(_), None) => (NaiveDate::from_ymd_opt(y, 1, 1), 12),
        (_, Some(m)) => (NaiveDate::from_ymd_opt(y, m as u32, 1), 1),
        (None, None) => (NaiveDate::from_ymd_opt(y, today.month(), 1), 1),
    };
    let first = first.ok_or_else(|| ApiError::bad("Tháng không hợp lệ."))?;
    let last = first.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(first);
    let days = dost_store::stats::days(&state.db, &first.to_string(), &last.to_string())
        .await?
        .into_iter()
        .map(|(date, c)| DayVisits {
            date,
            guests: c.guests,
            members: c.members,
            bots: c.bots,
            page_views: c.page_views,
        })
        .collect();
    let s = state.visitors.view().snapshot;
    let month =
        if months == 12 { first.year().to_string() } else { format!("{:04}-{:02}", first.year(), first.month()) };
    let out = Statistics {
        online: s.online.total(),
        today: s.today,
        this_month: s.this_month,
        total: s.total,
        days,
        links: Links {
            self_: absolute(
                &state,
                &match months {
                    12 => format!("/api/v1/statistics?year={}", first.year()),
                    _ => format!("/api/v1/statistics?year={}&month={}", first.year(), first.month()),
                },
            ),
            html: absolute(
                &state,
                &match months {
                    12 => format!("/thong-ke?nam={}", first.year()),
                    _ => format!("/thong-ke?thang={month}"),
                },
            ),
        },
        month,
    };
    json(&state, &headers, &out)
}
