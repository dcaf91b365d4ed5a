//! The public portal's routes.

mod about;
mod article;
mod category;
mod disclosures;
mod drafts;
mod feeds;
mod home;
pub(crate) mod legal;
mod media;
mod misc;
mod public_form;
mod questions;
pub(crate) mod register;
mod schedule;
pub(crate) mod search;
mod section_feeds;
pub(crate) mod services;
pub(crate) mod sitemap;
mod stats;
mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/healthz", get(misc::healthz))
        .route("/readyz", get(misc::readyz))
        .route("/tim-kiem", get(search::search))
        .route("/rss.xml", get(feeds::rss_all))
        .route("/rss/{file}", get(feeds::rss_category))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/sitemaps/{file}", get(sitemap::part))
        .route("/robots.txt", get(feeds::robots))
        .route("/in/{id}", get(article::print))
        .route("/danh-gia/{id}", post(article::rate))
        .route("/video/{id}", get(media::video))
        .route("/tai-lieu/{id}", get(media::document))
        .route("/tep/{*path}", get(media::upload))
        .route("/nhiem-vu", get(register::list))
        .route("/nhiem-vu/{id}", get(register::task))
        .route("/thong-ke", get(stats::page))
        .route("/thu-tuc-hanh-chinh", get(services::procedures))
        .route("/thu-tuc-hanh-chinh/{code}", get(services::procedure))
        .route("/tra-cuu-ho-so", get(services::lookup))
        .route("/lich-cong-tac", get(schedule::week))
        .route("/van-ban", get(legal::list))
        .route("/van-ban/{id}", get(legal::page))
        .route("/cong-khai", get(disclosures::page))
        .route("/du-thao", get(drafts::list))
        .route("/du-thao/{id}", get(drafts::page))
        .route("/du-thao/{id}/gop-y", post(drafts::comment).layer(DefaultBodyLimit::max(public_form::MAX_BODY)))
        .route("/hoi-dap", get(questions::list))
        .route(
            "/hoi-dap/gui-cau-hoi",
            get(questions::ask_form).post(questions::ask).layer(DefaultBodyLimit::max(public_form::MAX_BODY)),
        )
        .route("/hoi-dap/{id}", get(questions::page))
        .route("/lien-he", get(misc::contact))
        .route("/gioi-thieu", get(about::vietnamese))
        .route("/en/about", get(about::english))
        .route("/{category}", get(category::category))
        .route("/{category}/{article}", get(article::article))
        .fallback(misc::not_found)
}

/// Who the audit log names for something a visitor sent (they are not signed in).
fn visitor_actor(name: &str, ip: &str) -> dost_store::audit::Actor {
    let name: String = name.chars().take(80).collect();
    dost_store::audit::Actor {
        user_id: None,
        username: format!("Khách: {name}"),
        ip: ip.to_string(),
        unit: String::new(),
    }
}
