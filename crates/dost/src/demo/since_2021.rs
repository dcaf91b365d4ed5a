//! The demo department's years after 2020, up to the day the demo is loaded
//! (the 2020 records stay exactly as the reference article has them): each
//! year's plan and its results, verifications, one-stop dossiers (more and
//! more of them online), checks, outreach, directives; the merger with the
//! information and communications department on 01/03/2025 (its divisions,
//! centre, duties and records: post licences, the digital transformation
//! plan's indicators); the inspectorate closed on 30/06/2025, its later work
//! done as checks by the divisions. Numbers are believable, not real.

use chrono::{Datelike, Days, NaiveDate};
use dost_domain::calendar::Holidays;
use dost_domain::format::vn_offset;
use dost_domain::report::{DIGITAL_INDICATORS, TELECOM_AREA, TELECOM_INDICATORS};
use dost_store::Db;
use dost_store::organisation::{self as org, NewUnit};
use dost_store::work::{self, NewDossier, NewInspection, NewVerification};

use super::DemoError;

/// The day the information and communications department merged in.
pub fn merger_day() -> NaiveDate {
    d(2025, 3, 1)
}

/// The inspectorate's last day (Luật Thanh tra 84/2025/QH15 ends department inspectorates).
pub fn inspectorate_last_day() -> NaiveDate {
    d(2025, 6, 30)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// Noon of `day` in Vietnam, as the time of the demo change that records it.
fn at(day: NaiveDate) -> i64 {
    day.and_hms_opt(12, 0, 0).and_then(|t| t.and_local_timezone(vn_offset()).single()).map_or(0, |t| t.timestamp())
}

/// A small deterministic sequence (the demo is the same every time it is loaded on the same day).
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

/// `n` working days spread evenly over `from..=to` (none when the span is empty).
fn spread(h: &Holidays, n: usize, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let span = (to - from).num_days();
    if span < 0 || n == 0 {
        return Vec::new();
    }
    (0..n)
        .filter_map(|i| {
            let mut day = from.checked_add_days(Days::new((span * i as i64 / n as i64) as u64))?;
            while !h.is_working_day(day) {
                day = day.succ_opt()?;
            }
            (day <= to).then_some(day)
        })
        .collect()
}

/// A unit the merger brought, its head and contacts, and what it keeps.
struct Merged {
    code: &'static str,
    name: &'static str,
    name_en: &'static str,
    kind: &'static str,
    head: &'static str,
    phone: &'static str,
    email: &'static str,
    duties: &'static str,
    duties_en: &'static str,
    keeps: &'static [&'static str],
}

const NEW_UNITS: [Merged; 3] = [
    Merged {
        code: "CDS",
        name: "Phòng Chuyển đổi số",
        name_en: "Digital Transformation Division",
        kind: "phong",
        head: "Trưởng phòng Hoàng Minh Quân",
        phone: "0206 3 800 060",
        email: "cds@khcn.example.vn",
        duties: "Chuyển đổi số, chính quyền số, kinh tế số, xã hội số; ứng dụng công nghệ thông tin; giao dịch điện tử; dịch vụ công trực tuyến.",
        duties_en: "Digital transformation, digital government, economy and society; IT applications; electronic transactions; online public services.",
        keeps: &["linh-vuc:chuyen-doi-so", "so:ket-qua-chi-tieu", "so:du-thao"],
    },
    Merged {
        code: "BCVT",
        name: "Phòng Bưu chính – Viễn thông",
        name_en: "Post and Telecommunications Division",
        kind: "phong",
        head: "Trưởng phòng Nông Thị Thu Hà",
        phone: "0206 3 800 061",
        email: "bcvt@khcn.example.vn",
        duties: "Bưu chính, viễn thông, tần số vô tuyến điện, hạ tầng kỹ thuật viễn thông thụ động; công nghiệp công nghệ thông tin.",
        duties_en: "Post, telecommunications, radio frequencies, passive telecom infrastructure; the IT industry.",
        keeps: &["linh-vuc:buu-chinh-vien-thong", "ho-so", "so:ket-qua-chi-tieu", "so:kiem-tra"],
    },
    Merged {
        code: "TTCDS",
        name: "Trung tâm Công nghệ thông tin và Chuyển đổi số",
        name_en: "Centre for Information Technology and Digital Transformation",
        kind: "trung_tam",
        head: "Giám đốc Trung tâm Dương Quốc Hưng",
        phone: "0206 3 800 062",
        email: "ttcds@khcn.example.vn",
        duties: "Vận hành hạ tầng số, trung tâm dữ liệu, cổng dịch vụ công của tỉnh; hỗ trợ kỹ thuật chuyển đổi số cho các xã, phường.",
        duties_en: "Runs the province's digital infrastructure, data centre and public service portal; technical support for communes and wards.",
        keeps: &["linh-vuc:chuyen-doi-so", "so:ket-qua-chi-tieu"],
    },
];

