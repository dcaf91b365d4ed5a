//! A task's records beyond its steps: filtered exports read back by
//! openpyxl, the daily digest through a real SMTP server, contracts and
//! instalments, scans of steps kept private, and imports from XLSX.

use chrono::NaiveDate;
use dost_domain::roles::Role;
use dost_domain::tasks::{Level, Stage};
use dost_store::tasks::{Filter, list};

use crate::support::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const OPENPYXL_ROWS: &str = r#"
import sys, json, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print(json.dumps({"header": [c.value for c in ws[3]], "codes": [r[0].value for r in ws.iter_rows(min_row=4)]}, ensure_ascii=False))
"#;

#[tokio::test]
async fn filtered_lists_export_to_xlsx_and_csv() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    let get = |path: &str| leader.client.get(format!("{}{path}", app.base)).header("Cookie", &leader.cookie).send();
    let xlsx = get("/quan-tri/nhiem-vu/xuat.xlsx?cap=nong_thon_mien_nui").await.unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(xlsx.headers()["content-disposition"].to_str().unwrap().contains("nhiem-vu-khcn.xlsx"));
    let path = app.data.path().join("nv.xlsx");
    std::fs::write(&path, xlsx.bytes().await.unwrap()).unwrap();
    let out = python(OPENPYXL_ROWS, path.to_str().unwrap());
    let expected: Vec<String> = list(&app.db, &Filter { level: "nong_thon_mien_nui".into(), ..Default::default() })
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.code)
        .collect();
    assert_eq!(expected.len(), 9);
    assert!(out.contains("\"header\": [\"Mã số\", \"Tên nhiệm vụ\", \"Cấp\""), "{out}");
    for code in &expected {
        assert!(out.contains(&format!("\"{code}\"")), "{code} missing: {out}");
    }
    let csv = get("/quan-tri/nhiem-vu/xuat.csv?q=le+xanh").await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 byte-order mark for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.lines().nth(1).unwrap().contains("lê xanh"));
}

pub(crate) const SMTP_SERVER: &str = r#"
import sys, json, time, email
from email.header import decode_header, make_header
from aiosmtpd.controller import Controller
class Keep:
    async def handle_DATA(self, server, session, envelope):
        m = email.message_from_bytes(envelope.content)
        body = m.get_payload(decode=True).decode(m.get_content_charset() or 'utf-8')
        with open(sys.argv[2], 'a', encoding='utf-8') as f:
            f.write(json.dumps({"to": envelope.rcpt_tos, "subject": str(make_header(decode_header(m["Subject"]))), "body": body}, ensure_ascii=False) + "\n")
        return '250 OK'
c = Controller(Keep(), hostname='127.0.0.1', port=int(sys.argv[1]))
c.start()
print("ready", flush=True)
time.sleep(60)
"#;

#[tokio::test]
async fn the_daily_digest_reaches_a_real_smtp_server() {
    use std::io::BufRead;
    let app = spawn(true).await;
    let units = dost_store::accounts::units(&app.db).await.unwrap();
    let qlkh = units.iter().find(|u| u.code == "QLKH").unwrap().id;
    let tdc = units.iter().find(|u| u.code == "TDC").unwrap().id;
    let hash = dost_app::passwords::hash(PASSWORD.to_string()).await.unwrap();
    for (name, email, role, unit) in [
        ("lanhdao", "lanhdao@khcn.example.vn", Role::Leadership, None),
        ("qlkh", "qlkh@khcn.example.vn", Role::UnitHead, Some(qlkh)),
        ("tdc", "tdc@khcn.example.vn", Role::UnitStaff, Some(tdc)),
        ("khongthu", "", Role::UnitStaff, Some(qlkh)),
    ] {
        let u = dost_store::accounts::NewUser {
            username: name,
            display_name: name,
            email,
            password_hash: &hash,
            role,
            unit_id: unit,
        };
        change!(app, tx => dost_store::accounts::create_user(&mut tx, &u).await?);
    }
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = app.data.path().join("mail.jsonl");
    let mut server = std::process::Command::new("python3")
        .arg("-c")
        .arg(SMTP_SERVER)
        .arg(port.to_string())
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd");
    let mut ready = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap()).read_line(&mut ready).unwrap();
    assert_eq!(ready.trim(), "ready");
    let smtp = dost_app::digest::Smtp {
        host: "127.0.0.1".into(),
        port,
        from: "Sở KH&CN <khong-tra-loi@khcn.example.vn>".into(),
        username: None,
        password: None,
    };
    let today = d(2021, 1, 15);
    let sent = dost_app::digest::send(&app.db, &smtp, today, "https://khcn.example.vn").await.unwrap();
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(sent, 2, "the leader and the QLKH head; the TDC unit has no deadlines, one account has no e-mail");
    let mails: Vec<String> = std::fs::read_to_string(&out).unwrap().lines().map(str::to_string).collect();
    assert_eq!(mails.len(), 2);
    let leader = mails.iter().find(|m| m.contains("lanhdao@khcn.example.vn")).unwrap();
    assert!(leader.contains("Hạn nhiệm vụ KH&CN ngày 15/01/2021"), "{leader}");
    assert!(
        leader.contains("Phòng Quản lý khoa học")
            && leader.contains("ngày); chủ nhiệm")
            && leader.contains("https://khcn.example.vn/quan-tri/nhiem-vu/qua-han")
    );
    // the tasks whose contracts ended before that day and are not accepted are listed as overdue
    let overdue: Vec<_> = dost_store::tasks::open_deadlines(&app.db, today)
        .await
        .unwrap()
        .into_iter()
        .filter(|x| x.due_on < today)
        .collect();
    assert!(!overdue.is_empty());
    for o in &overdue {
        assert!(leader.contains(&o.code), "digest lacks {}", o.code);
    }
}

