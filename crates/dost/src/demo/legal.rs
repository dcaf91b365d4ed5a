//! Legal documents for the demo portal: national texts the department works
//! by (number, issuer, dates as published) and the department's and the
//! province's own documents, written for the demo and marked as samples;
//! three carry a PDF whose text the search reads.

use chrono::NaiveDate;
use dost_domain::registers::{Value, find};
use dost_store::Db;
use dost_store::media::Media;

use super::DemoError;

const SAMPLE: &str = " (văn bản mẫu của hệ thống)";
const PROVINCE: &str = "UBND tỉnh Cao Bằng";
const DEPT: &str = "Sở Khoa học và Công nghệ tỉnh Cao Bằng";

/// (number, kind, issuer, signer, issued, effective, replaced by, field, summary, status, attached PDF)
type Doc = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const DOCS: [Doc; 30] = [
    (
        "04/2011/QH13",
        "luat",
        "Quốc hội",
        "",
        "2011-11-11",
        "2012-07-01",
        "",
        "Đo lường",
        "Luật Đo lường",
        "con_hieu_luc",
        "",
    ),
    (
        "07/2017/QH14",
        "luat",
        "Quốc hội",
        "",
        "2017-06-19",
        "2018-07-01",
        "",
        "Chuyển giao công nghệ",
        "Luật Chuyển giao công nghệ",
        "con_hieu_luc",
        "",
    ),
    (
        "08/2014/NĐ-CP",
        "nghi_dinh",
        "Chính phủ",
        "",
        "2014-01-27",
        "2014-03-15",
        "",
        "Quản lý khoa học",
        "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Khoa học và Công nghệ",
        "con_hieu_luc",
        "",
    ),
    (
        "07/2010/NĐ-CP",
        "nghi_dinh",
        "Chính phủ",
        "",
        "2010-01-25",
        "",
        "142/2020/NĐ-CP",
        "An toàn bức xạ",
        "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Năng lượng nguyên tử",
        "het_hieu_luc",
        "",
    ),
    (
        "142/2020/NĐ-CP",
        "nghi_dinh",
        "Chính phủ",
        "",
        "2020-12-09",
        "2021-02-01",
        "",
        "An toàn bức xạ",
        "Quy định về việc tiến hành công việc bức xạ và hoạt động dịch vụ hỗ trợ ứng dụng năng lượng nguyên tử",
        "con_hieu_luc",
        "",
    ),
    (
        "61/2018/NĐ-CP",
        "nghi_dinh",
        "Chính phủ",
        "",
        "2018-04-23",
        "2018-06-21",
        "",
        "Cải cách hành chính",
        "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
        "het_hieu_luc_mot_phan",
        "",
    ),
    (
        "76/2018/NĐ-CP",
        "nghi_dinh",
        "Chính phủ",
        "",
        "2018-05-15",
        "2018-07-01",
        "",
        "Chuyển giao công nghệ",
        "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Chuyển giao công nghệ",
        "con_hieu_luc",
        "",
    ),
    (
        "30/2020/NĐ-CP",
        "nghi_dinh",
        "Chính phủ",
        "",
        "2020-03-05",
        "2020-03-05",
        "",
        "Văn thư",
        "Về công tác văn thư",
        "con_hieu_luc",
        "",
    ),
    (
        "42/2022/NĐ-CP",
        "nghi_dinh",
        "Chính phủ",
        "",
        "2022-06-24",
        "2022-08-01",
        "",
        "Chuyển đổi số",
        "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
        "con_hieu_luc",
        "",
    ),
    (
        "10/2014/TT-BKHCN",
        "thong_tu",
        "Bộ Khoa học và Công nghệ",
        "",
        "2014-05-30",
        "2014-08-01",
        "08/2017/TT-BKHCN",
        "Quản lý khoa học",
        "Quy định tuyển chọn, giao trực tiếp tổ chức và cá nhân thực hiện nhiệm vụ khoa học và công nghệ cấp quốc gia sử dụng ngân sách nhà nước",
        "het_hieu_luc",
        "",
    ),
    (
        "08/2017/TT-BKHCN",
        "thong_tu",
        "Bộ Khoa học và Công nghệ",
        "",
        "2017-06-26",
        "2017-08-10",
        "20/2023/TT-BKHCN",
        "Quản lý khoa học",
        "Quy định tuyển chọn, giao trực tiếp tổ chức và cá nhân thực hiện nhiệm vụ khoa học và công nghệ cấp quốc gia sử dụng ngân sách nhà nước",
        "het_hieu_luc",
        "",
    ),
    (
        "11/2014/TT-BKHCN",
        "thong_tu",
        "Bộ Khoa học và Công nghệ",
        "",
        "2014-05-30",
        "",
        "",
        "Quản lý khoa học",
        "Quy định việc đánh giá, nghiệm thu kết quả thực hiện nhiệm vụ khoa học và công nghệ cấp quốc gia sử dụng ngân sách nhà nước",
        "con_hieu_luc",
        "",
    ),
    (
        "23/2013/TT-BKHCN",
        "thong_tu",
        "Bộ Khoa học và Công nghệ",
        "",
        "2013-09-26",
        "2013-11-15",
        "",
        "Đo lường",
        "Quy định về đo lường đối với phương tiện đo nhóm 2",
        "het_hieu_luc_mot_phan",
        "",
    ),
    (
        "15/2018/TT-BKHCN",
        "thong_tu",
        "Bộ Khoa học và Công nghệ",
        "",
        "2018-11-15",
        "",
        "",
        "Thống kê",
        "Quy định chế độ báo cáo thống kê ngành khoa học và công nghệ",
        "con_hieu_luc",
        "",
    ),
    (
        "12/2016/QĐ-UBND",
        "quyet_dinh",
        PROVINCE,
        "Chủ tịch UBND tỉnh",
        "2016-04-20",
        "2016-05-01",
        "25/2020/QĐ-UBND",
        "Quản lý khoa học",
        "Ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh (văn bản mẫu của hệ thống)",
        "het_hieu_luc",
        "",
    ),
    (
        "25/2020/QĐ-UBND",
        "quyet_dinh",
        PROVINCE,
        "Chủ tịch UBND tỉnh",
        "2020-07-15",
        "2020-08-01",
        "",
        "Quản lý khoa học",
        "Ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh sử dụng ngân sách nhà nước (văn bản mẫu của hệ thống)",
        "con_hieu_luc",
        "quy-che-quan-ly-nhiem-vu-khcn.pdf",
    ),
    (
        "08/2019/QĐ-UBND",
        "quyet_dinh",
        PROVINCE,
        "Phó Chủ tịch UBND tỉnh",
        "2019-03-12",
        "2019-03-25",
        "",
        "Sở hữu trí tuệ",
        "Ban hành chính sách hỗ trợ phát triển tài sản trí tuệ trên địa bàn tỉnh giai đoạn 2019–2025",
        "con_hieu_luc",
        "",
    ),
    (
        "1520/QĐ-UBND",
        "quyet_dinh",
        PROVINCE,
        "Phó Chủ tịch UBND tỉnh",
        "2020-09-08",
        "2020-09-08",
        "",
        "Quản lý khoa học",
        "Phê duyệt danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh đặt hàng thực hiện từ năm 2021",
        "con_hieu_luc",
        "",
    ),
    (
        "05/CT-UBND",
        "chi_thi",
        PROVINCE,
        "Chủ tịch UBND tỉnh",
        "2020-02-14",
        "2020-02-14",
        "",
        "Đo lường",
        "Về tăng cường quản lý đo lường, chất lượng trong kinh doanh xăng dầu",
        "con_hieu_luc",
        "",
    ),
    (
        "78/KH-UBND",
        "ke_hoach",
        PROVINCE,
        "Phó Chủ tịch UBND tỉnh",
        "2020-01-20",
        "",
        "",
        "Năng suất, chất lượng",
        "Kế hoạch triển khai chương trình nâng cao năng suất và chất lượng sản phẩm, hàng hóa năm 2020",
        "con_hieu_luc",
        "",
    ),
    (
        "112/KH-SKHCN",
        "ke_hoach",
        DEPT,
        "Giám đốc Sở",
        "2020-01-10",
        "",
        "",
        "Ứng dụng tiến bộ KH&CN",
        "Kế hoạch ứng dụng tiến bộ khoa học và công nghệ vào sản xuất năm 2020",
        "con_hieu_luc",
        "ke-hoach-ung-dung-khcn-2020.pdf",
    ),
    (
        "45/KH-SKHCN",
        "ke_hoach",
        DEPT,
        "Giám đốc Sở",
        "2020-02-05",
        "",
        "",
        "Đo lường",
        "Kế hoạch kiểm tra nhà nước về đo lường, chất lượng năm 2020",
        "con_hieu_luc",
        "",
    ),
    (
        "60/KH-SKHCN",
        "ke_hoach",
        DEPT,
        "Phó Giám đốc Sở",
        "2020-03-02",
        "",
        "",
        "Chuyển đổi số",
        "Kế hoạch chuyển đổi số của Sở Khoa học và Công nghệ năm 2020",
        "con_hieu_luc",
        "",
    ),
    (
        "230/SKHCN-TĐC",
        "cong_van",
        DEPT,
        "Phó Giám đốc Sở",
        "2020-04-16",
        "",
        "",
        "Đo lường",
        "Về việc kiểm định phương tiện đo nhóm 2 tại các chợ và cửa hàng xăng dầu",
        "con_hieu_luc",
        "cong-van-kiem-dinh-phuong-tien-do.pdf",
    ),
    (
        "415/SKHCN-QLKH",
        "cong_van",
        DEPT,
        "Phó Giám đốc Sở",
        "2020-06-03",
        "",
        "",
        "Quản lý khoa học",
        "Về việc đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2021",
        "con_hieu_luc",
        "",
    ),
    (
        "502/SKHCN-VP",
        "cong_van",
        DEPT,
        "Chánh Văn phòng",
        "2020-07-01",
        "",
        "",
        "Cải cách hành chính",
        "Về việc công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả",
        "con_hieu_luc",
        "",
    ),
    (
        "611/SKHCN-QLCN",
        "cong_van",
        DEPT,
        "Phó Giám đốc Sở",
        "2020-08-12",
        "",
        "",
        "An toàn bức xạ",
        "Về việc rà soát giấy phép tiến hành công việc bức xạ của các cơ sở y tế",
        "con_hieu_luc",
        "",
    ),
    (
        "01/HD-SKHCN",
        "huong_dan",
        DEPT,
        "Giám đốc Sở",
        "2020-01-15",
        "",
        "",
        "Quản lý khoa học",
        "Hướng dẫn xây dựng thuyết minh nhiệm vụ khoa học và công nghệ cấp tỉnh",
        "con_hieu_luc",
        "",
    ),
    (
        "02/HD-SKHCN",
        "huong_dan",
        DEPT,
        "Phó Giám đốc Sở",
        "2020-05-20",
        "",
        "",
        "Sở hữu trí tuệ",
        "Hướng dẫn hồ sơ đề nghị hỗ trợ xác lập quyền sở hữu công nghiệp",
        "con_hieu_luc",
        "",
    ),
    (
        "135/QĐ-SKHCN",
        "quyet_dinh",
        DEPT,
        "Giám đốc Sở",
        "2020-06-18",
        "2020-06-18",
        "",
        "Cải cách hành chính",
        "Ban hành quy trình nội bộ giải quyết thủ tục hành chính thuộc thẩm quyền của Sở",
        "con_hieu_luc",
        "",
    ),
];

