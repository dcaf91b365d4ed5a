//! A walk over every staff route of the route table: every page as every
//! role is allowed by the access table or refused with 403 in the staff
//! layout; every form posted signed out, without its token or with another
//! person's token is refused and writes nothing.

use dost_domain::access::{Action, Actor, Resource, kind_of_table, may};
use dost_domain::registers::REGISTERS;
use dost_domain::roles::Role;
use dost_web::staff::{Need, route_table};

use crate::support::*;

/// The people of the walk: (account, role, unit).
const PEOPLE: &[(&str, Role, Option<&str>)] = &[
    ("quantri", Role::Administrator, None),
    ("lanhdao", Role::Leadership, None),
    ("truongqlkh", Role::UnitHead, Some("QLKH")),
    ("cvqlkh", Role::UnitStaff, Some("QLKH")),
    ("cvtdc", Role::UnitStaff, Some("TDC")),
    ("truongvp", Role::UnitHead, Some("VP")),
    ("bientap", Role::Editor, None),
    ("duyetbai", Role::Reviewer, None),
];

/// Real records of the demo to put in the routes' placeholders.
struct Ids {
    article: i64,
    verification: i64,
    dossier: i64,
    sale: i64,
    task: i64,
    event: i64,
    directive: i64,
    council: i64,
    category: i64,
    block: i64,
    rule: i64,
    user: i64,
}

async fn ids(app: &TestApp) -> Ids {
    let db = &app.db;
    let task = scalar(
        db,
        "SELECT t.id FROM tasks t JOIN units u ON u.id = t.unit_id WHERE u.code = 'QLKH' AND t.stage <> 'de_xuat' ORDER BY t.id LIMIT 1",
    )
    .await;
    Ids {
        article: scalar(db, "SELECT MIN(id) FROM articles").await,
        verification: scalar(db, "SELECT MIN(id) FROM verifications").await,
        dossier: scalar(db, "SELECT MIN(id) FROM dossiers").await,
        sale: scalar(db, "SELECT MIN(id) FROM sales").await,
        task,
        event: scalar(db, &format!("SELECT MIN(id) FROM task_events WHERE task_id = {task}")).await,
        directive: scalar(db, "SELECT MIN(id) FROM directives").await,
        council: scalar(db, &format!("SELECT MIN(id) FROM councils WHERE task_id = {task}")).await,
        category: scalar(db, "SELECT MIN(id) FROM categories").await,
        block: scalar(db, "SELECT MIN(id) FROM blocks").await,
        rule: scalar(db, "SELECT MIN(id) FROM workflow_rules").await,
        user: scalar(db, "SELECT MIN(id) FROM users").await,
    }
}

/// The route's pattern with its placeholders filled; the register routes use the sales register.
fn fill(pattern: &str, i: &Ids) -> String {
    let id = if pattern.starts_with("/quan-tri/bai-viet/") {
        i.article
    } else if pattern.starts_with("/quan-tri/kiem-dinh/") {
        i.verification
    } else if pattern.starts_with("/quan-tri/ho-so/") {
        i.dossier
    } else if pattern.starts_with("/quan-tri/so/") {
        i.sale
    } else if pattern.starts_with("/quan-tri/nhiem-vu/") {
        i.task
    } else if pattern.starts_with("/quan-tri/chi-dao/") {
        i.directive
    } else if pattern.starts_with("/quan-tri/chuyen-muc/") {
        i.category
    } else if pattern.starts_with("/quan-tri/khoi/") {
        i.block
    } else if pattern.starts_with("/quan-tri/quy-trinh/") {
        i.rule
    } else {
        i.user
    };
    pattern
        .replace("{id}", &id.to_string())
        .replace("{register}", "ban-hang")
        .replace("{event}", &i.event.to_string())
        .replace("{council}", &i.council.to_string())
        .replace("{number}", "1")
        .replace("{n}", "1?ky=9-thang&nam=2020")
        .replace("{format}", "docx?ky=9-thang&nam=2020")
        .replace("{*rest}", "khong-co")
}

