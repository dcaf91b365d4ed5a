//! The editorial workflow: articles from draft through review to the portal,
//! scheduling, field errors, sanitising, revisions and conflicts, the
//! separation of writing and approving, and the rules managed from the UI.

use dost_domain::roles::Role;

use crate::support::*;

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
    for action in ["Tạo mới", "Gửi duyệt", "Trả lại", "Duyệt", "Đăng"] {
        assert!(log.contains(&format!("<td>{action}</td>")), "audit lacks {action}");
    }
    assert!(!log.contains("<td>create</td>"), "actions in words, not codes");
    let only_reviewer = admin.get("/quan-tri/nhat-ky?nguoi=duyetbai").await.body;
    assert!(only_reviewer.contains("<td>Duyệt</td>") && !only_reviewer.contains("<td>Đăng</td>"));
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
    // its category's page lists it only when it shows, too
    let cat_id = scalar(&app.db, &format!("SELECT primary_category_id FROM articles WHERE id = {id}")).await;
    let layout = dost_store::portal::categories(&app.db).await.unwrap();
    let cat_page = format!("/{}", layout.iter().find(|c| c.id == cat_id).unwrap().slug);
    let on_category_page = |body: String| body.contains("Thông báo lịch tiếp nhận hồ sơ");
    assert!(!on_category_page(app.get(&cat_page).await.body), "not before its time");
    // time passes: the background poll notices without anyone saving anything
    app.state.clock.advance(2 * 3600 + 60);
    app.state.refresh().await.unwrap();
    assert!(listed(app.get(search).await.body));
    assert!(on_category_page(app.get(&cat_page).await.body));
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
    assert!(!on_category_page(app.get(&cat_page).await.body), "expired");
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
    assert!(log.contains("Quy trình biên tập") && log.contains("Chuyên mục") && log.contains("Khối bên phải"));
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
