//! Static assets embedded in the binary: one CSS file (fonts included), a
//! small script, the emblem and the font files. Text assets are compressed
//! once (brotli and gzip) and served from memory in the encoding asked for.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use axum::Router;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::http::PageHeaders;
use crate::http::encoding::{self, Coding, Precompressed};
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

fn asset(ctype: &'static str, body: Bytes, coding: Coding) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    encoding::mark(h, coding);
    r
}

/// A text asset with its type and its compressed forms, made on first use.
struct Text {
    ctype: &'static str,
    source: fn() -> &'static str,
    packed: OnceLock<Precompressed>,
}

impl Text {
    const fn new(ctype: &'static str, source: fn() -> &'static str) -> Self {
        Self { ctype, source, packed: OnceLock::new() }
    }

    fn serve(&'static self, headers: &PageHeaders) -> Response {
        let packed = self.packed.get_or_init(|| Precompressed::new((self.source)()));
        asset(self.ctype, packed.get(headers.coding), headers.coding)
    }
}

static CSS: Text = Text::new("text/css; charset=utf-8", css);
static JS: Text = Text::new("text/javascript; charset=utf-8", || SITE_JS);
static EDITOR: Text = Text::new("text/javascript; charset=utf-8", || EDITOR_JS);
static QUILL: Text = Text::new("text/javascript; charset=utf-8", || QUILL_JS);
static QUILL_STYLE: Text = Text::new("text/css; charset=utf-8", || QUILL_CSS);
static EMBLEM_SVG: Text = Text::new("image/svg+xml", || EMBLEM);

fn text(asset: &'static Text) -> axum::routing::MethodRouter<AppState> {
    get(move |h: PageHeaders| async move { asset.serve(&h) })
}

async fn font(Path(name): Path<String>) -> Result<Response, WebError> {
    let (_, bytes) = FONTS.iter().find(|(n, _)| *n == name).ok_or(WebError::NotFound)?;
    // WOFF2 is compressed already
    Ok(asset("font/woff2", Bytes::from_static(bytes), Coding::Identity))
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/site.css", text(&CSS))
        .route("/static/site.js", text(&JS))
        .route("/static/editor.js", text(&EDITOR))
        .route("/static/vendor/quill.js", text(&QUILL))
        .route("/static/vendor/quill.snow.css", text(&QUILL_STYLE))
        .route("/static/emblem.svg", text(&EMBLEM_SVG))
        .route("/static/favicon.svg", text(&EMBLEM_SVG))
        .route("/static/fonts/{name}", get(font))
}