/// What a page may answer to this person: the access table's rule for the route.
fn expected(path: &str, need: Need, actor: &Actor<'_>) -> &'static [u16] {
    const OK: &[u16] = &[200, 303, 308];
    const NO: &[u16] = &[403];
    let rule = |allowed: bool| if allowed { OK } else { NO };
    let sales = REGISTERS.iter().find(|r| r.slug == "ban-hang").unwrap().kind();
    let sales = Resource::Keeps(&sales);
    match need {
        Need::Public | Need::Pending | Need::SignedIn if path.ends_with("khong-co") => &[404],
        Need::Public | Need::Pending | Need::SignedIn => OK,
        Need::Area(action, resource) => rule(may(actor, action, resource)),
        Need::Record => {
            if let Some(area) = path.strip_prefix("/quan-tri/so-lieu/") {
                let table = match area {
                    "kiem-dinh" => "verifications",
                    "ho-so" => "dossiers",
                    "kiem-tra" => "inspections",
                    _ => "articles",
                };
                return rule(match kind_of_table(table) {
                    Some(k) => may(actor, Action::Read, Resource::Keeps(&k)),
                    None => may(actor, Action::Read, Resource::Figures),
                });
            }
            if path == "/quan-tri/so" {
                return rule(REGISTERS.iter().any(|r| may(actor, Action::Read, Resource::Keeps(&r.kind()))));
            }
            if path == "/quan-tri/so/ban-hang" {
                return rule(may(actor, Action::Read, sales));
            }
            if path.starts_with("/quan-tri/so/ban-hang/") {
                return rule(may(actor, Action::Write, sales));
            }
            if path.starts_with("/quan-tri/bai-viet/") {
                return rule(may(actor, Action::Read, Resource::AllArticles));
            }
            if path.contains("/van-ban/") {
                // the step's scan: read as the task, absent when the step has none
                return if may(actor, Action::Read, Resource::Records(&["QLKH"])) { &[200, 404] } else { NO };
            }
            if path.starts_with("/quan-tri/nhiem-vu/") {
                return rule(may(actor, Action::Read, Resource::Records(&["QLKH"])));
            }
            if path.starts_with("/quan-tri/bao-cao/so-lieu/") {
                // a unit's report has only its unit's figures: the first may not be there
                return if may(actor, Action::Read, Resource::Figures) { &[200, 404] } else { NO };
            }
            if path.starts_with("/quan-tri/hoi-dap/") {
                // the demo's first question was answered by the science management division
                let all =
                    may(actor, Action::Write, Resource::Participation) || may(actor, Action::Read, Resource::Answers);
                return rule(all || may(actor, Action::Read, Resource::Records(&["QLKH"])));
            }
            panic!("no rule for {path}")
        }
    }
}

#[tokio::test]
async fn every_staff_page_as_every_role_follows_the_access_table() {
    let app = spawn(true).await;
    for (name, role, unit) in PEOPLE {
        match unit {
            Some(u) => add_user_in_unit(&app, name, *role, u).await,
            None => {
                add_user(&app, name, *role).await;
            }
        }
    }
    let i = ids(&app).await;
    let org = dost_store::organisation::load(&app.db).await.unwrap();
    let today = dost_domain::format::vn_date(app.state.clock.now());
    let mut checked = 0;
    for (name, role, unit) in PEOPLE {
        let agent = sign_in(&app, name).await;
        // the person as the organisation stands today
        let holds: Vec<String> =
            unit.map(|u| org.continued_by(u, today)).unwrap_or_default().iter().map(|s| s.to_string()).collect();
        let keeps: Vec<String> =
            unit.map(|u| org.kinds_of(u, today)).unwrap_or_default().iter().map(|s| s.to_string()).collect();
        let actor = Actor { user_id: 0, role: *role, unit: *unit, holds: &holds, keeps: &keeps };
        for (method, pattern, need) in route_table() {
            if method != "GET" {
                continue;
            }
            let paths: Vec<String> = if pattern == "/quan-tri/so-lieu/{area}" {
                ["kiem-dinh", "ho-so", "kiem-tra", "bai-dang"]
                    .iter()
                    .map(|a| format!("/quan-tri/so-lieu/{a}"))
                    .collect()
            } else {
                vec![fill(pattern, &i)]
            };
            for path in paths {
                let r = agent.get(&path).await;
                let want = expected(&path, need, &actor);
                assert!(want.contains(&r.status), "{name} ({role:?}) GET {path}: {} not in {want:?}", r.status);
                if r.status == 403 {
                    assert!(
                        r.body.contains("<body class=\"staff\">"),
                        "{name} GET {path}: 403 outside the staff layout"
                    );
                    assert!(r.body.contains("Mã lỗi 403"));
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 8 * 50, "{checked} pages walked");
}

/// A body for a POST route: multipart for the uploads, a form for the rest.
async fn post(app: &TestApp, path: &str, cookie: Option<&str>, token: Option<&str>, upload: bool) -> (u16, String) {
    let c = client(BROWSER_UA);
    let mut url = format!("{}{path}", app.base);
    let mut r = if upload {
        if let Some(t) = token {
            url = format!("{url}?csrf={t}");
        }
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("a.xlsx"));
        c.post(url).multipart(form)
    } else {
        let mut fields = if path == "/quan-tri/dang-nhap" {
            vec![("username", "quantri"), ("password", PASSWORD), ("tiep", "")]
        } else {
            vec![("action", "approve"), ("title", "Giả mạo"), ("password", PASSWORD)]
        };
        if let Some(t) = token {
            fields.push(("csrf", t));
        }
        c.post(url).form(&fields)
    };
    if let Some(ck) = cookie {
        r = r.header("Cookie", ck);
    }
    let resp = r.send().await.unwrap();
    let status = resp.status().as_u16();
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    (status, location)
}

#[tokio::test]
async fn every_staff_form_refuses_forged_posts_and_writes_nothing() {
    let app = spawn(true).await;
    add_user(&app, "quantri", Role::Administrator).await;
    add_user(&app, "bientap", Role::Editor).await;
    let admin = sign_in(&app, "quantri").await;
    let other = sign_in(&app, "bientap").await;
    let others_token = csrf_in(&other.get("/quan-tri/mat-khau").await.body);
    assert!(!others_token.is_empty());
    let i = ids(&app).await;
    let before = row_counts(&app.db).await;
    let mut walked = 0;
    for (method, pattern, need) in route_table() {
        if method != "POST" {
            continue;
        }
        let path = fill(pattern, &i);
        let upload =
            path.ends_with("/nhap") || path == "/quan-tri/tep" || path.ends_with("/buoc") && path.contains("nhiem-vu");
        // signed out: to the sign-in page (the sign-in form itself wants its own cookie)
        let (status, location) = post(&app, &path, None, Some(&others_token), upload).await;
        if need == Need::Public {
            assert_eq!(status, 403, "signed out POST {path}");
        } else {
            assert_eq!(status, 303, "signed out POST {path}");
            assert!(location.starts_with("/quan-tri/dang-nhap"), "signed out POST {path}: {location}");
        }
        // signed in as someone who may do everything, but without the form's token…
        let (status, _) = post(&app, &path, Some(&admin.cookie), None, upload).await;
        assert_eq!(status, 403, "no token POST {path}");
        // …or with another person's
        let (status, _) = post(&app, &path, Some(&admin.cookie), Some(&others_token), upload).await;
        assert_eq!(status, 403, "another's token POST {path}");
        walked += 1;
    }
    assert!(walked >= 40, "{walked} forms walked");
    let after = row_counts(&app.db).await;
    let changed: Vec<_> = before.iter().zip(&after).filter(|(b, a)| b != a).collect();
    assert!(changed.is_empty(), "refused posts wrote: {changed:?}");
}

/// Who, of another unit than the record's, tries to change it.
fn outsider(path: &str, directive_unit: &str) -> &'static str {
    if path.starts_with("/quan-tri/nhiem-vu/") || path.starts_with("/quan-tri/hoi-dap/") {
        "cvtdc" // the demo's tasks and first question are the science management division's
    } else if path.starts_with("/quan-tri/chi-dao/") && directive_unit == "TDC" {
        "cvqlkh"
    } else {
        "cvtdc"
    }
}

#[tokio::test]
async fn every_record_form_posted_by_another_units_staff_is_refused_and_writes_nothing() {
    let app = spawn(true).await;
    for (name, role, unit) in PEOPLE.iter().filter(|p| p.2.is_some()) {
        add_user_in_unit(&app, name, *role, unit.unwrap()).await;
    }
    let i = ids(&app).await;
    let directive_unit = scalar_text(
        &app,
        &format!(
            "SELECT COALESCE(u.code, '') FROM directives d LEFT JOIN units u ON u.id = d.unit_id WHERE d.id = {}",
            i.directive
        ),
    )
    .await;
    let mut agents = std::collections::HashMap::new();
    for name in ["cvtdc", "cvqlkh"] {
        let agent = sign_in(&app, name).await;
        let token = csrf_in(&agent.get("/quan-tri/mat-khau").await.body);
        agents.insert(name, (agent, token));
    }
    let before = row_counts(&app.db).await;
    let mut walked = Vec::new();
    for (method, pattern, need) in route_table() {
        if method != "POST" || need != Need::Record {
            continue;
        }
        let path = fill(pattern, &i);
        let who = outsider(&path, &directive_unit);
        let (agent, token) = &agents[who];
        let upload = path.ends_with("/nhap") || path.ends_with("/buoc") && path.contains("nhiem-vu");
        let (status, _) = post(&app, &path, Some(&agent.cookie), Some(token), upload).await;
        // approval is only for the registers the portal publishes (not sales): 404
        let want: &[u16] = if path.ends_with("duyet") { &[403, 404] } else { &[403] };
        assert!(want.contains(&status), "{who} POST {path}: {status}");
        walked.push(path);
    }
    assert!(walked.len() >= 15, "{walked:?}");
    let after = row_counts(&app.db).await;
    let changed: Vec<_> = before.iter().zip(&after).filter(|(b, a)| b != a).collect();
    assert!(changed.is_empty(), "refused posts wrote: {changed:?}");
}
