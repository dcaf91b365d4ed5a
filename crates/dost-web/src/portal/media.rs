//! Videos, documents and uploaded files.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::content::Video;
use dost_domain::format;

use crate::files::{self, Audience};
use crate::http::PageHeaders;
use crate::http::VnPath;
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::{AppState, WebError};

pub async fn upload(State(state): State<AppState>, VnPath(rel): VnPath<String>) -> Result<Response, WebError> {
    if !files::public(&rel) {
        return Err(WebError::NotFound);
    }
    files::send(&state.config.uploads_dir, &rel, None, Audience::Public).await
}

pub async fn document(State(state): State<AppState>, VnPath(id): VnPath<String>) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let doc = dost_store::portal::document_by_id(&state.db, id).await?.ok_or(WebError::NotFound)?;
    files::send(&state.config.uploads_dir, &doc.file_path, Some(&doc.file_name), Audience::Public).await
}

#[derive(Template)]
#[template(path = "video.html")]
struct VideoTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    v: Video,
    date: String,
    others: Vec<Video>,
}

pub async fn video(
    State(state): State<AppState>,
    VnPath(id): VnPath<String>,
    cached: PageHeaders,
) -> Result<Response, WebError> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let now = state.clock.now();
    let v = match dost_store::portal::video_by_id(&state.db, id).await? {
        Some(v) if v.published_at <= now => v,
        _ => return Err(WebError::NotFound),
    };
    let mut meta = Meta::new(&state, v.title.clone(), &format!("/video/{id}"));
    meta.description = v.description.clone();
    meta.og_type = "video.other";
    meta.og_image = Some(format!("{}{}", state.config.base_url, v.poster_url));
    meta.breadcrumb = vec![Crumb { name: "Phim phổ biến kiến thức KH&CN".into(), url: format!("/video/{id}") }];
    let others =
        dost_store::portal::videos(&state.db, now, 7).await?.into_iter().filter(|o| o.id != id).take(6).collect();
    let t = VideoTemplate { meta, layout: state.layout.get(), date: format::date_ts(v.published_at), v, others };
    render_and_respond(&state, &cached, None, &t)
}
