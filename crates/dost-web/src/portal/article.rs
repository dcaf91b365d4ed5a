use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dost_domain::content::{Article, article_path, parse_article_segment};
use dost_domain::rating::{Score, average_tenths, summary};
use dost_domain::{format, text};
use dost_store::portal::Vote;

use super::views::{Item, items};
use crate::http::PageHeaders;
use crate::http::{VnPath, encode, parse_query};
use crate::layout::{Crumb, Layout, Link, Meta, render_and_respond, respond};
use crate::visitors::{Client, VOTER_COOKIE, random_hex};
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "article.html")]
struct ArticleTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    a: Article,
    date: String,
    iso: String,
    category_name: String,
    category_url: String,
    tags: Vec<Link>,
    mailto: String,
    facebook_share: String,
    rating_summary: String,
    rating_width: i64,
    rating_message: String,
    newer: Vec<Item>,
    older: Vec<Item>,
}

/// Loads an article that the public may see, or answers 404.
async fn public_article(state: &AppState, id: i64) -> Result<Article, WebError> {
    match dost_store::portal::article(&state.db, id).await? {
        Some(a) if a.is_public(state.clock.now()) => Ok(a),
        _ => Err(WebError::NotFound),
    }
}

fn canonical_path(layout: &Layout, a: &Article) -> Result<(String, String, String), WebError> {
    let cat = layout.tree.by_id(a.primary_category_id).ok_or(WebError::NotFound)?;
    Ok((article_path(&cat.slug, &a.slug, a.id), cat.name.clone(), format!("/{}", cat.slug)))
}

pub async fn article(
    State(state): State<AppState>,
    VnPath((category, segment)): VnPath<(String, String)>,
    RawQuery(raw): RawQuery,
    cached: PageHeaders,
) -> Result<Response, WebError> {
    let (slug, id) = parse_article_segment(&segment).ok_or(WebError::NotFound)?;
    let query = parse_query(raw.as_deref())?;
    let now = state.clock.now();
    let requested = format!("/{category}/{segment}");
    let cacheable = query.is_empty();
    if cacheable && let Some(p) = state.cache.get(&requested) {
        return Ok(respond(&state, &cached, &p));
    }
    let layout = state.layout.get();
    let a = public_article(&state, id).await?;
    let (path, category_name, category_url) = canonical_path(&layout, &a)?;
    if a.slug != slug || path != requested {
        // The slug or the category changed since the link was made.
        return Ok((StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, path)]).into_response());
    }
    let rating_message = match query.get("danh-gia").map(String::as_str) {
        Some("ok") => "Cảm ơn bạn đã đánh giá bài viết.",
        Some("trung") => "Bạn đã đánh giá bài viết này rồi, mỗi người chỉ đánh giá một lần.",
        _ => "",
    }
    .to_string();
    // the three are independent: asked at once, the page waits for the slowest, not the sum
    let (newer, older, tags) = tokio::try_join!(
        dost_store::portal::neighbours(&state.db, now, a.primary_category_id, &a, true, 5),
        dost_store::portal::neighbours(&state.db, now, a.primary_category_id, &a, false, 5),
        dost_store::portal::article_tags(&state.db, a.id),
    )?;
    let tags = tags.into_iter().map(|(_, name)| Link { url: encode(&name), name }).collect();
    let canonical = format!("{}{}", state.config.base_url, path);
    let mut meta = Meta::new(&state, a.title.clone(), &path);
    meta.description = text::truncate_words(&a.lead, 300);
    meta.og_type = "article";
    meta.og_image = a.image_url.as_ref().map(|u| format!("{}{}", state.config.base_url, u));
    meta.published_iso = Some(format::iso_ts(a.published_at));
    meta.breadcrumb = layout
        .tree
        .path(a.primary_category_id)
        .iter()
        .map(|c| Crumb { name: c.name.clone(), url: format!("/{}", c.slug) })
        .collect();
    let t = ArticleTemplate {
        date: format::date_ts(a.published_at),
        iso: format::iso_ts(a.published_at),
        category_name,
        category_url,
        tags,
        mailto: format!("mailto:?subject={}&body={}", encode(&a.title).replace('+', "%20"), encode(&canonical)),
        facebook_share: format!("https://www.facebook.com/sharer/sharer.php?u={}", encode(&canonical)),
        rating_summary: summary(a.rating_points, a.rating_votes),
        rating_width: average_tenths(a.rating_points, a.rating_votes) * 2,
        rating_message,
        newer: {
            let mut n = items(newer);
            n.reverse();
            n
        },
        older: items(older),
        meta,
        layout,
        a,
    };
    render_and_respond(&state, &cached, cacheable.then_some(requested), &t)
}

