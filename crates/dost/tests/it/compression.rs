//! Answers go out compressed when the browser accepts it: cached pages and
//! static files from memory, everything else on the way out.

use std::io::Read;

use crate::support::*;

async fn fetch(app: &TestApp, path: &str, accept: Option<&str>) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut req = client(BROWSER_UA).get(format!("{}{path}", app.base));
    if let Some(a) = accept {
        req = req.header("Accept-Encoding", a);
    }
    let r = req.send().await.expect("request");
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    (status, headers, r.bytes().await.expect("body").to_vec())
}

fn decoded(headers: &reqwest::header::HeaderMap, body: &[u8]) -> String {
    let mut out = String::new();
    match headers.get("content-encoding").map(|v| v.to_str().unwrap()) {
        Some("br") => brotli::Decompressor::new(body, 4096).read_to_string(&mut out).expect("brotli"),
        Some("gzip") => flate2::read::GzDecoder::new(body).read_to_string(&mut out).expect("gzip"),
        None => return String::from_utf8(body.to_vec()).expect("utf-8"),
        Some(other) => panic!("unexpected encoding {other}"),
    };
    out
}

fn varies(headers: &reqwest::header::HeaderMap) -> bool {
    headers.get_all("vary").iter().any(|v| v.to_str().unwrap().to_lowercase().contains("accept-encoding"))
}

#[tokio::test]
async fn cached_pages_and_assets_go_out_compressed() {
    let app = spawn(true).await;
    let article = app.article_path(REVIEW_TITLE).await;
    let (_, plain_h, plain) = fetch(&app, &article, None).await;
    assert!(plain_h.get("content-encoding").is_none());
    assert!(varies(&plain_h), "a cache must know the page depends on Accept-Encoding");
    let plain = String::from_utf8(plain).unwrap();
    for (accept, coding) in [("gzip, deflate, br, zstd", "br"), ("gzip, deflate", "gzip"), ("br;q=0, gzip", "gzip")] {
        let (status, h, body) = fetch(&app, &article, Some(accept)).await;
        assert_eq!(status, 200);
        assert_eq!(h["content-encoding"], coding, "{accept}");
        assert!(varies(&h));
        assert!(body.len() * 3 < plain.len(), "{coding}: {} bytes of {}", body.len(), plain.len());
        assert_eq!(decoded(&h, &body), plain, "{coding} decodes to the same page");
        // served from the cache before the router: the same headers as through it
        assert!(h["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
        assert_eq!(h["x-content-type-options"], "nosniff");
    }
    // the browser's copy is still current whatever the encoding
    let etag = plain_h["etag"].to_str().unwrap();
    let r = client(BROWSER_UA)
        .get(format!("{}{article}", app.base))
        .header("Accept-Encoding", "br")
        .header("If-None-Match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 304);
    assert!(r.headers().get("content-encoding").is_none());

    // new visitor figures in the slots: the compressed page carries them
    let before = plain_h["etag"].clone();
    app.get_with(&client("Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"), "/").await;
    app.state.flush_visitors().await.unwrap();
    let (_, h, body) = fetch(&app, &article, Some("br")).await;
    assert_ne!(h["etag"], before, "the visitor figures changed");
    let (_, _, fresh) = fetch(&app, &article, None).await;
    assert_eq!(decoded(&h, &body), String::from_utf8(fresh).unwrap());

    // static assets: the style sheet and script compressed, fonts as they are
    for path in ["/static/site.css", "/static/site.js"] {
        let (_, _, plain) = fetch(&app, path, None).await;
        for accept in ["br", "gzip"] {
            let (status, h, body) = fetch(&app, path, Some(accept)).await;
            assert_eq!(status, 200);
            assert_eq!(h["content-encoding"], accept);
            assert!(h["cache-control"].to_str().unwrap().contains("immutable"));
            assert_eq!(decoded(&h, &body).as_bytes(), plain, "{path} in {accept}");
        }
    }
    let css = String::from_utf8(fetch(&app, "/static/site.css", None).await.2).unwrap();
    let font = css.split("url(").nth(1).and_then(|s| s.split(')').next()).unwrap().trim_matches(['"', '\'']);
    let (status, h, _) = fetch(&app, font, Some("br, gzip")).await;
    assert_eq!(status, 200, "{font}");
    assert!(h.get("content-encoding").is_none(), "WOFF2 is compressed by its format");
}

#[tokio::test]
async fn other_answers_are_compressed_on_the_way_out() {
    let app = spawn(true).await;
    // a search (not cached), the sign-in page, a feed, the API, an error page
    for path in ["/tim-kiem?q=khoa+hoc", "/quan-tri/dang-nhap", "/rss.xml", "/api/v1/articles", "/khong-co-trang-nay"] {
        let (status, plain_h, plain) = fetch(&app, path, None).await;
        assert!(plain_h.get("content-encoding").is_none(), "{path}");
        let (again, h, body) = fetch(&app, path, Some("br")).await;
        assert_eq!(again, status, "{path}");
        assert_eq!(h["content-encoding"], "br", "{path}");
        assert!(varies(&h), "{path}");
        let text = decoded(&h, &body);
        if path.starts_with("/quan-tri") {
            // a staff page carries a fresh token each time: the same page, not the same bytes
            let plain = String::from_utf8_lossy(&plain);
            assert!(text.trim_end().ends_with("</html>") && plain.trim_end().ends_with("</html>"), "{path}");
        } else {
            assert_eq!(text.len(), plain.len(), "{path}");
        }
        if status == 404 {
            assert!(text.contains("Không tìm thấy"), "{path}: the Vietnamese error page");
        }
    }
}