#[tokio::test]
async fn contracts_instalments_settlement_and_checks_are_recorded() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let pear = list(&app.db, &Filter { like: "%le xanh%".into(), ..Default::default() }).await.unwrap().remove(0);
    let c = dost_store::tasks::contract(&app.db, pear.id).await.unwrap().expect("demo contract");
    assert_eq!(c.instalments.len(), 2);
    let path = format!("/quan-tri/nhiem-vu/{}/ghi", pear.id);
    // an adjustment of the contract's value
    let bad = admin
        .post(&path, &[("action", "hop_dong"), ("number", "05/HĐ-SKHCN"), ("date", "01/06/2018"), ("amount", "nhiều")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Giá trị hợp đồng phải là số đồng"));
    assert_eq!(
        admin
            .post(
                &path,
                &[
                    ("action", "hop_dong"),
                    ("number", "05/HĐ-SKHCN-ĐC1"),
                    ("date", "01/06/2018"),
                    ("amount", "1.600.000.000")
                ]
            )
            .await
            .status,
        303
    );
    assert_eq!(
        admin.post(&path, &[("action", "dot_cap"), ("date", "01/03/2021"), ("amount", "100.000.000")]).await.status,
        303
    );
    let c = dost_store::tasks::contract(&app.db, pear.id).await.unwrap().unwrap();
    assert_eq!((c.number.as_str(), c.value, c.instalments.len()), ("05/HĐ-SKHCN-ĐC1", 1_600_000_000, 3));
    let third = c.instalments[2].id.to_string();
    assert_eq!(
        admin
            .post(
                &path,
                &[("action", "tra"), ("instalment", &third), ("amount", "100.000.000"), ("date", "05/03/2021")]
            )
            .await
            .status,
        303
    );
    // an instalment beyond what remains of the contract is refused; so is a payment beyond its instalment
    let beyond = admin.post(&path, &[("action", "dot_cap"), ("date", "01/04/2021"), ("amount", "900.000.000")]).await;
    assert_eq!(beyond.status, 422);
    assert!(beyond.body.contains("vượt phần kinh phí còn lại của hợp đồng"), "{}", beyond.body);
    let overpaid = admin
        .post(&path, &[("action", "tra"), ("instalment", &third), ("amount", "150.000.000"), ("date", "06/03/2021")])
        .await;
    assert!(overpaid.body.contains("vượt số dự kiến của đợt"));
    // settlement reconciles what was paid with what is approved
    assert_eq!(admin.post(&path, &[("action", "thanh_ly"), ("date", "30/06/2022")]).await.status, 422);
    let paid: i64 =
        dost_store::tasks::contract(&app.db, pear.id).await.unwrap().unwrap().instalments.iter().map(|i| i.paid).sum();
    let approved = paid - 20_000_000;
    let settled =
        admin.post(&path, &[("action", "thanh_ly"), ("date", "30/06/2022"), ("amount", &approved.to_string())]).await;
    assert_eq!(settled.status, 303);
    let page = admin.get(&format!("/quan-tri/nhiem-vu/{}", pear.id)).await.body;
    assert!(page.contains("quyết toán 968.000.000 đồng; phải thu hồi 20.000.000 đồng"), "{page}");
    assert_eq!(
        admin
            .post(
                &path,
                &[
                    ("action", "kiem_tra"),
                    ("date", "20/10/2020"),
                    ("kind", "thanh_tra"),
                    ("status", "da_thuc_hien"),
                    ("findings", "Đúng tiến độ; bổ sung sổ sách kế toán.")
                ]
            )
            .await
            .status,
        303
    );
    let page = admin.get(&format!("/quan-tri/nhiem-vu/{}", pear.id)).await.body;
    assert!(page.contains("Hợp đồng số <strong>05/HĐ-SKHCN-ĐC1</strong>"), "adjusted contract shown");
    assert!(page.contains("giá trị 1.600.000.000 đồng"));
    assert!(page.contains("Thanh lý ngày 30/06/2022"));
    assert!(page.contains("Thanh tra (đã thực hiện): Đúng tiến độ"));
    // the public page still shows none of it
    let public = app.get(&format!("/nhiem-vu/{}", pear.id)).await.body;
    assert!(!public.contains("05/HĐ-SKHCN") && !public.contains("1.600.000.000"));
    // instalments need a contract
    let new_task =
        list(&app.db, &Filter { stages: vec![Stage::Proposed], ..Default::default() }).await.unwrap().remove(0);
    let r = admin
        .post(
            &format!("/quan-tri/nhiem-vu/{}/ghi", new_task.id),
            &[("action", "dot_cap"), ("date", "01/03/2021"), ("amount", "5")],
        )
        .await;
    assert!(r.body.contains("Hãy ghi hợp đồng trước"));
}

#[tokio::test]
async fn a_step_carries_its_scan_which_only_staff_who_may_read_the_task_open() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    add_user_in_unit(&app, "khac", Role::UnitHead, "TDC").await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let admin = sign_in(&app, "quantri").await;
    let task = list(&app.db, &Filter { stages: vec![Stage::Proposed], ..Default::default() }).await.unwrap().remove(0);
    let step = format!("/quan-tri/nhiem-vu/{}/buoc", task.id);
    let form = |file: Vec<u8>, name: &'static str| {
        let mut f = reqwest::multipart::Form::new();
        for (k, v) in [
            ("kind", "chuyen_buoc"),
            ("date", "10/02/2021"),
            ("doc_kind", "quyet_dinh"),
            ("doc_number", "12/QĐ-UBND"),
            ("doc_date", "10/02/2021"),
            ("doc_signer", ""),
            ("note", ""),
        ] {
            f = f.text(k, v);
        }
        f.part("doc_scan", reqwest::multipart::Part::bytes(file).file_name(name))
    };
    // a page disguised as a PDF is refused by its content, and nothing is recorded
    let forged = admin.post_multipart(&step, form(b"<html><script>x</script>".to_vec(), "qd.pdf")).await;
    assert_eq!(forged.status, 422);
    assert!(dost_store::tasks::events(&app.db, task.id).await.unwrap().is_empty());
    let pdf = b"%PDF-1.4\n%quyet dinh\n".to_vec();
    assert_eq!(admin.post_multipart(&step, form(pdf.clone(), "Quyết định 12.pdf")).await.status, 303);
    let event = dost_store::tasks::events(&app.db, task.id).await.unwrap().remove(0);
    let stored = event.doc_file.clone().expect("the scan is kept");
    assert!(stored.starts_with("noi-bo/"), "{stored}");
    let link = format!("/quan-tri/nhiem-vu/{}/van-ban/{}", task.id, event.id);
    let page = admin.get(&format!("/quan-tri/nhiem-vu/{}", task.id)).await.body;
    assert!(page.contains(&format!("(<a href=\"{link}\">tệp văn bản</a>)")), "{page}");
    // staff who may read the task open it, never cached by others
    let file = admin.get(&link).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.body.as_bytes(), &pdf[..]);
    assert_eq!(sign_in(&app, "lanhdao").await.get(&link).await.status, 200);
    // nobody else: not another unit, not the public at any address
    assert_eq!(sign_in(&app, "khac").await.get(&link).await.status, 403);
    assert_eq!(app.get(&link).await.status, 303, "signed out: to the sign-in page");
    assert_eq!(app.get(&format!("/tep/{stored}")).await.status, 404);
    assert_eq!(app.get("/tep/noi-bo/").await.status, 404);
}

