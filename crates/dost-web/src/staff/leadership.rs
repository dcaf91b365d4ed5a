//! The leadership dashboard: for a chosen period, every unit's plan-vs-done
//! figures and counts, computed from the records (never typed twice).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use dost_domain::access::{Action, DOSSIER_UNITS, Resource, VERIFICATION_UNITS};
use dost_domain::format;
use dost_export::svg::{Pair, stacked_bars};

use super::{Staff, StaffPage, no_store};
use crate::http::query::StaffQuery;
use crate::{AppState, WebError};

#[derive(Template)]
#[template(path = "staff/leadership.html")]
struct LeadershipTemplate {
    page: StaffPage,
    from: String,
    to: String,
    year: i32,
    form_error: Option<String>,
    verification_chart: String,
    verification: Vec<(String, String, String)>,
    period_query: String,
    sales: Vec<(String, String, String, i64)>,
    dossiers: Vec<(String, String, String)>,
    inspections: Vec<String>,
    others: Vec<(String, String)>,
    tasks: Vec<String>,
    directives: Vec<(String, String, String, bool)>,
    sales_chart: String,
    /// Things to act on today: (text, link).
    attention: Vec<(String, &'static str)>,
    links: Links,
}

/// Which of the page's links the person may open.
struct Links {
    verifications: bool,
    record_verification: bool,
    dossiers: bool,
    record_dossier: bool,
    inspections: bool,
    record_inspection: bool,
    sales: bool,
    directives: bool,
}

pub fn field_label(f: &str) -> &'static str {
    dost_domain::registers::VERIFICATION_FIELDS.iter().find(|x| x.0 == f).map(|x| x.1).unwrap_or("Khác")
}

