//! The organisation for the demo, in Vietnamese and English: the
//! department's position, functions and duties (written for the demo after
//! the usual terms for a provincial department of science and technology),
//! leaders and units with sample names and contacts, said to be samples on
//! the page itself.

use dost_domain::registers::{Value, find};
use dost_store::Db;

use super::DemoError;

/// (kind, position, Vietnamese, English)
const SECTIONS: [(&str, i64, &str, &str); 13] = [
    (
        "ten_co_quan",
        0,
        "Sở Khoa học và Công nghệ tỉnh Cao Bằng",
        "Department of Science and Technology of Cao Bang Province",
    ),
    ("ten_co_quan", 1, "Ủy ban nhân dân tỉnh Cao Bằng", "Cao Bang Provincial People's Committee"),
    (
        "vi_tri_chuc_nang",
        0,
        "Sở Khoa học và Công nghệ là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, tham mưu, giúp Ủy ban nhân dân tỉnh quản lý nhà nước về khoa học và công nghệ: hoạt động khoa học và công nghệ, phát triển tiềm lực, đổi mới sáng tạo; tiêu chuẩn, đo lường, chất lượng; sở hữu trí tuệ; ứng dụng bức xạ và đồng vị phóng xạ; an toàn bức xạ và hạt nhân; và, từ ngày 01/03/2025, bưu chính; viễn thông; tần số vô tuyến điện; công nghiệp công nghệ thông tin; giao dịch điện tử; chuyển đổi số.",
        "The Department of Science and Technology is a specialised agency of the Provincial People's Committee. It advises and assists the Committee in the state management of science and technology: research and development, scientific potential and innovation; standards, metrology and quality; intellectual property; the application of radiation and radioisotopes; radiation and nuclear safety; and, since 1 March 2025, post, telecommunications, radio frequencies, the IT industry, electronic transactions and digital transformation.",
    ),
    (
        "vi_tri_chuc_nang",
        1,
        "Sở có tư cách pháp nhân, có con dấu và tài khoản riêng; chịu sự chỉ đạo, quản lý về tổ chức, biên chế và công tác của Ủy ban nhân dân tỉnh, đồng thời chịu sự chỉ đạo, hướng dẫn, kiểm tra về chuyên môn, nghiệp vụ của Bộ Khoa học và Công nghệ.",
        "The Department is a legal entity with its own seal and accounts. It is directed by the Provincial People's Committee in its organisation, staffing and work, and guided and inspected in its professional work by the Ministry of Science and Technology.",
    ),
    (
        "vi_tri_chuc_nang",
        9,
        "Họ tên, số điện thoại và thư điện tử của lãnh đạo, đơn vị trên trang này là dữ liệu mẫu của bản trình diễn.",
        "Names, phone numbers and e-mail addresses of the leaders and units on this page are sample data of the demonstration.",
    ),
    (
        "nhiem_vu",
        1,
        "Trình Ủy ban nhân dân tỉnh dự thảo quyết định, chương trình, kế hoạch phát triển khoa học và công nghệ của tỉnh; tổ chức thực hiện sau khi được phê duyệt.",
        "Submits to the Provincial People's Committee draft decisions, programmes and plans for the development of science and technology in the province, and carries them out once approved.",
    ),
    (
        "nhiem_vu",
        2,
        "Tổ chức xác định, tuyển chọn, giao trực tiếp, kiểm tra, đánh giá nghiệm thu và công bố kết quả nhiệm vụ khoa học và công nghệ cấp tỉnh; quản lý Quỹ phát triển khoa học và công nghệ của tỉnh.",
        "Identifies, selects, assigns, monitors, evaluates and publishes the results of provincial science and technology tasks, and oversees the provincial Science and Technology Development Fund.",
    ),
    (
        "nhiem_vu",
        3,
        "Quản lý về tiêu chuẩn, đo lường, chất lượng sản phẩm, hàng hóa; tổ chức kiểm định phương tiện đo; tiếp nhận công bố hợp chuẩn, hợp quy.",
        "Manages standards, metrology and the quality of products and goods; verifies measuring instruments; receives declarations of conformity with standards and technical regulations.",
    ),
    (
        "nhiem_vu",
        4,
        "Quản lý an toàn bức xạ và hạt nhân, cấp giấy phép tiến hành công việc bức xạ theo phân cấp; quản lý hoạt động sở hữu trí tuệ, chuyển giao công nghệ và thị trường khoa học và công nghệ trên địa bàn.",
        "Manages radiation and nuclear safety and licenses radiation work as delegated; manages intellectual property, technology transfer and the science and technology market in the province.",
    ),
    (
        "nhiem_vu",
        5,
        "Thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo trong lĩnh vực được giao; thông tin, thống kê, tuyên truyền về khoa học và công nghệ; thực hiện các thủ tục hành chính thuộc thẩm quyền.",
        "Inspects, handles complaints and denunciations in its fields; provides information, statistics and outreach on science and technology; handles the administrative procedures within its competence.",
    ),
    (
        "gio_lam_viec",
        0,
        "Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 16 giờ 30, thứ hai đến thứ sáu (trừ ngày lễ, Tết).",
        "Monday to Friday, 7:30–11:30 and 13:30–16:30 (closed on public holidays).",
    ),
    ("ban_do", 0, "https://www.openstreetmap.org/search?query=Cao%20B%E1%BA%B1ng", ""),
    (
        "nhiem_vu",
        6,
        "Quản lý tổ chức bộ máy, biên chế, tài chính, tài sản được giao; thực hiện chế độ báo cáo định kỳ và đột xuất với Ủy ban nhân dân tỉnh và Bộ Khoa học và Công nghệ.",
        "Manages its organisation, staff, finances and assets; reports regularly and on request to the Provincial People's Committee and the Ministry of Science and Technology.",
    ),
];

