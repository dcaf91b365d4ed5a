//! What the public sees is what was approved (issue 27): every register the
//! portal publishes is edited by a clerk of the keeping unit, by a clerk of
//! another unit and approved by the keeping unit's head; the public page
//! changes only after approval. The same for a live article edited by an
//! editor.

use dost_domain::roles::Role;

use crate::support::*;

async fn text(db: &dost_store::Db, sql: &str) -> String {
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    match db {
        dost_store::Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_one(&s.pool).await.expect("query"),
        dost_store::Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.expect("query"),
    }
}

/// A published record of each register: (register slug, table, column
/// changed, public page showing it, unit keeping the record).
async fn cases(app: &TestApp) -> Vec<(&'static str, &'static str, &'static str, String, String, i64)> {
    let db = &app.db;
    let one = |t: &str| format!("SELECT MAX(id) FROM {t} WHERE approved = TRUE");
    let legal = scalar(db, &one("legal_documents")).await;
    let draft = scalar(db, &one("drafts")).await;
    let draft_unit =
        text(db, &format!("SELECT u.code FROM drafts d JOIN units u ON u.id = d.unit_id WHERE d.id = {draft}")).await;
    let schedule = scalar(db, &one("schedule_entries")).await;
    let day = text(db, &format!("SELECT CAST(day AS TEXT) FROM schedule_entries WHERE id = {schedule}")).await;
    let day = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap();
    let week = format!("{}-W{:02}", chrono::Datelike::iso_week(&day).year(), chrono::Datelike::iso_week(&day).week());
    let disclosure = scalar(db, &one("disclosures")).await;
    let year = scalar(db, &format!("SELECT year FROM disclosures WHERE id = {disclosure}")).await;
    let procedure = scalar(db, &one("procedures")).await;
    let code = text(db, &format!("SELECT code FROM procedures WHERE id = {procedure}")).await;
    let vp = || "VP".to_string();
    vec![
        ("van-ban", "legal_documents", "summary", format!("/van-ban/{legal}"), vp(), legal),
        ("du-thao", "drafts", "summary", format!("/du-thao/{draft}"), draft_unit, draft),
        ("lich-cong-tac", "schedule_entries", "content", format!("/lich-cong-tac?tuan={week}"), vp(), schedule),
        ("cong-khai", "disclosures", "title", format!("/cong-khai?nam={year}"), vp(), disclosure),
        ("gioi-thieu", "about_sections", "body", "/gioi-thieu".into(), vp(), scalar(db, &one("about_sections")).await),
        ("lanh-dao-so", "leaders", "portfolio", "/gioi-thieu".into(), vp(), scalar(db, &one("leaders")).await),
        ("thu-tuc", "procedures", "documents", format!("/thu-tuc-hanh-chinh/{code}"), vp(), procedure),
    ]
}

#[tokio::test]
async fn every_published_register_record_changes_on_the_portal_only_once_approved() {
    let app = spawn(true).await;
    for (i, (slug, table, column, page, unit, id)) in cases(&app).await.into_iter().enumerate() {
        let clerk = format!("cv{i}");
        let head = format!("truong{i}");
        let other_unit = if unit == "QLKH" { "VP" } else { "QLKH" };
        let (other, other_head) = (format!("khac{i}"), format!("truongkhac{i}"));
        add_user_in_unit(&app, &clerk, Role::UnitStaff, &unit).await;
        add_user_in_unit(&app, &head, Role::UnitHead, &unit).await;
        add_user_in_unit(&app, &other, Role::UnitStaff, other_unit).await;
        add_user_in_unit(&app, &other_head, Role::UnitHead, other_unit).await;
        let was = text(&app.db, &format!("SELECT {column} FROM {table} WHERE id = {id}")).await;
        let marker = format!("SUADOICHODUYET{i}");
        let edit = format!("/quan-tri/so/{slug}/{id}");
        assert_eq!(app.get(&page).await.status, 200, "{page}");

        // a clerk of the keeping unit: the change waits, the portal shows the approved record
        let r = sign_in(&app, &clerk).await.post(&edit, &[(column, &format!("{was} {marker}"))]).await;
        assert_eq!(r.status, 303, "{slug}: {}", r.body);
        assert!(r.location.contains("cho-duyet"), "{slug}: {}", r.location);
        assert!(!app.get(&page).await.body.contains(&marker), "{slug}: public before approval");
        assert_eq!(text(&app.db, &format!("SELECT {column} FROM {table} WHERE id = {id}")).await, was, "{slug}");
        assert_eq!(
            scalar(&app.db, &format!("SELECT COUNT(*) FROM {table} WHERE id = {id} AND approved = TRUE")).await,
            1,
            "{slug}: the approved record stays published"
        );
        let reopened = sign_in(&app, &clerk).await.get(&edit).await;
        assert!(reopened.body.contains(&marker), "{slug}: the clerk goes on editing the change");

        // a clerk of another unit changes nothing, and another unit's head approves nothing
        let (other, other_head) = (sign_in(&app, &other).await, sign_in(&app, &other_head).await);
        let before = row_counts(&app.db).await;
        let r = other.post(&edit, &[(column, "KHAC DON VI")]).await;
        assert_eq!(r.status, 403, "{slug}: another unit's clerk");
        let r = other_head.post(&format!("{edit}/duyet"), &[]).await;
        assert_eq!(r.status, 403, "{slug}: another unit's head");
        assert_eq!(row_counts(&app.db).await, before, "{slug}: nothing written");

        // the keeping unit's head sees the change and approves it: now it is public
        let waiting = sign_in(&app, &head).await.get("/quan-tri/cho-duyet").await;
        assert!(waiting.body.contains(&marker), "{slug}: the approver sees what changes");
        let r = sign_in(&app, &head).await.post(&format!("{edit}/duyet"), &[]).await;
        assert_eq!(r.status, 303, "{slug}: {}", r.body);
        assert!(app.get(&page).await.body.contains(&marker), "{slug}: public once approved");
        assert_eq!(
            scalar(&app.db, &format!("SELECT COUNT(*) FROM register_changes WHERE table_name = '{table}'")).await,
            0
        );

        // the head's own change is published at once
        let own = format!("TRUONGDONVISUA{i}");
        let r = sign_in(&app, &head).await.post(&edit, &[(column, &own)]).await;
        assert_eq!(r.status, 303, "{slug}: {}", r.body);
        assert!(app.get(&page).await.body.contains(&own), "{slug}: an approver's change is public at once");
    }
}