/// The digital transformation plan's indicators (code, name, measure, target
/// in 2025, yearly growth) and post and telecommunications ones.
const DIGITAL: [(&str, &str, &str, i64, i64); 4] = [
    ("dvc_toan_trinh", "Thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", "thủ tục", 820, 60),
    ("so_hoa_ket_qua", "Hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa", "hồ sơ", 45_000, 8_000),
    ("ky_nang_so", "Lượt người dân được hướng dẫn kỹ năng số", "lượt người", 30_000, 10_000),
    ("xa_phuong_iot", "Xã, phường kết nối hệ thống giám sát, điều hành thông minh", "xã, phường", 20, 15),
];
const TELECOM: [(&str, &str, &str, i64, i64); 3] = [
    ("tram_bts", "Trạm thu phát sóng di động 4G, 5G lắp mới", "trạm", 120, 20),
    ("thon_lom_song", "Thôn, xóm được phủ sóng di động băng rộng", "thôn, xóm", 60, -20),
    ("diem_buu_chinh", "Điểm phục vụ bưu chính có kết nối Internet", "điểm", 15, 5),
];

/// (field code of the instrument types, yearly target, done in a year)
const VERIFY: [(&str, i64, usize); 6] = [
    ("khoi_luong", 300, 292),
    ("dung_tich", 120, 118),
    ("ap_suat", 350, 338),
    ("taximet", 40, 42),
    ("dien_tu_truong", 40, 33),
    ("cong_to_dien", 300, 290),
];

/// The applied S&T centre's products (code and name in the 2020 demo,
/// yearly target, sold in a year, price).
const PRODUCTS: [(&str, &str, i64, i64, i64); 4] = [
    ("tra_giao_co_lam", "Trà giảo cổ lam", 12_000, 11_400, 48_000),
    ("nghe_vang", "Nghệ vàng", 600, 560, 85_000),
    ("nghe_den", "Nghệ đen", 300, 310, 95_000),
    ("tinh_bot_nghe", "Tinh bột nghệ", 700, 640, 125_000),
];

const FIELD_NAMES: [(&str, &str); 6] = [
    ("khoi_luong", "khối lượng"),
    ("dung_tich", "dung tích"),
    ("ap_suat", "áp suất"),
    ("taximet", "taximét"),
    ("dien_tu_truong", "điện – điện từ trường"),
    ("cong_to_dien", "công tơ điện"),
];

const PLACES: &[&str] =
    &["Thành phố Cao Bằng", "Hòa An", "Hà Quảng", "Trùng Khánh", "Quảng Hòa", "Bảo Lạc", "Nguyên Bình"];
/// From 01/07/2025 districts are gone: wards and communes of the two-level government.
const PLACES_2025: &[&str] = &["Phường Thục Phán", "Phường Nùng Trí Cao", "Xã Hòa An", "Xã Trùng Khánh", "Xã Bảo Lạc"];

/// Where a record of `day` took place.
fn place(day: NaiveDate, i: usize) -> String {
    if day > inspectorate_last_day() { PLACES_2025[i % PLACES_2025.len()] } else { PLACES[i % PLACES.len()] }.into()
}

