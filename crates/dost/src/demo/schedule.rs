//! Eight weeks of the leaders' schedule, up to the end of the demo's news
//! (written for the demo; leaders are named by their posts).

use chrono::{Duration, NaiveDate};
use dost_domain::registers::{Value, find};
use dost_store::Db;

use super::DemoError;

const DIRECTOR: &str = "Giám đốc Sở";
const DEPUTY_SCIENCE: &str = "Phó Giám đốc Sở (phụ trách quản lý khoa học)";
const DEPUTY_TECH: &str = "Phó Giám đốc Sở (phụ trách tiêu chuẩn, đo lường, chất lượng)";
const HALL: &str = "Phòng họp tầng 2, Sở Khoa học và Công nghệ";

/// Topics that change from week to week: (Tuesday meeting, Wednesday visit, Thursday work).
const TOPICS: [(&str, &str, &str); 8] = [
    (
        "Họp hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2021 (lĩnh vực nông nghiệp)",
        "Kiểm tra tiến độ nhiệm vụ bảo tồn nguồn gen cây lê xanh tại huyện Bảo Lạc",
        "Làm việc với Trung tâm Ứng dụng tiến bộ khoa học và công nghệ về kế hoạch sản xuất giống nấm",
    ),
    (
        "Họp hội đồng tư vấn xác định nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2021 (lĩnh vực y dược)",
        "Kiểm tra đo lường xăng dầu tại các cửa hàng trên quốc lộ 3",
        "Làm việc với Hợp tác xã miến dong về tiêu chuẩn cơ sở và nhãn hàng hóa",
    ),
    (
        "Họp tổ thẩm định nội dung, kinh phí nhiệm vụ khoa học và công nghệ",
        "Kiểm tra an toàn bức xạ tại các cơ sở X-quang y tế huyện Hòa An",
        "Làm việc với Sở Tài chính về dự toán kinh phí khoa học và công nghệ năm 2021",
    ),
    (
        "Họp hội đồng nghiệm thu nhiệm vụ khoa học và công nghệ cấp tỉnh",
        "Kiểm tra mô hình trồng thạch đen tại huyện Thạch An",
        "Làm việc với Liên hiệp các hội khoa học và kỹ thuật tỉnh về hội thi sáng tạo kỹ thuật",
    ),
    (
        "Họp xét chọn dự án hỗ trợ khởi nghiệp đổi mới sáng tạo",
        "Kiểm tra nhãn hàng hóa tại chợ trung tâm thành phố Cao Bằng",
        "Làm việc với các doanh nghiệp về hỗ trợ nâng cao năng suất, chất lượng",
    ),
    (
        "Họp hội đồng tư vấn tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ năm 2021",
        "Kiểm tra tiến độ dự án ứng dụng công nghệ sinh học trong sản xuất giống",
        "Làm việc với Văn phòng UBND tỉnh về chuyển đổi số trong cơ quan nhà nước",
    ),
    (
        "Họp đánh giá kết quả thực hiện nhiệm vụ 9 tháng đầu năm 2020",
        "Kiểm tra phương tiện đo nhóm 2 tại các chợ huyện Trùng Khánh",
        "Làm việc với các phòng chuyên môn về dự thảo kế hoạch khoa học và công nghệ năm 2021",
    ),
    (
        "Họp hội đồng nghiệm thu cấp cơ sở nhiệm vụ khoa học và công nghệ",
        "Kiểm tra việc sử dụng chỉ dẫn địa lý hạt dẻ Trùng Khánh",
        "Làm việc với Trường Cao đẳng Sư phạm về hợp tác nghiên cứu",
    ),
];

fn entry(
    day: NaiveDate,
    time: &str,
    leader: &str,
    content: &str,
    chair: &str,
    attendees: &str,
    place: &str,
) -> Vec<Value> {
    [time, leader, content, chair, attendees, place, "theo_lich"].iter().map(|s| Value::Text((*s).to_string())).fold(
        vec![Value::Date(day)],
        |mut v, x| {
            v.push(x);
            v
        },
    )
}

/// The weeks up to the one holding `last_day`.
pub async fn load(db: &Db, last_day: NaiveDate, now: i64) -> Result<(), DemoError> {
    let r = find("lich-cong-tac").ok_or_else(|| DemoError::Bad("lich-cong-tac".into()))?;
    let last_monday = dost_domain::schedule::Week::of(last_day).monday;
    let mut rows = Vec::new();
    for (i, (meeting, visit, work)) in TOPICS.iter().enumerate() {
        let monday = last_monday - Duration::days(7 * (TOPICS.len() - 1 - i) as i64);
        let day = |n: i64| monday + Duration::days(n);
        rows.push(entry(
            day(0),
            "08:00",
            DIRECTOR,
            "Giao ban lãnh đạo Sở",
            DIRECTOR,
            "Các Phó Giám đốc; trưởng các phòng, đơn vị thuộc Sở",
            HALL,
        ));
        rows.push(entry(
            day(1),
            "14:00",
            DEPUTY_SCIENCE,
            meeting,
            DEPUTY_SCIENCE,
            "Thành viên hội đồng; Phòng Quản lý khoa học",
            HALL,
        ));
        rows.push(entry(
            day(2),
            "08:00",
            DEPUTY_TECH,
            visit,
            DEPUTY_TECH,
            "Chi cục Tiêu chuẩn Đo lường Chất lượng",
            "Tại cơ sở",
        ));
        rows.push(entry(day(3), "09:00", DIRECTOR, work, DIRECTOR, "Văn phòng Sở; các phòng liên quan", HALL));
        rows.push(entry(
            day(4),
            "15:00",
            DEPUTY_TECH,
            "Giao ban Chi cục Tiêu chuẩn Đo lường Chất lượng",
            DEPUTY_TECH,
            "Lãnh đạo và viên chức Chi cục",
            "Trụ sở Chi cục",
        ));
    }
    let ids = one!(db, now, tx => dost_store::registers::insert(&mut tx, r, &rows).await?);
    // the last week: one meeting put off, one moved after the schedule was published
    if let (Some(put_off), Some(moved)) = (ids.get(ids.len() - 4), ids.get(ids.len() - 2)) {
        let mut a = rows[rows.len() - 4].clone();
        a[7] = Value::Text("hoan".into());
        one!(db, now, tx => dost_store::registers::update(&mut tx, r, *put_off, &a).await?);
        let mut b = rows[rows.len() - 2].clone();
        b[1] = Value::Text("14:00".into());
        b[7] = Value::Text("doi_gio".into());
        one!(db, now, tx => dost_store::registers::update(&mut tx, r, *moved, &b).await?);
    }
    Ok(())
}
