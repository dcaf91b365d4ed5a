//! Demo data: a realistic provincial department portal, written for this
//! project (the figures of the 9-month 2020 review come from the reference
//! article's facts; the sentences are our own).

/// Runs one store write as a change of its own, made from the command line
/// at `$now` (audited like any other change).
macro_rules! one {
    ($db:expr, $now:expr, $tx:ident => $body:expr) => {{
        let mut $tx = $db.begin(&dost_store::audit::Actor::command_line(), $now).await?;
        let out = $body;
        $tx.commit().await?;
        out
    }};
}

mod articles;
mod briefs;
pub mod bulk;
mod files;
mod legal;
mod organisation;
mod participation;
mod procedures;
mod schedule;
mod since_2021;
mod tasks;
mod work;

use std::collections::HashMap;
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use dost_domain::content::ArticleStatus;
use dost_domain::format::{vn_date, vn_offset};
use dost_domain::visitors::DayCount;
use dost_store::Db;
use dost_store::content::{self as write, NewArticle, NewCategory, NewDocument, NewImage, NewVideo};
use dost_store::media::Media;

pub use articles::{DemoArticle, parse};

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống")]
    NotEmpty,
    #[error(transparent)]
    Parse(#[from] articles::ParseError),
    #[error("demo article {0:?}: bad date or unknown category")]
    Bad(String),
    #[error(transparent)]
    Store(#[from] dost_store::StoreError),
    #[error("writing demo files: {0}")]
    Io(#[from] std::io::Error),
}

/// (slug, name, parent slug, show in menu, show on home)
const CATEGORIES: &[(&str, &str, Option<&str>, bool, bool)] = &[
    ("tin-tuc-su-kien", "Tin tức sự kiện", None, true, false),
    ("tin-hoat-dong", "Tin hoạt động của Sở", Some("tin-tuc-su-kien"), true, true),
    ("khoa-hoc-cong-nghe", "Khoa học & công nghệ", Some("tin-tuc-su-kien"), true, true),
    ("thong-tin-khcn", "Thông tin KH&CN", Some("tin-tuc-su-kien"), true, false),
    ("chuyen-doi-so", "Chuyển đổi số", Some("tin-tuc-su-kien"), true, true),
    ("linh-vuc-quan-ly", "Lĩnh vực quản lý", None, true, false),
    ("tieu-chuan-do-luong-chat-luong", "Tiêu chuẩn – Đo lường – Chất lượng", Some("linh-vuc-quan-ly"), true, true),
    ("so-huu-tri-tue", "Sở hữu trí tuệ", Some("linh-vuc-quan-ly"), true, true),
    ("ung-dung-tien-bo-khcn", "Ứng dụng tiến bộ KH&CN", Some("linh-vuc-quan-ly"), true, true),
    ("hoat-dong-tham-muu-tu-van", "Hoạt động tham mưu tư vấn", None, true, false),
    ("van-ban-chinh-sach", "Văn bản – Chính sách", None, true, false),
    ("thong-bao", "Thông báo", None, true, false),
];

/// `2023-05-18 09:00`, or `-12 09:30`: twelve days before `today` (the
/// demo's latest news is placed relative to the day it is loaded).
fn parse_date(s: &str, today: NaiveDate) -> Option<i64> {
    let dt = match s.strip_prefix('-') {
        Some(rel) => {
            let (days, time) = rel.split_once(' ')?;
            let day = today.checked_sub_days(chrono::Days::new(days.parse().ok()?))?;
            day.and_time(chrono::NaiveTime::parse_from_str(time, "%H:%M").ok()?)
        }
        None => NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").ok()?,
    };
    dt.and_local_timezone(vn_offset()).single().map(|d| d.timestamp())
}

/// Writes an illustration under `uploads/anh/`, notes it for the media
/// library and returns its public URL.
fn write_picture(uploads: &Path, kind: &str, n: u64, library: &mut Vec<Media>) -> Result<String, std::io::Error> {
    let dir = uploads.join("anh");
    std::fs::create_dir_all(&dir)?;
    let name = format!("minh-hoa-{kind}-{n}.jpg");
    let bytes = files::illustration(kind, n);
    std::fs::write(dir.join(&name), bytes.as_slice())?;
    library.push(library_entry(format!("anh/{name}"), &name, "image/jpeg", bytes.len(), files::alt(kind)));
    Ok(format!("/tep/anh/{name}"))
}

/// Writes a document of the demo under `uploads/tai-lieu/`, keeps it in the
/// media library with its text (for search) and returns its public URL.
async fn add_document(
    db: &Db,
    uploads: &Path,
    now: i64,
    (name, bytes, mime, description): (&str, &[u8], &str, &str),
) -> Result<String, DemoError> {
    let dir = uploads.join("tai-lieu");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(name), bytes)?;
    let m = library_entry(format!("tai-lieu/{name}"), name, mime, bytes.len(), description.to_string());
    one!(db, now, tx => {
        let id = dost_store::media::insert(&mut tx, &m).await?;
        dost_store::media::set_body_text(&mut tx, id, &dost_export::doc_text::text_of(bytes)).await?;
    });
    Ok(format!("/tep/tai-lieu/{name}"))
}

/// A media-library record of a demo file.
fn library_entry(file_path: String, name: &str, mime: &str, size: usize, alt: String) -> Media {
    let image = mime.starts_with("image/");
    Media {
        id: 0,
        kind: if image { "anh" } else { "tai-lieu" }.into(),
        file_path,
        thumb_path: None,
        original_name: name.into(),
        mime: mime.into(),
        size_bytes: size as i64,
        width: if image { i64::from(files::SIZE.0) } else { 0 },
        height: if image { i64::from(files::SIZE.1) } else { 0 },
        alt,
        uploaded_at: 0,
    }
}

/// Loads the demo into an empty database. `now` anchors the visitor history.
pub async fn load(db: &Db, uploads: &Path, now: i64) -> Result<usize, DemoError> {
    if !dost_store::portal::is_empty(db).await? {
        return Err(DemoError::NotEmpty);
    }
    for (k, v) in [
        ("site.name", "Trang thông tin điện tử Sở KH&CN Cao Bằng"),
        ("site.parent_org", "Ủy ban nhân dân tỉnh Cao Bằng"),
        ("site.org", "Sở Khoa học và Công nghệ tỉnh Cao Bằng"),
        ("site.address", "Đường 3 tháng 10, phường Hợp Giang, thành phố Cao Bằng, tỉnh Cao Bằng"),
        ("site.phone", "0206 3 800 000"),
        ("site.email", "lienhe@khcn.example.vn"),
        (
            "site.description",
            "Tin tức, văn bản, nhiệm vụ khoa học và công nghệ của Sở Khoa học và Công nghệ tỉnh Cao Bằng",
        ),
        ("stats.visits_before", "8500000"),
        (
            "report.recipients",
            "Bộ Khoa học và Công nghệ (b/c);|UBND tỉnh (b/c);|Lãnh đạo Sở;|Các phòng, đơn vị thuộc Sở;|Lưu: VT, KHTC.",
        ),
    ] {
        one!(db, now, tx => write::set_setting(&mut tx, k, v).await?);
    }
    let mut cat_ids: HashMap<&str, i64> = HashMap::new();
    for (i, (slug, name, parent, menu, home)) in CATEGORIES.iter().enumerate() {
        let parent_id = parent.and_then(|p| cat_ids.get(p).copied());
        let id = one!(db, now, tx => write::insert_category(&mut tx, &NewCategory {
                parent_id,
                slug,
                name,
                description: "",
                position: i as i64,
                show_in_menu: *menu,
                show_on_home: *home,
            }).await?);
        cat_ids.insert(slug, id);
    }

    let today = vn_date(now);
    let mut all = parse(include_str!("articles.txt"))?;
    all.extend(parse(include_str!("articles_recent.txt"))?);
    let mut picture_no = 0u64;
    let mut library = Vec::new();
    for a in &all {
        let published_at = parse_date(&a.date, today).ok_or_else(|| DemoError::Bad(a.title.clone()))?;
        if published_at > now {
            continue;
        }
        let category_ids: Vec<i64> = a
            .categories
            .iter()
            .map(|c| cat_ids.get(c.as_str()).copied().ok_or_else(|| DemoError::Bad(a.title.clone())))
            .collect::<Result<_, _>>()?;
        let image_url = match &a.image {
            Some((kind, _)) => {
                picture_no += 1;
                Some(write_picture(uploads, kind, picture_no, &mut library)?)
            }
            None => None,
        };
        let mut io_error = None;
        // the text's caption says what a photograph would show; the drawn picture is captioned for what it is
        let body = articles::body_html(&a.body, |kind, _caption| {
            picture_no += 1;
            match write_picture(uploads, kind, picture_no, &mut library) {
                Ok(url) => format!(
                    "<figure><img src=\"{url}\" alt=\"{}\" width=\"1200\" height=\"675\" loading=\"lazy\"><figcaption>{}</figcaption></figure>\n",
                    dost_domain::text::escape_html(&files::alt(kind)),
                    dost_domain::text::escape_html(&files::caption(kind))
                ),
                Err(e) => {
                    io_error = Some(e);
                    String::new()
                }
            }
        });
        if let Some(e) = io_error {
            return Err(e.into());
        }
        let tags: Vec<&str> = a.tags.iter().map(String::as_str).collect();
        let (alt, caption) =
            a.image.as_ref().map(|(kind, _)| (files::alt(kind), files::caption(kind))).unwrap_or_default();
        let image =
            image_url.as_ref().map(|url| NewImage { url, alt: &alt, caption: &caption, width: 1200, height: 675 });
        one!(db, now, tx => write::insert_article(&mut tx, &NewArticle {
                slug: "",
                title: &a.title,
                lead: &a.lead,
                body_html: &body,
                author: &a.author,
                source: &a.source,
                image,
                status: ArticleStatus::Published,
                featured: a.featured,
                category_ids: &category_ids,
                tags: &tags,
                published_at,
                now: published_at,
            }).await?);
    }

    load_sidebar(db, uploads, now, &mut library).await?;
    // every file the demo site uses is in the media library
    one!(db, now, tx => {
        for m in &library {
            dost_store::media::insert(&mut tx, m).await?;
        }
    });
    let notices = cat_ids.get("thong-bao").copied().ok_or_else(|| DemoError::Bad("thong-bao".into()))?;
    briefs::load(db, notices, briefs::WEB_POSTS_2020_9M, now).await?;
    tasks::load(db, now).await?;
    work::load(db, now).await?;
    since_2021::load(db, now).await?;
    procedures::load(db, uploads, now).await?;
    legal::load(db, uploads, now).await?;
    // the visitor history ends where the demo's news does (a citizen would
    // not believe thousands of daily visits to a site silent for years)
    let newest = all.iter().filter_map(|a| parse_date(&a.date, today)).filter(|t| *t <= now).max().unwrap_or(now);
    load_visits(db, newest + 86_400).await?;
    schedule::load(db, vn_date(newest), now).await?;
    organisation::load(db, now).await?;
    participation::load(db, uploads, now).await?;
    // the demo's records are published as an approver would
    for r in dost_domain::registers::REGISTERS.iter().filter(|r| dost_domain::registers::needs_approval(r)) {
        let ids = dost_store::registers::pending_ids(db, r).await?;
        if !ids.is_empty() {
            one!(db, now, tx => dost_store::registers::approve(&mut tx, r, &ids).await?);
        }
    }
    Ok(all.len())
}

async fn load_sidebar(db: &Db, uploads: &Path, now: i64, library: &mut Vec<Media>) -> Result<(), DemoError> {
    one!(db, now, tx => write::insert_block(&mut tx, "videos", "Phim phổ biến kiến thức KH&CN", 1, "", 3).await?);
    one!(db, now, tx => write::insert_block(&mut tx, "category", "Hoạt động tham mưu tư vấn", 2, "hoat-dong-tham-muu-tu-van", 5).await?);
    one!(db, now, tx => write::insert_block(&mut tx, "documents", "Kỷ yếu KH&CN", 3, "ky-yeu", 5).await?);
    one!(db, now, tx => write::insert_block(&mut tx, "tasks", "Thông tin nhiệm vụ KH&CN", 4, "", 5).await?);
    one!(db, now, tx => write::insert_block(&mut tx, "stats", "Thống kê truy cập", 5, "", 0).await?);

    let videos = [
        (
            "Kỹ thuật trồng nấm sò trên rơm rạ",
            "Hướng dẫn từng bước ủ rơm, cấy giống và chăm sóc nấm sò tại hộ gia đình.",
            "mushroom",
            "2020-09-18 08:00",
            "",
        ),
        (
            "Nhận biết cân sai, cân gian lận trong mua bán",
            "Cách người tiêu dùng tự kiểm tra cân tại chợ và nơi phản ánh khi phát hiện gian lận.",
            "scale",
            "2020-08-20 08:00",
            "",
        ),
        (
            "Trà giảo cổ lam – từ đề tài nghiên cứu đến sản phẩm",
            "Hành trình đưa cây giảo cổ lam bản địa thành sản phẩm trà túi lọc mang nhãn hiệu của tỉnh.",
            "tea",
            "2020-07-10 08:00",
            "",
        ),
        (
            "An toàn bức xạ trong chụp X-quang y tế",
            "Những quy định cơ sở y tế cần tuân thủ để bảo vệ người bệnh và nhân viên bức xạ.",
            "xray",
            "2020-05-22 08:00",
            "",
        ),
    ];
    for (i, (title, description, kind, date, duration)) in videos.iter().enumerate() {
        let poster = write_picture(uploads, kind, 900 + i as u64, library)?;
        let published_at = parse_date(date, vn_date(now)).ok_or_else(|| DemoError::Bad((*title).into()))?;
        one!(db, now, tx => write::insert_video(&mut tx, &NewVideo {
                title,
                description,
                embed_url: None,
                file_url: None,
                poster_url: &poster,
                duration,
                published_at,
            }).await?);
    }

    let docs: [(&str, &str, &str, &[u8]); 4] = [
        (
            "Kỷ yếu Hội thảo khoa học: Phát triển sản phẩm đặc sản tỉnh Cao Bằng gắn với chỉ dẫn địa lý",
            "ky-yeu-hoi-thao-san-pham-dac-san-2020.pdf",
            "2020-09-25 08:00",
            include_bytes!("proceedings/ky-yeu-hoi-thao-san-pham-dac-san-2020.pdf"),
        ),
        (
            "Kỷ yếu kết quả nhiệm vụ KH&CN cấp tỉnh giai đoạn 2016–2020",
            "ky-yeu-nhiem-vu-khcn-2016-2020.pdf",
            "2020-06-30 08:00",
            include_bytes!("proceedings/ky-yeu-nhiem-vu-khcn-2016-2020.pdf"),
        ),
        (
            "Kỷ yếu Ngày Khoa học và Công nghệ Việt Nam 18/5/2020",
            "ky-yeu-ngay-khcn-18-5-2020.pdf",
            "2020-05-25 08:00",
            include_bytes!("proceedings/ky-yeu-ngay-khcn-18-5-2020.pdf"),
        ),
        (
            "Kỷ yếu Hội thảo ứng dụng công nghệ sinh học trong nông nghiệp",
            "ky-yeu-cong-nghe-sinh-hoc-2019.pdf",
            "2019-11-15 08:00",
            include_bytes!("proceedings/ky-yeu-cong-nghe-sinh-hoc-2019.pdf"),
        ),
    ];
    std::fs::create_dir_all(uploads.join("tai-lieu"))?;
    for (title, file, date, pdf) in docs {
        let rel = format!("tai-lieu/{file}");
        std::fs::write(uploads.join(&rel), pdf)?;
        library.push(library_entry(rel.clone(), file, "application/pdf", pdf.len(), String::new()));
        let published_at = parse_date(date, vn_date(now)).ok_or_else(|| DemoError::Bad(title.into()))?;
        one!(db, now, tx => write::insert_document(&mut tx, &NewDocument {
                kind: "ky-yeu",
                title,
                description: "",
                file_path: &rel,
                file_name: file,
                mime: "application/pdf",
                size_bytes: pdf.len() as i64,
                published_at,
            }).await?);
    }

    Ok(())
}

/// About four months of daily visits up to the day before `until`, deterministic.
async fn load_visits(db: &Db, until: i64) -> Result<(), DemoError> {
    let today = vn_date(until);
    let mut x: u64 = 12_345;
    for back in (1..=120).rev() {
        let day: NaiveDate = today - Duration::days(back);
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407) >> 1;
        let wiggle = (x % 900) as i64;
        let weekday = chrono::Datelike::weekday(&day).number_from_monday();
        let base = if weekday >= 6 { 1_700 } else { 2_600 };
        let guests = base + wiggle;
        let bots = 350 + (x % 250) as i64;
        let c = DayCount { guests, members: 0, bots, page_views: guests * 3 + bots * 2 };
        dost_store::stats::put_day(db, &day.format("%Y-%m-%d").to_string(), &c).await?;
    }
    Ok(())
}