/// (name, post, post in English, portfolio, portfolio in English, phone, e-mail)
const LEADERS: [(&str, &str, &str, &str, &str, &str, &str); 4] = [
    (
        "Nguyễn Văn Thành",
        "Giám đốc Sở",
        "Director",
        "Phụ trách chung; tổ chức cán bộ, tài chính; thanh tra, kiểm tra; Văn phòng, Phòng Kế hoạch – Tài chính",
        "General direction; personnel and finance; inspections and checks; the Office and the Planning and Finance Division",
        "0206 3 800 001",
        "giamdoc@khcn.example.vn",
    ),
    (
        "Hoàng Thị Hương",
        "Phó Giám đốc Sở",
        "Deputy Director",
        "Quản lý khoa học; Quỹ phát triển KH&CN; Trung tâm Ứng dụng tiến bộ KH&CN; Trung tâm Thông tin",
        "Science management; the S&T Development Fund; the Centre for Application of S&T Advances; the Information Centre",
        "0206 3 800 002",
        "pgd1@khcn.example.vn",
    ),
    (
        "Lương Văn Định",
        "Phó Giám đốc Sở",
        "Deputy Director",
        "Tiêu chuẩn, đo lường, chất lượng; an toàn bức xạ; sở hữu trí tuệ, chuyển giao công nghệ",
        "Standards, metrology and quality; radiation safety; intellectual property and technology transfer",
        "0206 3 800 003",
        "pgd2@khcn.example.vn",
    ),
    (
        "Đinh Thị Hồng Nhung",
        "Phó Giám đốc Sở",
        "Deputy Director",
        "Chuyển đổi số; bưu chính, viễn thông; Phòng Chuyển đổi số, Phòng Bưu chính – Viễn thông, Trung tâm Công nghệ thông tin và Chuyển đổi số",
        "Digital transformation; post and telecommunications; the Digital Transformation Division, the Post and Telecommunications Division and the IT and Digital Transformation Centre",
        "0206 3 800 004",
        "pgd3@khcn.example.vn",
    ),
];