pub async fn load(db: &Db, now: i64) -> Result<(), DemoError> {
    let today = dost_domain::format::vn_date(now);
    let yesterday = today.pred_opt().unwrap_or(today);
    if yesterday < d(2021, 1, 1) {
        return Ok(());
    }
    let h = dost_domain::calendar::shipped();
    merge(db, today).await?;
    let units = dost_store::accounts::units(db).await?;
    let unit = |code: &str| units.iter().find(|u| u.code == code).map(|u| u.id);
    let types = work::instrument_types(db).await?;
    let procedures = work::procedures(db).await?;
    let post = telecom_procedures(db, now).await?;
    let mut dice = Dice(2021);
    let mut cert = 100_000;
    let mut dossier_no = 0;
    for year in 2021..=today.year() {
        let first = d(year, 1, 2);
        let last = d(year, 12, 31).min(yesterday);
        if last < first {
            continue;
        }
        let y = i64::from(year);
        // the year's plan, set in January
        let planned = at(d(year, 1, 15).min(last));
        for (field, target, _) in VERIFY {
            one!(db, planned, tx => work::add_plan(&mut tx, y, unit("TDC"), &format!("kiem_dinh:{field}"), (&format!("Kiểm định phương tiện đo {}", FIELD_NAMES.iter().find(|f| f.0 == field).map_or("", |f| f.1)), "phương tiện"), target).await?);
        }
        // verifications through the year
        let share = |n: usize| n * ((last.ordinal0() + 1) as usize) / 365;
        for (k, (field, _, per_year)) in VERIFY.iter().enumerate() {
            // the type the 2020 demo verified (a cycle in force since before 2021)
            let known = |t: &&work::InstrumentType| dost_domain::metrology::cycle_on(&t.cycles, d(2021, 1, 1)).is_ok();
            let Some(t) = types.iter().rev().filter(known).find(|t| t.field == *field) else { continue };
            let mut items = Vec::new();
            for (i, on) in spread(&h, share(*per_year), first, last).into_iter().enumerate() {
                let passed = dice.next(30) != 0;
                cert += 1;
                let certificate = passed.then(|| format!("KĐ{year}-{cert:06}"));
                let valid_until = dost_domain::metrology::check_verification(
                    &t.cycles,
                    on,
                    passed,
                    certificate.as_deref().unwrap_or(""),
                )
                .map_err(|e| DemoError::Bad(e.to_string()))?;
                items.push(NewVerification {
                    type_id: t.id,
                    serial: format!("{}{}-{:05}", &field[..2].to_uppercase(), year % 100, i + 1),
                    owner: format!("Cơ sở kinh doanh {}", (i * 7 + k) % 83 + 1),
                    district: place(on, i),
                    verified_on: on,
                    certificate,
                    passed,
                    valid_until,
                    kind: "dinh_ky".into(),
                    verifier: ["Nông Văn Kiểm", "Lý Thị Định", "Hoàng Văn Đo", "Đàm Thị Chuẩn"][i % 4].into(),
                    ..Default::default()
                });
            }
            if !items.is_empty() {
                one!(db, at(last), tx => work::insert_verifications(&mut tx, &items).await?);
            }
        }
        // one-stop dossiers: more online every year; post licences after the merger
        let online_share = [10, 20, 35, 50, 65, 80].get((year - 2021) as usize).copied().unwrap_or(85);
        let mut items = Vec::new();
        let mut handled: Vec<(&dost_store::work::Procedure, usize)> =
            procedures.iter().filter(|p| p.area != TELECOM_AREA).map(|p| (p, 4)).collect();
        handled.extend(post.iter().map(|p| (p, 6)));
        for (p, per_year) in handled {
            let from = if p.area == TELECOM_AREA { first.max(merger_day()) } else { first };
            for on in spread(&h, share(per_year), from, last) {
                dossier_no += 1;
                let due = dost_domain::dossiers::due_date(&h, on, p.working_days as u32);
                let takes = (p.working_days as u32).saturating_sub(dice.next(3) as u32);
                let returned = h.add_working_days(on, takes);
                items.push(NewDossier {
                    // the province's public service centre numbers them (not the desk's own HS- codes)
                    code: format!("H12.{year}.{dossier_no:05}"),
                    procedure_id: p.id,
                    applicant: APPLICANTS[dossier_no % APPLICANTS.len()].into(),
                    received_on: on,
                    due_on: due,
                    // the latest are still being handled when the demo is loaded
                    returned_on: (returned < today).then_some(returned),
                    result: if returned < today { "Đã giải quyết" } else { "" }.into(),
                    // the support procedures pay out what the decision grants
                    amount: if p.with_money { [30_000_000, 50_000_000, 70_000_000][dossier_no % 3] } else { 0 },
                    licence_until: None,
                    channel: if (dice.next(100) as i64) < online_share { "truc_tuyen" } else { "truc_tiep" }.into(),
                });
            }
        }
        if !items.is_empty() {
            one!(db, at(last), tx => work::insert_dossiers(&mut tx, &items).await?);
        }
        // checks by the standards unit; formal inspections while the inspectorate existed
        let mut checks = Vec::new();
        for (i, on) in spread(&h, share(36), first, last).into_iter().enumerate() {
            checks.push(NewInspection {
                subject: format!("Cơ sở sản xuất, kinh doanh {year}-{:02}", i + 1),
                subject_kind: "doanh_nghiep",
                district: place(on, i),
                on_date: on,
                domain: ["chat_luong", "do_luong", "nhan_hang"][i % 3],
                kind: "kiem_tra",
                findings: "Kiểm tra chất lượng, đo lường, nhãn hàng hóa".into(),
            });
        }
        for (i, on) in spread(&h, 3, first, last.min(inspectorate_last_day())).into_iter().enumerate() {
            checks.push(NewInspection {
                subject: ["Bệnh viện Đa khoa tỉnh Cao Bằng", "Công ty CP Xi măng Cao Bằng", "Trung tâm Y tế Hà Quảng"]
                    [i]
                    .into(),
                subject_kind: "co_so_y_te",
                district: place(on, i),
                on_date: on,
                domain: ["an_toan_buc_xa", "do_luong", "chat_luong"][i],
                kind: "thanh_tra",
                findings: "Thanh tra chuyên ngành".into(),
            });
        }
        if !checks.is_empty() {
            one!(db, at(last), tx => work::add_inspections(&mut tx, &checks).await?);
        }
        // the centre's products: the year's target, sales every month
        let products = work::products(db).await?;
        for (code, name, target, sold, price) in PRODUCTS {
            let Some((pid, _, measure)) = products.iter().find(|p| p.1 == name) else { continue };
            one!(db, planned, tx => work::add_plan(&mut tx, y, unit("TTUD"), &format!("ban_hang:{code}"), (&format!("Sản xuất, tiêu thụ {}", name.to_lowercase()), measure), target).await?);
            let mut sales = Vec::new();
            for m in 1..=12u32 {
                let on = d(year, m, 20);
                if on <= last {
                    let qty = sold / 12 + i64::from(m <= (sold % 12) as u32);
                    sales.push((*pid, on, qty, qty * price));
                }
            }
            one!(db, at(last), tx => work::add_sales(&mut tx, &sales).await?);
        }
        // the S&T fund: a grant and a loan each year
        for (kind, month, title, amount) in [
            ("tai_tro", 4u32, "Tài trợ nhiệm vụ ứng dụng tiến bộ KH&CN trong sản xuất nông nghiệp", 450_000_000),
            ("cho_vay", 8, "Cho vay đổi mới công nghệ của doanh nghiệp chế biến nông sản", 1_200_000_000),
        ] {
            let on = d(year, month, 16);
            if on <= last {
                one!(db, at(on), tx => work::add_simple(&mut tx, "fund_cases", kind, on, &format!("{title} ({year})"), amount).await?);
            }
        }
        // outreach: the television programme every month, the calendar in January
        for m in 1..=12u32 {
            let on = d(year, m, 25);
            if on <= last {
                one!(db, at(on), tx => work::add_simple(&mut tx, "outreach", "truyen_hinh", on, &format!("Chương trình Khoa học và Đời sống tháng {m}/{year}"), 0).await?);
            }
        }
        one!(db, planned, tx => work::add_simple(&mut tx, "outreach", "lich", d(year, 1, 10).min(last), &format!("Lịch Khoa học và Công nghệ năm {year}"), 2_000).await?);
        one!(db, planned, tx => work::add_simple(&mut tx, "advisory_documents", "ke_hoach", d(year, 1, 12).min(last), &format!("Kế hoạch khoa học và công nghệ tỉnh năm {year}"), unit("KHTC").unwrap_or(0)).await?);
        // the digital transformation and telecommunications plans, from the merger
        if last >= merger_day() {
            indicators(db, (y, last), unit("CDS"), DIGITAL_INDICATORS, &DIGITAL).await?;
            indicators(db, (y, last), unit("BCVT"), TELECOM_INDICATORS, &TELECOM).await?;
        }
        directives(db, year, last, today, &unit).await?;
    }
    Ok(())
}

