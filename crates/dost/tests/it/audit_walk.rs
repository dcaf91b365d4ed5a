//! One walk over every form of the back office: each staff POST route of the
//! route table is submitted once, successfully, by someone allowed to, as a
//! browser would (the form found on its page, with all its fields), and each
//! submission leaves exactly one row in the audit log. A new POST route
//! without a case here fails the walk.

use std::collections::BTreeSet;

use dost_domain::registers::Value;
use dost_domain::roles::Role;
use dost_domain::totp::{base32_decode, code_at};
use dost_store::tasks::{Filter, list};
use reqwest::multipart::{Form, Part};

use crate::support::*;

const AUDIT_ROWS: &str = "SELECT COUNT(*) FROM audit_log";

/// What the walk covered, and what went wrong on the way.
struct Walk<'a> {
    app: &'a TestApp,
    covered: BTreeSet<&'static str>,
    problems: Vec<String>,
}

impl Walk<'_> {
    fn check(&mut self, pattern: &'static str, ok: &[u16], r: &Reply, new_rows: i64) {
        self.covered.insert(pattern);
        if !ok.contains(&r.status) {
            let why = gist(&r.body);
            self.problems
                .push(format!("{pattern}: status {} (wanted {ok:?}), {new_rows} new audit rows: {why}", r.status));
        } else if new_rows != 1 {
            self.problems.push(format!("{pattern}: {new_rows} new audit rows (wanted 1), status {}", r.status));
        }
    }
}

/// `once!(walk, pattern, [statuses], submission)`: counts the audit
/// rows, awaits the submission (a [`Reply`]), checks its status (303 unless
/// given) and exactly one new row, marks the pattern covered, gives the reply.
macro_rules! once {
    ($w:expr, $pattern:expr, $reply:expr) => {
        once!($w, $pattern, [303], $reply)
    };
    ($w:expr, $pattern:expr, $ok:expr, $reply:expr) => {{
        let before = scalar(&$w.app.db, AUDIT_ROWS).await;
        let reply: Reply = $reply;
        let new_rows = scalar(&$w.app.db, AUDIT_ROWS).await - before;
        $w.check($pattern, &$ok, &reply, new_rows);
        reply
    }};
}

/// The message a refused form shows, or the start of the page's text.
fn gist(body: &str) -> String {
    text_of_class(body, "form-error").unwrap_or_else(|| {
        let text = dost_domain::text::strip_tags(body);
        text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(400).collect()
    })
}

/// Submits an upload form of `page` as a browser does: multipart, every
/// field of the form, `set` over them, the file, the token in the address.
async fn upload(agent: &Agent, page: &str, action: &str, set: &[(&str, &str)], file: Option<(Vec<u8>, &str)>) -> Reply {
    let html = agent.get(page).await.body;
    let (_, fields) = forms(&html)
        .into_iter()
        .find(|(a, _)| a == action)
        .unwrap_or_else(|| panic!("no upload form posting to {action} on {page}"));
    let mut form = Form::new();
    for (k, v) in fields.into_iter().filter(|(n, _)| !set.iter().any(|(k, _)| k == n)) {
        form = form.text(k, v);
    }
    for (k, v) in set {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((bytes, name)) = file {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_string()));
    }
    agent.post_multipart(action, form).await
}

/// Uploads a workbook on an import page, as its form does.
async fn import(agent: &Agent, path: &str, xlsx: Vec<u8>) -> Reply {
    upload(agent, path, path, &[], Some((xlsx, "nhap.xlsx"))).await
}

/// An XLSX written by openpyxl from Python statements that fill `ws`.
fn sheet(app: &TestApp, name: &str, rows: &str) -> Vec<u8> {
    let path = app.data.path().join(name);
    python(
        &format!(
            "import sys, datetime, openpyxl\nwb = openpyxl.Workbook(); ws = wb.active\n{rows}\nwb.save(sys.argv[1])"
        ),
        path.to_str().unwrap(),
    );
    std::fs::read(path).unwrap()
}

