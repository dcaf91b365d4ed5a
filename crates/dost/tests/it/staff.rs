//! The back office: sign-in, sessions, CSRF, roles, the editorial workflow,
//! revisions, uploads, sanitising and the audit log.

use dost_domain::roles::Role;

use crate::support::*;

#[tokio::test]
async fn sign_in_sign_out_and_wrong_passwords() {
    let app = spawn(true).await;
    add_user(&app, "bientap", Role::Editor).await;
    // a staff page without a session leads to the sign-in page, then back
    let anon = app.get("/quan-tri/bai-viet").await;
    assert_eq!(anon.status, 303);
    assert_eq!(anon.headers["location"], "/quan-tri/dang-nhap?tiep=%2Fquan-tri%2Fbai-viet");
    // wrong password and unknown account get the same answer
    let (s1, a1) = try_sign_in(&app, "bientap", "sai mật khẩu rồi").await;
    let (s2, a2) = try_sign_in(&app, "khongco", PASSWORD).await;
    assert_eq!((s1, s2), (401, 401));
    assert!(a1.is_none() && a2.is_none());
    // the right one opens a session cookie that scripts cannot read
    let client = client(BROWSER_UA);
    let form = client.get(format!("{}/quan-tri/dang-nhap", app.base)).send().await.unwrap();
    let login_cookie = form.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let csrf = csrf_in(&form.text().await.unwrap());
    let r = client
        .post(format!("{}/quan-tri/dang-nhap", app.base))
        .header("Cookie", &login_cookie)
        .form(&[("username", "bientap"), ("password", PASSWORD), ("csrf", &csrf), ("tiep", "https://evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/quan-tri", "never redirected off the back office");
    let session = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("dost_s="))
        .unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    // a sign-in form posted without its own cookie token is refused
    let forged = client
        .post(format!("{}/quan-tri/dang-nhap", app.base))
        .form(&[("username", "bientap"), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);

    let agent = sign_in(&app, "bientap").await;
    let dash = agent.get("/quan-tri").await;
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains("Bảng điều khiển") && dash.body.contains("Cán bộ bientap"));
    // signing out needs the form's token
    assert_eq!(agent.post_raw("/quan-tri/dang-xuat", &[("csrf", "sai")]).await.status, 403);
    assert_eq!(agent.post("/quan-tri/dang-xuat", &[]).await.status, 303);
    assert_eq!(agent.get("/quan-tri").await.status, 303, "the session is gone");
}

#[tokio::test]
async fn failed_sign_ins_are_limited_per_account() {
    let app = spawn(false).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    add_user(&app, "chuyenvien", Role::UnitStaff).await;
    for _ in 0..5 {
        assert_eq!(try_sign_in(&app, "lanhdao", "đoán sai mật khẩu").await.0, 401);
    }
    // even the right password waits now
    let (status, agent) = try_sign_in(&app, "lanhdao", PASSWORD).await;
    assert_eq!(status, 429);
    assert!(agent.is_none());
    // another account from the same address is not blocked by that
    assert_eq!(try_sign_in(&app, "chuyenvien", PASSWORD).await.0, 303);
    // after the window the account can sign in again
    app.state.clock.advance(16 * 60);
    assert_eq!(try_sign_in(&app, "lanhdao", PASSWORD).await.0, 303);
}

#[tokio::test]
async fn sessions_expire_after_two_idle_hours_and_end_everywhere() {
    let app = spawn(false).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let a = sign_in(&app, "quantri").await;
    let b = sign_in(&app, "quantri").await;
    app.state.clock.advance(3600);
    assert_eq!(a.get("/quan-tri").await.status, 200, "activity keeps the session");
    app.state.clock.advance(2 * 3600 + 1);
    assert_eq!(a.get("/quan-tri").await.status, 303, "idle for more than two hours");
    let c = sign_in(&app, "quantri").await;
    let d = sign_in(&app, "quantri").await;
    assert_eq!(c.post("/quan-tri/dang-xuat", &[("tat-ca", "1")]).await.status, 303);
    assert_eq!(d.get("/quan-tri").await.status, 303, "signed out everywhere");
    drop(b);
}

#[tokio::test]
async fn every_role_reaches_only_its_pages() {
    let app = spawn(true).await;
    let routes = [
        "/quan-tri",
        "/quan-tri/bai-viet",
        "/quan-tri/bai-viet/moi",
        "/quan-tri/tep",
        "/quan-tri/nguoi-dung",
        "/quan-tri/nhat-ky",
        "/quan-tri/thong-ke.xlsx",
        "/quan-tri/mat-khau",
        "/quan-tri/chuyen-muc",
        "/quan-tri/khoi",
        "/quan-tri/quy-trinh",
    ];
    // expected status per route, in the order above
    let table: [(Role, [u16; 11]); 6] = [
        (Role::Administrator, [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        (Role::Leadership, [200, 200, 200, 403, 403, 200, 200, 200, 403, 403, 403]),
        (Role::UnitHead, [200, 200, 200, 403, 403, 403, 200, 200, 403, 403, 403]),
        (Role::UnitStaff, [200, 200, 200, 403, 403, 403, 403, 200, 403, 403, 403]),
        (Role::Editor, [200, 200, 200, 200, 403, 403, 200, 200, 200, 200, 403]),
        (Role::Reviewer, [200, 200, 403, 403, 403, 403, 403, 200, 403, 403, 403]),
    ];
    for (role, expected) in table {
        let name = role.as_str().replace('_', "");
        add_user(&app, &name, role).await;
        let agent = sign_in(&app, &name).await;
        for (route, want) in routes.iter().zip(expected) {
            let r = agent.get(route).await;
            assert_eq!(r.status, want, "{role:?} {route}");
            if want == 403 {
                assert!(r.body.contains("không được dùng chức năng này"), "{role:?} {route}");
            }
        }
        // writes are checked too, not only pages
        let create = agent
            .post(
                "/quan-tri/nguoi-dung",
                &[
                    ("username", "moi"),
                    ("display_name", "X"),
                    ("email", ""),
                    ("role", "editor"),
                    ("unit", ""),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(create.status, if role == Role::Administrator { 303 } else { 403 }, "{role:?} creates a user");
    }
}

fn real_png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([11, 74, 139]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Something that starts like a PNG (enough for the type check, not a picture).
fn png(size: usize) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\x00\0\0\0\x80\x08\x02\0\0\0".to_vec();
    b.resize(size.max(b.len()), 0);
    b
}

#[tokio::test]
async fn uploads_are_checked_by_content_size_and_name() {
    let app = spawn(false).await;
    add_user(&app, "bientap", Role::Editor).await;
    let editor = sign_in(&app, "bientap").await;
    let csrf = csrf_in(&editor.get("/quan-tri/tep").await.body);
    let upload = |name: &'static str, bytes: Vec<u8>, alt: &'static str| {
        let csrf = csrf.clone();
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf)
            .text("alt", alt)
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        editor.post_multipart("/quan-tri/tep", form)
    };
    let disguised = upload("anh-hoi-nghi.png", b"<html><script>alert(1)</script></html>".to_vec(), "Ảnh").await;
    assert_eq!(disguised.status, 422);
    assert!(disguised.body.contains("Loại tệp không được phép"));
    let mismatch = upload("bao-cao.pdf", png(100), "Ảnh").await;
    assert_eq!(mismatch.status, 422);
    assert!(mismatch.body.contains("không khớp với phần mở rộng"));
    let huge = upload("lon.png", png(11 * 1024 * 1024), "Ảnh lớn").await;
    assert_eq!(huge.status, 422);
    assert!(huge.body.contains("Tệp quá lớn"));
    let no_alt = upload("anh.png", real_png(10, 10), "").await;
    assert_eq!(no_alt.status, 422);
    let broken = upload("hong.png", png(200), "Ảnh hỏng").await;
    assert_eq!(broken.status, 422);
    assert!(broken.body.contains("Ảnh bị hỏng"));
    let ok = upload("../../Ảnh Hội nghị tổng kết.png", real_png(960, 540), "Hội nghị tổng kết").await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let media = dost_store::media::list(&app.db, "", 10, 0).await.unwrap();
    assert_eq!(media.len(), 1, "only the good file was recorded");
    let m = &media[0];
    assert!(m.file_path.starts_with("anh/anh-hoi-nghi-tong-ket-") && m.file_path.ends_with(".png"), "{}", m.file_path);
    assert_eq!((m.width, m.height), (960, 540));
    assert!(app.data.path().join("uploads").join(&m.file_path).exists());
    // a smaller copy for lists and the library
    let thumb = m.thumb_path.clone().expect("thumbnail");
    let thumb_bytes = std::fs::read(app.data.path().join("uploads").join(&thumb)).unwrap();
    let t = image::load_from_memory(&thumb_bytes).unwrap();
    assert_eq!((t.width(), t.height()), (480, 270));
    let served = client(BROWSER_UA).get(format!("{}/tep/{}", app.base, m.file_path)).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert!(served.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
    // no stray files from the refused uploads
    let files: Vec<_> = std::fs::read_dir(app.data.path().join("uploads/anh")).unwrap().collect();
    assert_eq!(files.len(), 2, "the picture and its smaller copy");
    // the wrong token refuses the upload (before its body is read)
    let form =
        reqwest::multipart::Form::new().part("file", reqwest::multipart::Part::bytes(png(200)).file_name("a.png"));
    assert_eq!(editor.post_multipart_token("/quan-tri/tep", "sai", form).await.status, 403);
}

const OPENPYXL: &str = r#"
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
print(json.dumps({"sheet": ws.title, "title": ws["A1"].value, "header": [c.value for c in ws[3]], "rows": ws.max_row - 3}, ensure_ascii=False))
"#;

#[tokio::test]
async fn visitor_statistics_export_opens_in_openpyxl() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    // the demo's history reaches the days before it was loaded: the dashboard charts them
    let dash = leader.get("/quan-tri").await.body;
    assert!(!dash.contains("Chưa có số liệu") && dash.contains("<svg"), "a living chart");
    // a site without any count says so
    match &app.db {
        dost_store::Db::Sqlite(s) => sqlx::query("DELETE FROM visit_daily").execute(&s.pool).await.map(|_| ()),
        dost_store::Db::Postgres(p) => sqlx::query("DELETE FROM visit_daily").execute(p).await.map(|_| ()),
    }
    .unwrap();
    assert!(leader.get("/quan-tri").await.body.contains("Chưa có số liệu"), "an empty chart says so");
    // the last days counted, as on a live site
    let today = dost_domain::format::vn_date(app.state.clock.now());
    for back in 0..5 {
        let d = (today - chrono::Duration::days(back)).format("%Y-%m-%d").to_string();
        let c = dost_domain::visitors::DayCount { guests: 100 + back, members: 0, bots: 10, page_views: 300 };
        dost_store::stats::put_day(&app.db, &d, &c).await.unwrap();
    }
    let dash = leader.get("/quan-tri").await.body;
    assert!(dash.contains("<svg") && dash.contains("máy chủ tìm kiếm"), "chart on the dashboard");
    let r = leader
        .client
        .get(format!("{}/quan-tri/thong-ke.xlsx", app.base))
        .header("Cookie", &leader.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let path = app.data.path().join("thong-ke.xlsx");
    std::fs::write(&path, r.bytes().await.unwrap()).unwrap();
    let out = python(OPENPYXL, path.to_str().unwrap());
    assert!(out.contains("\"sheet\": \"Truy cập\""), "{out}");
    assert!(
        out.contains("\"header\": [\"Ngày\", \"Khách\", \"Thành viên\", \"Máy chủ tìm kiếm\", \"Lượt xem trang\"]"),
        "{out}"
    );
    // a row for every day of the last 30 that has counts
    let today = dost_domain::format::vn_date(app.state.clock.now());
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let days = dost_store::stats::days(&app.db, &day(today - chrono::Duration::days(29)), &day(today)).await.unwrap();
    assert_eq!(days.len(), 5, "the days counted");
    assert!(out.contains(&format!("\"rows\": {}", days.len())), "{out}");
}

async fn enrol(agent: &Agent, secret: &str, code: &str, password: &str) -> Reply {
    agent.post("/quan-tri/xac-thuc-hai-buoc", &[("secret", secret), ("code", code), ("password", password)]).await
}

fn secret_in(html: &str) -> String {
    html.split("<code class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_string()
}

#[tokio::test]
async fn two_factor_sign_in_and_roles_that_must_use_it() {
    use dost_domain::totp::{base32_decode, code_at};
    let app = spawn(false).await;
    add_user(&app, "quantri", Role::Administrator).await;
    add_user(&app, "bientap", Role::Editor).await;
    let admin = sign_in(&app, "quantri").await;
    // enrol: a wrong code is refused, the right one turns it on
    let page = admin.get("/quan-tri/xac-thuc-hai-buoc").await.body;
    let secret = secret_in(&page);
    assert!(page.contains("otpauth://totp/"));
    assert!(page.contains("<svg") && page.contains("Mã QR"), "the secret is also a QR code");
    let key = base32_decode(&secret).unwrap();
    let code = code_at(&key, app.state.clock.now());
    let wrong = enrol(&admin, &secret, "000000", PASSWORD).await;
    assert_eq!(wrong.status, 422);
    // a stolen session cannot enrol a phone of its own: the password is asked
    let no_password = enrol(&admin, &secret, &code, "không phải mật khẩu").await;
    assert_eq!(no_password.status, 422);
    assert!(no_password.body.contains("Mật khẩu không đúng"));
    assert_eq!(enrol(&admin, &secret, &code, PASSWORD).await.status, 303);
    // next sign-in: the password alone opens nothing
    let (status, half) = try_sign_in(&app, "quantri", PASSWORD).await;
    assert_eq!(status, 303);
    let half = half.unwrap();
    let r = half.get("/quan-tri/nguoi-dung").await;
    assert_eq!((r.status, r.location.as_str()), (303, "/quan-tri/ma-xac-thuc"));
    let form = half.get("/quan-tri/ma-xac-thuc").await.body;
    let csrf = csrf_in(&form);
    // a session waiting for its code can sign out
    let (_, waiting) = try_sign_in(&app, "quantri", PASSWORD).await;
    let waiting = waiting.unwrap();
    let wcsrf = csrf_in(&waiting.get("/quan-tri/ma-xac-thuc").await.body);
    assert_eq!(waiting.post_raw("/quan-tri/dang-xuat", &[("csrf", &wcsrf)]).await.status, 303);
    assert_eq!(waiting.get("/quan-tri/ma-xac-thuc").await.status, 303, "signed out");
    assert_eq!(half.post_raw("/quan-tri/ma-xac-thuc", &[("csrf", &csrf), ("code", "123456")]).await.status, 401);
    // the code that confirmed the enrolment is used up: it opens nothing
    assert_eq!(half.post_raw("/quan-tri/ma-xac-thuc", &[("csrf", &csrf), ("code", &code)]).await.status, 401);
    app.state.clock.advance(30);
    let good = code_at(&key, app.state.clock.now());
    assert_eq!(half.post_raw("/quan-tri/ma-xac-thuc", &[("csrf", &csrf), ("code", &good)]).await.status, 303);
    assert_eq!(half.get("/quan-tri/nguoi-dung").await.status, 200);
    // nor is the code just accepted accepted again, in another session
    let (_, other) = try_sign_in(&app, "quantri", PASSWORD).await;
    let other = other.unwrap();
    let csrf2 = csrf_in(&other.get("/quan-tri/ma-xac-thuc").await.body);
    assert_eq!(other.post_raw("/quan-tri/ma-xac-thuc", &[("csrf", &csrf2), ("code", &good)]).await.status, 401);
    // editors must use it: until they enrol, every page leads to the enrolment page
    let r = half.post("/quan-tri/nguoi-dung/hai-buoc", &[("role", "editor")]).await;
    assert_eq!(r.status, 303);
    let editor = sign_in(&app, "bientap").await;
    let r = editor.get("/quan-tri/bai-viet").await;
    assert_eq!((r.status, r.location.as_str()), (303, "/quan-tri/xac-thuc-hai-buoc"));
    let enrol = editor.get("/quan-tri/xac-thuc-hai-buoc").await.body;
    assert!(enrol.contains("bắt buộc dùng xác thực hai bước"));
    let s = secret_in(&enrol);
    let c = code_at(&base32_decode(&s).unwrap(), app.state.clock.now());
    assert_eq!(
        editor
            .post_raw(
                "/quan-tri/xac-thuc-hai-buoc",
                &[("csrf", &csrf_in(&enrol)), ("secret", &s), ("code", &c), ("password", PASSWORD)]
            )
            .await
            .status,
        303
    );
    assert_eq!(editor.get("/quan-tri/bai-viet").await.status, 200);
    // and cannot turn it off
    let off = editor.post("/quan-tri/xac-thuc-hai-buoc/tat", &[("password", PASSWORD)]).await;
    assert_eq!(off.status, 403);
    // the administrator can, with the password only
    let off = half.post("/quan-tri/xac-thuc-hai-buoc/tat", &[("password", "sai mật khẩu")]).await;
    assert_eq!(off.status, 422);
    assert!(off.body.contains("Mật khẩu không đúng"));
    assert_eq!(half.post("/quan-tri/xac-thuc-hai-buoc/tat", &[("password", PASSWORD)]).await.status, 303);
}