/// Writes an XLSX with openpyxl: argv[1] output path, argv[2] JSON rows
/// (strings "D:dd/mm/yyyy" become real dates, numbers stay numbers), argv[3] repeat count.
const WRITE_XLSX: &str = r#"
import sys, json, datetime, openpyxl
rows = json.loads(sys.argv[2]); n = int(sys.argv[3])
wb = openpyxl.Workbook(); ws = wb.active
ws.append(["Mã số","Tên nhiệm vụ","Cấp","Loại","Lĩnh vực","Chương trình","Phương thức","Tổ chức chủ trì","Chủ nhiệm","Thành viên","Bắt đầu","Kết thúc","Tổng kinh phí (đồng)","Ngân sách nhà nước (đồng)","Mục tiêu","Nội dung","Kết quả dự kiến"])
def cell(v, i):
    if isinstance(v, str) and v.startswith("D:"):
        d, m, y = v[2:].split("/"); return datetime.date(int(y), int(m), int(d))
    if isinstance(v, str): return v.replace("{i}", str(i))
    return v
for i in range(n):
    for r in rows: ws.append([cell(v, i) for v in r])
wb.save(sys.argv[1])
"#;

fn xlsx(app: &TestApp, name: &str, rows: serde_json_rows::Rows, repeat: usize) -> Vec<u8> {
    let path = app.data.path().join(name);
    python(WRITE_XLSX, &format!("{}\u{1}{}\u{1}{repeat}", path.display(), rows.0));
    std::fs::read(path).unwrap()
}

