//! The department's short notices of 2020 (weekly schedules, monthly notices,
//! daily S&T news digests), written from templates so that the portal holds
//! as many posts for 1/1–30/9/2020 as the reference article reports (280
//! posts and videos), counted from the portal itself.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dost_domain::content::ArticleStatus;
use dost_domain::format::{date, vn_offset};
use dost_store::Db;
use dost_store::content::{self as write, NewArticle};

use super::DemoError;

/// Posts and videos the reference article counts for the first 9 months of 2020.
pub const WEB_POSTS_2020_9M: i64 = 280;

const DIGEST: [&str; 12] = [
    "Giới thiệu mô hình trồng thạch đen theo hướng hàng hóa tại huyện Thạch An.",
    "Hướng dẫn người dân nhận biết phương tiện đo còn hiệu lực kiểm định qua tem, dấu kiểm định.",
    "Doanh nghiệp nhỏ và vừa được hỗ trợ xây dựng, áp dụng hệ thống quản lý chất lượng tiên tiến.",
    "Kỹ thuật ủ phân hữu cơ vi sinh từ phụ phẩm nông nghiệp quy mô nông hộ.",
    "Thủ tục đăng ký nhãn hiệu cho sản phẩm đặc sản địa phương: những điều cần biết.",
    "Ứng dụng chế phẩm sinh học trong chăn nuôi gà thả vườn giảm mùi, giảm dịch bệnh.",
    "Cơ sở y tế có thiết bị X-quang cần lưu ý thời hạn giấy phép tiến hành công việc bức xạ.",
    "Nhân giống cây dược liệu bản địa bằng phương pháp giâm hom.",
    "Chuyển đổi số trong quản lý hồ sơ nhiệm vụ khoa học và công nghệ.",
    "Kinh nghiệm bảo quản hạt dẻ Trùng Khánh sau thu hoạch.",
    "Quỹ phát triển KH&CN tỉnh tiếp nhận hồ sơ đề nghị tài trợ, hỗ trợ năm 2020.",
    "Tiêu chuẩn quốc gia mới ban hành về chè và sản phẩm từ chè.",
];

fn ts(d: NaiveDate, hour: u32) -> i64 {
    d.and_hms_opt(hour, 0, 0)
        .and_then(|t| t.and_local_timezone(vn_offset()).single())
        .map(|t| t.timestamp())
        .unwrap_or(0)
}

/// (date, title, lead, body) of every notice that could be posted in the period.
fn candidates(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, String, String, String)> {
    let holidays = dost_domain::calendar::shipped();
    let mut out = Vec::new();
    let mut day = from;
    let mut n = 0usize;
    while day <= to {
        if holidays.is_working_day(day) {
            if day.weekday() == Weekday::Mon {
                let end = day + Duration::days(4);
                out.push((
                    day,
                    format!("Lịch công tác tuần {} năm {} của Lãnh đạo Sở", day.iso_week().week(), day.year()),
                    format!("Lịch công tác từ ngày {} đến ngày {}.", date(day), date(end)),
                    "<p>Lịch làm việc của Giám đốc và các Phó Giám đốc Sở trong tuần, gồm các cuộc họp, làm việc với đơn vị và đi cơ sở. Lịch có thể thay đổi; thông tin cập nhật được đăng tại mục này.</p>".to_string(),
                ));
            }
            if day.day() <= 7 && day.weekday() == Weekday::Tue {
                out.push((
                    day,
                    format!("Thông báo lịch tiếp công dân tháng {}/{}", day.month(), day.year()),
                    format!("Lãnh đạo Sở tiếp công dân định kỳ trong tháng {}/{}.", day.month(), day.year()),
                    "<p>Công dân có kiến nghị, phản ánh liên quan đến lĩnh vực khoa học và công nghệ được tiếp tại trụ sở Sở vào ngày làm việc đầu tiên của tuần thứ hai trong tháng. Khi đến, công dân mang theo giấy tờ tùy thân và tài liệu liên quan.</p>".to_string(),
                ));
            }
            if day.weekday() == Weekday::Thu {
                out.push((
                    day,
                    format!("Văn bản mới về khoa học và công nghệ, tuần {} năm {}", day.iso_week().week(), day.year()),
                    "Các văn bản quy phạm pháp luật, hướng dẫn mới ban hành trong tuần liên quan đến khoa học và công nghệ.".to_string(),
                    "<p>Tổng hợp các luật, nghị định, thông tư và văn bản hướng dẫn mới được ban hành hoặc có hiệu lực trong tuần. Toàn văn được đăng tại mục Văn bản – Chính sách.</p>".to_string(),
                ));
            }
            if day.day() <= 7 && day.weekday() == Weekday::Wed {
                out.push((
                    day,
                    {
                        let last_month = day - Duration::days(i64::from(day.day()));
                        format!("Công khai kết quả giải quyết thủ tục hành chính tháng {}/{}", last_month.month(), last_month.year())
                    },
                    "Kết quả tiếp nhận, giải quyết hồ sơ thủ tục hành chính của Sở trong tháng trước.".to_string(),
                    "<p>Sở công khai số hồ sơ đã tiếp nhận, đã giải quyết trước hạn, đúng hạn và quá hạn theo từng lĩnh vực. Tổ chức, cá nhân tra cứu tình trạng hồ sơ tại Bộ phận Một cửa của Sở.</p>".to_string(),
                ));
            }
            n += 1;
            let items: Vec<String> =
                (0..3).map(|k| format!("<li>{}</li>", DIGEST[(n * 3 + k) % DIGEST.len()])).collect();
            out.push((
                day,
                format!("Điểm tin khoa học và công nghệ ngày {}", date(day)),
                format!("Những thông tin khoa học và công nghệ đáng chú ý ngày {}.", date(day)),
                format!("<ul>{}</ul>", items.concat()),
            ));
        }
        day += Duration::days(1);
    }
    out
}

/// Adds as many notices as the period still needs to reach `target` posts.
pub async fn load(db: &Db, notices_category: i64, target: i64, now: i64) -> Result<(), DemoError> {
    let (from, to) = (NaiveDate::from_ymd_opt(2020, 1, 1), NaiveDate::from_ymd_opt(2020, 9, 30));
    let (Some(from), Some(to)) = (from, to) else { return Ok(()) };
    let period = dost_domain::report::Period { from, to, kind: None };
    let figures = dost_store::report::figures(db, &period).await?;
    let posted = (figures.web_articles.len() + figures.web_videos.len()) as i64;
    let need = (target - posted).max(0) as usize;
    let all = candidates(from, to);
    if need == 0 || all.is_empty() {
        return Ok(());
    }
    // Spread the notices evenly over the period, weekly schedules first.
    let mut chosen: Vec<usize> = (0..all.len()).filter(|i| !all[*i].1.starts_with("Điểm tin")).take(need).collect();
    let digests: Vec<usize> = (0..all.len()).filter(|i| all[*i].1.starts_with("Điểm tin")).collect();
    let rest = need - chosen.len();
    chosen.extend((0..rest).filter_map(|k| digests.get(k * digests.len() / rest.max(1)).copied()));
    for i in chosen {
        let (day, title, lead, body) = &all[i];
        let at = ts(*day, 7);
        one!(db, now, tx => write::insert_article(&mut tx, &NewArticle {
                slug: "",
                title,
                lead,
                body_html: body,
                author: "Văn phòng Sở",
                source: "Sở KH&CN Cao Bằng",
                image: None,
                status: ArticleStatus::Published,
                featured: false,
                category_ids: &[notices_category],
                tags: &[],
                published_at: at,
                now: at,
            }).await?);
    }
    Ok(())
}
