//! Visitor statistics: bots apart, the 30-minute visit window, online now,
//! and day/month rollovers that keep history.

use chrono::{Datelike, Duration, NaiveDate};
use dost_domain::format::{vn_date, vn_timestamp};
use dost_domain::visitors::Snapshot;

use crate::support::*;

fn snap(app: &TestApp) -> Snapshot {
    app.state.visitors.view().snapshot
}

fn today_row(
    days: &[(String, dost_domain::visitors::DayCount)],
    day: NaiveDate,
) -> Option<dost_domain::visitors::DayCount> {
    let key = day.format("%Y-%m-%d").to_string();
    days.iter().find(|(d, _)| *d == key).map(|(_, c)| *c)
}

#[tokio::test]
async fn visits_bots_online_and_rollovers() {
    let app = spawn(true).await;
    // start at 09:00 in Vietnam (the next day): the steps below never cross midnight by chance
    let local = (app.state.clock.now() + 7 * 3600).rem_euclid(86_400);
    app.state.clock.advance(86_400 - local + 9 * 3600);
    app.state.flush_visitors().await.unwrap();
    let browser = client(BROWSER_UA);
    let bot = client(GOOGLEBOT_UA);
    let start = snap(&app);
    assert!(start.total >= 8_500_000, "history and visits before this system count: {}", start.total);
    assert_eq!(start.today, 0);

    app.get_with(&browser, "/").await;
    app.get_with(&browser, "/tin-tuc-su-kien").await;
    app.get_with(&bot, "/").await;
    // counted in memory only: nothing written before the flush
    let today = vn_date(app.state.clock.now());
    let key = today.format("%Y-%m-%d").to_string();
    assert!(today_row(&dost_store::stats::days(&app.db, &key, &key).await.unwrap(), today).is_none());
    app.state.flush_visitors().await.unwrap();
    let s = snap(&app);
    assert_eq!((s.online.bots, s.online.guests, s.online.total()), (1, 1, 2));
    assert_eq!(s.today, 2, "one person and one bot");
    assert_eq!(s.total, start.total + 2);
    let row = today_row(&dost_store::stats::days(&app.db, &key, &key).await.unwrap(), today).unwrap();
    assert_eq!((row.guests, row.bots, row.page_views), (1, 1, 3));
    let page = app.get_with(&browser, "/lien-he").await.body;
    assert_eq!(text_of_class(&page, "stats-sub stats-bots").unwrap(), "Máy chủ tìm kiếm 1");
    assert_eq!(text_of_class(&page, "stats-sub stats-guests").unwrap(), "Khách viếng thăm 1");

    // back within 30 minutes: the same visit
    app.state.clock.advance(20 * 60);
    app.get_with(&browser, "/").await;
    app.state.flush_visitors().await.unwrap();
    assert_eq!(snap(&app).today, 2);
    // the bot has not been seen for 20 minutes: no longer online
    assert_eq!(snap(&app).online.bots, 0);
    // back after 31 minutes away: a new visit
    app.state.clock.advance(31 * 60);
    app.get_with(&browser, "/").await;
    app.state.flush_visitors().await.unwrap();
    let before_rollover = snap(&app);
    let visited_day = vn_date(app.state.clock.now());
    let day_visits =
        today_row(&dost_store::stats::days(&app.db, "2000-01-01", "2999-12-31").await.unwrap(), visited_day)
            .map(|c| c.visits())
            .unwrap_or(0);
    assert_eq!(before_rollover.total, start.total + 3);

    // the first day of next month: today and this month start again, history stays
    let now = app.state.clock.now();
    let d = vn_date(now);
    let next_month = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    }
    .unwrap();
    app.state.clock.advance(vn_timestamp(next_month, 8, 0) - now);
    app.get_with(&browser, "/").await;
    app.state.flush_visitors().await.unwrap();
    let s = snap(&app);
    assert_eq!((s.today, s.this_month), (1, 1));
    assert_eq!(s.total, before_rollover.total + 1);
    let all = dost_store::stats::days(&app.db, "2000-01-01", "2999-12-31").await.unwrap();
    assert_eq!(today_row(&all, visited_day).map(|c| c.visits()), Some(day_visits), "the old day is kept");
    assert_eq!(today_row(&all, next_month).map(|c| c.guests), Some(1));

    // the next day of that month: the month keeps counting
    app.state.clock.advance(Duration::days(1).num_seconds());
    app.get_with(&browser, "/").await;
    app.state.flush_visitors().await.unwrap();
    let s = snap(&app);
    assert_eq!((s.today, s.this_month), (1, 2));
}

#[tokio::test]
async fn feeds_and_health_checks_are_not_page_views() {
    let app = spawn(true).await;
    let c = client(BROWSER_UA);
    app.get_with(&c, "/rss.xml").await;
    app.get_with(&c, "/healthz").await;
    app.get_with(&c, "/static/site.css").await;
    app.state.flush_visitors().await.unwrap();
    assert_eq!(snap(&app).today, 0);
    // while a page read by the same client is
    app.get_with(&c, "/").await;
    app.state.flush_visitors().await.unwrap();
    assert_eq!(snap(&app).today, 1);
}

#[tokio::test]
async fn signed_in_staff_are_counted_as_members() {
    let app = spawn(true).await;
    add_user(&app, "bientap", dost_domain::roles::Role::Editor).await;
    let staff = sign_in(&app, "bientap").await;
    staff.get("/").await;
    app.get_with(&client("Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36"), "/").await;
    app.state.flush_visitors().await.unwrap();
    let s = snap(&app);
    assert_eq!((s.online.members, s.online.guests), (1, 1));
    let page = app.get("/").await.body;
    assert_eq!(text_of_class(&page, "stats-sub stats-members").unwrap(), "Thành viên 1");
}
