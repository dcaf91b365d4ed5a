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
        (Role::Leadership, [200, 200, 403, 403, 403, 200, 200, 200, 403, 403, 403]),
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

async fn new_article(agent: &Agent, title: &str, body: &str) -> Reply {
    agent
        .submit(
            "/quan-tri/bai-viet/moi",
            "/quan-tri/bai-viet/moi",
            &[
                ("title", title),
                ("lead", "Tóm tắt bài thử nghiệm."),
                ("body", body),
                ("author", "Phòng thử nghiệm"),
                ("category", &agent_category(agent).await),
                ("tags", "thử nghiệm, quy trình"),
                ("published_at", ""),
            ],
        )
        .await
}

async fn agent_category(agent: &Agent) -> String {
    let page = agent.get("/quan-tri/bai-viet/moi").await.body;
    let start = page.find("id=\"category\"").unwrap();
    page[start..].split("<option value=\"").nth(2).unwrap().split('"').next().unwrap().to_string()
}

fn id_from(location: &str) -> String {
    location.trim_start_matches("/quan-tri/bai-viet/").split('?').next().unwrap().to_string()
}

#[tokio::test]
async fn an_article_goes_from_draft_through_review_to_the_portal() {
    let app = spawn(true).await;
    add_user(&app, "chuyenvien", Role::UnitStaff).await;
    add_user(&app, "duyetbai", Role::Reviewer).await;
    add_user(&app, "bientap", Role::Editor).await;
    let writer = sign_in(&app, "chuyenvien").await;
    let reviewer = sign_in(&app, "duyetbai").await;
    let editor = sign_in(&app, "bientap").await;

    let created =
        new_article(&writer, "Hội thảo đổi mới sáng tạo trong nông nghiệp", "<p>Nội dung <b>chính</b>.</p>").await;
    assert_eq!(created.status, 303, "{}", created.body);
    let id = id_from(&created.location);
    let path = format!("/quan-tri/bai-viet/{id}/chuyen");
    // not public while a draft
    assert!(
        !app.get("/tim-kiem?q=doi+moi+sang+tao+nong+nghiep")
            .await
            .body
            .contains("Hội thảo đổi mới sáng tạo trong nông nghiệp")
    );
    // a draft cannot be approved or published, and the writer cannot approve
    assert_eq!(editor.post(&path, &[("action", "publish")]).await.status, 400);
    assert_eq!(writer.post(&path, &[("action", "approve")]).await.status, 400);
    assert_eq!(writer.post(&path, &[("action", "submit")]).await.status, 303);
    assert_eq!(writer.post(&path, &[("action", "approve")]).await.status, 403, "writers do not approve");
    // returning needs a reason
    let no_note = reviewer.post(&path, &[("action", "return"), ("note", "  ")]).await;
    assert_eq!(no_note.status, 400);
    assert!(no_note.body.contains("ghi rõ ý kiến"));
    assert_eq!(reviewer.post(&path, &[("action", "return"), ("note", "Bổ sung số liệu.")]).await.status, 303);
    let returned = writer.get(&format!("/quan-tri/bai-viet/{id}")).await.body;
    assert!(returned.contains("Trả lại") && returned.contains("Bổ sung số liệu."));
    assert_eq!(writer.post(&path, &[("action", "submit")]).await.status, 303);
    assert_eq!(
        reviewer.post(&path, &[("action", "publish")]).await.status,
        400,
        "reviewers approve, they do not publish"
    );
    assert_eq!(reviewer.post(&path, &[("action", "approve")]).await.status, 303);
    assert_eq!(editor.post(&path, &[("action", "publish")]).await.status, 303);
    // now on the portal, found by search without diacritics
    let found = app.get("/tim-kiem?q=hoi+thao+doi+moi+sang+tao+nong+nghiep").await;
    assert!(
        found.body.contains("<mark>Hội</mark> <mark>thảo</mark> <mark>đổi</mark>"),
        "published article is searchable"
    );
    // and the audit log tells the story
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let log = admin.get("/quan-tri/nhat-ky?doi-tuong=article").await.body;
    for action in ["create", "submit", "return", "approve", "publish"] {
        assert!(log.contains(&format!("<td>{action}</td>")), "audit lacks {action}");
    }
    let only_reviewer = admin.get("/quan-tri/nhat-ky?nguoi=duyetbai").await.body;
    assert!(only_reviewer.contains("<td>approve</td>") && !only_reviewer.contains("<td>publish</td>"));
}