const APPLICANTS: &[&str] = &[
    "Bệnh viện Đa khoa tỉnh Cao Bằng",
    "Công ty TNHH Thương mại Bằng Giang",
    "Hợp tác xã Nông sản Phia Oắc",
    "Trung tâm Y tế Trùng Khánh",
    "Công ty CP Chuyển phát nhanh Non Nước",
    "Hộ kinh doanh Lục Văn Hùng",
    "Công ty TNHH Dịch vụ bưu chính Cao Sơn",
];

/// The merger of 01/03/2025 and the inspectorate's end on 30/06/2025, as the
/// department recorded them: new units with their duties, the inspectorate
/// closed with the Văn phòng keeping its records.
async fn merge(db: &Db, today: NaiveDate) -> Result<(), DemoError> {
    if today <= merger_day() {
        return Ok(());
    }
    let when = at(merger_day());
    let register = dost_domain::registers::find("don-vi").ok_or_else(|| DemoError::Bad("don-vi".into()))?;
    for Merged { code, name, name_en, kind, head, phone, email, duties, duties_en, keeps } in NEW_UNITS {
        let u = NewUnit {
            code: code.into(),
            name: name.into(),
            name_en: name_en.into(),
            kind: kind.into(),
            parent: None,
            from: Some(merger_day()),
            symbol: code.into(),
            head_title: if kind == "phong" { "TRƯỞNG PHÒNG" } else { "GIÁM ĐỐC" }.into(),
        };
        let id = one!(db, when, tx => org::add_unit(&mut tx, &u).await?);
        one!(db, when, tx => {
            for k in keeps {
                org::add_duty(&mut tx, code, k, merger_day()).await?;
            }
        });
        let t = |s: &str| dost_domain::registers::Value::Text(s.to_string());
        if let Some(mut values) = dost_store::registers::get(db, register, id).await? {
            for (i, v) in [(5, head), (6, phone), (7, email), (8, duties), (9, duties_en)] {
                values[i] = t(v);
            }
            one!(db, when, tx => dost_store::registers::update(&mut tx, register, id, &values).await?);
        }
    }
    // the one-stop desk and the Văn phòng take the online public services
    if today > inspectorate_last_day() {
        one!(db, at(inspectorate_last_day()), tx => org::close_unit(&mut tx, "TTRA", inspectorate_last_day(), Some("VP")).await?);
    }
    Ok(())
}