#[tokio::test]
async fn a_refused_change_leaves_the_published_record_and_is_audited() {
    let app = spawn(true).await;
    add_user_in_unit(&app, "vanthu", Role::UnitStaff, "VP").await;
    add_user_in_unit(&app, "truongvp", Role::UnitHead, "VP").await;
    let id = scalar(&app.db, "SELECT MAX(id) FROM legal_documents WHERE approved = TRUE").await;
    let was = text(&app.db, &format!("SELECT summary FROM legal_documents WHERE id = {id}")).await;
    let edit = format!("/quan-tri/so/van-ban/{id}");
    let r =
        sign_in(&app, "vanthu").await.post(&edit, &[("status", "het_hieu_luc"), ("summary", "Trích yếu mới")]).await;
    assert_eq!(r.status, 303);
    let r = sign_in(&app, "truongvp").await.post(&format!("{edit}/khong-duyet"), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(text(&app.db, &format!("SELECT summary FROM legal_documents WHERE id = {id}")).await, was);
    assert_eq!(text(&app.db, &format!("SELECT status FROM legal_documents WHERE id = {id}")).await, "con_hieu_luc");
    assert!(!app.get(&format!("/van-ban/{id}")).await.body.contains("Trích yếu mới"));
    let audited = scalar(
        &app.db,
        &format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'legal_documents' AND entity_id = {id} AND action IN ('propose', 'return')"
        ),
    )
    .await;
    assert_eq!(audited, 2, "the proposal and its refusal are in the audit log");
}

#[tokio::test]
async fn an_editors_change_to_a_live_article_is_public_only_once_approved_and_published() {
    let app = spawn(true).await;
    add_user(&app, "bientap", Role::Editor).await;
    add_user(&app, "duyetbai", Role::Reviewer).await;
    let path = app.article_path(REVIEW_TITLE).await;
    let id: i64 = path.rsplit('-').next().unwrap().trim_end_matches(".html").parse().unwrap();
    let editor = sign_in(&app, "bientap").await;
    let r = editor.post(&format!("/quan-tri/bai-viet/{id}"), &[("lead", "Phần mở đầu mới BANSUACHODUYET")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location.contains("cho-duyet-ban-sua"), "{}", r.location);
    assert!(!app.get(&path).await.body.contains("BANSUACHODUYET"), "the live article is as published");
    let page = editor.get(&format!("/quan-tri/bai-viet/{id}")).await;
    assert!(page.body.contains("BANSUACHODUYET") && page.body.contains("Bản sửa chờ duyệt"));
    // the editor may not approve their own change (nor does their role approve)
    let r = editor.post(&format!("/quan-tri/bai-viet/{id}/ban-sua"), &[("action", "duyet")]).await;
    assert_eq!(r.status, 403);
    let r = editor.post(&format!("/quan-tri/bai-viet/{id}/ban-sua"), &[("action", "dang")]).await;
    assert_eq!(r.status, 403, "not approved yet");
    let reviewer = sign_in(&app, "duyetbai").await;
    let r = reviewer.post(&format!("/quan-tri/bai-viet/{id}/ban-sua"), &[("action", "duyet")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(!app.get(&path).await.body.contains("BANSUACHODUYET"), "approved, not yet published");
    let r = editor.post(&format!("/quan-tri/bai-viet/{id}/ban-sua"), &[("action", "dang")]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(app.get(&path).await.body.contains("BANSUACHODUYET"), "published once approved");
}
