//! `dost user …`: staff accounts from the command line (the first
//! administrator is created this way).

use std::io::BufRead;

use anyhow::{Context, bail};
use dost_domain::roles::{Role, check_password, check_username};
use dost_store::Db;
use dost_store::accounts::{self, NewUser};
use dost_store::audit::Actor;

pub enum Command {
    Add { username: String, role: String, unit: Option<String>, display_name: Option<String>, email: String },
    List,
    Disable(String),
    Enable(String),
    Reset(String),
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("không đọc được mật khẩu từ đầu vào chuẩn")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    check_password(&password)?;
    Ok(password)
}

async fn find(db: &Db, username: &str) -> anyhow::Result<accounts::User> {
    accounts::user_by_username(db, username).await?.with_context(|| format!("không có tài khoản «{username}»"))
}

pub async fn run(db: &Db, cmd: Command) -> anyhow::Result<()> {
    let actor = Actor::command_line();
    match cmd {
        Command::Add { username, role, unit, display_name, email } => {
            let username = username.trim().to_lowercase();
            check_username(&username)?;
            let role = Role::parse(&role).ok_or(dost_domain::roles::AccountError::BadRole)?;
            let unit_id = match unit {
                None => None,
                Some(code) => {
                    let units = accounts::units(db).await?;
                    let found = units.iter().find(|u| u.code.eq_ignore_ascii_case(&code));
                    match found {
                        Some(u) => Some(u.id),
                        None => bail!(
                            "không có đơn vị «{code}»; các mã đơn vị: {}",
                            units.iter().map(|u| u.code.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    }
                }
            };
            let password = read_password()?;
            let hash = dost_app::passwords::hash(password).await?;
            let display = display_name.unwrap_or_else(|| username.clone());
            let new = NewUser {
                username: &username,
                display_name: &display,
                email: &email,
                password_hash: &hash,
                role,
                unit_id,
            };
            let mut tx = db.begin(&actor, now()).await?;
            match accounts::create_user(&mut tx, &new).await? {
                Some(id) => {
                    tx.commit().await?;
                    println!("Đã tạo tài khoản {username} (số {id}, vai trò {}).", role.label())
                }
                None => bail!("tên đăng nhập «{username}» đã có người dùng"),
            }
        }
        Command::List => {
            for u in accounts::list_users(db).await? {
                println!(
                    "{:<20} {:<28} {:<24} {:<40} {}",
                    u.username,
                    u.display_name,
                    u.role.label(),
                    u.unit_name,
                    if u.disabled { "đã khóa" } else { "đang dùng" }
                );
            }
        }
        Command::Disable(username) | Command::Enable(username) if username.is_empty() => bail!("thiếu tên đăng nhập"),
        Command::Disable(username) => {
            let u = find(db, &username).await?;
            let mut tx = db.begin(&actor, now()).await?;
            accounts::set_disabled(&mut tx, u.id, true).await?;
            tx.commit().await?;
            println!("Đã khóa tài khoản {username} và đóng mọi phiên đăng nhập của nó.");
        }
        Command::Enable(username) => {
            let u = find(db, &username).await?;
            let mut tx = db.begin(&actor, now()).await?;
            accounts::set_disabled(&mut tx, u.id, false).await?;
            tx.commit().await?;
            println!("Đã mở khóa tài khoản {username}.");
        }
        Command::Reset(username) => {
            let u = find(db, &username).await?;
            let hash = dost_app::passwords::hash(read_password()?).await?;
            let mut tx = db.begin(&actor, now()).await?;
            accounts::set_password(&mut tx, u.id, &hash, None).await?;
            tx.commit().await?;
            println!("Đã đặt lại mật khẩu cho {username}; mọi phiên đăng nhập cũ đã bị đóng.");
        }
    }
    Ok(())
}