/// The post and telecommunications procedures the department took over.
async fn telecom_procedures(db: &Db, now: i64) -> Result<Vec<dost_store::work::Procedure>, DemoError> {
    let today = dost_domain::format::vn_date(now);
    if today <= merger_day() {
        return Ok(Vec::new());
    }
    for (code, name, days) in [
        ("bc_giay_phep", "Cấp giấy phép bưu chính (phạm vi nội tỉnh)", 20),
        ("bc_xac_nhan", "Cấp văn bản xác nhận thông báo hoạt động bưu chính", 7),
        ("vt_dung_chung", "Chấp thuận dùng chung hạ tầng kỹ thuật viễn thông thụ động", 15),
    ] {
        one!(db, at(merger_day()), tx => work::add_procedure(&mut tx, code, name, TELECOM_AREA, days, false).await?);
    }
    Ok(work::procedures(db).await?.into_iter().filter(|p| p.area == TELECOM_AREA).collect())
}

/// A year's indicators of one plan (set in January, or on the merger day in
/// 2025) and their results at the end of each quarter that has passed.
async fn indicators(
    db: &Db,
    (year, last): (i64, NaiveDate),
    unit_id: Option<i64>,
    prefix: &str,
    list: &[(&str, &str, &str, i64, i64)],
) -> Result<(), DemoError> {
    let since = (year - 2025).max(0);
    let set = if year == 2025 { merger_day() } else { d(year as i32, 1, 15) };
    for (k, (code, name, measure, target, growth)) in list.iter().enumerate() {
        let code = format!("{prefix}{code}");
        let target = (target + growth * since).max(1);
        one!(db, at(set.min(last)), tx => work::add_plan(&mut tx, year, unit_id, &code, (name, measure), target).await?);
        for (q, month) in [(1, 3u32), (2, 6), (3, 9), (4, 12)] {
            let on = d(year as i32, month, 28);
            if on > last || on < set {
                continue;
            }
            // a little behind plan in the first quarters, one indicator lagging all year
            let pace = if k == 1 { 18 } else { 24 + (k as i64 % 2) };
            let done = target * (q * pace).min(100) / 100;
            one!(db, at(on), tx => work::add_plan_result(&mut tx, year, &code, on, done).await?);
        }
    }
    Ok(())
}