mod serde_json_rows {
    /// Rows as a JSON text (kept as text: the test crate has no JSON library).
    pub struct Rows(pub String);
}

fn row(code: &str, level: &str, start: &str, end: &str, total: &str, state: &str) -> String {
    format!(
        r#"["{code}","Nghiên cứu thử nghiệm {code}","{level}","Đề tài","Nông nghiệp","","Tuyển chọn","Trường Cao đẳng Sư phạm Cao Bằng","ThS. Người Nhập","KS. A; KS. B",{start},{end},{total},{state},"Mục tiêu","Nội dung","Kết quả"]"#
    )
}

async fn upload_import(agent: &Agent, bytes: Vec<u8>, name: &'static str, only_valid: bool) -> Reply {
    let csrf = csrf_in(&agent.get("/quan-tri/nhiem-vu/nhap").await.body);
    let mut form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
    if only_valid {
        form = form.text("only_valid", "1");
    }
    agent.post_multipart("/quan-tri/nhiem-vu/nhap", form).await
}

#[tokio::test]
async fn tasks_are_imported_from_xlsx_with_a_row_by_row_report() {
    let app = spawn(false).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    // the template opens in openpyxl with the documented columns
    let t = admin
        .client
        .get(format!("{}/quan-tri/nhiem-vu/mau-nhap.xlsx", app.base))
        .header("Cookie", &admin.cookie)
        .send()
        .await
        .unwrap();
    let tpath = app.data.path().join("mau.xlsx");
    std::fs::write(&tpath, t.bytes().await.unwrap()).unwrap();
    let header = python(
        "import sys, openpyxl, json; ws = openpyxl.load_workbook(sys.argv[1]).active; print(json.dumps([c.value for c in ws[1]], ensure_ascii=False))",
        tpath.to_str().unwrap(),
    );
    assert!(header.starts_with("[\"Mã số\", \"Tên nhiệm vụ\", \"Cấp\""), "{header}");
    // a valid file: real dates and numbers, or text in the Vietnamese style
    let good = format!(
        "[{},{}]",
        row("NK.01", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "1500000000", "1200000000"),
        row(
            "NK.02",
            "nong_thon_mien_nui",
            "\"01/01/2022\"",
            "\"31/12/2023\"",
            "\"2.000.000.000\"",
            "\"1.000.000.000\""
        )
    );
    let r = upload_import(&admin, xlsx(&app, "good.xlsx", serde_json_rows::Rows(good), 1), "good.xlsx", false).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Đã nhập 2 bản ghi."), "{}", r.body);
    let t2 = list(&app.db, &Filter { like: "%nk.02%".into(), ..Default::default() }).await.unwrap().remove(0);
    assert_eq!((t2.level, t2.start_date), (Level::RuralMountain, Some(d(2022, 1, 1))));
    // bad rows: every problem named by row and column, nothing imported
    let bad = format!(
        "[{},{},{},{},{},{}]",
        row("NK.03", "Cấp tỉnh", "45000", "\"D:30/06/2023\"", "1000", "10"),
        row("NK.04", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "\"D:01/01/2020\"", "0"),
        row("NK.05", "Cấp vũ trụ", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "-5", "0"),
        row("NK.01", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "1", "0"),
        row("NK.06", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:01/01/2021\"", "1", "2"),
        row("NK.07", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "100", "50"),
    );
    let r =
        upload_import(&admin, xlsx(&app, "bad.xlsx", serde_json_rows::Rows(bad.clone()), 1), "bad.xlsx", false).await;
    assert_eq!(r.status, 422);
    for (row_no, col, msg) in [
        (2, "Bắt đầu", "là một số, ô này cần ngày"),
        (3, "Tổng kinh phí (đồng)", "cần số tiền, không phải ngày tháng"),
        (4, "Cấp", "cấp «Cấp vũ trụ» không có"),
        (4, "Tổng kinh phí (đồng)", "số tiền không được âm"),
        (5, "Mã số", "mã «NK.01» đã có trong hệ thống"),
        (6, "Kết thúc", "ngày kết thúc trước ngày bắt đầu"),
        (6, "Ngân sách nhà nước (đồng)", "lớn hơn tổng kinh phí"),
    ] {
        assert!(r.body.contains(&format!("<tr><td>{row_no}</td><td>{col}</td><td>")), "row {row_no} {col}");
        assert!(r.body.contains(msg), "{msg}");
    }
    assert!(r.body.contains("Chưa nhập dòng nào: có 7 lỗi trong 6 dòng"), "{}", r.body);
    assert_eq!(list(&app.db, &Filter::default()).await.unwrap().len(), 2, "nothing imported");
    // … unless asked to import the valid rows
    let r = upload_import(&admin, xlsx(&app, "bad2.xlsx", serde_json_rows::Rows(bad), 1), "bad2.xlsx", true).await;
    assert!(r.body.contains("Đã nhập 1 trên 6 dòng"), "{}", r.body);
    assert_eq!(list(&app.db, &Filter::default()).await.unwrap().len(), 3);
    // not a workbook, an empty file, a workbook without rows
    let fake = upload_import(&admin, b"<html>not a sheet</html>".to_vec(), "bang-tinh.xlsx", false).await;
    assert_eq!(fake.status, 422);
    assert!(fake.body.contains("không phải bảng tính Excel"));
    let empty = upload_import(&admin, Vec::new(), "rong.xlsx", false).await;
    assert_eq!(empty.status, 422);
    let no_rows =
        upload_import(&admin, xlsx(&app, "norows.xlsx", serde_json_rows::Rows("[]".into()), 1), "norows.xlsx", false)
            .await;
    assert!(no_rows.body.contains("không có dòng dữ liệu"));
}

