//! The daily reminder digest: open deadlines of S&T tasks, by unit, e-mailed
//! each morning to the staff of the unit (and to the leadership, all units),
//! and shown on the dashboard. Several instances agree on who sends it
//! through one row of the settings table.

use std::collections::BTreeMap;

use dost_domain::format;
use dost_domain::roles::Role;
use dost_domain::tasks::days_left;
use dost_store::Db;

use crate::AppError;

/// SMTP settings (plain SMTP to the department's relay; credentials optional).
#[derive(Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub from: String,
    pub username: Option<String>,
    pub password: Option<String>,
}

impl std::fmt::Debug for Smtp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Smtp")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("password", &"***")
            .finish()
    }
}

/// One line of a digest.
pub struct Line {
    /// The unit's name as the digest writes it.
    pub unit: String,
    /// The unit's code (empty when none), for who may see the line.
    pub unit_code: String,
    pub text: String,
    pub overdue: bool,
}

/// Open deadlines due within `ahead_days`, as lines per unit.
pub async fn lines(db: &Db, today: chrono::NaiveDate, ahead_days: i64) -> Result<Vec<Line>, AppError> {
    let until = today + chrono::Duration::days(ahead_days);
    Ok(dost_store::tasks::open_deadlines(db, until)
        .await?
        .into_iter()
        .map(|d| {
            let left = days_left(d.due_on, today);
            let when = if left < 0 {
                format!("quá hạn {} ngày", format::int(-left))
            } else if left == 0 {
                "đến hạn hôm nay".to_string()
            } else {
                format!("còn {left} ngày")
            };
            Line {
                unit_code: d.unit_code.clone(),
                unit: if d.unit.is_empty() { "Chưa giao đơn vị".into() } else { d.unit },
                text: format!(
                    "{} {} — {}, hạn {} ({when}); chủ nhiệm: {}",
                    d.code,
                    d.title,
                    d.kind.label(),
                    format::date(d.due_on),
                    d.investigator
                ),
                overdue: left < 0,
            }
        })
        .collect())
}

/// The text of one digest.
pub fn compose(lines: &[&Line], today: chrono::NaiveDate, base_url: &str) -> (String, String) {
    let overdue = lines.iter().filter(|l| l.overdue).count();
    let subject = format!(
        "[Sở KH&CN] Hạn nhiệm vụ KH&CN ngày {}: {} quá hạn, {} sắp đến",
        format::date(today),
        format::int(overdue as i64),
        format::int((lines.len() - overdue) as i64)
    );
    let mut by_unit: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for l in lines {
        by_unit.entry(l.unit.as_str()).or_default().push(&l.text);
    }
    let mut body = format!(
        "Kính gửi anh/chị,\n\nCác hạn của nhiệm vụ KH&CN cần theo dõi, tính đến ngày {}:\n",
        format::date(today)
    );
    for (unit, items) in by_unit {
        body.push_str(&format!("\n{unit}\n"));
        for i in items {
            body.push_str(&format!("  - {i}\n"));
        }
    }
    body.push_str(&format!(
        "\nXem và cập nhật tại: {base_url}/quan-tri/nhiem-vu/qua-han\n\nThư này do hệ thống gửi tự động mỗi sáng.\n"
    ));
    (subject, body)
}

/// Sends today's digests. Returns how many e-mails were sent.
pub async fn send(db: &Db, smtp: &Smtp, today: chrono::NaiveDate, base_url: &str) -> Result<usize, AppError> {
    let all = lines(db, today, 30).await?;
    if all.is_empty() {
        return Ok(0);
    }
    let relay = crate::mail::Relay::new(smtp)?;
    let mut sent = 0;
    for user in dost_store::accounts::list_users(db).await?.into_iter().filter(|u| !u.disabled && u.email.contains('@'))
    {
        let mine: Vec<&Line> = match user.role {
            Role::Administrator | Role::Leadership => all.iter().collect(),
            Role::UnitHead | Role::UnitStaff if !user.unit_name.is_empty() => {
                all.iter().filter(|l| l.unit == user.unit_name).collect()
            }
            _ => continue,
        };
        if mine.is_empty() {
            continue;
        }
        let (subject, body) = compose(&mine, today, base_url);
        if relay.send(&user.display_name, &user.email, subject, body).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Claims today's digest for this instance (only one instance sends it).
pub async fn claim(db: &Db, today: chrono::NaiveDate) -> Result<bool, AppError> {
    let now = chrono::Utc::now().timestamp();
    Ok(dost_store::content::claim_setting(db, "digest.last_day", &today.format("%Y-%m-%d").to_string(), now).await?)
}