/// A real picture, decodable.
fn real_png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([11, 74, 139]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The first category offered by the new article form.
async fn first_category(agent: &Agent) -> String {
    let page = agent.get("/quan-tri/bai-viet/moi").await.body;
    let start = page.find("id=\"category\"").unwrap();
    page[start..].split("<option value=\"").nth(2).unwrap().split('"').next().unwrap().to_string()
}

/// The record's id at the end of a redirect (`/quan-tri/bai-viet/12?tb=…` → 12).
fn id_in(location: &str, prefix: &str) -> i64 {
    location.trim_start_matches(prefix).split(['?', '/']).next().unwrap().parse().unwrap_or_else(|_| {
        panic!("no id in «{location}»");
    })
}

fn secret_in(html: &str) -> String {
    html.split("<code class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_string()
}

#[tokio::test]
async fn every_staff_write_leaves_exactly_one_audit_row() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    add_user(&app, "haibuoc", Role::Editor).await;
    add_user_in_unit(&app, "chicuc", Role::UnitStaff, "TDC").await;
    add_user_in_unit(&app, "motcua", Role::UnitStaff, "VP").await;
    add_user_in_unit(&app, "trungtam", Role::UnitHead, "TTUD").await;
    add_user_in_unit(&app, "cvqlkh", Role::UnitStaff, "QLKH").await;
    let mut w = Walk { app: &app, covered: BTreeSet::new(), problems: Vec::new() };

    // signing in
    let admin;
    once!(w, "/quan-tri/dang-nhap", {
        let (status, agent) = try_sign_in(&app, "quantri", PASSWORD).await;
        admin = agent;
        Reply { status, location: String::new(), body: String::new() }
    });
    let admin = admin.expect("the administrator is signed in");

    // an article: written, changed, restored, sent for review
    let cat = first_category(&admin).await;
    let created = once!(
        w,
        "/quan-tri/bai-viet/moi",
        admin
            .submit(
                "/quan-tri/bai-viet/moi",
                "/quan-tri/bai-viet/moi",
                &[
                    ("title", "Bài thử nhật ký thao tác"),
                    ("lead", "Tóm tắt bài thử nghiệm."),
                    ("body", "<p>Bản đầu.</p>"),
                    ("author", "Phòng thử nghiệm"),
                    ("category", &cat),
                    ("tags", "thử nghiệm"),
                    ("published_at", ""),
                ],
            )
            .await
    );
    let article = id_in(&created.location, "/quan-tri/bai-viet/");
    let edit = format!("/quan-tri/bai-viet/{article}");
    once!(w, "/quan-tri/bai-viet/{id}", admin.submit(&edit, &edit, &[("body", "<p>Bản đã sửa.</p>")]).await);
    let restore = format!("{edit}/phien-ban/1/khoi-phuc");
    once!(
        w,
        "/quan-tri/bai-viet/{id}/phien-ban/{number}/khoi-phuc",
        admin.submit(&format!("{edit}/phien-ban"), &restore, &[]).await
    );
    once!(w, "/quan-tri/bai-viet/{id}/chuyen", admin.post(&format!("{edit}/chuyen"), &[("action", "submit")]).await);
    // an editor's change to a live article, returned
    let live = scalar(&app.db, "SELECT MIN(id) FROM articles WHERE status = 'published'").await;
    add_user(&app, "bientapwalk", Role::Editor).await;
    let r = sign_in(&app, "bientapwalk").await.post(&format!("/quan-tri/bai-viet/{live}"), &[("lead", "Sửa")]).await;
    assert!(r.location.contains("cho-duyet-ban-sua"), "{}", r.location);
    let pending = format!("/quan-tri/bai-viet/{live}/ban-sua");
    once!(
        w,
        "/quan-tri/bai-viet/{id}/ban-sua",
        admin.post(&pending, &[("action", "tra-lai"), ("note", "Chưa đúng")]).await
    );

    // a picture for the library
    once!(
        w,
        "/quan-tri/tep",
        upload(
            &admin,
            "/quan-tri/tep",
            "/quan-tri/tep",
            &[("alt", "Hội nghị tổng kết")],
            Some((real_png(64, 36), "hoi-nghi.png"))
        )
        .await
    );

    // accounts
    once!(
        w,
        "/quan-tri/nguoi-dung",
        admin
            .submit(
                "/quan-tri/nguoi-dung",
                "/quan-tri/nguoi-dung",
                &[
                    ("username", "moi"),
                    ("display_name", "Cán bộ mới"),
                    ("email", ""),
                    ("role", "editor"),
                    ("password", PASSWORD),
                ],
            )
            .await
    );
    let new_user = scalar(&app.db, "SELECT id FROM users WHERE username = 'moi'").await;
    once!(
        w,
        "/quan-tri/nguoi-dung/{id}/khoa",
        admin.submit("/quan-tri/nguoi-dung", &format!("/quan-tri/nguoi-dung/{new_user}/khoa"), &[]).await
    );

    // a directive given, then reported done
    once!(
        w,
        "/quan-tri/chi-dao",
        admin
            .submit(
                "/quan-tri/chi-dao",
                "/quan-tri/chi-dao",
                &[
                    ("text", "Rà soát danh mục thủ tục hành chính"),
                    ("meeting", "Giao ban tháng 10/2020"),
                    ("meeting_date", "06/10/2020"),
                    ("deadline", "31/12/2020"),
                ],
            )
            .await
    );
    // a legal document saved by a clerk, approved for the portal
    let rows = [vec![
        Value::Text("7/TB-SKHCN".into()),
        Value::Text("cong_van".into()),
        Value::Text("Sở Khoa học và Công nghệ".into()),
        Value::Text(String::new()),
        Value::Date(chrono::NaiveDate::from_ymd_opt(2020, 10, 1).unwrap()),
        Value::Null,
        Value::Null,
        Value::Text(String::new()),
        Value::Text(String::new()),
        Value::Text("Thông báo lịch tiếp công dân".into()),
        Value::Text("con_hieu_luc".into()),
        Value::Text(String::new()),
    ]];
    let doc = change!(app, tx => dost_store::registers::insert(&mut tx, &dost_domain::registers::LEGAL_DOCUMENTS, &rows).await?)
        [0];
    let approve = format!("/quan-tri/so/van-ban/{doc}/duyet");
    once!(w, "/quan-tri/so/{register}/{id}/duyet", admin.submit("/quan-tri/cho-duyet", &approve, &[]).await);
    // a change proposed to the published document, not approved
    let mut changed = rows[0].clone();
    changed[9] = Value::Text("Thông báo lịch tiếp công dân (sửa)".into());
    change!(app, tx => dost_store::registers::propose(&mut tx, &dost_domain::registers::LEGAL_DOCUMENTS, doc, &changed).await?);
    let refuse = format!("/quan-tri/so/van-ban/{doc}/khong-duyet");
    once!(w, "/quan-tri/so/{register}/{id}/khong-duyet", admin.submit("/quan-tri/cho-duyet", &refuse, &[]).await);
    // what the public sent: a comment shown, a question routed
    let comment = scalar(&app.db, "SELECT MIN(id) FROM draft_comments WHERE state = 'cho_duyet'").await;
    let moderate = format!("/quan-tri/gop-y/{comment}");
    once!(w, "/quan-tri/gop-y/{id}", admin.submit("/quan-tri/gop-y", &moderate, &[("quyet_dinh", "dang")]).await);
    let question = scalar(&app.db, "SELECT MIN(id) FROM questions WHERE state = 'moi'").await;
    let qlkh = scalar(&app.db, "SELECT id FROM units WHERE code = 'QLKH'").await.to_string();
    let route = format!("/quan-tri/hoi-dap/{question}");
    once!(w, "/quan-tri/hoi-dap/{id}", admin.submit(&route, &route, &[("buoc", "chuyen"), ("don_vi", &qlkh)]).await);
    let directive = scalar(&app.db, "SELECT MAX(id) FROM directives").await;
    once!(
        w,
        "/quan-tri/chi-dao/{id}",
        admin
            .submit(
                "/quan-tri/chi-dao",
                &format!("/quan-tri/chi-dao/{directive}"),
                &[("status", "xong"), ("progress", "Đã rà soát xong")],
            )
            .await
    );

    // verifications by the Chi cục: one recorded, corrected, a cycle rule, an import
    let tdc = sign_in(&app, "chicuc").await;
    let types = dost_store::work::instrument_types(&app.db).await.unwrap();
    let taxi = types.iter().find(|t| t.field == "taximet").unwrap().id.to_string();
    let verification = |result: &'static str, certificate: &'static str| {
        [
            ("type", taxi.clone()),
            ("serial", "TX-9001".to_string()),
            ("owner", "Hãng taxi Non Nước".to_string()),
            ("district", "Thành phố Cao Bằng".to_string()),
            ("date", "05/03/2025".to_string()),
            ("result", result.to_string()),
            ("certificate", certificate.to_string()),
            ("verifier", "Nông Văn Kiểm".to_string()),
        ]
    };
    let passed = verification("dat", "KĐ-2025-001");
    let fields: Vec<(&str, &str)> = passed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    once!(w, "/quan-tri/kiem-dinh/moi", tdc.post("/quan-tri/kiem-dinh/moi", &fields).await);
    let recorded = scalar(&app.db, "SELECT id FROM verifications WHERE certificate = 'KĐ-2025-001'").await;
    let failed = verification("khong_dat", "");
    let fields: Vec<(&str, &str)> = failed.iter().map(|(k, v)| (*k, v.as_str())).collect();
    once!(w, "/quan-tri/kiem-dinh/{id}", tdc.post(&format!("/quan-tri/kiem-dinh/{recorded}"), &fields).await);
    once!(
        w,
        "/quan-tri/kiem-dinh/chu-ky",
        tdc.post("/quan-tri/kiem-dinh/chu-ky", &[("type", &taxi), ("from", "01/01/2026"), ("months", "24")]).await
    );
    let verifications = sheet(
        &app,
        "kd.xlsx",
        "ws.append(['Loại phương tiện đo', 'Số hiệu', 'Chủ sở hữu', 'Địa bàn', 'Ngày kiểm định', 'Kết quả', 'Số chứng chỉ', 'Kiểm định viên', 'Kiểu (model)', 'Hãng, nước sản xuất', 'Năm sản xuất'])\n\
         ws.append(['Cân bàn, cân đồng hồ lò xo', 'C-1', 'Chợ Xanh', 'Thành phố Cao Bằng', datetime.datetime(2020, 10, 5), 'Đạt', 'KĐ-N-1', 'Nông Văn A', 'TS-200', 'Nhơn Hòa', 2018])",
    );
    let r = once!(w, "/quan-tri/kiem-dinh/nhap", [200], import(&tdc, "/quan-tri/kiem-dinh/nhap", verifications).await);
    assert!(r.body.contains("Đã nhập 1 bản ghi."), "{}", gist(&r.body));

    // a dossier at the one-stop desk: received, a step, the result, a correction, an import
    let desk = sign_in(&app, "motcua").await;
    let procedures = dost_store::work::procedures(&app.db).await.unwrap();
    let renewal = procedures.iter().find(|p| p.code == "bx_gia_han").unwrap().id.to_string();
    once!(
        w,
        "/quan-tri/ho-so/moi",
        desk.submit(
            "/quan-tri/ho-so/moi",
            "/quan-tri/ho-so/moi",
            &[
                ("code", "HS-2020-2000"),
                ("procedure", &renewal),
                ("applicant", "Phòng khám Đa khoa Tâm Đức"),
                ("received", "02/03/2020"),
            ],
        )
        .await
    );
    let dossier =
        format!("/quan-tri/ho-so/{}", scalar(&app.db, "SELECT id FROM dossiers WHERE code = 'HS-2020-2000'").await);
    once!(
        w,
        "/quan-tri/ho-so/{id}/buoc",
        desk.submit(
            &dossier,
            &format!("{dossier}/buoc"),
            &[("kind", "chuyen"), ("on", "03/03/2020"), ("note", "Chuyển phòng chuyên môn")]
        )
        .await
    );
    once!(
        w,
        "/quan-tri/ho-so/{id}/tra",
        desk.submit(
            &dossier,
            &format!("{dossier}/tra"),
            &[("on", "09/03/2020"), ("result", "Giấy phép số 12/GP-SKHCN"), ("old_expiry", "30/04/2020")],
        )
        .await
    );
    once!(
        w,
        "/quan-tri/ho-so/{id}/sua",
        desk.submit(
            &dossier,
            &format!("{dossier}/sua"),
            &[("applicant", "Phòng khám Tâm Đức"), ("channel", "truc_tuyen")]
        )
        .await
    );
    let dossiers = sheet(
        &app,
        "hs.xlsx",
        "ws.append(['Mã hồ sơ', 'Thủ tục', 'Tổ chức, cá nhân', 'Ngày nhận', 'Ngày trả', 'Kết quả', 'Kinh phí hỗ trợ (đồng)', 'Hết hạn giấy phép cũ (khi gia hạn)'])\n\
         ws.append(['HS-2020-9004', 'Gia hạn giấy phép tiến hành công việc bức xạ', 'D', '02/03/2020', '10/03/2020', 'GP số 7', '', '31/05/2020'])",
    );
    let r = once!(w, "/quan-tri/ho-so/nhap", [200], import(&desk, "/quan-tri/ho-so/nhap", dossiers).await);
    assert!(r.body.contains("Đã nhập 1 bản ghi."), "{}", gist(&r.body));

    // the period report: its text edited, its news version drafted
    once!(
        w,
        "/quan-tri/bao-cao/sua",
        admin
            .post(
                "/quan-tri/bao-cao/sua",
                &[
                    ("ky", "9-thang"),
                    ("nam", "2020"),
                    ("ngay", "06/10/2020"),
                    ("de-xuat", "- Bổ sung kinh phí kiểm định")
                ],
            )
            .await
    );
    once!(
        w,
        "/quan-tri/bao-cao/dang-tin",
        admin.post("/quan-tri/bao-cao/dang-tin", &[("ky", "9-thang"), ("nam", "2020"), ("ngay", "06/10/2020")]).await
    );
    once!(
        w,
        "/quan-tri/bao-cao/cong-khai",
        admin.post("/quan-tri/bao-cao/cong-khai", &[("ky", "9-thang"), ("nam", "2020"), ("ngay", "06/10/2020")]).await
    );

    // a holiday
    once!(
        w,
        "/quan-tri/ngay-nghi",
        admin
            .submit("/quan-tri/ngay-nghi", "/quan-tri/ngay-nghi", &[("day", "05/05/2021"), ("name", "Nghỉ bù (thử)")])
            .await
    );

    // the organisation: a unit added, given a kind of record, relieved of it, closed into another
    let units = "/quan-tri/don-vi";
    once!(
        w,
        "/quan-tri/don-vi/them",
        admin
            .submit(
                units,
                "/quan-tri/don-vi/them",
                &[("code", "PTN"), ("name", "Phòng Thử nghiệm"), ("kind", "phong"), ("from", "01/03/2025")]
            )
            .await
    );
    once!(
        w,
        "/quan-tri/don-vi/giao",
        admin
            .submit(
                units,
                "/quan-tri/don-vi/giao",
                &[("unit", "PTN"), ("kind", "so:truyen-thong"), ("on", "01/03/2025")]
            )
            .await
    );
    once!(
        w,
        "/quan-tri/don-vi/thoi-giao",
        admin
            .submit(
                units,
                "/quan-tri/don-vi/thoi-giao",
                &[("unit", "PTN"), ("kind", "so:truyen-thong"), ("on", "30/06/2025")]
            )
            .await
    );
    once!(
        w,
        "/quan-tri/don-vi/dong",
        admin
            .submit(units, "/quan-tri/don-vi/dong", &[("code", "QUY"), ("on", "30/06/2025"), ("successor", "PTN")])
            .await
    );
    once!(
        w,
        "/quan-tri/don-vi/chuyen",
        admin.submit(units, "/quan-tri/don-vi/chuyen", &[("username", "haibuoc"), ("unit", "PTN")]).await
    );

    // the centre's sales register: a row, its correction, an import
    let centre = sign_in(&app, "trungtam").await;
    let products = dost_store::registers::products(&app.db).await.unwrap();
    let tea = products.iter().find(|p| p.1 == "tra_giao_co_lam").unwrap().0.to_string();
    once!(
        w,
        "/quan-tri/so/{register}/moi",
        centre
            .submit(
                "/quan-tri/so/ban-hang/moi",
                "/quan-tri/so/ban-hang/moi",
                &[("product_id", &tea), ("on_date", "05/10/2020"), ("quantity", "20"), ("revenue", "1.000.000")],
            )
            .await
    );
    let sale = format!("/quan-tri/so/ban-hang/{}", scalar(&app.db, "SELECT MAX(id) FROM sales").await);
    once!(w, "/quan-tri/so/{register}/{id}", centre.submit(&sale, &sale, &[("quantity", "25")]).await);
    let sales = sheet(
        &app,
        "bh.xlsx",
        "ws.append(['Sản phẩm', 'Ngày', 'Số lượng', 'Doanh thu (đồng)'])\n\
         ws.append(['Trà giảo cổ lam', '06/10/2020', 12, 600000])",
    );
    let r = once!(w, "/quan-tri/so/{register}/nhap", [200], import(&centre, "/quan-tri/so/ban-hang/nhap", sales).await);
    assert!(r.body.contains("Đã nhập 1 bản ghi."), "{}", gist(&r.body));

    // tasks: a new one, an import; the pear task's step, council, ballot and contract records
    let scientists = sign_in(&app, "cvqlkh").await;
    once!(
        w,
        "/quan-tri/nhiem-vu/moi",
        scientists
            .submit(
                "/quan-tri/nhiem-vu/moi",
                "/quan-tri/nhiem-vu/moi",
                &[
                    ("code", "CB.ĐT.99-2026"),
                    ("title", "Nghiên cứu thử nghiệm quy trình nhân giống lan kim tuyến"),
                    ("level", "cap_tinh"),
                    ("type", "de_tai"),
                    ("method", "tuyen_chon"),
                    ("field", "Nông nghiệp"),
                    ("lead_org", "Trường Cao đẳng Sư phạm Cao Bằng"),
                    ("investigator", "TS. Nguyễn Văn Thử"),
                    ("start", "01/07/2026"),
                    ("end", "30/06/2028"),
                    ("budget", "1.200.000.000"),
                    ("state", "1.000.000.000"),
                ],
            )
            .await
    );
    let tasks = sheet(
        &app,
        "nv.xlsx",
        "ws.append(['Mã số','Tên nhiệm vụ','Cấp','Loại','Lĩnh vực','Chương trình','Phương thức','Tổ chức chủ trì','Chủ nhiệm','Thành viên','Bắt đầu','Kết thúc','Tổng kinh phí (đồng)','Ngân sách nhà nước (đồng)','Mục tiêu','Nội dung','Kết quả dự kiến'])\n\
         ws.append(['NK.NHAT-KY.01','Nghiên cứu thử nghiệm nhập từ bảng tính','Cấp tỉnh','Đề tài','Nông nghiệp','','Tuyển chọn','Trường Cao đẳng Sư phạm Cao Bằng','ThS. Người Nhập','KS. A; KS. B',datetime.date(2021, 7, 1),datetime.date(2023, 6, 30),1500000000,1200000000,'Mục tiêu','Nội dung','Kết quả'])",
    );
    let r = once!(w, "/quan-tri/nhiem-vu/nhap", [200], import(&scientists, "/quan-tri/nhiem-vu/nhap", tasks).await);
    assert!(r.body.contains("Đã nhập 1 bản ghi."), "{}", gist(&r.body));
    let pear = list(&app.db, &Filter { like: "%le xanh%".into(), ..Default::default() }).await.unwrap().remove(0).id;
    let task = format!("/quan-tri/nhiem-vu/{pear}");
    once!(
        w,
        "/quan-tri/nhiem-vu/{id}/buoc",
        upload(
            &scientists,
            &task,
            &format!("{task}/buoc"),
            &[("date", "10/11/2020"), ("doc_kind", "bien_ban"), ("doc_number", "NTCS-01"), ("doc_date", "10/11/2020")],
            None,
        )
        .await
    );
    let people = dost_store::tasks::people(&app.db).await.unwrap();
    let experts: Vec<String> = people
        .iter()
        .filter(|p| p.organisation.starts_with("Sở ") || p.organisation.starts_with("Liên hiệp"))
        .map(|p| p.id.to_string())
        .take(9)
        .collect();
    let roles =
        ["chu_tich", "pho_chu_tich", "phan_bien", "phan_bien", "thu_ky", "uy_vien", "uy_vien", "uy_vien", "uy_vien"];
    let mut council: Vec<(String, String)> = vec![
        ("kind".into(), "nghiem_thu".into()),
        ("decision".into(), "88/QĐ-SKHCN".into()),
        ("date".into(), "20/11/2020".into()),
    ];
    for (i, (p, role)) in experts.iter().zip(roles).enumerate() {
        council.push((format!("person-{}", i + 1), p.clone()));
        council.push((format!("role-{}", i + 1), role.to_string()));
        council.push((format!("exp-{}", i + 1), "1".to_string()));
    }
    let council: Vec<(&str, &str)> = council.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    once!(w, "/quan-tri/nhiem-vu/{id}/hoi-dong", scientists.post(&format!("{task}/hoi-dong"), &council).await);
    let acceptance = scalar(&app.db, &format!("SELECT MAX(id) FROM councils WHERE task_id = {pear}")).await;
    once!(
        w,
        "/quan-tri/nhiem-vu/{id}/hoi-dong/{council}/phieu",
        scientists.submit(&task, &format!("{task}/hoi-dong/{acceptance}/phieu"), &[]).await
    );
    once!(
        w,
        "/quan-tri/nhiem-vu/{id}/ghi",
        scientists
            .submit(
                &task,
                &format!("{task}/ghi"),
                &[("action", "han"), ("kind", "bao_cao_dinh_ky"), ("date", "15/12/2020"), ("note", "Báo cáo 6 tháng")],
            )
            .await
    );
    // the unit head withdraws the step recorded by mistake, with the reason
    add_user_in_unit(&app, "tpqlkh", Role::UnitHead, "QLKH").await;
    let head = sign_in(&app, "tpqlkh").await;
    let last = dost_store::tasks::events(&app.db, pear).await.unwrap().last().unwrap().id.to_string();
    once!(
        w,
        "/quan-tri/nhiem-vu/{id}/rut-buoc",
        head.submit(
            &task,
            &format!("{task}/rut-buoc"),
            &[("step", &last), ("reason", "Ghi nhầm ngày nghiệm thu cơ sở")]
        )
        .await
    );

    // the site: categories, blocks, workflow rules
    let parent = scalar(&app.db, "SELECT id FROM categories WHERE slug = 'tin-tuc-su-kien'").await.to_string();
    once!(
        w,
        "/quan-tri/chuyen-muc",
        admin
            .submit(
                "/quan-tri/chuyen-muc",
                "/quan-tri/chuyen-muc",
                &[("name", "Hợp tác quốc tế"), ("slug", ""), ("parent", &parent), ("position", "20"), ("menu", "1")],
            )
            .await
    );
    let category = scalar(&app.db, "SELECT id FROM categories WHERE slug = 'hop-tac-quoc-te'").await;
    once!(
        w,
        "/quan-tri/chuyen-muc/{id}",
        admin.submit("/quan-tri/chuyen-muc", &format!("/quan-tri/chuyen-muc/{category}"), &[("position", "21")]).await
    );
    once!(
        w,
        "/quan-tri/khoi",
        admin
            .submit(
                "/quan-tri/khoi",
                "/quan-tri/khoi",
                &[("kind", "category"), ("title", "Tin hợp tác"), ("config", "hop-tac-quoc-te"), ("max_items", "5")],
            )
            .await
    );
    let videos = scalar(&app.db, "SELECT id FROM blocks WHERE kind = 'videos'").await;
    once!(
        w,
        "/quan-tri/khoi/{id}",
        admin
            .submit("/quan-tri/khoi", &format!("/quan-tri/khoi/{videos}"), &[("title", "Phim khoa học cho bà con")])
            .await
    );
    once!(
        w,
        "/quan-tri/quy-trinh",
        admin
            .submit(
                "/quan-tri/quy-trinh",
                "/quan-tri/quy-trinh",
                &[("role", "unit_head"), ("action", "approve"), ("category", &cat)],
            )
            .await
    );
    let rule = scalar(&app.db, "SELECT MAX(id) FROM workflow_rules").await;
    once!(w, "/quan-tri/quy-trinh/{id}/xoa", admin.post(&format!("/quan-tri/quy-trinh/{rule}/xoa"), &[]).await);

    // one person's own account: two-factor sign-in on, used, off; a new password; signing out
    let person = sign_in(&app, "haibuoc").await;
    let secret = secret_in(&person.get("/quan-tri/xac-thuc-hai-buoc").await.body);
    let key = base32_decode(&secret).unwrap();
    let code = code_at(&key, app.state.clock.now());
    once!(
        w,
        "/quan-tri/xac-thuc-hai-buoc",
        person
            .submit(
                "/quan-tri/xac-thuc-hai-buoc",
                "/quan-tri/xac-thuc-hai-buoc",
                &[("secret", &secret), ("code", &code), ("password", PASSWORD)],
            )
            .await
    );
    app.state.clock.advance(30);
    let (status, waiting) = try_sign_in(&app, "haibuoc", PASSWORD).await;
    assert_eq!(status, 303, "the password is right; the code is asked next");
    let waiting = waiting.unwrap();
    let code = code_at(&key, app.state.clock.now());
    once!(
        w,
        "/quan-tri/ma-xac-thuc",
        waiting.submit("/quan-tri/ma-xac-thuc", "/quan-tri/ma-xac-thuc", &[("code", &code)]).await
    );
    once!(
        w,
        "/quan-tri/xac-thuc-hai-buoc/tat",
        waiting
            .submit("/quan-tri/xac-thuc-hai-buoc", "/quan-tri/xac-thuc-hai-buoc/tat", &[("password", PASSWORD)])
            .await
    );
    let new_password = "mật khẩu mới của tôi 2021";
    once!(
        w,
        "/quan-tri/mat-khau",
        waiting
            .submit(
                "/quan-tri/mat-khau",
                "/quan-tri/mat-khau",
                &[("old", PASSWORD), ("new", new_password), ("again", new_password)]
            )
            .await
    );
    once!(w, "/quan-tri/dang-xuat", waiting.post("/quan-tri/dang-xuat", &[]).await);
    assert_eq!(waiting.get("/quan-tri").await.status, 303, "signed out");

    // last: which roles must use two-factor sign-in (as the page shows it: none)
    once!(
        w,
        "/quan-tri/nguoi-dung/hai-buoc",
        admin.submit("/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung/hai-buoc", &[]).await
    );
    assert!(dost_store::accounts::totp_roles(&app.db).await.unwrap().is_empty(), "no role must use it");

    let posts: BTreeSet<&str> =
        dost_web::staff::route_table().into_iter().filter(|(m, _, _)| *m == "POST").map(|(_, p, _)| p).collect();
    let missing: Vec<_> = posts.difference(&w.covered).collect();
    let unknown: Vec<_> = w.covered.difference(&posts).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "POST routes without a case: {missing:?}; not routes: {unknown:?}"
    );
    assert!(w.problems.is_empty(), "writes that did not leave exactly one audit row:\n{}", w.problems.join("\n"));
}
