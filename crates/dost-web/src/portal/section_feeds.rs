//! Feeds and sitemap entries of the sections beyond the news (Nghị định
//! 42/2022): legal documents, drafts open for comment, answered questions.
//! Each section's feed is `/rss/<section>.xml`, like a category's.

use axum::response::Response;
use chrono::NaiveDate;
use dost_domain::participation::topic_label;
use dost_domain::registers::LEGAL_KINDS;

use super::feeds::{FeedItem, rss, xml};
use crate::{AppState, WebError};

const ITEMS: usize = 30;

fn noon(d: NaiveDate) -> i64 {
    d.and_hms_opt(5, 0, 0).map(|t| t.and_utc().timestamp()).unwrap_or_default()
}

/// The feed of a section, or `None` when `slug` is not a section.
pub async fn feed(state: &AppState, slug: &str) -> Result<Option<Response>, WebError> {
    let (title, description, items): (&str, &str, Vec<FeedItem>) = match slug {
        "van-ban" => (
            "Văn bản",
            "Văn bản quy phạm pháp luật, văn bản chỉ đạo điều hành mới ban hành",
            dost_store::legal::documents(&state.db)
                .await?
                .into_iter()
                .take(ITEMS)
                .map(|d| FeedItem {
                    title: format!(
                        "{} {}",
                        LEGAL_KINDS.iter().find(|k| k.0 == d.kind).map(|k| k.1).unwrap_or(""),
                        d.number
                    ),
                    path: format!("/van-ban/{}", d.id),
                    description: d.summary,
                    category: d.issuer,
                    published_at: noon(d.issued_on),
                })
                .collect(),
        ),
        "du-thao" => (
            "Lấy ý kiến dự thảo",
            "Dự thảo văn bản đăng để lấy ý kiến tổ chức, cá nhân",
            dost_store::participation::drafts(&state.db)
                .await?
                .into_iter()
                .take(ITEMS)
                .map(|d| FeedItem {
                    title: d.title,
                    path: format!("/du-thao/{}", d.id),
                    description: d.summary,
                    category: d.unit,
                    published_at: noon(d.opens_on),
                })
                .collect(),
        ),
        "hoi-dap" => (
            "Hỏi đáp",
            "Câu hỏi của người dân, doanh nghiệp và trả lời của Sở",
            dost_store::participation::published(&state.db)
                .await?
                .into_iter()
                .take(ITEMS)
                .map(|q| FeedItem {
                    description: q.answer.chars().take(300).collect(),
                    path: format!("/hoi-dap/{}", q.id),
                    category: topic_label(&q.topic).to_string(),
                    published_at: q.published_at.unwrap_or(q.asked_at),
                    title: q.title,
                })
                .collect(),
        ),
        _ => return Ok(None),
    };
    let mut items = items;
    items.sort_by_key(|i| std::cmp::Reverse(i.published_at));
    let site = state.layout.get().site.name.clone();
    let body =
        rss(state, &format!("{title} – {site}"), &format!("/{slug}"), description, &format!("/rss/{slug}.xml"), &items);
    Ok(Some(xml(body, "application/rss+xml; charset=utf-8")))
}

/// The pages of the drafts and the answered questions, for the sitemap.
pub async fn pages(state: &AppState) -> Result<Vec<String>, WebError> {
    let mut out: Vec<String> =
        dost_store::participation::drafts(&state.db).await?.iter().map(|d| format!("/du-thao/{}", d.id)).collect();
    out.extend(dost_store::participation::published(&state.db).await?.iter().map(|q| format!("/hoi-dap/{}", q.id)));
    Ok(out)
}