#[tokio::test]
async fn scheduled_articles_appear_on_time_and_expire() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let created = new_article(&admin, "Thông báo lịch tiếp nhận hồ sơ", "<p>Thông báo.</p>").await;
    let id = id_from(&created.location);
    let path = format!("/quan-tri/bai-viet/{id}/chuyen");
    for action in ["submit", "approve"] {
        assert_eq!(admin.post(&path, &[("action", action)]).await.status, 303);
    }
    let later = dost_domain::format::datetime_ts(app.state.clock.now() + 2 * 3600);
    assert_eq!(admin.post(&path, &[("action", "publish"), ("at", &later)]).await.status, 303);
    assert!(admin.get(&format!("/quan-tri/bai-viet/{id}")).await.body.contains("Đã hẹn giờ đăng"));
    let search = "/tim-kiem?q=lich+tiep+nhan+ho+so";
    let listed = |body: String| {
        body.contains("<mark>Thông</mark> <mark>báo</mark>")
            || body.contains("<mark>lịch</mark> <mark>tiếp</mark> <mark>nhận</mark> <mark>hồ</mark> <mark>sơ</mark>")
    };
    assert!(!listed(app.get(search).await.body));
    // time passes: the background poll notices without anyone saving anything
    app.state.clock.advance(2 * 3600 + 60);
    app.state.refresh().await.unwrap();
    assert!(listed(app.get(search).await.body));
    // an expiry date takes it off the portal when it comes (signed in again: two idle hours passed)
    let admin = sign_in(&app, "quantri").await;
    let form = admin.get(&format!("/quan-tri/bai-viet/{id}")).await.body;
    let version = form.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let cat = agent_category(&admin).await;
    let expires = dost_domain::format::datetime_ts(app.state.clock.now() + 3600);
    let published = dost_domain::format::datetime_ts(app.state.clock.now() - 120);
    let saved = admin
        .submit(
            &format!("/quan-tri/bai-viet/{id}"),
            &format!("/quan-tri/bai-viet/{id}"),
            &[
                ("version", &version),
                ("title", "Thông báo lịch tiếp nhận hồ sơ"),
                ("category", &cat),
                ("published_at", &published),
                ("expires_at", &expires),
                ("body", "<p>Thông báo.</p>"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(listed(app.get(search).await.body));
    app.state.clock.advance(3601);
    app.state.refresh().await.unwrap();
    assert!(!listed(app.get(search).await.body), "expired");
}

#[tokio::test]
async fn bad_fields_are_shown_next_to_the_field_and_nothing_is_saved() {
    let app = spawn(true).await;
    add_user(&app, "bientap", Role::Editor).await;
    let editor = sign_in(&app, "bientap").await;
    let (_, before) = dost_store::editorial::list(&app.db, &Default::default(), 1, 0).await.unwrap();
    let r = editor
        .submit(
            "/quan-tri/bai-viet/moi",
            "/quan-tri/bai-viet/moi",
            &[
                ("title", ""),
                ("lead", "Giữ lại tóm tắt này"),
                ("category", ""),
                ("published_at", "31/02/2020"),
                ("body", "<p>x</p>"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"title-err\">Hãy nhập tiêu đề."));
    assert!(r.body.contains("id=\"cat-err\">Hãy chọn chuyên mục chính."));
    assert!(r.body.contains("id=\"pub-err\">Ngày giờ không hợp lệ"));
    assert!(r.body.contains("Giữ lại tóm tắt này"), "typed values are kept");
    let (_, total) = dost_store::editorial::list(&app.db, &Default::default(), 1, 0).await.unwrap();
    assert_eq!(total, before, "nothing was written");
    // a wrong CSRF token is refused before anything happens
    let forged =
        editor.post_raw("/quan-tri/bai-viet/moi", &[("csrf", "0000"), ("title", "Giả mạo"), ("category", "1")]).await;
    assert_eq!(forged.status, 403);
    let (_, total) = dost_store::editorial::list(&app.db, &Default::default(), 1, 0).await.unwrap();
    assert_eq!(total, before);
}

#[tokio::test]
async fn html_is_sanitised_when_saved() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let admin = sign_in(&app, "quantri").await;
    let body = "<p onclick=\"steal()\">Đoạn đầu<script>alert('x')</script></p>\
                <a href=\"javascript:alert(1)\">liên kết xấu</a><img src=\"/tep/anh/a.png\" onerror=\"x()\" alt=\"Ảnh hội nghị\">\
                <table><tbody><tr><td>Ô bảng</td></tr></tbody></table><ul><li>Mục một</li></ul>";
    let created = new_article(&admin, "Bài kiểm tra làm sạch HTML", body).await;
    let id: i64 = id_from(&created.location).parse().unwrap();
    let stored = dost_store::editorial::article(&app.db, id).await.unwrap().unwrap().body_html;
    for bad in ["onclick", "<script", "alert(", "javascript:", "onerror"] {
        assert!(!stored.contains(bad), "{bad} kept: {stored}");
    }
    for good in ["<p>Đoạn đầu</p>", "<td>Ô bảng</td>", "<li>Mục một</li>", "alt=\"Ảnh hội nghị\""] {
        assert!(stored.contains(good), "{good} lost: {stored}");
    }
}

async fn save(agent: &Agent, edit: &str, cat: &str, version: String, title: &str, body: &str) -> Reply {
    // the form as the person saw it, with their changes: an old version stays old
    let page = agent.get(edit).await.body;
    let (_, mut fields) = forms(&page).into_iter().find(|(a, _)| a == edit).expect("the edit form");
    for (k, v) in
        [("version", version.as_str()), ("title", title), ("category", cat), ("body", body), ("published_at", "")]
    {
        fields.retain(|(n, _)| n != k);
        fields.push((k.to_string(), v.to_string()));
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    agent.post_raw(edit, &fields).await
}

#[tokio::test]
async fn revisions_compare_restore_and_conflicts() {
    let app = spawn(true).await;
    add_user(&app, "bientap", Role::Editor).await;
    add_user(&app, "bientap2", Role::Editor).await;
    let a = sign_in(&app, "bientap").await;
    let b = sign_in(&app, "bientap2").await;
    let created = new_article(&a, "Tiêu đề ban đầu", "<p>Đoạn một.</p><p>Đoạn hai.</p>").await;
    let id = id_from(&created.location);
    let cat = agent_category(&a).await;
    let edit = format!("/quan-tri/bai-viet/{id}");
    let v = |html: &str| html.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    // both editors open version 1
    let v_a = v(&a.get(&edit).await.body);
    let v_b = v(&b.get(&edit).await.body);
    assert_eq!(
        save(&a, &edit, &cat, v_a, "Tiêu đề đã sửa", "<p>Đoạn một.</p><p>Đoạn hai đã sửa.</p>").await.status,
        303
    );
    // the second save is based on an old version: refused, their text kept in the form
    let conflict = save(&b, &edit, &cat, v_b, "Bản của người thứ hai", "<p>Khác hẳn.</p>").await;
    assert_eq!(conflict.status, 409);
    assert!(conflict.body.contains("CHƯA được lưu") && conflict.body.contains("Bản của người thứ hai"));
    let now_title = dost_store::editorial::article(&app.db, id.parse().unwrap()).await.unwrap().unwrap().title;
    assert_eq!(now_title, "Tiêu đề đã sửa");
    // compare 1 with 2
    let cmp = a.get(&format!("/quan-tri/bai-viet/{id}/phien-ban?a=1&b=2")).await.body;
    assert!(cmp.contains("class=\"diff-added\"><span class=\"sr-only\">Thêm: </span>Đoạn hai đã sửa."), "{cmp}");
    assert!(cmp.contains("class=\"diff-removed\"><span class=\"sr-only\">Bỏ: </span>Đoạn hai."));
    // restore version 1: it becomes version 3
    let version = v(&a.get(&edit).await.body);
    let restored = a.post(&format!("/quan-tri/bai-viet/{id}/phien-ban/1/khoi-phuc"), &[("version", &version)]).await;
    assert_eq!(restored.status, 303);
    let art = dost_store::editorial::article(&app.db, id.parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(art.title, "Tiêu đề ban đầu");
    assert!(art.body_html.contains("Đoạn hai.") && !art.body_html.contains("đã sửa"));
    assert_eq!(dost_store::editorial::revisions(&app.db, art.id).await.unwrap().len(), 3);
}

/// A real picture, decodable.
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
    assert!(out.contains("\"rows\": 29") || out.contains("\"rows\": 30"), "{out}");
}

#[tokio::test]
async fn categories_blocks_and_workflow_rules_are_managed_from_the_ui() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    add_user(&app, "bientap", Role::Editor).await;
    let admin = sign_in(&app, "quantri").await;
    // a new sub-category appears in the portal's menu
    let parent = dost_store::portal::categories(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.slug == "tin-tuc-su-kien")
        .unwrap();
    let pid = parent.id.to_string();
    let r = admin
        .submit(
            "/quan-tri/chuyen-muc",
            "/quan-tri/chuyen-muc",
            &[("name", "Hợp tác quốc tế"), ("slug", ""), ("parent", &pid), ("position", "20"), ("menu", "1")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(app.get("/").await.body.contains("href=\"/hop-tac-quoc-te\""));
    assert_eq!(app.get("/hop-tac-quoc-te").await.status, 200);
    // bad slugs, taken slugs and reserved paths are refused with a message
    for (slug, msg) in [
        ("Có Dấu", "chữ thường không dấu"),
        ("hop-tac-quoc-te", "đã có chuyên mục khác"),
        ("tim-kiem", "đã được cổng thông tin dùng"),
    ] {
        let r = admin
            .submit(
                "/quan-tri/chuyen-muc",
                "/quan-tri/chuyen-muc",
                &[("name", "Thử"), ("slug", slug), ("position", "1")],
            )
            .await;
        assert_eq!(r.status, 422, "{slug}");
        assert!(r.body.contains(msg), "{slug}: {msg}");
    }
    let bad_pos = admin
        .submit(
            "/quan-tri/chuyen-muc",
            "/quan-tri/chuyen-muc",
            &[("name", "Thử"), ("slug", "thu"), ("position", "mười")],
        )
        .await;
    assert!(bad_pos.body.contains("«Thứ tự» phải là số nguyên"));
    // a category cannot be moved under its own child
    let cats = dost_store::portal::categories(&app.db).await.unwrap();
    let child = cats.iter().find(|c| c.slug == "khoa-hoc-cong-nghe").unwrap().id.to_string();
    let cycle = admin
        .submit(
            "/quan-tri/chuyen-muc",
            &format!("/quan-tri/chuyen-muc/{pid}"),
            &[
                ("name", "Tin tức sự kiện"),
                ("slug", "tin-tuc-su-kien"),
                ("parent", &child),
                ("position", "0"),
                ("menu", "1"),
            ],
        )
        .await;
    assert_eq!(cycle.status, 422);
    // renaming a block shows on every page
    let blocks = dost_store::site::all_blocks(&app.db).await.unwrap();
    let videos = blocks.iter().find(|b| b.kind == "videos").unwrap();
    let r = admin
        .submit(
            "/quan-tri/khoi",
            &format!("/quan-tri/khoi/{}", videos.id),
            &[
                ("kind", "videos"),
                ("title", "Phim khoa học cho bà con"),
                ("position", "1"),
                ("max_items", "2"),
                ("enabled", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let home = app.get("/").await.body;
    assert!(home.contains("Phim khoa học cho bà con"));
    assert_eq!(links_in_class(&home, "block block-videos").len(), 2);
    let bad_block = admin
        .submit(
            "/quan-tri/khoi",
            "/quan-tri/khoi",
            &[("kind", "category"), ("title", "Khối lạ"), ("config", "khong-co"), ("max_items", "5")],
        )
        .await;
    assert_eq!(bad_block.status, 422);
    assert!(bad_block.body.contains("Không có chuyên mục có đường dẫn «khong-co»"));
    // editors lose the right to publish when the rule is deleted
    let rules = dost_store::site::rules(&app.db).await.unwrap();
    let publish = rules.iter().find(|r| r.role == "editor" && r.action == "publish").unwrap();
    assert_eq!(admin.post(&format!("/quan-tri/quy-trinh/{}/xoa", publish.id), &[]).await.status, 303);
    let editor = sign_in(&app, "bientap").await;
    let created = new_article(&editor, "Bài chờ đăng", "<p>x</p>").await;
    let id = id_from(&created.location);
    let path = format!("/quan-tri/bai-viet/{id}/chuyen");
    assert_eq!(editor.post(&path, &[("action", "submit")]).await.status, 303);
    assert_eq!(admin.post(&path, &[("action", "approve")]).await.status, 303);
    assert_eq!(editor.post(&path, &[("action", "publish")]).await.status, 403);
    // given back for this one category only
    let cat = agent_category(&editor).await;
    assert_eq!(
        admin
            .submit(
                "/quan-tri/quy-trinh",
                "/quan-tri/quy-trinh",
                &[("role", "editor"), ("action", "publish"), ("category", &cat)]
            )
            .await
            .status,
        303
    );
    assert_eq!(editor.post(&path, &[("action", "publish")]).await.status, 303);
    let log = admin.get("/quan-tri/nhat-ky?doi-tuong=").await.body;
    assert!(log.contains("workflow_rule") && log.contains("category") && log.contains("block"));
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

#[tokio::test]
async fn no_one_approves_their_own_text_and_approval_belongs_to_the_text_approved() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "truongphong", Role::UnitHead, "VP").await;
    add_user(&app, "bientap", Role::Editor).await;
    add_user(&app, "duyetbai", Role::Reviewer).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let head = sign_in(&app, "truongphong").await;
    let editor = sign_in(&app, "bientap").await;
    let reviewer = sign_in(&app, "duyetbai").await;
    // a unit head writes, submits, and may not approve their own article
    let created = new_article(&head, "Trưởng phòng tự viết bài", "<p>Bản đầu.</p>").await;
    let id = id_from(&created.location);
    let path = format!("/quan-tri/bai-viet/{id}/chuyen");
    assert_eq!(head.post(&path, &[("action", "submit")]).await.status, 303);
    let own = head.post(&path, &[("action", "approve")]).await;
    assert_eq!(own.status, 403, "{}", own.body);
    assert!(own.body.contains("Bạn không tự duyệt bài do mình viết"), "{}", own.body);
    // …unless a workflow rule says so explicitly
    let admin = sign_in(&app, "quantri").await;
    let cat = agent_category(&head).await;
    let rule = admin
        .submit(
            "/quan-tri/quy-trinh",
            "/quan-tri/quy-trinh",
            &[("role", "unit_head"), ("action", "approve"), ("category", &cat), ("own_text", "1")],
        )
        .await;
    assert_eq!(rule.status, 303);
    assert_eq!(head.post(&path, &[("action", "approve")]).await.status, 303);
    // an editor changes the approved article: it goes back for approval
    let edit = format!("/quan-tri/bai-viet/{id}");
    let changed = editor.submit(&edit, &edit, &[("body", "<p>Bản đã sửa sau khi duyệt.</p>")]).await;
    assert_eq!(changed.status, 303, "{}", changed.body);
    let article = dost_store::editorial::article(&app.db, id.parse().unwrap()).await.unwrap().unwrap();
    assert_eq!(article.status, dost_domain::content::ArticleStatus::Submitted);
    assert_eq!(editor.post(&path, &[("action", "publish")]).await.status, 400, "not approved any more");
    // the editor who changed it cannot approve the change; a reviewer can
    assert_eq!(editor.post(&path, &[("action", "approve")]).await.status, 403);
    assert_eq!(reviewer.post(&path, &[("action", "approve")]).await.status, 303);
    assert_eq!(editor.post(&path, &[("action", "publish")]).await.status, 303);
    let public = app.get(&app.article_path("Trưởng phòng tự viết bài").await).await.body;
    assert!(public.contains("Bản đã sửa sau khi duyệt."), "the text approved is the text published");
    // "featured" is for editors and leaders: a unit head's box is not offered, and a forged one is ignored
    assert!(!head.get("/quan-tri/bai-viet/moi").await.body.contains("name=\"featured\""));
    assert!(editor.get("/quan-tri/bai-viet/moi").await.body.contains("name=\"featured\""));
    let forged = head
        .submit(
            "/quan-tri/bai-viet/moi",
            "/quan-tri/bai-viet/moi",
            &[
                ("title", "Bài tự đánh dấu nổi bật"),
                ("lead", "Tóm tắt."),
                ("body", "<p>x</p>"),
                ("author", "VP"),
                ("category", &cat),
                ("tags", ""),
                ("published_at", ""),
                ("featured", "1"),
            ],
        )
        .await;
    assert_eq!(forged.status, 303, "{}", forged.body);
    let forged_id: i64 = id_from(&forged.location).parse().unwrap();
    assert!(!dost_store::editorial::article(&app.db, forged_id).await.unwrap().unwrap().featured);
}