#[tokio::test]
async fn ten_thousand_rows_import_through_the_command_line_code() {
    let app = spawn(false).await;
    let rows = format!("[{}]", row("LON.{i}", "Cấp tỉnh", "\"D:01/07/2021\"", "\"D:30/06/2023\"", "1000000", "500000"));
    xlsx(&app, "lon.xlsx", serde_json_rows::Rows(rows), 10_000);
    let checked =
        dost_app::import::tasks::check_file(&app.db, app.data.path().join("lon.xlsx")).await.unwrap().unwrap();
    assert_eq!((checked.data_rows, checked.rows.len(), checked.total_errors), (10_000, 10_000, 0));
    let mut calls = 0;
    let out = dost_app::import::tasks::write(
        &app.db,
        &dost_store::audit::Actor::command_line(),
        app.state.clock.now(),
        checked.rows,
        None,
        |done, total| {
            calls += 1;
            assert!(done <= total && total == 10_000);
        },
    )
    .await
    .unwrap();
    assert_eq!((out.imported, calls), (10_000, 10_000));
    assert!(out.taken.is_empty());
    assert_eq!(list(&app.db, &Filter::default()).await.unwrap().len(), 10_000);
    // one change, one entry in the audit log
    let log = dost_store::audit::list(
        &app.db,
        &dost_store::audit::Filter { entity: "task".into(), action: "import".into(), ..Default::default() },
        10,
        0,
    )
    .await
    .unwrap()
    .0;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].summary, "Nhập 10.000 nhiệm vụ từ bảng tính");
}
