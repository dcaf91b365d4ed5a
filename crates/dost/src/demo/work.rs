//! Demo records of the department's other work, reproducing the reference
//! article's figures for 1/1–30/9/2020 (a few records fall outside the
//! period, so that period filters matter).

use chrono::{Days, NaiveDate};
use dost_domain::calendar::{Holidays, known_holidays};
use dost_domain::dossiers::{LicenceAct, due_date, grants_licence, licence_valid_until};
use dost_domain::metrology::{CycleRule, check_verification};
use dost_store::Db;
use dost_store::work::{self, NewDossier, NewInspection, NewVerification};

use super::DemoError;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

/// Spreads `n` dates over the period 02/01/2020–29/09/2020 (working days).
fn spread(h: &Holidays, n: usize, salt: usize) -> Vec<NaiveDate> {
    let start = d(2020, 1, 2);
    (0..n)
        .map(|i| {
            let offset = ((i * 271 + salt * 37) % 268) as u64;
            let mut day = start.checked_add_days(Days::new(offset)).unwrap_or(start);
            while !h.is_working_day(day) {
                day = day.checked_add_days(Days::new(1)).unwrap_or(day);
            }
            day.min(d(2020, 9, 29))
        })
        .collect()
}

/// (type code, type name, field, 2020 target, done in the period, cycle rules)
type FieldPlan = (&'static str, &'static str, &'static str, i64, usize, Vec<(NaiveDate, i64)>);

const DISTRICTS: &[&str] = &[
    "Thành phố Cao Bằng",
    "Hòa An",
    "Hà Quảng",
    "Trùng Khánh",
    "Quảng Hòa",
    "Bảo Lạc",
    "Bảo Lâm",
    "Nguyên Bình",
    "Thạch An",
    "Hạ Lang",
];

pub async fn load(db: &Db, now: i64) -> Result<(), DemoError> {
    one!(db, now, tx => work::add_holidays(&mut tx, &known_holidays()).await?);
    let h = dost_domain::calendar::shipped();
    let units = dost_store::accounts::units(db).await?;
    let unit = |code: &str| units.iter().find(|u| u.code == code).map(|u| u.id);

    // Instrument verification against the 2020 plan.
    let fields: [FieldPlan; 6] = [
        ("can", "Cân bàn, cân đồng hồ lò xo", "khoi_luong", 440, 163, vec![(d(2013, 1, 1), 12)]),
        ("cot_do", "Cột đo xăng dầu", "dung_tich", 486, 44, vec![(d(2013, 1, 1), 12)]),
        ("ap_ke", "Áp kế lò xo", "ap_suat", 750, 316, vec![(d(2013, 1, 1), 12)]),
        ("taximet", "Taximét", "taximet", 150, 6, vec![(d(2019, 7, 1), 12), (d(2024, 10, 15), 18)]),
        (
            "dien_tro",
            "Phương tiện đo điện trở cách điện, tiếp đất",
            "dien_tu_truong",
            1015,
            11,
            vec![(d(2013, 1, 1), 12)],
        ),
        ("cong_to", "Công tơ điện xoay chiều 1 pha", "cong_to_dien", 3500, 500, vec![(d(2013, 1, 1), 60)]),
    ];
    let field_names = |f: &str| match f {
        "khoi_luong" => "khối lượng",
        "dung_tich" => "dung tích",
        "ap_suat" => "áp suất",
        "taximet" => "taximét",
        "dien_tu_truong" => "điện – điện từ trường",
        _ => "công tơ điện",
    };
    let mut cert = 0;
    for (k, (code, name, field, target, done, cycles)) in fields.iter().enumerate() {
        let type_id = one!(db, now, tx => work::add_instrument_type(&mut tx, code, name, field, cycles).await?);
        one!(db, now, tx => work::add_plan(&mut tx, 2020, unit("TDC"), &format!("kiem_dinh:{field}"), (&format!("Kiểm định phương tiện đo {}", field_names(field)), "phương tiện"), *target).await?);
        let rules: Vec<CycleRule> =
            cycles.iter().map(|(f, m)| CycleRule { effective_from: *f, months: *m as u32 }).collect();
        let mut items = Vec::new();
        // the period's work, and a few in December 2019 and October 2020
        let mut dates = spread(&h, *done, k);
        dates.extend([d(2019, 12, 17), d(2020, 10, 14)]);
        for (i, on) in dates.into_iter().enumerate() {
            let passed = i % 41 != 7;
            cert += 1;
            let certificate = passed.then(|| format!("KĐ{:06}", cert));
            let valid_until = check_verification(&rules, on, passed, certificate.as_deref().unwrap_or(""))
                .map_err(|e| DemoError::Bad(e.to_string()))?;
            items.push(NewVerification {
                type_id,
                serial: format!("{}-{:05}", code.to_uppercase(), i + 1),
                owner: format!("Hộ kinh doanh {}", i % 57 + 1),
                district: DISTRICTS[i % DISTRICTS.len()].into(),
                verified_on: on,
                certificate,
                passed,
                valid_until,
                kind: "dinh_ky".into(),
                designation: String::new(),
                verifier: ["Nông Văn Kiểm", "Lý Thị Định", "Hoàng Văn Đo"][i % 3].into(),
                ..Default::default()
            });
        }
        one!(db, now, tx => work::insert_verifications(&mut tx, &items).await?);
    }

    // The applied S&T centre: products sold against the plan.
    let products = [
        ("tra_giao_co_lam", "Trà giảo cổ lam", "hộp", 15_520, 6_832, 45_000),
        ("nghe_vang", "Nghệ vàng", "lọ", 750, 168, 80_000),
        ("nghe_den", "Nghệ đen", "lọ", 250, 216, 90_000),
        ("tinh_bot_nghe", "Tinh bột nghệ", "lọ", 700, 154, 120_000),
    ];
    for (code, name, measure, target, sold, price) in products {
        let pid = one!(db, now, tx => work::add_product(&mut tx, code, name, measure).await?);
        one!(db, now, tx => work::add_plan(&mut tx, 2020, unit("TTUD"), &format!("ban_hang:{code}"), (&format!("Sản xuất, tiêu thụ {}", name.to_lowercase()), measure), target).await?);
        let months = 9;
        let mut sales = Vec::new();
        for m in 0..months {
            let qty = sold / months + if m < sold % months { 1 } else { 0 };
            sales.push((pid, d(2020, m as u32 + 1, 20), qty, qty * price));
        }
        sales.push((pid, d(2020, 10, 20), 10, 10 * price));
        one!(db, now, tx => work::add_sales(&mut tx, &sales).await?);
    }

    // Indicators without a record type: the unit types the result.
    for (code, name, measure, target, achieved, u) in [
        ("mo_hinh_ung_dung", "Xây dựng mô hình ứng dụng tiến bộ KH&CN", "mô hình", 3, 1, "TTUD"),
        ("co_so_du_lieu_khcn", "Cập nhật cơ sở dữ liệu KH&CN của tỉnh", "hồ sơ", 120, 86, "TTTT"),
    ] {
        one!(db, now, tx => work::add_plan(&mut tx, 2020, unit(u), code, (name, measure), target).await?);
        // reported at the end of June, then at the end of September
        one!(db, now, tx => work::add_plan_result(&mut tx, 2020, code, d(2020, 6, 30), achieved / 2).await?);
        one!(db, now, tx => work::add_plan_result(&mut tx, 2020, code, d(2020, 9, 30), achieved).await?);
    }

    // One-stop-shop dossiers finished in the period.
    let procedures: [(&str, &str, &str, i64, bool, usize, i64); 9] = [
        (
            "bx_cap_moi",
            "Cấp giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang y tế)",
            "buc_xa",
            10,
            false,
            6,
            0,
        ),
        ("bx_gia_han", "Gia hạn giấy phép tiến hành công việc bức xạ", "buc_xa", 10, false, 5, 0),
        ("bx_sua_doi", "Sửa đổi, bổ sung giấy phép tiến hành công việc bức xạ", "buc_xa", 10, false, 2, 0),
        ("bx_cap_lai", "Cấp lại giấy phép tiến hành công việc bức xạ", "buc_xa", 5, false, 1, 0),
        ("bx_chung_chi", "Cấp chứng chỉ nhân viên bức xạ", "buc_xa", 10, false, 4, 0),
        ("cn_tham_dinh", "Thẩm định công nghệ dự án đầu tư", "cong_nghe", 15, false, 2, 0),
        ("cn_y_kien", "Có ý kiến về công nghệ dự án đầu tư", "cong_nghe", 10, false, 4, 0),
        ("ho_tro_shcn", "Hỗ trợ xác lập quyền sở hữu công nghiệp", "shtt", 20, true, 1, 30_000_000),
        ("ho_tro_nsct", "Hỗ trợ nâng cao năng suất, chất lượng", "nang_suat", 20, true, 1, 70_000_000),
    ];
    let mut n = 0;
    let book = dost_domain::rules::RuleBook::shipped();
    for (code, name, area, days, money, count, amount) in procedures {
        let pid = one!(db, now, tx => work::add_procedure(&mut tx, code, name, area, days, money).await?);
        let mut items = Vec::new();
        for (i, received) in spread(&h, count, n).into_iter().enumerate() {
            n += 1;
            let received = received.min(d(2020, 8, 20));
            let due = due_date(&h, received, days as u32);
            let returned = h.add_working_days(received, (days as u32).saturating_sub((i % 3) as u32));
            // a changed licence: the old one expires 20 days after the decision
            let act = LicenceAct::of(code);
            let old = act.needs_old_expiry().then(|| returned.checked_add_days(Days::new(20)).unwrap_or(returned));
            let licence = match grants_licence(area, code) {
                true => {
                    Some(licence_valid_until(&book, act, returned, old).map_err(|e| DemoError::Bad(e.to_string()))?)
                }
                false => None,
            };
            items.push(NewDossier {
                code: format!("HS-2020-{n:04}"),
                procedure_id: pid,
                applicant: [
                    "Bệnh viện Đa khoa huyện Hòa An",
                    "Phòng khám Đa khoa Tâm Đức",
                    "Công ty CP Xi măng Cao Bằng",
                    "Hợp tác xã Miến dong Phia Đén",
                    "Trung tâm Y tế huyện Trùng Khánh",
                    "Công ty TNHH Khoáng sản Bảo Lâm",
                ][n % 6]
                    .into(),
                received_on: received,
                due_on: due,
                returned_on: Some(returned),
                result: "Đã giải quyết".into(),
                channel: String::new(),
                amount,
                licence_until: licence,
            });
        }
        one!(db, now, tx => work::insert_dossiers(&mut tx, &items).await?);
    }

    // Inspections, checks, surveys and guidance.
    let mut insp = Vec::new();
    for (i, on) in spread(&h, 54, 1).into_iter().enumerate() {
        insp.push(NewInspection {
            subject: format!("Cơ sở sản xuất, kinh doanh số {:02}", i + 1),
            subject_kind: "doanh_nghiep",
            district: DISTRICTS[i % DISTRICTS.len()].into(),
            on_date: on,
            domain: ["chat_luong", "do_luong", "nhan_hang"][i % 3],
            kind: "kiem_tra",
            findings: "Kiểm tra chất lượng, đo lường, nhãn hàng hóa".into(),
        });
    }
    for (i, on) in spread(&h, 88, 2).into_iter().enumerate() {
        insp.push(NewInspection {
            subject: format!("Cơ sở được khảo sát số {:02}", i + 1),
            subject_kind: "doanh_nghiep",
            district: ["Bảo Lạc", "Bảo Lâm", "Thành phố Cao Bằng"][i % 3].into(),
            on_date: on,
            domain: "chat_luong",
            kind: "khao_sat",
            findings: "Khảo sát chất lượng sản phẩm, hàng hóa".into(),
        });
    }
    for (i, on) in spread(&h, 8, 3).into_iter().enumerate() {
        insp.push(NewInspection {
            subject: format!("Doanh nghiệp được hướng dẫn số {}", i + 1),
            subject_kind: "doanh_nghiep",
            district: DISTRICTS[i % 4].into(),
            on_date: on,
            domain: "tieu_chuan_do_luong_chat_luong",
            kind: "huong_dan",
            findings: "Hướng dẫn áp dụng tiêu chuẩn, đo lường, chất lượng".into(),
        });
    }
    for (i, on) in spread(&h, 13, 4).into_iter().enumerate() {
        insp.push(NewInspection {
            subject: format!("Cơ quan hành chính nhà nước số {:02}", i + 1),
            subject_kind: "co_quan",
            district: DISTRICTS[i % DISTRICTS.len()].into(),
            on_date: on,
            domain: "iso_9001",
            kind: "kiem_tra",
            findings: "Kiểm tra áp dụng TCVN ISO 9001:2015".into(),
        });
    }
    for (i, (on, domain)) in
        [(d(2020, 6, 16), "do_luong"), (d(2020, 7, 21), "chat_luong"), (d(2020, 8, 25), "an_toan_buc_xa")]
            .into_iter()
            .enumerate()
    {
        insp.push(NewInspection {
            subject: ["Bệnh viện Đa khoa tỉnh Cao Bằng", "Trung tâm Y tế huyện Hòa An", "Phòng khám Đa khoa Tâm Đức"]
                [i]
                .into(),
            subject_kind: "co_so_y_te",
            district: "Thành phố Cao Bằng".into(),
            on_date: on,
            domain,
            kind: "thanh_tra",
            findings: "Thanh tra chuyên ngành".into(),
        });
    }
    insp.push(NewInspection {
        subject: "Cơ sở kiểm tra tháng 10".into(),
        subject_kind: "doanh_nghiep",
        district: "Hòa An".into(),
        on_date: d(2020, 10, 8),
        domain: "chat_luong",
        kind: "kiem_tra",
        findings: String::new(),
    });
    one!(db, now, tx => work::add_inspections(&mut tx, &insp).await?);

    // The centre's services and trainings.
    for (i, on) in spread(&h, 7, 5).into_iter().enumerate() {
        one!(db, now, tx => work::add_simple(&mut tx, "centre_services", "kiem_xa_x_quang", on, [
                "Bệnh viện Đa khoa tỉnh",
                "Trung tâm Y tế Hòa An",
                "Trung tâm Y tế Trùng Khánh",
                "Phòng khám Tâm Đức",
                "Trung tâm Y tế Quảng Hòa",
                "Trung tâm Y tế Bảo Lạc",
                "Phòng khám An Bình",
            ][i], 1).await?);
    }
    one!(db, now, tx => work::add_simple(&mut tx, "centre_services", "tap_huan", d(2020, 6, 18), "Xã Trường Hà, huyện Hà Quảng (trồng cây có múi)", 45).await?);
    one!(db, now, tx => work::add_simple(&mut tx, "centre_services", "tap_huan", d(2020, 8, 12), "Cơ sở Cai nghiện ma túy tỉnh (ủ rơm, mùn cưa trồng nấm sò)", 30).await?);

    // Information and outreach.
    for i in 0..9u32 {
        one!(db, now, tx => work::add_simple(&mut tx, "outreach", "truyen_hinh", d(2020, i + 1, 25), &format!("Chương trình Khoa học và Đời sống số {}", i + 1), 0).await?);
    }
    one!(db, now, tx => work::add_simple(&mut tx, "outreach", "lich", d(2020, 1, 10), "Lịch Khoa học và Công nghệ năm 2020", 2_000).await?);
    for (i, m) in [3u32, 6, 9].into_iter().enumerate() {
        one!(db, now, tx => work::add_simple(&mut tx, "outreach", "ban_tin", d(2020, m, 15), &format!("Tài liệu Thông tin KH&CN số {} năm 2020", i + 1), 500).await?);
    }
    one!(db, now, tx => work::add_simple(&mut tx, "outreach", "so_tay", d(2020, 9, 28), "Bản thảo sổ tay sản phẩm nông, lâm sản từ kết quả nghiên cứu", 0).await?);

    // The S&T fund: two draft regulations.
    one!(db, now, tx => work::add_simple(&mut tx, "fund_cases", "du_thao_van_ban", d(2020, 8, 14), "Dự thảo Quy chế quản lý tài chính của Quỹ", 0).await?);
    one!(db, now, tx => work::add_simple(&mut tx, "fund_cases", "du_thao_van_ban", d(2020, 9, 4), "Dự thảo Quy định quản lý hoạt động tài trợ, hỗ trợ, cho vay, bảo lãnh vốn vay của Quỹ", 0).await?);

    // Plans and reports drafted for the People's Committee, and one draft legal document.
    let khtc = unit("KHTC").unwrap_or(0);
    for (kind, title, on) in [
        ("ke_hoach", "Kế hoạch khoa học và công nghệ tỉnh năm 2020", d(2020, 2, 12)),
        ("ke_hoach", "Danh mục nhiệm vụ KH&CN cấp tỉnh thực hiện năm 2020, đợt 1", d(2020, 1, 20)),
        ("ke_hoach", "Danh mục nhiệm vụ KH&CN cấp tỉnh thực hiện năm 2020, đợt 2", d(2020, 5, 12)),
        ("ke_hoach", "Kế hoạch khoa học và công nghệ năm 2021", d(2020, 7, 15)),
        ("ke_hoach", "Kế hoạch hành động thực hiện Nghị quyết số 50/NQ-CP của Chính phủ", d(2020, 6, 5)),
        (
            "bao_cao",
            "Báo cáo đánh giá chính sách, pháp luật về KH&CN vùng dân tộc thiểu số và miền núi giai đoạn 2011–2020",
            d(2020, 7, 20),
        ),
        ("du_thao_vbqppl", "Dự thảo Quyết định ban hành Quy định quản lý nhiệm vụ KH&CN cấp tỉnh", d(2020, 8, 28)),
    ] {
        one!(db, now, tx => work::add_simple(&mut tx, "advisory_documents", kind, on, title, khtc).await?);
    }

    // The director's directives for the last quarter, given at the end of
    // September (so the 9-month report, as of 30/09, carries them).
    let meeting = "Giao ban Lãnh đạo Sở cuối quý III năm 2020";
    let on = d(2020, 9, 28);
    for (text, u, deadline) in [
        ("Đề xuất nhiệm vụ, chương trình KH&CN theo ý kiến của Hội đồng Dân tộc của Quốc hội", "QLKH", d(2020, 11, 30)),
        (
            "Xây dựng dự thảo văn bản hướng dẫn Quy định quản lý nhiệm vụ KH&CN cấp tỉnh ngay khi Quy định được ban hành",
            "QLKH",
            d(2020, 12, 15),
        ),
        (
            "Lập kế hoạch khảo sát, đánh giá kết quả phát triển tài sản trí tuệ của các sản phẩm đã được bảo hộ",
            "QLCN",
            d(2020, 12, 31),
        ),
        ("Tham gia các đoàn kiểm tra áp dụng hệ thống quản lý chất lượng TCVN ISO 9001:2015", "TDC", d(2020, 12, 31)),
        ("Rà soát thủ tục hành chính, điều chỉnh kinh phí giao cho các đơn vị", "VP", d(2020, 11, 15)),
        ("Hoàn thiện kế hoạch năm 2021", "KHTC", d(2020, 12, 10)),
        ("Xây dựng Đề án vị trí việc làm của Trung tâm Ứng dụng tiến bộ KH&CN", "TTUD", d(2020, 12, 31)),
    ] {
        one!(db, now, tx => work::add_directive(&mut tx, text, (meeting, on), unit(u), Some(deadline)).await?);
    }
    Ok(())
}