/// The director's directives of a year: given at the quarterly meetings, most
/// done in time; the latest still open (some due within days of the load).
async fn directives(
    db: &Db,
    year: i32,
    last: NaiveDate,
    today: NaiveDate,
    unit: &impl Fn(&str) -> Option<i64>,
) -> Result<(), DemoError> {
    let after_merger = d(year, 12, 31) >= merger_day();
    let items: [(&str, &str); 4] = [
        ("QLKH", "Tổ chức đánh giá kết quả các nhiệm vụ KH&CN kết thúc trong quý"),
        ("TDC", "Kiểm tra đo lường, chất lượng hàng đóng gói sẵn trước mùa cao điểm"),
        (
            if after_merger { "CDS" } else { "VP" },
            if after_merger {
                "Rà soát, nâng tỷ lệ hồ sơ trực tuyến toàn trình của các thủ tục thuộc thẩm quyền của Sở"
            } else {
                "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của Sở"
            },
        ),
        ("KHTC", "Tổng hợp dự toán ngân sách khoa học và công nghệ năm sau"),
    ];
    if year == 2021 {
        // the last quarter of 2020's directives, done in the first weeks of 2021
        for (k, open) in work::open_directives(db).await?.into_iter().enumerate() {
            let done = d(2021, 1, 11 + k as u32);
            if done < today {
                one!(db, at(done), tx => work::update_directive(&mut tx, open.id, "xong", "Đã hoàn thành, báo cáo Lãnh đạo Sở").await?);
            }
        }
    }
    for (q, month) in [(1u32, 3u32), (2, 6), (3, 9), (4, 12)] {
        let on = d(year, month, 5);
        if on > last {
            break;
        }
        let meeting = format!("Giao ban Lãnh đạo Sở quý {} năm {year}", ["I", "II", "III", "IV"][(q - 1) as usize]);
        for (k, (code, text)) in items.iter().enumerate() {
            let deadline = on.checked_add_days(Days::new(20 + 15 * k as u64)).unwrap_or(on);
            let id = one!(db, at(on), tx => work::add_directive(&mut tx, &format!("{text} (quý {q})"), (&meeting, on), unit(code), Some(deadline)).await?);
            // done before the deadline, if that day has come; the budget
            // estimates of the last half year are late
            let done = deadline.checked_sub_days(Days::new(3 + k as u64)).unwrap_or(deadline);
            let late = k == 3 && (today - on).num_days() < 200;
            if done < today && !late {
                one!(db, at(done), tx => work::update_directive(&mut tx, id, "xong", "Đã hoàn thành, báo cáo Lãnh đạo Sở").await?);
            }
        }
    }
    Ok(())
}
