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
mod page_views;
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
use axum::routing::{MethodRouter, get, post};

use crate::AppState;

/// The portal's routes; those that are pages count a view (`page_views.rs`).
pub fn router(state: AppState) -> Router<AppState> {
    let page = |h: MethodRouter<AppState>| {
        h.route_layer(axum::middleware::from_fn_with_state(state.clone(), page_views::count))
    };
    Router::new()
        .route("/", page(get(home::home)))
        .route("/healthz", get(misc::healthz))
        .route("/readyz", get(misc::readyz))
        .route("/tim-kiem", page(get(search::search)))
        .route("/rss.xml", get(feeds::rss_all))
        .route("/rss/{file}", get(feeds::rss_category))
        .route("/sitemap.xml", get(sitemap::sitemap))
        .route("/sitemaps/{file}", get(sitemap::part))
        .route("/robots.txt", get(feeds::robots))
        .route("/in/{id}", get(article::print))
        .route("/danh-gia/{id}", post(article::rate))
        .route("/video/{id}", page(get(media::video)))
        .route("/tai-lieu/{id}", get(media::document))
        .route("/tep/{*path}", get(media::upload))
        .route("/nhiem-vu", page(get(register::list)))
        .route("/nhiem-vu/{id}", page(get(register::task)))
        .route("/thong-ke", page(get(stats::page)))
        .route("/thu-tuc-hanh-chinh", page(get(services::procedures)))
        .route("/thu-tuc-hanh-chinh/{code}", page(get(services::procedure)))
        .route("/tra-cuu-ho-so", page(get(services::lookup)))
        .route("/lich-cong-tac", page(get(schedule::week)))
        .route("/van-ban", page(get(legal::list)))
        .route("/van-ban/{id}", page(get(legal::page)))
        .route("/cong-khai", page(get(disclosures::page)))
        .route("/du-thao", page(get(drafts::list)))
        .route("/du-thao/{id}", page(get(drafts::page)))
        .route("/du-thao/{id}/gop-y", post(drafts::comment).layer(DefaultBodyLimit::max(public_form::MAX_BODY)))
        .route("/hoi-dap", page(get(questions::list)))
        .route(
            "/hoi-dap/gui-cau-hoi",
            page(get(questions::ask_form)).post(questions::ask).layer(DefaultBodyLimit::max(public_form::MAX_BODY)),
        )
        .route("/hoi-dap/{id}", page(get(questions::page)))
        .route("/lien-he", page(get(misc::contact)))
        .route("/gioi-thieu", page(get(about::vietnamese)))
        .route("/en/about", page(get(about::english)))
        .route("/{category}", page(get(category::category)))
        .route("/{category}/{article}", page(get(article::article)))
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
