//! The organisation (Nghị định 42/2022): functions and duties, the
//! organisation chart drawn from the units, the leaders with their
//! portfolios and contacts, each unit's head and contacts, the address,
//! hours and map — in Vietnamese at `/gioi-thieu` and in English, with the
//! site's chrome in English, at `/en/about`; each links to the other.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use dost_domain::organisation::is_attached;
use dost_store::about::{Leader, OrgUnit, Section};

use crate::http::PageHeaders;
use crate::layout::{Crumb, Layout, Meta, render_and_respond, respond};
use crate::{AppState, WebError};

/// One language's view of the organisation.
pub struct Org {
    pub name: String,
    pub parent: String,
    pub functions: Vec<String>,
    pub duties: Vec<String>,
    pub hours: Vec<String>,
    pub map: String,
    pub leaders: Vec<Person>,
    /// Divisions (phòng chuyên môn) and attached units (đơn vị trực thuộc).
    pub divisions: Vec<Unit>,
    pub attached: Vec<Unit>,
}

pub struct Person {
    pub name: String,
    pub post: String,
    pub portfolio: String,
    pub phone: String,
    pub email: String,
}

pub struct Unit {
    pub anchor: String,
    pub name: String,
    pub head: String,
    pub phone: String,
    pub email: String,
    pub duties: String,
}

fn pick(vi: &str, en: &str, english: bool) -> String {
    // an English page falls back to the Vietnamese text rather than showing nothing
    if english && !en.trim().is_empty() { en.trim().to_string() } else { vi.trim().to_string() }
}

fn org(sections: &[Section], leaders: Vec<Leader>, units: Vec<OrgUnit>, english: bool) -> Org {
    let texts = |kind: &str| -> Vec<String> {
        sections
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| pick(&s.body, &s.body_en, english))
            .filter(|t| !t.is_empty())
            .collect()
    };
    let names = texts("ten_co_quan");
    let unit = |u: &OrgUnit| Unit {
        anchor: format!("dv-{}", u.code.to_lowercase()),
        name: pick(&u.name, &u.name_en, english),
        head: u.head.clone(),
        phone: u.phone.clone(),
        email: u.email.clone(),
        duties: pick(&u.duties, &u.duties_en, english),
    };
    Org {
        name: names.first().cloned().unwrap_or_default(),
        parent: names.get(1).cloned().unwrap_or_default(),
        functions: texts("vi_tri_chuc_nang"),
        duties: texts("nhiem_vu"),
        hours: texts("gio_lam_viec"),
        map: sections.iter().find(|s| s.kind == "ban_do").map(|s| s.body.trim().to_string()).unwrap_or_default(),
        leaders: leaders
            .into_iter()
            .map(|l| Person {
                post: pick(&l.post, &l.post_en, english),
                portfolio: pick(&l.portfolio, &l.portfolio_en, english),
                name: l.name,
                phone: l.phone,
                email: l.email,
            })
            .collect(),
        divisions: units.iter().filter(|u| !is_attached(&u.kind)).map(unit).collect(),
        attached: units.iter().filter(|u| is_attached(&u.kind)).map(unit).collect(),
    }
}

async fn load(state: &AppState, english: bool) -> Result<Org, WebError> {
    let sections = dost_store::about::sections(&state.db).await?;
    let leaders = dost_store::about::leaders(&state.db).await?;
    // the units open today: a closed unit leaves the chart (its records stay)
    let units = dost_store::about::units(&state.db, state.today()).await?;
    Ok(org(&sections, leaders, units, english))
}

#[derive(Template)]
#[template(path = "about.html")]
struct AboutTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    o: Org,
}

/// `GET /gioi-thieu`
pub async fn vietnamese(State(state): State<AppState>, cached: PageHeaders) -> Result<Response, WebError> {
    if let Some(hit) = state.cache.get("/gioi-thieu") {
        return Ok(respond(&state, &cached, &hit));
    }
    let o = load(&state, false).await?;
    let mut meta = Meta::new(&state, "Giới thiệu".into(), "/gioi-thieu");
    meta.description =
        format!("Chức năng, nhiệm vụ, cơ cấu tổ chức, lãnh đạo và liên hệ của {}", state.layout.get().site.org);
    meta.breadcrumb = vec![Crumb { name: "Giới thiệu".into(), url: "/gioi-thieu".into() }];
    let t = AboutTemplate { meta, layout: state.layout.get(), o };
    render_and_respond(&state, &cached, Some("/gioi-thieu".into()), &t)
}

#[derive(Template)]
#[template(path = "en_about.html")]
struct EnglishTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    o: Org,
}

/// `GET /en/about`: the same page in English, with the chrome in English.
pub async fn english(State(state): State<AppState>, cached: PageHeaders) -> Result<Response, WebError> {
    if let Some(hit) = state.cache.get("/en/about") {
        return Ok(respond(&state, &cached, &hit));
    }
    let o = load(&state, true).await?;
    let mut meta = Meta::new(&state, format!("About us — {}", o.name), "/en/about");
    meta.description = format!("Functions, duties, organisation, leadership and contacts of the {}", o.name);
    let t = EnglishTemplate { meta, layout: state.layout.get(), o };
    render_and_respond(&state, &cached, Some("/en/about".into()), &t)
}
