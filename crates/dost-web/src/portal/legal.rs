//! Legal documents (Nghị định 42/2022): a list with the portal's filters and
//! search — also inside the attached PDF or DOCX —, and a page per document
//! with its relations both ways (what replaced it, what it replaced).

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use dost_domain::format;
use dost_domain::registers::{LEGAL_KINDS, LEGAL_STATUSES};
use dost_domain::text::fold;
use dost_store::legal::LegalDocument;

use crate::http::query::Query;
use crate::http::{PageHeaders, VnPath};
use crate::layout::{Crumb, Layout, Meta, render_and_respond};
use crate::view::Opt;
use crate::{AppState, WebError};

/// Most documents a list page shows (the filters narrow the rest).
const SHOWN: usize = 100;

fn label(list: &[(&str, &'static str)], code: &str) -> &'static str {
    list.iter().find(|x| x.0 == code).map(|x| x.1).unwrap_or("")
}

pub struct DocView {
    pub id: i64,
    pub number: String,
    pub kind: &'static str,
    pub issuer: String,
    pub signer: String,
    pub issued: String,
    pub effective: String,
    pub expired: String,
    pub field: String,
    pub summary: String,
    pub status: &'static str,
    pub file: String,
    /// Found by a word inside the attached file.
    pub in_file: bool,
}

fn view(d: &LegalDocument, in_file: bool) -> DocView {
    DocView {
        id: d.id,
        number: d.number.clone(),
        kind: label(LEGAL_KINDS, &d.kind),
        issuer: d.issuer.clone(),
        signer: d.signer.clone(),
        issued: format::date(d.issued_on),
        effective: d.effective_on.map(format::date).unwrap_or_default(),
        expired: d.expired_on.map(format::date).unwrap_or_default(),
        field: d.field.clone(),
        summary: d.summary.clone(),
        status: label(LEGAL_STATUSES, &d.status),
        file: d.file.clone(),
        in_file,
    }
}

#[derive(Template)]
#[template(path = "legal_list.html")]
struct ListTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    q: String,
    year: String,
    year_error: Option<String>,
    kinds: Vec<Opt>,
    issuers: Vec<Opt>,
    fields: Vec<Opt>,
    statuses: Vec<Opt>,
    total: usize,
    rows: Vec<DocView>,
}

fn opts(values: impl IntoIterator<Item = (String, String)>, chosen: &str) -> Vec<Opt> {
    values.into_iter().map(|(v, l)| Opt { selected: v == chosen, value: v, label: l }).collect()
}

/// The filters of the legal documents (empty: any).
pub struct LegalFilter<'a> {
    pub q: &'a str,
    pub kind: &'a str,
    pub issuer: &'a str,
    pub field: &'a str,
    pub status: &'a str,
    pub year: Option<i32>,
}

/// Every published document, and those matching the filters — by their
/// details or by a word inside the attached file (then `true`); the
/// portal's list and the API share it.
pub async fn matching(
    db: &dost_store::Db,
    f: &LegalFilter<'_>,
) -> Result<(Vec<LegalDocument>, Vec<(LegalDocument, bool)>), WebError> {
    let all = dost_store::legal::documents(db).await?;
    let asked = dost_domain::search::Query::of_box(f.q);
    let in_files = match &asked {
        Some(q) => dost_store::legal::with_words_in_file(db, &q.terms).await?,
        None => Vec::new(),
    };
    let mut matched = Vec::new();
    for d in &all {
        if (!f.kind.is_empty() && d.kind != f.kind)
            || (!f.issuer.is_empty() && d.issuer != f.issuer)
            || (!f.field.is_empty() && d.field != f.field)
            || (!f.status.is_empty() && d.status != f.status)
            || f.year.is_some_and(|y| d.issued_on.year() != y)
        {
            continue;
        }
        let in_meta = asked.as_ref().is_none_or(|q| {
            q.matches(&fold(&format!("{} {} {} {} {}", d.number, d.summary, d.issuer, d.signer, d.field)))
        });
        let in_file = !in_meta && in_files.contains(&d.id);
        if in_meta || in_file {
            matched.push((d.clone(), in_file));
        }
    }
    Ok((all, matched))
}

/// `GET /van-ban`: the documents, filtered and searched.
pub async fn list(State(state): State<AppState>, cached: PageHeaders, query: Query) -> Result<Response, WebError> {
    let q: String = query.text("q").chars().take(200).collect();
    let (kind, issuer, field, status) =
        (query.text("loai"), query.text("co-quan"), query.text("linh-vuc"), query.text("tinh-trang"));
    let year_text = query.text("nam");
    let key = format!(
        "/van-ban?q={}&loai={kind}&co-quan={}&nam={year_text}&linh-vuc={}&tinh-trang={status}",
        fold(&q),
        fold(&issuer),
        fold(&field)
    );
    if let Some(hit) = state.cache.get(&key) {
        return Ok(crate::layout::respond(&state, &cached, &hit));
    }
    let (year, year_error) = match year_text.as_str() {
        "" => (None, None),
        y => match y.parse::<i32>().ok().filter(|y| (1945..=2100).contains(y)) {
            Some(y) => (Some(y), None),
            None => (None, Some("Năm ban hành phải là một năm, ví dụ 2020.".to_string())),
        },
    };
    let f = LegalFilter { q: &q, kind: &kind, issuer: &issuer, field: &field, status: &status, year };
    let (all, found) = matching(&state.db, &f).await?;
    let mut matched: Vec<DocView> = found.iter().map(|(d, in_file)| view(d, *in_file)).collect();
    let total = matched.len();
    matched.truncate(SHOWN);
    let distinct = |f: fn(&LegalDocument) -> &String| {
        let mut v: Vec<String> = all.iter().map(|d| f(d).clone()).filter(|s| !s.is_empty()).collect();
        v.sort_by_key(|s| fold(s));
        v.dedup();
        v.into_iter().map(|s| (s.clone(), s)).collect::<Vec<_>>()
    };
    let pairs = |l: &[(&str, &str)]| l.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    let mut meta = Meta::new(&state, "Văn bản".into(), "/van-ban");
    meta.description = "Văn bản quy phạm pháp luật và văn bản chỉ đạo, điều hành về khoa học và công nghệ".into();
    meta.breadcrumb = vec![Crumb { name: "Văn bản".into(), url: "/van-ban".into() }];
    meta.feed = Some("/rss/van-ban.xml".into());
    let t = ListTemplate {
        meta,
        layout: state.layout.get(),
        kinds: opts(pairs(LEGAL_KINDS), &kind),
        issuers: opts(distinct(|d| &d.issuer), &issuer),
        fields: opts(distinct(|d| &d.field), &field),
        statuses: opts(pairs(LEGAL_STATUSES), &status),
        q,
        year: year_text,
        year_error,
        total,
        rows: matched,
    };
    let mut r = render_and_respond(&state, &cached, t.year_error.is_none().then_some(key), &t)?;
    if t.year_error.is_some() {
        *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(r)
}

#[derive(Template)]
#[template(path = "legal_doc.html")]
struct DocTemplate {
    meta: Meta,
    layout: Arc<Layout>,
    d: DocView,
    /// The document that replaced this one (when it is on the portal: its id).
    replaced_by: Option<(Option<i64>, String)>,
    /// The documents this one replaced.
    replaces: Vec<(i64, String, String)>,
}

/// `GET /van-ban/{id}`: one document and its relations.
pub async fn page(
    State(state): State<AppState>,
    cached: PageHeaders,
    VnPath(id): VnPath<i64>,
) -> Result<Response, WebError> {
    let all = dost_store::legal::documents(&state.db).await?;
    let d = all.iter().find(|d| d.id == id).ok_or(WebError::NotFound)?;
    let replaced_by = (!d.replaced_by.trim().is_empty()).then(|| {
        let target = all.iter().find(|o| fold(&o.number) == fold(&d.replaced_by)).map(|o| o.id);
        (target, d.replaced_by.clone())
    });
    let replaces = all
        .iter()
        .filter(|o| !o.replaced_by.is_empty() && fold(&o.replaced_by) == fold(&d.number))
        .map(|o| (o.id, o.number.clone(), o.summary.clone()))
        .collect();
    let path = format!("/van-ban/{id}");
    let mut meta = Meta::new(&state, format!("{} {}", label(LEGAL_KINDS, &d.kind), d.number), &path);
    meta.description = d.summary.clone();
    meta.breadcrumb = vec![
        Crumb { name: "Văn bản".into(), url: "/van-ban".into() },
        Crumb { name: d.number.clone(), url: path.clone() },
    ];
    let t = DocTemplate { meta, layout: state.layout.get(), d: view(d, false), replaced_by, replaces };
    render_and_respond(&state, &cached, Some(path), &t)
}
