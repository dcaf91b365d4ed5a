//! The API's page for people: drawn on the server from the same OpenAPI
//! document the machines read (no script, nothing fetched from elsewhere).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use dost_domain::text::escape_html as esc;
use serde_json::Value;

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).map(esc).unwrap_or_default()
}

/// A schema's type as people read it (`ArticleList`, `string`, `array of Task`).
fn type_of(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = esc(r.rsplit('/').next().unwrap_or(r));
        return format!("<a href=\"#schema-{name}\">{name}</a>");
    }
    if let Some(one) = s.get("oneOf").and_then(Value::as_array) {
        return one.iter().map(type_of).collect::<Vec<_>>().join(" hoặc ");
    }
    match s.get("type") {
        Some(Value::String(t)) if t == "array" => format!("mảng {}", s.get("items").map(type_of).unwrap_or_default()),
        Some(Value::String(t)) => esc(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(esc).collect::<Vec<_>>().join(" | "),
        _ => "giá trị".into(),
    }
}

fn operation(out: &mut String, path: &str, op: &Value) {
    let id = esc(&path.replace(['/', '{', '}'], "-"));
    out.push_str(&format!("<section class=\"api-op\" id=\"op{id}\"><h3><code>GET {}</code></h3>", esc(path)));
    for line in text(op, "description").lines().chain(text(op, "summary").lines()).take(4) {
        out.push_str(&format!("<p>{line}</p>"));
    }
    if let Some(params) = op.get("parameters").and_then(Value::as_array).filter(|p| !p.is_empty()) {
        out.push_str("<table class=\"data-table\"><caption>Tham số</caption><thead><tr><th scope=\"col\">Tên</th><th scope=\"col\">Ở</th><th scope=\"col\">Kiểu</th><th scope=\"col\">Ý nghĩa</th></tr></thead><tbody>");
        for p in params {
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                text(p, "name"),
                text(p, "in"),
                p.get("schema").map(type_of).unwrap_or_default(),
                text(p, "description")
            ));
        }
        out.push_str("</tbody></table>");
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        out.push_str("<ul>");
        for (status, r) in responses {
            let body = r
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|c| c.get("schema"))
                .map(|s| format!(" — {}", type_of(s)))
                .unwrap_or_default();
            out.push_str(&format!("<li><strong>{}</strong> {}{body}</li>", esc(status), text(r, "description")));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

fn schema(out: &mut String, name: &str, s: &Value) {
    let name = esc(name);
    out.push_str(&format!("<section id=\"schema-{name}\"><h3>{name}</h3>"));
    let d = text(s, "description");
    if !d.is_empty() {
        out.push_str(&format!("<p>{d}</p>"));
    }
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        let required: Vec<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        out.push_str("<table class=\"data-table\"><thead><tr><th scope=\"col\">Trường</th><th scope=\"col\">Kiểu</th><th scope=\"col\">Ý nghĩa</th></tr></thead><tbody>");
        for (k, v) in props {
            let opt = if required.contains(&k.as_str()) { "" } else { " (có thể vắng hoặc null)" };
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}{opt}</td><td>{}</td></tr>",
                esc(k),
                type_of(v),
                text(v, "description")
            ));
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>");
}

/// `GET /api/v1/tai-lieu`
pub async fn page() -> Response {
    let doc = super::document();
    let info = doc.get("info").cloned().unwrap_or(Value::Null);
    let mut body = String::with_capacity(64 * 1024);
    body.push_str(&format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} — API</title><link rel=\"stylesheet\" href=\"/static/site.css?v={}\"></head><body><main id=\"noi-dung\" class=\"wrap page api-doc\">",
        text(&info, "title"),
        crate::static_files::asset_version()
    ));
    body.push_str(&format!(
        "<h1 class=\"page-title\">{} (API, phiên bản {})</h1>",
        text(&info, "title"),
        text(&info, "version")
    ));
    body.push_str(&format!("<p>{}</p>", text(&info, "description")));
    body.push_str("<p>Mô tả cho máy đọc (OpenAPI 3.1): <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a>. Ví dụ: <a href=\"/api/v1/articles?per_page=5\"><code>/api/v1/articles?per_page=5</code></a>.</p>");
    body.push_str("<h2>Địa chỉ</h2><ul>");
    let paths = doc.get("paths").and_then(Value::as_object).cloned().unwrap_or_default();
    for path in paths.keys() {
        let id = esc(&path.replace(['/', '{', '}'], "-"));
        body.push_str(&format!("<li><a href=\"#op{id}\"><code>GET {}</code></a></li>", esc(path)));
    }
    body.push_str("</ul>");
    for (path, item) in &paths {
        if let Some(op) = item.get("get") {
            operation(&mut body, path, op);
        }
    }
    body.push_str("<h2>Kiểu dữ liệu</h2>");
    if let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, s) in schemas {
            schema(&mut body, name, s);
        }
    }
    body.push_str("</main></body></html>");
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}
