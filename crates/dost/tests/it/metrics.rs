//! `/metrics` (issue 18): what the server did, read back by Prometheus's own
//! parser, and shown to the machine itself only.

use serde_json::Value;

use crate::support::*;

/// The samples of the exposition, parsed by prometheus_client: (name, labels, value).
fn samples(text: &str) -> Vec<(String, Value, f64)> {
    let script = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.argv[1]):
    for s in family.samples:
        out.append([s.name, s.labels, s.value])
print(json.dumps(out))
"#;
    let parsed: Vec<(String, Value, f64)> = serde_json::from_str(&python(script, text)).expect("json");
    parsed
}

fn value(all: &[(String, Value, f64)], name: &str, labels: &[(&str, &str)]) -> f64 {
    all.iter().filter(|(n, l, _)| n == name && labels.iter().all(|(k, v)| l[*k] == *v)).map(|(_, _, v)| *v).sum()
}

#[tokio::test]
async fn metrics_count_requests_cache_hits_and_flushes_for_the_machine_only() {
    use tracing_subscriber::prelude::*;
    // as the binary does: the pool's waits reach /metrics
    let waits = dost_web::pool_waits::PoolWaits.with_filter(dost_web::pool_waits::filter());
    let _ = tracing_subscriber::registry().with(waits).try_init();
    let app = spawn(true).await;
    let article = app.article_path(REVIEW_TITLE).await;
    for _ in 0..3 {
        assert_eq!(app.get(&article).await.status, 200);
    }
    assert_eq!(app.get("/khong-co-trang-nay").await.status, 404);
    assert_eq!(app.get("/tim-kiem?q=khoa+hoc").await.status, 200);
    app.state.flush_visitors().await.unwrap();

    let r = app.get("/metrics").await;
    assert_eq!(r.status, 200);
    assert!(r.headers["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let all = samples(&r.body);
    // the first view went through the router and filled the cache, the next two came from it
    assert_eq!(value(&all, "dost_http_requests_total", &[("route", "/{category}/{article}"), ("status", "200")]), 1.0);
    assert_eq!(value(&all, "dost_http_requests_total", &[("route", "(page cache)"), ("status", "200")]), 2.0);
    assert_eq!(value(&all, "dost_http_requests_total", &[("route", "/tim-kiem"), ("status", "200")]), 1.0);
    assert!(value(&all, "dost_http_requests_total", &[("status", "404")]) >= 1.0);
    assert_eq!(value(&all, "dost_http_request_duration_seconds_count", &[("route", "(page cache)")]), 2.0);
    assert_eq!(
        value(&all, "dost_http_request_duration_seconds_bucket", &[("route", "(page cache)"), ("le", "+Inf")]),
        2.0
    );
    assert!(value(&all, "dost_page_cache_hits_total", &[]) >= 2.0);
    assert!(value(&all, "dost_page_cache_pages", &[]) >= 1.0);
    assert!(value(&all, "dost_db_pool_connections", &[]) >= 1.0);
    assert!(value(&all, "dost_visitor_flushes_total", &[]) >= 1.0);
    // every connection taken from the pool is counted with its wait
    let acquired = value(&all, "dost_db_pool_acquire_seconds_count", &[]);
    assert!(acquired >= 1.0, "pool waits counted: {acquired}");
    assert_eq!(value(&all, "dost_db_pool_acquire_seconds_bucket", &[("le", "+Inf")]), acquired);

    // every routed answer names its request; the proxy's id is kept when it is a plain token
    let c = client(BROWSER_UA);
    let search = c.get(format!("{}/tim-kiem?q=do+luong", app.base)).send().await.unwrap();
    assert!(!search.headers()["x-request-id"].is_empty());
    let tagged = c.get(format!("{}/tim-kiem?q=x", app.base)).header("X-Request-Id", "ngx-4f2a").send().await.unwrap();
    assert_eq!(tagged.headers()["x-request-id"], "ngx-4f2a");
    let odd = c.get(format!("{}/tim-kiem?q=x", app.base)).header("X-Request-Id", "<script>").send().await.unwrap();
    assert_ne!(odd.headers()["x-request-id"], "<script>");

    // through a proxy, or from another machine, there is nothing there: a proxy that only
    // passes the request on still adds one of these
    for (name, value) in [
        ("X-Forwarded-For", "203.0.113.9"),
        ("Forwarded", "for=203.0.113.9"),
        ("X-Real-IP", "203.0.113.9"),
        ("Via", "1.1 nginx"),
    ] {
        let proxied = c.get(format!("{}/metrics", app.base)).header(name, value).send().await.unwrap();
        assert_eq!(proxied.status(), 404, "{name}");
        assert!(proxied.text().await.unwrap().contains("không tồn tại"));
    }
}

#[tokio::test]
async fn metrics_have_a_listener_of_their_own_and_the_public_one_refuses_them() {
    let app = spawn_with(false, |o| o.metrics_listener = true).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(dost_web::metrics::serve_metrics(listener, app.state.clone()));
    assert_eq!(app.get("/").await.status, 200);
    assert_eq!(app.get("/metrics").await.status, 404, "the public listener never answers /metrics");
    let r = reqwest::get(format!("http://{addr}/metrics")).await.unwrap();
    assert_eq!(r.status(), 200);
    let all = samples(&r.text().await.unwrap());
    assert!(value(&all, "dost_http_requests_total", &[("status", "404")]) >= 1.0);
    assert_eq!(reqwest::get(format!("http://{addr}/")).await.unwrap().status(), 404, "only /metrics there");
    task.abort();
}