#[derive(Template)]
#[template(path = "print.html")]
struct PrintTemplate {
    a: Article,
    date: String,
    iso: String,
    canonical: String,
    site_name: String,
    asset_v: &'static str,
}

pub async fn print(State(state): State<AppState>, VnPath(id): VnPath<String>) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let a = public_article(&state, id).await?;
    let layout = state.layout.get();
    let (path, _, _) = canonical_path(&layout, &a)?;
    let t = PrintTemplate {
        date: format::date_ts(a.published_at),
        iso: format::iso_ts(a.published_at),
        canonical: format!("{}{}", state.config.base_url, path),
        site_name: layout.site.name.clone(),
        asset_v: layout.asset_v,
        a,
    };
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], t.render()?).into_response())
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A visitor's vote; one posted from another site is refused (the rating
/// form is public, so the check is on the browser's Origin / Sec-Fetch-Site headers).
pub async fn rate(
    State(state): State<AppState>,
    VnPath(id): VnPath<String>,
    client: Client,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, WebError> {
    let wants_json =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("application/json"));
    let fail = |status: StatusCode, msg: &str| -> Response {
        if wants_json {
            (
                status,
                [(header::CONTENT_TYPE, "application/json")],
                format!("{{\"ok\":false,\"message\":{}}}", json_str(msg)),
            )
                .into_response()
        } else {
            (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], crate::layout::error_page(status, msg))
                .into_response()
        }
    };
    let Ok(id) = id.parse::<i64>() else {
        return Ok(fail(StatusCode::NOT_FOUND, "Bài viết không tồn tại."));
    };
    if !super::public_form::same_origin(&headers, &state.config.base_url) {
        return Ok(fail(StatusCode::FORBIDDEN, "Yêu cầu đánh giá không đến từ trang này nên không được chấp nhận."));
    }
    let form = match std::str::from_utf8(&body) {
        Ok(s) => parse_query(Some(s)),
        Err(_) => Err(WebError::BadRequest(String::new())),
    };
    let Ok(form) = form else {
        return Ok(fail(StatusCode::BAD_REQUEST, "Dữ liệu gửi lên không hợp lệ."));
    };
    let score = match Score::parse(form.get("diem").map(String::as_str).unwrap_or("")) {
        Ok(s) => s,
        Err(e) => return Ok(fail(StatusCode::BAD_REQUEST, &e.to_string())),
    };
    let article = match public_article(&state, id).await {
        Ok(a) => a,
        Err(WebError::NotFound) => return Ok(fail(StatusCode::NOT_FOUND, "Bài viết không tồn tại.")),
        Err(e) => return Err(e),
    };
    let (new_cookie, voter) = match &client.voter_cookie {
        Some(v) => (false, v.clone()),
        None => (true, random_hex(16)),
    };
    let vote =
        dost_store::portal::rate(&state.db, article.id, &voter, &client.key_text(), score.value(), state.clock.now())
            .await?;
    let (path, _, _) = canonical_path(&state.layout.get(), &article)?;
    if matches!(vote, Vote::Counted(..)) {
        // this page alone shows the vote
        state.cache.forget(&path);
    }
    let mut resp = match (vote, wants_json) {
        (Vote::Counted(points, votes), true) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            format!(
                "{{\"ok\":true,\"points\":{points},\"votes\":{votes},\"summary\":{},\"average_tenths\":{},\"message\":{}}}",
                json_str(&summary(points, votes)),
                average_tenths(points, votes),
                json_str("Cảm ơn bạn đã đánh giá bài viết.")
            ),
        )
            .into_response(),
        (Vote::AlreadyVoted, true) => fail(StatusCode::CONFLICT, "Bạn đã đánh giá bài viết này rồi, mỗi người chỉ đánh giá một lần."),
        (Vote::Counted(..), false) => Redirect::to(&format!("{path}?danh-gia=ok#danh-gia")).into_response(),
        (Vote::AlreadyVoted, false) => Redirect::to(&format!("{path}?danh-gia=trung#danh-gia")).into_response(),
    };
    if new_cookie {
        let c = format!("{VOTER_COOKIE}={voter}; Path=/; Max-Age=63072000; HttpOnly; SameSite=Lax");
        if let Ok(v) = HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(resp)
}
