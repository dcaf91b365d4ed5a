//! The leadership dashboard: a view over the period's figures — the same
//! records and counting rules as the period report — with what needs acting
//! on today. Every figure links to the records it rests on, where the person
//! may open them.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use dost_domain::access::{Action, Resource};
use dost_domain::format;
use dost_domain::organisation::{DOSSIERS, VERIFICATIONS};
use dost_domain::report::dashboard::{self as view, Dashboard, Link, PlanLine};
use dost_export::svg::{Pair, stacked_bars};

use super::{Staff, StaffPage, no_store_checked, period};
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

/// A figure as the page shows it: its text, and where its records are (empty: not for this person).
struct Figure {
    label: String,
    text: String,
    /// Against the year's plan, when there is one.
    plan: String,
    link: String,
}

struct DossierRow {
    name: String,
    count: String,
    amount: String,
}

struct DirectiveRow {
    text: String,
    unit: String,
    deadline: String,
    overdue: bool,
}

/// Something to act on today, and where.
struct Attention {
    text: String,
    link: &'static str,
}

#[derive(Template)]
#[template(path = "staff/leadership.html")]
struct LeadershipTemplate {
    page: StaffPage,
    from: String,
    to: String,
    year: i32,
    form_error: Option<String>,
    verification_chart: String,
    verification: Vec<Figure>,
    sales_chart: String,
    sales: Vec<Figure>,
    dossiers: Vec<DossierRow>,
    /// `tu=…&amp;den=…`, for the list links.
    period_query: String,
    inspections: Vec<Figure>,
    others: Vec<Figure>,
    tasks: Vec<Figure>,
    directives: Vec<DirectiveRow>,
    attention: Vec<Attention>,
    links: Links,
}

/// Which of the page's links the person may follow.
struct Links {
    record_verification: bool,
    record_dossier: bool,
    record_inspection: bool,
    dossiers: bool,
    inspections: bool,
    directives: bool,
}

/// The address of a link's records, if the person may open them.
fn href(staff: &Staff, link: &Link, period_query: &str) -> String {
    if !super::records::may_open_table(staff, link.table()) {
        return String::new();
    }
    match link {
        Link::Area { area, kind } => {
            format!("/quan-tri/so-lieu/{area}?{period_query}&loai={}", crate::http::encode(kind))
        }
        Link::Register { register, kind } => {
            format!("/quan-tri/so/{register}?{period_query}&loai={}", crate::http::encode(kind))
        }
    }
}

fn chart(title: &str, done: &str, left: &str, lines: &[PlanLine]) -> String {
    let pairs: Vec<Pair> = lines
        .iter()
        .map(|l| Pair { label: l.label.clone(), a: l.done, b: l.plan.map(|p| (p - l.done).max(0)).unwrap_or(0) })
        .collect();
    stacked_bars(title, done, left, &pairs)
}