fn day(s: &str) -> Value {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Value::Date).unwrap_or(Value::Null)
}

fn pdf(name: &str) -> Option<&'static [u8]> {
    Some(match name {
        "quy-che-quan-ly-nhiem-vu-khcn.pdf" => include_bytes!("legal/quy-che-quan-ly-nhiem-vu-khcn.pdf"),
        "ke-hoach-ung-dung-khcn-2020.pdf" => include_bytes!("legal/ke-hoach-ung-dung-khcn-2020.pdf"),
        "cong-van-kiem-dinh-phuong-tien-do.pdf" => include_bytes!("legal/cong-van-kiem-dinh-phuong-tien-do.pdf"),
        _ => return None,
    })
}

/// (kind, title, period, year, published, summary, file) — sample figures, marked so.
const DISCLOSURES: [(&str, &str, &str, i64, &str, &str, &str); 5] = [
    (
        "ke_hoach",
        "Kế hoạch ứng dụng tiến bộ khoa học và công nghệ vào sản xuất năm 2020",
        "Năm 2020",
        2020,
        "2020-01-15",
        "",
        "/tep/tai-lieu/ke-hoach-ung-dung-khcn-2020.pdf",
    ),
    (
        "du_toan",
        "Công khai dự toán ngân sách nhà nước năm 2020 của Sở Khoa học và Công nghệ",
        "Năm 2020",
        2020,
        "2020-01-20",
        "Dự toán được giao và phân bổ cho các đơn vị thuộc Sở (số liệu mẫu của hệ thống).",
        "",
    ),
    (
        "quyet_toan",
        "Công khai quyết toán ngân sách nhà nước năm 2019 của Sở Khoa học và Công nghệ",
        "Năm 2019",
        2019,
        "2020-06-25",
        "Quyết toán đã được Sở Tài chính thẩm định (số liệu mẫu của hệ thống).",
        "",
    ),
    (
        "du_toan",
        "Công khai dự toán ngân sách nhà nước năm 2019 của Sở Khoa học và Công nghệ",
        "Năm 2019",
        2019,
        "2019-01-18",
        "Dự toán được giao và phân bổ cho các đơn vị thuộc Sở (số liệu mẫu của hệ thống).",
        "",
    ),
    (
        "bao_cao",
        "Báo cáo kết quả hoạt động khoa học và công nghệ 6 tháng đầu năm 2020",
        "6 tháng đầu năm 2020",
        2020,
        "2020-06-30",
        "Báo cáo gửi UBND tỉnh; bản đầy đủ được Sở đăng từ trang Báo cáo định kỳ.",
        "",
    ),
];

