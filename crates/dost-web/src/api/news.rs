//! Articles and categories.

use super::answers::ItemId;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{NaiveDate, TimeZone};
use dost_domain::content::article_path;
use dost_domain::format::{iso_ts, vn_offset};
use dost_domain::search::Query;

use super::params::Params;
use super::problem::{ApiError, Problem};
use super::respond::json;
use super::types::{Article, ArticleList, ArticleSummary, Category, CategoryList, Links, Rating};
use super::{absolute, list_meta};
use crate::AppState;

fn summary(state: &AppState, a: &dost_domain::content::ArticleSummary) -> ArticleSummary {
    ArticleSummary {
        id: a.id,
        title: a.title.clone(),
        lead: a.lead.clone(),
        category: a.category_slug.clone(),
        published_at: iso_ts(a.published_at),
        image: a.image_url.as_deref().map(|u| absolute(state, u)),
        links: Links {
            self_: absolute(state, &format!("/api/v1/articles/{}", a.id)),
            html: absolute(state, &a.path()),
        },
    }
}

fn year_bounds(year: Option<i64>) -> (i64, i64) {
    let start = |y: i64| {
        NaiveDate::from_ymd_opt(y as i32, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|t| vn_offset().from_local_datetime(&t).single())
            .map(|t| t.timestamp())
    };
    match year {
        Some(y) => (start(y).unwrap_or(0), start(y + 1).unwrap_or(i64::MAX)),
        None => (i64::MIN, i64::MAX),
    }
}

/// Published articles: by category (and its sub-categories), by year of
/// publication, by words (diacritics and case ignored, as the portal's search).
#[utoipa::path(get, path = "/api/v1/articles", tag = "Tin bài",
    params(
        ("category" = Option<String>, Query, description = "Chuyên mục (slug), gồm cả chuyên mục con"),
        ("year" = Option<i64>, Query, description = "Năm đăng", minimum = 1990, maximum = 2100),
        ("q" = Option<String>, Query, description = "Từ khóa (không cần dấu)", max_length = 200),
        super::params::PageParams,
    ),
    responses(
        (status = 200, description = "Một trang tin bài", body = ArticleList),
        super::answers::ListAnswers,
        (status = 404, description = "Không có chuyên mục", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn articles(State(state): State<AppState>, headers: HeaderMap, p: Params) -> Result<Response, ApiError> {
    p.allow(&["category", "year", "q", "page", "per_page"])?;
    let paging = p.paging()?;
    let year = p.number("year", 1990..=2100)?;
    let slug = p.text("category", 200)?;
    let q = p.text("q", 200)?;
    let layout = state.layout.get();
    let category = match slug.as_str() {
        "" => None,
        s => Some(layout.tree.by_slug(s).ok_or_else(|| ApiError::not_found(format!("Không có chuyên mục «{s}».")))?),
    };
    let now = state.clock.now();
    // words with no letter or digit search nothing: every article, as the box left empty
    let (items, total) = match Query::parse(&q).map_err(|e| ApiError::bad(e.to_string()))? {
        None => {
            let (rows, total) = dost_store::portal::published_between(
                &state.db,
                now,
                category.map(|c| c.id).unwrap_or(0),
                year_bounds(year),
                (paging.per_page, i64::try_from(paging.offset()).unwrap_or(i64::MAX)),
            )
            .await?;
            (rows.iter().map(|a| summary(&state, a)).collect::<Vec<_>>(), total)
        }
        Some(query) => {
            let (from, to) = year_bounds(year);
            let within: Option<std::collections::HashSet<i64>> = match category {
                Some(c) => Some(dost_store::portal::ids_in_subtree(&state.db, c.id).await?.into_iter().collect()),
                None => None,
            };
            let keep = |id, published_at| {
                published_at >= from && published_at < to && within.as_ref().is_none_or(|w| w.contains(&id))
            };
            let layout = state.layout.get();
            let window = (paging.offset(), paging.per_page as usize);
            let found = state.finder.find(state.search_at(&layout.tree), &query, keep, window).await?;
            let rows = dost_store::portal::search_rows(&state.db, &found.ids).await?;
            (rows.iter().map(|r| summary(&state, &r.summary)).collect::<Vec<_>>(), found.total as i64)
        }
    };
    let (meta, links) = list_meta(&state, "/api/v1/articles", &p, paging, total);
    json(&state, &headers, &ArticleList { items, meta, links })
}

/// One published article with its body.
#[utoipa::path(get, path = "/api/v1/articles/{id}", tag = "Tin bài",
    params(("id" = i64, Path, description = "Mã bài viết")),
    responses(
        (status = 200, description = "Bài viết", body = Article),
        super::answers::ItemAnswers,
    ))]
pub async fn article(
    State(state): State<AppState>,
    headers: HeaderMap,
    ItemId(id): ItemId,
) -> Result<Response, ApiError> {
    let gone = || ApiError::not_found("Không có bài viết này (hoặc bài chưa đăng).");
    let id = id.ok_or_else(gone)?;
    let a = dost_store::portal::article(&state.db, id)
        .await?
        .filter(|a| a.is_public(state.clock.now()))
        .ok_or_else(gone)?;
    let layout = state.layout.get();
    let primary = layout.tree.by_id(a.primary_category_id).ok_or_else(gone)?;
    let mut categories = vec![primary.slug.clone()];
    for c in dost_store::portal::article_category_ids(&state.db, id).await? {
        if let Some(cat) = layout.tree.by_id(c)
            && !categories.contains(&cat.slug)
        {
            categories.push(cat.slug.clone());
        }
    }
    let tags = dost_store::portal::article_tags(&state.db, id).await?.into_iter().map(|t| t.1).collect();
    let out = Article {
        id,
        links: Links {
            self_: absolute(&state, &format!("/api/v1/articles/{id}")),
            html: absolute(&state, &article_path(&primary.slug, &a.slug, id)),
        },
        title: a.title,
        lead: a.lead,
        categories,
        author: a.author,
        source: a.source,
        body_html: a.body_html,
        image: a.image_url.as_deref().map(|u| absolute(&state, u)),
        image_caption: a.image_caption,
        tags,
        rating: Rating { points: a.rating_points, votes: a.rating_votes },
        published_at: iso_ts(a.published_at),
        updated_at: iso_ts(a.updated_at),
    };
    json(&state, &headers, &out)
}

/// Every category of the news, in the menu's order.
#[utoipa::path(get, path = "/api/v1/categories", tag = "Tin bài",
    responses(
        (status = 200, description = "Các chuyên mục", body = CategoryList),
        super::answers::ListAnswers,
    ))]
pub async fn categories(State(state): State<AppState>, headers: HeaderMap, p: Params) -> Result<Response, ApiError> {
    p.allow(&[])?;
    let layout = state.layout.get();
    let items = layout
        .tree
        .all
        .iter()
        .map(|c| Category {
            id: c.id,
            slug: c.slug.clone(),
            name: c.name.clone(),
            description: c.description.clone(),
            parent_id: c.parent_id,
            position: c.position,
            links: Links {
                self_: absolute(&state, &format!("/api/v1/articles?category={}", crate::http::encode(&c.slug))),
                html: absolute(&state, &format!("/{}", c.slug)),
            },
        })
        .collect();
    json(&state, &headers, &CategoryList { items })
}