pub async fn dashboard(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let today = format::vn_date(state.clock.now());
    let (period, form_error) = period::chosen(&q, today);
    let year = period.to.year();
    let figures = dost_store::report::figures(&state.db, &period).await?;
    let Dashboard { verification, sales, dossiers, inspections, others, tasks } = view::dashboard(&figures, year);
    let pq = period::query(&period);
    let figure = |label: String, text: String, plan: String, link: Option<&Link>| Figure {
        label,
        text,
        plan,
        link: link.map(|l| href(&staff, l, &pq)).unwrap_or_default(),
    };
    let lines = |ls: Vec<view::Line>| -> Vec<Figure> {
        ls.into_iter().map(|l| figure(String::new(), l.text, String::new(), l.link.as_ref())).collect()
    };
    let t = LeadershipTemplate {
        page: StaffPage::new(&staff, "Kết quả công tác", "/quan-tri/lanh-dao"),
        from: format::date(period.from),
        to: format::date(period.to),
        year,
        verification_chart: chart(
            "Kiểm định phương tiện đo: đã thực hiện và còn lại so với kế hoạch",
            "đã thực hiện",
            "còn lại theo kế hoạch",
            &verification,
        ),
        sales_chart: chart(
            "Tiêu thụ sản phẩm của Trung tâm: đã bán và còn lại so với kế hoạch",
            "đã tiêu thụ",
            "còn lại theo kế hoạch",
            &sales,
        ),
        verification: verification
            .iter()
            .map(|v| {
                let text = v.plan.map(|p| format::plan_vs_done(v.done, p)).unwrap_or_else(|| format::count(v.done));
                figure(v.label.clone(), text, String::new(), Some(&v.link))
            })
            .collect(),
        sales: sales
            .iter()
            .map(|s| {
                let plan = s
                    .plan
                    .map(|p| format!("{}/{}, đạt {}", format::int(s.done), format::int(p), format::percent(s.done, p)))
                    .unwrap_or_default();
                figure(s.label.clone(), format!("{} {}", format::int(s.done), s.measure), plan, Some(&s.link))
            })
            .collect(),
        dossiers: dossiers
            .into_iter()
            .map(|d| DossierRow {
                name: d.name,
                count: format::count(d.count),
                amount: if d.amount > 0 { format::money(d.amount) } else { String::new() },
            })
            .collect(),
        // only percent-encoded characters and `&amp;`: safe in an attribute as it is
        period_query: pq.replace('&', "&amp;"),
        inspections: lines(inspections),
        others: lines(others),
        tasks: lines(tasks),
        directives: figures
            .directives
            .iter()
            .map(|d| DirectiveRow {
                text: d.text.clone(),
                unit: d.unit_name.clone(),
                deadline: d.deadline.map(format::date).unwrap_or_default(),
                overdue: d.deadline.is_some_and(|x| x < today),
            })
            .collect(),
        attention: attention(&state, &staff, today).await?,
        links: Links {
            record_verification: staff.may_keep(Action::Write, VERIFICATIONS),
            record_dossier: staff.may_keep(Action::Write, DOSSIERS),
            record_inspection: dost_domain::registers::find("kiem-tra")
                .is_some_and(|r| staff.may(Action::Write, Resource::Keeps(&r.kind()))),
            dossiers: super::records::may_open_table(&staff, "dossiers"),
            inspections: super::records::may_open_table(&staff, "inspections"),
            directives: staff.may(Action::Read, Resource::Directives),
        },
        form_error: form_error.clone(),
    };
    Ok(no_store_checked(t.render()?, form_error.is_some()))
}

/// What needs acting on today, whatever the period: only what the person may open.
async fn attention(state: &AppState, staff: &Staff, today: chrono::NaiveDate) -> Result<Vec<Attention>, WebError> {
    let db = &state.db;
    let days = chrono::Duration::days;
    let mut out = Vec::new();
    if staff.may_keep(Action::Read, DOSSIERS) {
        let late = dost_store::work::dossiers(db, today, today, true).await?.iter().filter(|d| d.due() < today).count();
        out.push(Attention {
            text: format!("Hồ sơ thủ tục hành chính đang giải quyết đã quá hạn: {}", format::int(late as i64)),
            link: "/quan-tri/ho-so?mo=1",
        });
    }
    if staff.may(Action::Read, Resource::Tasks) {
        let late = dost_store::tasks::open_deadlines(db, today).await?.iter().filter(|d| d.due_on < today).count();
        out.push(Attention {
            text: format!("Hạn của nhiệm vụ KH&CN đã qua mà chưa hoàn thành: {}", format::int(late as i64)),
            link: "/quan-tri/nhiem-vu/qua-han",
        });
    }
    let instruments = dost_store::work::instruments_due(db, today, today + days(30)).await?.len();
    out.push(Attention {
        text: format!("Phương tiện đo hết hạn kiểm định trong 30 ngày tới: {}", format::int(instruments as i64)),
        link: "/quan-tri/sap-den-han",
    });
    let licences = dost_store::work::licences_expiring(db, today, today + days(90)).await?.len();
    out.push(Attention {
        text: format!("Giấy phép bức xạ hết hạn trong 90 ngày tới: {}", format::int(licences as i64)),
        link: "/quan-tri/sap-den-han?so-ngay=90",
    });
    Ok(out)
}
