//! Static assets embedded in the binary: one CSS file (fonts included), a
//! small script, the emblem and the font files.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::{AppState, WebError};

const FONTS_CSS: &str = include_str!("../static/fonts/fonts.css");
const SITE_CSS: &str = include_str!("../static/site.css");
const SITE_JS: &str = include_str!("../static/site.js");
const EDITOR_JS: &str = include_str!("../static/editor.js");
const QUILL_JS: &str = include_str!("../static/vendor/quill/quill.js");
const QUILL_CSS: &str = include_str!("../static/vendor/quill/quill.snow.css");
const EMBLEM: &str = include_str!("../static/emblem.svg");

const FONTS: &[(&str, &[u8])] = &[
    ("be-vietnam-pro-latin-400.woff2", include_bytes!("../static/fonts/be-vietnam-pro-latin-400.woff2")),
    ("be-vietnam-pro-latin-600.woff2", include_bytes!("../static/fonts/be-vietnam-pro-latin-600.woff2")),
    ("be-vietnam-pro-latin-700.woff2", include_bytes!("../static/fonts/be-vietnam-pro-latin-700.woff2")),
    ("be-vietnam-pro-vietnamese-400.woff2", include_bytes!("../static/fonts/be-vietnam-pro-vietnamese-400.woff2")),
    ("be-vietnam-pro-vietnamese-600.woff2", include_bytes!("../static/fonts/be-vietnam-pro-vietnamese-600.woff2")),
    ("be-vietnam-pro-vietnamese-700.woff2", include_bytes!("../static/fonts/be-vietnam-pro-vietnamese-700.woff2")),
];

fn css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| format!("{FONTS_CSS}\n{SITE_CSS}"))
}

/// A short hash of the assets, added to their URLs so browsers may keep them forever.
pub fn asset_version() -> &'static str {
    static V: OnceLock<String> = OnceLock::new();
    V.get_or_init(|| {
        let mut h = std::hash::DefaultHasher::new();
        css().hash(&mut h);
        SITE_JS.hash(&mut h);
        EDITOR_JS.hash(&mut h);
        format!("{:08x}", h.finish() as u32)
    })
}

fn asset(ctype: &'static str, body: impl IntoResponse) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    r
}

async fn site_css() -> Response {
    asset("text/css; charset=utf-8", css())
}

async fn site_js() -> Response {
    asset("text/javascript; charset=utf-8", SITE_JS)
}

async fn editor_js() -> Response {
    asset("text/javascript; charset=utf-8", EDITOR_JS)
}

async fn quill_js() -> Response {
    asset("text/javascript; charset=utf-8", QUILL_JS)
}

async fn quill_css() -> Response {
    asset("text/css; charset=utf-8", QUILL_CSS)
}

async fn emblem() -> Response {
    asset("image/svg+xml", EMBLEM)
}

async fn font(Path(name): Path<String>) -> Result<Response, WebError> {
    let (_, bytes) = FONTS.iter().find(|(n, _)| *n == name).ok_or(WebError::NotFound)?;
    Ok(asset("font/woff2", *bytes))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/site.css", get(site_css))
        .route("/static/site.js", get(site_js))
        .route("/static/editor.js", get(editor_js))
        .route("/static/vendor/quill.js", get(quill_js))
        .route("/static/vendor/quill.snow.css", get(quill_css))
        .route("/static/emblem.svg", get(emblem))
        .route("/static/favicon.svg", get(emblem))
        .route("/static/fonts/{name}", get(font))
}
