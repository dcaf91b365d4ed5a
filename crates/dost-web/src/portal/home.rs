use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::views::{Item, items};
use crate::http::PageHeaders;
use crate::layout::{Layout, Meta, render_and_respond, respond};
use crate::{AppState, WebError};

pub struct Section {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub items: Vec<Item>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    top: Option<Item>,
    featured: Vec<Item>,
    latest: Vec<Item>,
    sections: Vec<Section>,
}

pub async fn home(State(state): State<AppState>, cached: PageHeaders) -> Result<Response, WebError> {
    let now = state.clock.now();
    if let Some(page) = state.cache.get("/") {
        return Ok(respond(&state, &cached, &page));
    }
    let layout = state.layout.get();
    let mut featured = items(dost_store::portal::featured(&state.db, now, 5).await?);
    let top = if featured.is_empty() { None } else { Some(featured.remove(0)) };
    let latest = items(dost_store::portal::latest(&state.db, now, 8, 0).await?);
    let mut sections = Vec::new();
    for c in layout.tree.all.iter().filter(|c| c.show_on_home) {
        let list = dost_store::portal::in_category(&state.db, now, c.id, 4).await?;
        if !list.is_empty() {
            sections.push(Section {
                slug: c.slug.clone(),
                name: c.name.clone(),
                url: format!("/{}", c.slug),
                items: items(list),
            });
        }
    }
    let mut meta = Meta::new(&state, layout.site.name.clone(), "/");
    meta.description = layout.site.description.clone();
    let t = HomeTemplate { meta, layout, top, featured, latest, sections };
    render_and_respond(&state, &cached, Some("/".into()), &t)
}