/// (code, head, phone, e-mail, duties, duties in English)
const UNITS: [(&str, &str, &str, &str, &str, &str); 9] = [
    (
        "VP",
        "Chánh Văn phòng Phạm Thị Thoa",
        "0206 3 800 010",
        "vanphong@khcn.example.vn",
        "Tổng hợp, hành chính, tổ chức cán bộ, tiếp nhận và trả kết quả thủ tục hành chính, cổng thông tin.",
        "General affairs, administration, personnel, the one-stop desk and the portal.",
    ),
    (
        "KHTC",
        "Trưởng phòng Đàm Văn Kiên",
        "0206 3 800 011",
        "khtc@khcn.example.vn",
        "Kế hoạch, tài chính, đầu tư cho khoa học và công nghệ; thống kê.",
        "Planning, finance and investment in science and technology; statistics.",
    ),
    (
        "QLKH",
        "Trưởng phòng Lê Thị Nhung",
        "0206 3 800 012",
        "qlkh@khcn.example.vn",
        "Quản lý nhiệm vụ khoa học và công nghệ các cấp; khởi nghiệp đổi mới sáng tạo.",
        "Management of science and technology tasks; innovative start-ups.",
    ),
    (
        "QLCN",
        "Trưởng phòng Nông Văn Hải",
        "0206 3 800 013",
        "qlcn@khcn.example.vn",
        "Công nghệ, chuyển giao công nghệ, sở hữu trí tuệ, an toàn bức xạ và hạt nhân.",
        "Technology and its transfer, intellectual property, radiation and nuclear safety.",
    ),
    (
        "TTRA",
        "Chánh Thanh tra Bế Văn Tùng",
        "0206 3 800 014",
        "thanhtra@khcn.example.vn",
        "Thanh tra chuyên ngành, giải quyết khiếu nại, tố cáo, phòng chống tham nhũng.",
        "Inspections, complaints and denunciations, anti-corruption.",
    ),
    (
        "TDC",
        "Chi cục trưởng Triệu Thị Lan",
        "0206 3 800 020",
        "chicuc@khcn.example.vn",
        "Tiêu chuẩn, đo lường, chất lượng; kiểm định phương tiện đo; công bố hợp chuẩn, hợp quy.",
        "Standards, metrology and quality; verification of measuring instruments; declarations of conformity.",
    ),
    (
        "TTUD",
        "Giám đốc Trung tâm Vi Văn Quang",
        "0206 3 800 030",
        "ttud@khcn.example.vn",
        "Ứng dụng, chuyển giao tiến bộ khoa học và công nghệ; sản xuất giống, sản phẩm; dịch vụ kỹ thuật.",
        "Applying and transferring S&T advances; seed and product production; technical services.",
    ),
    (
        "TTTT",
        "Giám đốc Trung tâm Hà Minh Đức",
        "0206 3 800 040",
        "tttt@khcn.example.vn",
        "Thông tin, thống kê, thư viện khoa học và công nghệ; tuyên truyền.",
        "S&T information, statistics and library; outreach.",
    ),
    (
        "QUY",
        "Giám đốc Quỹ Lục Thị Vân",
        "0206 3 800 050",
        "quy@khcn.example.vn",
        "Tài trợ, cho vay, hỗ trợ, bảo lãnh vốn vay cho hoạt động khoa học và công nghệ.",
        "Grants, loans, support and loan guarantees for S&T activities.",
    ),
];

pub async fn load(db: &Db, now: i64) -> Result<(), DemoError> {
    let t = |s: &str| Value::Text(s.to_string());
    let about = find("gioi-thieu").ok_or_else(|| DemoError::Bad("gioi-thieu".into()))?;
    let rows: Vec<Vec<Value>> =
        SECTIONS.iter().map(|(k, p, vi, en)| vec![t(k), Value::Int(*p), t(vi), t(en)]).collect();
    one!(db, now, tx => dost_store::registers::insert(&mut tx, about, &rows).await?);
    let leaders = find("lanh-dao-so").ok_or_else(|| DemoError::Bad("lanh-dao-so".into()))?;
    let rows: Vec<Vec<Value>> = LEADERS
        .iter()
        .enumerate()
        .map(|(i, (n, p, pe, f, fe, ph, e))| {
            vec![t(n), t(p), t(pe), t(f), t(fe), t(ph), t(e), Value::Int(i as i64 + 1)]
        })
        .collect();
    one!(db, now, tx => dost_store::registers::insert(&mut tx, leaders, &rows).await?);
    let units = find("don-vi").ok_or_else(|| DemoError::Bad("don-vi".into()))?;
    let existing = dost_store::registers::list(db, units, &Default::default(), 100).await?;
    for (id, mut values) in existing {
        let Some(Value::Text(code)) = values.first().cloned() else { continue };
        let Some((_, head, phone, email, duties, duties_en)) = UNITS.iter().find(|u| u.0 == code) else { continue };
        for (i, v) in [(5, head), (6, phone), (7, email), (8, duties), (9, duties_en)] {
            values[i] = t(v);
        }
        one!(db, now, tx => dost_store::registers::update(&mut tx, units, id, &values).await?);
    }
    Ok(())
}
