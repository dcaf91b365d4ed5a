//! Taking part (issue 15, sections 2 and 7): comments on drafts open for
//! comment — the public form's bad inputs, the honeypot, the limit per
//! address, moderation —, and questions routed, answered, approved and
//! e-mailed to the questioner through a real SMTP server.

use dost_domain::roles::Role;

use crate::support::*;

/// Posts a public form as a browser on this site would.
async fn send(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Page {
    let r = client(BROWSER_UA)
        .post(format!("{}{path}", app.base))
        .header("Origin", &app.base)
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    Page { status, headers, body: r.text().await.unwrap() }
}

async fn open_draft(app: &TestApp) -> i64 {
    scalar(&app.db, "SELECT id FROM drafts WHERE title LIKE 'Dự thảo Quyết định ban hành Quy chế%'").await
}

#[tokio::test]
async fn a_comment_on_an_open_draft_shows_once_the_office_approves_it() {
    let app = spawn(true).await;
    let list = app.get("/du-thao").await.body;
    assert!(list.contains("Đang lấy ý kiến") && list.contains("Quy chế quản lý nhiệm vụ"));
    assert!(list.contains("Đã hết hạn góp ý"), "the closed draft stays listed");
    let id = open_draft(&app).await;
    let path = format!("/du-thao/{id}");
    let text = "Đề nghị bổ sung quy định công khai danh sách hội đồng <script>alert(1)</script> trên cổng.";
    let r = send(
        &app,
        &format!("{path}/gop-y"),
        &[
            ("ho_ten", "Trần Văn Khoa"),
            ("co_quan", "Viện Nông nghiệp"),
            ("email", "khoa@example.vn"),
            ("noi_dung", text),
            ("website", ""),
        ],
    )
    .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.headers["location"], format!("{path}?da-gui=1"));
    assert!(app.get(&format!("{path}?da-gui=1")).await.body.contains("được đăng sau khi được kiểm duyệt"));
    assert!(!app.get(&path).await.body.contains("Trần Văn Khoa"), "not shown before moderation");
    // a unit outside the office reads the list but cannot moderate
    add_user_in_unit(&app, "qlkh", Role::UnitStaff, "QLKH").await;
    let qlkh = sign_in(&app, "qlkh").await;
    let listed = qlkh.get("/quan-tri/gop-y").await;
    assert_eq!(listed.status, 200);
    assert!(listed.body.contains("Trần Văn Khoa") && !listed.body.contains("khoa@example.vn"), "no contact for them");
    let comment = scalar(&app.db, "SELECT id FROM draft_comments WHERE name = 'Trần Văn Khoa'").await;
    let refused =
        qlkh.post(&format!("/quan-tri/gop-y/{comment}"), &[("quyet_dinh", "dang"), ("tt", "cho_duyet")]).await;
    assert_eq!(refused.status, 403);
    add_user_in_unit(&app, "vanphong", Role::UnitStaff, "VP").await;
    let office = sign_in(&app, "vanphong").await;
    let waiting = office.get("/quan-tri/gop-y").await.body;
    assert!(waiting.contains("khoa@example.vn"), "the office that moderates sees the sender's e-mail");
    let r = office.post(&format!("/quan-tri/gop-y/{comment}"), &[("quyet_dinh", "dang"), ("tt", "cho_duyet")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get(&path).await.body;
    assert!(page.contains("Trần Văn Khoa") && page.contains("Viện Nông nghiệp"));
    assert!(
        page.contains("&#60;script&#62;alert(1)&#60;/script&#62;") && !page.contains("<script>alert"),
        "shown as text"
    );
    assert!(!page.contains("khoa@example.vn"), "the e-mail is never published");
    let audited = scalar(&app.db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'draft_comment' AND action = 'moderate' AND username = 'vanphong'").await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn bad_comments_are_refused_in_vietnamese_and_nothing_is_kept() {
    let app = spawn(true).await;
    let id = open_draft(&app).await;
    let before = scalar(&app.db, "SELECT COUNT(*) FROM draft_comments").await;
    let action = format!("/du-thao/{id}/gop-y");
    let missing = send(&app, &action, &[("ho_ten", ""), ("email", "khong-phai-thu"), ("noi_dung", "ngắn")]).await;
    assert_eq!(missing.status, 422);
    for expected in
        ["Hãy ghi họ và tên.", "không phải một địa chỉ thư điện tử", "Nội dung quá ngắn", "aria-invalid=\"true\""]
    {
        assert!(missing.body.contains(expected), "missing {expected}");
    }
    let long = "x".repeat(6_000);
    let too_long = send(&app, &action, &[("ho_ten", "An"), ("email", "an@example.vn"), ("noi_dung", &long)]).await;
    assert_eq!(too_long.status, 422);
    assert!(too_long.body.contains("Nội dung quá dài (6.000 ký tự; tối đa 5.000)"));
    let huge = "y".repeat(100_000);
    let r = send(&app, &action, &[("ho_ten", "An"), ("email", "an@example.vn"), ("noi_dung", &huge)]).await;
    assert_eq!(r.status, 413);
    let html_name = send(
        &app,
        &action,
        &[("ho_ten", "<b>An</b>"), ("email", "an@example.vn"), ("noi_dung", "Nội dung đủ dài để đọc")],
    )
    .await;
    assert_eq!(html_name.status, 422);
    // a robot fills the hidden field: thanked, nothing kept
    let robot = send(
        &app,
        &action,
        &[
            ("ho_ten", "Bot"),
            ("email", "bot@example.vn"),
            ("noi_dung", "Mua thuốc giá rẻ tại đây"),
            ("website", "http://spam.example"),
        ],
    )
    .await;
    assert_eq!(robot.status, 303);
    // …also when it sends the field twice, the first time empty
    let twice = send(
        &app,
        &action,
        &[
            ("ho_ten", "Bot"),
            ("email", "bot@example.vn"),
            ("noi_dung", "Mua thuốc giá rẻ tại đây"),
            ("website", ""),
            ("website", "http://spam.example"),
        ],
    )
    .await;
    assert_eq!(twice.status, 303);
    // from another site, or this host under another scheme: refused
    let other_scheme = client(BROWSER_UA)
        .post(format!("{}{action}", app.base))
        .header("Origin", app.base.replace("http://", "https://"))
        .form(&[("ho_ten", "An"), ("email", "an@example.vn"), ("noi_dung", "Nội dung đủ dài để đọc")])
        .send()
        .await
        .unwrap();
    assert_eq!(other_scheme.status().as_u16(), 403);
    let cross = client(BROWSER_UA)
        .post(format!("{}{action}", app.base))
        .header("Origin", "https://evil.example")
        .form(&[("ho_ten", "An"), ("email", "an@example.vn"), ("noi_dung", "Nội dung đủ dài để đọc")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status().as_u16(), 403);
    // the closed draft takes no more comments, and still shows its summary
    let closed = scalar(&app.db, "SELECT id FROM drafts WHERE result <> ''").await;
    let late = send(
        &app,
        &format!("/du-thao/{closed}/gop-y"),
        &[("ho_ten", "An"), ("email", "an@example.vn"), ("noi_dung", "Nội dung đủ dài để đọc")],
    )
    .await;
    assert_eq!(late.status, 409);
    assert!(late.body.contains("chỉ nhận góp ý từ ngày 03/08/2020 đến hết ngày 02/09/2020"));
    let page = app.get(&format!("/du-thao/{closed}")).await.body;
    assert!(page.contains("Tổng hợp, tiếp thu, giải trình ý kiến") && page.contains("Tiếp thu:"));
    assert!(!page.contains("Gửi ý kiến góp ý"));
    assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM draft_comments").await, before);
    assert_eq!(send(&app, "/du-thao/999999/gop-y", &[("ho_ten", "An")]).await.status, 404);
}

#[tokio::test]
async fn a_flood_from_one_address_is_stopped() {
    let app = spawn(true).await;
    let id = open_draft(&app).await;
    let action = format!("/du-thao/{id}/gop-y");
    let mut statuses = Vec::new();
    for i in 0..12 {
        let body = format!("Ý kiến số {i} về dự thảo, đủ dài để đọc.");
        statuses.push(
            send(&app, &action, &[("ho_ten", "An"), ("email", "an@example.vn"), ("noi_dung", &body)]).await.status,
        );
    }
    assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 10, "{statuses:?}");
    assert_eq!(statuses[10], 429);
    let r = send(&app, "/hoi-dap/gui-cau-hoi", &[("ho_ten", "An")]).await;
    assert_eq!(r.status, 429, "the limit is per address, whatever the form");
    assert!(r.body.contains("mời gửi lại sau"));
    let wait: i64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 3600, "Retry-After: {wait}");
    assert_eq!(scalar(&app.db, "SELECT COUNT(*) FROM draft_comments WHERE name = 'An'").await, 10);
}

#[tokio::test]
async fn a_question_is_routed_answered_approved_and_mailed_to_the_questioner() {
    use std::io::BufRead;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let app = spawn_with(true, |o| {
        o.smtp = Some(dost_app::digest::Smtp {
            host: "127.0.0.1".into(),
            port,
            from: "Sở KH&CN <khong-tra-loi@khcn.example.vn>".into(),
            username: None,
            password: None,
        })
    })
    .await;
    let out = app.data.path().join("mail.jsonl");
    let mut server = std::process::Command::new("python3")
        .arg("-c")
        .arg(crate::task_records::SMTP_SERVER)
        .arg(port.to_string())
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd");
    let mut ready = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap()).read_line(&mut ready).unwrap();

    let list = app.get("/hoi-dap").await.body;
    assert!(list.contains("15 câu hỏi đã được trả lời."), "the demo's answered questions");
    let bad = send(
        &app,
        "/hoi-dap/gui-cau-hoi",
        &[
            ("ho_ten", "Bé"),
            ("email", "be@example.vn"),
            ("tieu_de", ""),
            ("noi_dung", "Câu hỏi đủ dài để đọc"),
            ("linh_vuc", "xyz"),
        ],
    )
    .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Hãy ghi tiêu đề câu hỏi.") && bad.body.contains("Hãy chọn lĩnh vực"));
    let r = send(
        &app,
        "/hoi-dap/gui-cau-hoi",
        &[
            ("ho_ten", "Nguyễn Thị Bích"),
            ("email", "bich@example.vn"),
            ("linh_vuc", "do_luong"),
            ("tieu_de", "Kiểm định taxi mét ở đâu?"),
            ("noi_dung", "Hãng taxi của tôi cần kiểm định đồng hồ tính tiền. Liên hệ đơn vị nào?"),
        ],
    )
    .await;
    assert_eq!(r.status, 303);
    let id = scalar(&app.db, "SELECT id FROM questions WHERE email = 'bich@example.vn'").await;
    assert_eq!(app.get(&format!("/hoi-dap/{id}")).await.status, 404, "not published yet");
    let tdc = scalar(&app.db, "SELECT id FROM units WHERE code = 'TDC'").await.to_string();
    add_user_in_unit(&app, "vanphong", Role::UnitStaff, "VP").await;
    add_user_in_unit(&app, "chicuc", Role::UnitHead, "TDC").await;
    add_user_in_unit(&app, "qlkh", Role::UnitStaff, "QLKH").await;
    add_user(&app, "bientap", Role::Editor).await;
    let office = sign_in(&app, "vanphong").await;
    let path = format!("/quan-tri/hoi-dap/{id}");
    let r = office.post(&path, &[("buoc", "chuyen"), ("don_vi", &tdc)]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    // another unit neither sees nor answers it
    let qlkh = sign_in(&app, "qlkh").await;
    assert_eq!(qlkh.get(&path).await.status, 403);
    let chicuc = sign_in(&app, "chicuc").await;
    // the unit it is routed to reads the question and the asker's name, not the contact
    let routed = chicuc.get(&path).await.body;
    assert!(routed.contains("Nguyễn Thị Bích") && !routed.contains("bich@example.vn"), "{routed}");
    assert!(office.get(&path).await.body.contains("bich@example.vn"), "the office that routes it sees the contact");
    let short = chicuc.post(&path, &[("buoc", "tra_loi"), ("noi_dung", "Có.")]).await;
    assert_eq!(short.status, 422);
    assert!(short.body.contains("Hãy viết câu trả lời"));
    let answer =
        "Chi cục Tiêu chuẩn Đo lường Chất lượng kiểm định taximét; đề nghị hãng gửi văn bản đề nghị kèm danh sách xe.";
    assert_eq!(chicuc.post(&path, &[("buoc", "tra_loi"), ("noi_dung", answer)]).await.status, 303);
    // the unit cannot publish its own answer
    assert_eq!(chicuc.post(&path, &[("buoc", "dang")]).await.status, 403);
    let editor = sign_in(&app, "bientap").await;
    let r = editor.post(&path, &[("buoc", "dang")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = app.get(&format!("/hoi-dap/{id}")).await.body;
    assert!(page.contains("Kiểm định taxi mét ở đâu?") && page.contains("gửi văn bản đề nghị kèm danh sách xe"));
    assert!(page.contains("N. T. Bích") && !page.contains("bich@example.vn"), "name shortened, e-mail never shown");
    let found = app.get("/hoi-dap?q=taxi+met&linh-vuc=do_luong").await.body;
    assert!(found.contains(&format!("/hoi-dap/{id}")));
    assert!(!app.get("/hoi-dap?q=taxi+met&linh-vuc=shtt").await.body.contains(&format!("/hoi-dap/{id}")));
    // the answer reaches the questioner by e-mail (sent in the background)
    let mut mails = String::new();
    for _ in 0..100 {
        mails = std::fs::read_to_string(&out).unwrap_or_default();
        if !mails.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        mails.contains("bich@example.vn") && mails.contains("Trả lời câu hỏi: Kiểm định taxi mét ở đâu?"),
        "{mails}"
    );
    assert!(mails.contains(&format!("/hoi-dap/{id}")));
    let steps =
        scalar(&app.db, &format!("SELECT COUNT(*) FROM audit_log WHERE entity = 'question' AND entity_id = {id}"))
            .await;
    assert_eq!(steps, 4, "asked, routed, answered, published");
}

#[tokio::test]
async fn the_organisation_reads_in_vietnamese_and_in_english_from_the_units() {
    let app = spawn(true).await;
    let vi = app.get("/gioi-thieu").await;
    assert_eq!(vi.status, 200);
    for expected in [
        "Nhiệm vụ và quyền hạn",
        "Cơ cấu tổ chức",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        "Lãnh đạo Sở",
        "Giờ làm việc",
        "href=\"/en/about\"",
    ] {
        assert!(vi.body.contains(expected), "missing {expected}");
    }
    let en = app.get("/en/about").await;
    assert_eq!(en.status, 200);
    for expected in [
        "<html lang=\"en\">",
        "Duties and powers",
        "Organisation chart",
        "Sub-department of Standards, Metrology and Quality",
        "Deputy Director",
        "Office hours",
        "href=\"/gioi-thieu\"",
        "Skip to main content",
    ] {
        assert!(en.body.contains(expected), "missing {expected}");
    }
    assert!(!en.body.contains("Bỏ qua, đến nội dung chính"), "the chrome is in English too");
    // the office renames a unit: both pages show it at once
    add_user_in_unit(&app, "vanphong", Role::UnitStaff, "VP").await;
    let office = sign_in(&app, "vanphong").await;
    let id = scalar(&app.db, "SELECT id FROM units WHERE code = 'TTTT'").await;
    let r = office
        .post(
            &format!("/quan-tri/so/don-vi/{id}"),
            &[
                ("name", "Trung tâm Thông tin và Thống kê KH&CN"),
                ("name_en", "Centre for S&T Information and Statistics"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(app.get("/gioi-thieu").await.body.contains("Trung tâm Thông tin và Thống kê KH&#38;CN"));
    assert!(app.get("/en/about").await.body.contains("Centre for S&#38;T Information and Statistics"));
}