async fn load_disclosures(db: &Db, now: i64) -> Result<(), DemoError> {
    let r = find("cong-khai").ok_or_else(|| DemoError::Bad("cong-khai".into()))?;
    let rows: Vec<Vec<Value>> = DISCLOSURES
        .iter()
        .map(|(kind, title, period, year, published, summary, file)| {
            vec![
                Value::Text((*kind).into()),
                Value::Text((*title).into()),
                Value::Text((*period).into()),
                Value::Int(*year),
                day(published),
                Value::Text((*summary).into()),
                Value::Text((*file).into()),
            ]
        })
        .collect();
    one!(db, now, tx => dost_store::registers::insert(&mut tx, r, &rows).await?);
    Ok(())
}

pub async fn load(db: &Db, uploads: &std::path::Path, now: i64) -> Result<(), DemoError> {
    let r = find("van-ban").ok_or_else(|| DemoError::Bad("van-ban".into()))?;
    std::fs::create_dir_all(uploads.join("tai-lieu"))?;
    let mut rows = Vec::new();
    let mut files = Vec::new();
    for (number, kind, issuer, signer, issued, effective, replaced_by, field, summary, status, file) in DOCS {
        let path = match pdf(file) {
            Some(bytes) => {
                std::fs::write(uploads.join("tai-lieu").join(file), bytes)?;
                files.push((file, bytes));
                format!("/tep/tai-lieu/{file}")
            }
            None => String::new(),
        };
        let summary = summary.replace(SAMPLE, "");
        let summary = if issuer == "Quốc hội" || issuer == "Chính phủ" || issuer.starts_with("Bộ ") {
            summary
        } else {
            format!("{summary}{SAMPLE}")
        };
        let text = |s: &str| Value::Text(s.to_string());
        rows.push(vec![
            text(number),
            text(kind),
            text(issuer),
            text(signer),
            day(issued),
            day(effective),
            Value::Null,
            text(replaced_by),
            text(field),
            Value::Text(summary),
            text(status),
            Value::Text(path),
        ]);
    }
    one!(db, now, tx => {
        dost_store::registers::insert(&mut tx, r, &rows).await?;
        for (name, bytes) in files {
            let m = Media {
                id: 0,
                kind: "tai-lieu".into(),
                file_path: format!("tai-lieu/{name}"),
                thumb_path: None,
                original_name: name.into(),
                mime: "application/pdf".into(),
                size_bytes: bytes.len() as i64,
                width: 0,
                height: 0,
                alt: String::new(),
                uploaded_at: 0,
            };
            let id = dost_store::media::insert(&mut tx, &m).await?;
            dost_store::media::set_body_text(&mut tx, id, &dost_export::doc_text::text_of(bytes)).await?;
        }
    });
    load_disclosures(db, now).await
}
