//! The leaders' weekly schedule: kept by the office as a register, published
//! by week with previous and next weeks; a change after publication is shown
//! as such; a time is written one way.

use dost_domain::roles::Role;
use dost_domain::schedule::Week;

use crate::support::*;

#[tokio::test]
async fn the_week_is_published_with_its_changes_and_the_office_keeps_it() {
    let app = spawn(true).await;
    let last = dost_store::schedule::latest_day(&app.db).await.unwrap().unwrap();
    let week = Week::of(last);
    // this week has nothing yet: the latest week with a schedule is offered
    let now = app.get("/lich-cong-tac").await;
    assert_eq!(now.status, 200);
    assert!(now.body.contains(&format!("href=\"/lich-cong-tac?tuan={}\"", week.code())), "{}", now.body);
    let page = app.get(&format!("/lich-cong-tac?tuan={}", week.code())).await;
    assert_eq!(page.status, 200);
    let text = dost_domain::text::strip_tags(&page.body);
    assert!(text.contains(&week.label()));
    assert!(text.contains("Giao ban lãnh đạo Sở") && text.contains("Thứ Hai"), "{text}");
    assert!(text.contains("(Hoãn)"), "a meeting put off says so");
    assert!(text.contains("(Đổi giờ hoặc địa điểm)") && text.contains("Điều chỉnh lúc"), "a change after publication");
    assert!(page.body.contains(&format!("tuan={}\" rel=\"prev\"", week.previous().code())));
    // eight weeks in the demo
    let first = Week::of(last).monday - chrono::Duration::days(7 * 7);
    let earliest = app.get(&format!("/lich-cong-tac?tuan={}", Week::of(first).code())).await.body;
    assert!(earliest.contains("Giao ban lãnh đạo Sở"));
    assert_eq!(app.get("/lich-cong-tac?tuan=tuan-nay").await.status, 400);

    // the office (its head: published at once) adds an entry; a time typed "8h30" is kept as 08:30; a wrong one is refused next to its field
    add_user_in_unit(&app, "vanphong", Role::UnitHead, "VP").await;
    let office = sign_in(&app, "vanphong").await;
    let day = dost_domain::format::date(week.monday + chrono::Duration::days(5));
    let fields = |time: &'static str| {
        vec![
            ("day", day.clone()),
            ("at_time", time.to_string()),
            ("leader", "Giám đốc Sở".to_string()),
            ("content", "Dự lễ khai mạc Chợ công nghệ và thiết bị tỉnh".to_string()),
            ("chair", String::new()),
            ("attendees", "Văn phòng Sở".to_string()),
            ("place", "Nhà văn hóa tỉnh".to_string()),
            ("state", "theo_lich".to_string()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| {
        let office = &office;
        async move {
            let refs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (*a, b.as_str())).collect();
            office.post("/quan-tri/so/lich-cong-tac/moi", &refs).await
        }
    };
    let bad = post(fields("sáng")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("«sáng» không phải giờ trong ngày"), "{}", bad.body);
    assert_eq!(post(fields("8h30")).await.status, 303);
    let page = app.get(&format!("/lich-cong-tac?tuan={}", week.code())).await.body;
    let text = dost_domain::text::strip_tags(&page);
    assert!(text.contains("Thứ Bảy") && text.contains("08:30") && text.contains("Chợ công nghệ"), "{text}");
    // only the office keeps it
    add_user_in_unit(&app, "cvqlkh", Role::UnitStaff, "QLKH").await;
    let other = sign_in(&app, "cvqlkh").await;
    assert_eq!(other.get("/quan-tri/so/lich-cong-tac/moi").await.status, 403);
}