pub async fn dashboard(State(state): State<AppState>, staff: Staff, q: StaffQuery) -> Result<Response, WebError> {
    let today = format::vn_date(state.clock.now());
    let parse = |k: &str, default: NaiveDate| match q.get(k).map(|s| s.trim()) {
        None | Some("") => Ok(default),
        Some(s) => NaiveDate::parse_from_str(s, "%d/%m/%Y")
            .map_err(|_| format!("Ngày «{s}» không hợp lệ; hãy nhập theo mẫu 30/09/2020.")),
    };
    let mut form_error = None;
    let from = parse("tu", NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today)).unwrap_or_else(|e| {
        form_error = Some(e);
        today
    });
    let to = parse("den", today).unwrap_or_else(|e| {
        form_error = Some(e);
        today
    });
    if to < from && form_error.is_none() {
        form_error = Some("Ngày kết thúc của kỳ không được trước ngày bắt đầu.".into());
    }
    let year = to.year();
    let db = &state.db;
    let verif = dost_store::work::verifications_by_field(db, from, to, i64::from(year)).await?;
    let pairs: Vec<Pair> = verif
        .iter()
        .map(|(f, done, plan)| Pair {
            label: field_label(f).into(),
            a: *done,
            b: plan.map(|p| (p - done).max(0)).unwrap_or(0),
        })
        .collect();
    let verification_chart = stacked_bars(
        "Kiểm định phương tiện đo: đã thực hiện và còn lại so với kế hoạch",
        "đã thực hiện",
        "còn lại theo kế hoạch",
        &pairs,
    );
    let verification = verif
        .iter()
        .map(|(f, done, plan)| {
            (
                field_label(f).to_string(),
                plan.map(|p| format::plan_vs_done(*done, p)).unwrap_or_else(|| format::count(*done)),
                f.clone(),
            )
        })
        .collect();
    let products = dost_store::registers::products(db).await?;
    let sold = dost_store::work::sales_by_product(db, from, to, i64::from(year)).await?;
    let sales = sold
        .iter()
        .map(|(code, name, measure, qty, plan)| {
            let (qty, plan) = (*qty, *plan);
            (
                name.clone(),
                format!("{} {measure}", format::int(qty)),
                plan.map(|p| format!("{}/{} (đạt {})", format::int(qty), format::int(p), format::percent(qty, p)))
                    .unwrap_or_default(),
                products.iter().find(|p| p.1 == *code).map(|p| p.0).unwrap_or(0),
            )
        })
        .collect();
    let sales_chart = {
        let pairs: Vec<Pair> = sold
            .iter()
            .map(|(_, name, _, qty, plan)| Pair {
                label: name.clone(),
                a: *qty,
                b: plan.map(|p| (p - qty).max(0)).unwrap_or(0),
            })
            .collect();
        stacked_bars(
            "Tiêu thụ sản phẩm của Trung tâm: đã bán và còn lại so với kế hoạch",
            "đã tiêu thụ",
            "còn lại theo kế hoạch",
            &pairs,
        )
    };
    let returned = dost_store::work::dossiers_by_procedure(db, from, to).await?;
    let radiation: i64 = returned.iter().filter(|r| r.0 == "buc_xa").map(|r| r.3).sum();
    let dossiers = returned
        .into_iter()
        .map(|(_, _, name, n, amount)| {
            (name, format::count(n), if amount > 0 { format::money(amount) } else { String::new() })
        })
        .collect();
    let summary = dost_store::work::inspections_summary(db, from, to).await?;
    let sum = |kind: &str, pred: &dyn Fn(&str, &str) -> bool| -> i64 {
        summary.iter().filter(|(k, d, s, _)| k == kind && pred(d, s)).map(|r| r.3).sum()
    };
    let districts = dost_store::work::inspection_districts(db, from, to, "khao_sat").await?;
    let inspections = vec![
        format!("Hồ sơ an toàn bức xạ, hạt nhân đã giải quyết: {}", format::count(radiation)),
        format!(
            "Kiểm tra chất lượng, đo lường, nhãn hàng hóa: {} cơ sở",
            format::count(sum("kiem_tra", &|d, _| matches!(d, "chat_luong" | "do_luong" | "nhan_hang")))
        ),
        format!(
            "Khảo sát chất lượng sản phẩm, hàng hóa: {} cơ sở ({})",
            format::count(sum("khao_sat", &|_, _| true)),
            districts.join(", ")
        ),
        format!(
            "Hướng dẫn về tiêu chuẩn, đo lường, chất lượng: {} cơ sở",
            format::count(sum("huong_dan", &|_, _| true))
        ),
        format!(
            "Kiểm tra áp dụng TCVN ISO 9001:2015: {} cơ quan",
            format::count(sum("kiem_tra", &|d, _| d == "iso_9001"))
        ),
        format!("Thanh tra chuyên ngành: {} cuộc", format::count(sum("thanh_tra", &|_, _| true))),
    ];
    let simple = dost_store::work::simple_summary(db, from, to).await?;
    let get = |table: &str, kind: &str| {
        simple.iter().find(|r| r.0 == table && r.1 == kind).map(|r| (r.2, r.3)).unwrap_or((0, 0))
    };
    let bulletins = get("outreach", "ban_tin");
    let (articles, videos) = dost_store::work::web_posts(db, from, to).await?;
    let pq = format!("tu={}&den={}", crate::http::encode(&format::date(from)), crate::http::encode(&format::date(to)));
    let link = |path: &str, kind: &str| format!("{path}?{pq}&loai={kind}");
    let others = vec![
        (
            format!(
                "Kiểm xạ phòng và kiểm định máy X-quang: {} cơ sở",
                format::count(get("centre_services", "kiem_xa_x_quang").0)
            ),
            link("/quan-tri/so/dich-vu", "kiem_xa_x_quang"),
        ),
        (
            format!(
                "Lớp tập huấn kỹ thuật: {} lớp, {} người",
                format::count(get("centre_services", "tap_huan").0),
                format::int(get("centre_services", "tap_huan").1)
            ),
            link("/quan-tri/so/dich-vu", "tap_huan"),
        ),
        (
            format!(
                "Tin, bài và video đăng trên Trang thông tin điện tử: {} ({} tin bài, {} video)",
                format::int(articles + videos),
                format::int(articles),
                format::int(videos)
            ),
            link("/quan-tri/so-lieu/bai-dang", ""),
        ),
        (
            format!("Chương trình truyền hình: {}", format::count(get("outreach", "truyen_hinh").0)),
            link("/quan-tri/so/truyen-thong", "truyen_hinh"),
        ),
        (
            format!("Lịch KH&CN: {} cuốn", format::int(get("outreach", "lich").1)),
            link("/quan-tri/so/truyen-thong", "lich"),
        ),
        (
            format!("Tài liệu Thông tin KH&CN: {} số, {} cuốn", format::count(bulletins.0), format::int(bulletins.1)),
            link("/quan-tri/so/truyen-thong", "ban_tin"),
        ),
        (
            format!(
                "Dự thảo văn bản của Quỹ phát triển KH&CN: {}",
                format::count(get("fund_cases", "du_thao_van_ban").0)
            ),
            link("/quan-tri/so/quy", "du_thao_van_ban"),
        ),
        (
            format!(
                "Kế hoạch, báo cáo tham mưu cho UBND tỉnh: {}",
                format::count(get("advisory_documents", "ke_hoach").0 + get("advisory_documents", "bao_cao").0)
            ),
            link("/quan-tri/so/tham-muu", ""),
        ),
        (
            format!(
                "Dự thảo văn bản quy phạm pháp luật: {}",
                format::count(get("advisory_documents", "du_thao_vbqppl").0)
            ),
            link("/quan-tri/so/tham-muu", "du_thao_vbqppl"),
        ),
    ];
    // S&T tasks, from the register (the same figures as the period report).
    let period = dost_domain::report::Period { from, to, kind: None };
    let tf = dost_store::report::task_figures(db, &period).await?;
    let n = |v: &Vec<i64>| v.len() as i64;
    let tasks = vec![
        format!("Nhiệm vụ cấp tỉnh đang theo dõi: {}", format::count(n(&tf.provincial))),
        format!(
            "Dự án cấp Bộ: {}; dự án nông thôn miền núi: {}",
            format::count(n(&tf.ministry)),
            format::count(n(&tf.rural))
        ),
        format!(
            "Dự án cấp quốc gia: {}; dự án cấp thiết địa phương: {}; nhiệm vụ sở hữu trí tuệ: {}",
            format::count(n(&tf.national)),
            format::count(n(&tf.urgent)),
            format::count(n(&tf.ip))
        ),
        format!(
            "Hội đồng tuyển chọn, giao trực tiếp nhiệm vụ bắt đầu năm {year}: {}/{}",
            format::count(n(&tf.with_council)),
            format::count(n(&tf.new_tasks))
        ),
        format!(
            "Thẩm định nội dung, kinh phí: {}/{}",
            format::count(n(&tf.appraised)),
            format::count(n(&tf.new_tasks))
        ),
        format!("Dự án nông thôn miền núi đề xuất cho năm {}: {}", year + 1, format::count(n(&tf.proposed_next))),
    ];
    let directives = dost_store::work::open_directives(db)
        .await?
        .into_iter()
        .map(|d| {
            let overdue = d.deadline.is_some_and(|x| x < today);
            (d.text, d.unit_name, d.deadline.map(format::date).unwrap_or_default(), overdue)
        })
        .collect();
    // What needs acting on today, whatever the period.
    let overdue_dossiers =
        dost_store::work::dossiers(db, today, today, true).await?.iter().filter(|d| d.due() < today).count();
    let overdue_task_deadlines =
        dost_store::tasks::open_deadlines(db, today).await?.iter().filter(|d| d.due_on < today).count();
    let soon = today + chrono::Duration::days(30);
    let instruments = dost_store::work::instruments_due(db, today, soon).await?.len();
    let licences = dost_store::work::licences_expiring(db, today, today + chrono::Duration::days(90)).await?.len();
    let attention = vec![
        (
            format!("Hồ sơ thủ tục hành chính đang giải quyết đã quá hạn: {}", format::int(overdue_dossiers as i64)),
            "/quan-tri/ho-so?mo=1",
        ),
        (
            format!("Hạn của nhiệm vụ KH&CN đã qua mà chưa hoàn thành: {}", format::int(overdue_task_deadlines as i64)),
            "/quan-tri/nhiem-vu/qua-han",
        ),
        (
            format!("Phương tiện đo hết hạn kiểm định trong 30 ngày tới: {}", format::int(instruments as i64)),
            "/quan-tri/sap-den-han",
        ),
        (
            format!("Giấy phép bức xạ hết hạn trong 90 ngày tới: {}", format::int(licences as i64)),
            "/quan-tri/sap-den-han?so-ngay=90",
        ),
    ];
    // only what the person may open is a link
    let others = others
        .into_iter()
        .map(|(text, url)| {
            let table = match url.split('?').next().unwrap_or("") {
                "/quan-tri/so-lieu/bai-dang" => Some("articles"),
                p => p.strip_prefix("/quan-tri/so/").and_then(dost_domain::registers::find).map(|r| r.table),
            };
            let open = table.is_some_and(|t| super::records::may_open_table(&staff, t));
            (text, if open { url } else { String::new() })
        })
        .collect();
    let attention = attention
        .into_iter()
        .filter(|(_, url)| match *url {
            "/quan-tri/ho-so?mo=1" => staff.may(Action::Read, Resource::Records(DOSSIER_UNITS)),
            "/quan-tri/nhiem-vu/qua-han" => staff.may(Action::Read, Resource::Tasks),
            _ => true,
        })
        .collect();
    let links = Links {
        verifications: super::records::may_open_table(&staff, "verifications"),
        record_verification: staff.may(Action::Write, Resource::Records(VERIFICATION_UNITS)),
        dossiers: super::records::may_open_table(&staff, "dossiers"),
        record_dossier: staff.may(Action::Write, Resource::Records(DOSSIER_UNITS)),
        inspections: super::records::may_open_table(&staff, "inspections"),
        record_inspection: dost_domain::registers::find("kiem-tra")
            .is_some_and(|r| staff.may(Action::Write, Resource::Records(r.owners))),
        sales: super::records::may_open_table(&staff, "sales"),
        directives: staff.may(Action::Read, Resource::Directives),
    };
    let has_error = form_error.is_some();
    let t = LeadershipTemplate {
        page: StaffPage::new(&staff, "Kết quả công tác", "/quan-tri/lanh-dao"),
        from: format::date(from),
        to: format::date(to),
        year,
        form_error,
        verification_chart,
        verification,
        // Only percent-encoded characters and `&amp;`: safe to place in an attribute as it is.
        period_query: format!(
            "tu={}&amp;den={}",
            crate::http::encode(&format::date(from)),
            crate::http::encode(&format::date(to))
        ),
        sales,
        dossiers,
        inspections,
        others,
        tasks,
        directives,
        sales_chart,
        attention,
        links,
    };
    let mut resp = no_store(t.render()?);
    if has_error {
        *resp.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(resp)
}
