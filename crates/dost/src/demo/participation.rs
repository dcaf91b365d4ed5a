//! Taking part, for the demo: two drafts (one open now, one closed with the
//! drafting unit's summary), comments on them, and questions answered by
//! the units — all written for the demo and marked as samples where they
//! name a document. They go through the same steps as on a live site.

use chrono::{Duration, NaiveDate};
use dost_domain::format::vn_date;
use dost_domain::participation::{QuestionState, QuestionStep, Sent};
use dost_domain::registers::{DRAFTS, Value};
use dost_store::Db;
use dost_store::participation::StepInput;

use super::DemoError;

fn sent(name: &str, organisation: &str, email: &str, title: &str, body: &str) -> Sent {
    Sent {
        name: name.into(),
        organisation: organisation.into(),
        email: email.into(),
        title: title.into(),
        body: body.into(),
    }
}

fn at(d: NaiveDate, hour: u32) -> i64 {
    d.and_hms_opt(hour, 0, 0).map(|t| t.and_utc().timestamp() - 7 * 3600).unwrap_or_default()
}

/// (name, organisation, comment, shown)
const OPEN_COMMENTS: [(&str, &str, &str, bool); 3] = [
    (
        "Lê Thị Hoa",
        "Trường Cao đẳng Sư phạm Cao Bằng",
        "Đề nghị kéo dài thời hạn nộp hồ sơ tuyển chọn từ 30 lên 45 ngày, vì các trường và viện thường cần thêm thời gian để hoàn thiện thuyết minh và xác nhận của tổ chức chủ trì.",
        true,
    ),
    (
        "Nông Văn Bình",
        "Hợp tác xã nông nghiệp Phục Hòa",
        "Đề nghị quy chế nêu rõ doanh nghiệp, hợp tác xã được tham gia với vai trò tổ chức ứng dụng kết quả, và được hỗ trợ kinh phí chuyển giao sau nghiệm thu.",
        true,
    ),
    (
        "Hoàng Minh",
        "",
        "Điều 12 nên quy định công bố kết quả đánh giá nghiệm thu trên cổng thông tin của Sở trong 15 ngày.",
        false,
    ),
];

const CLOSED_RESULT: &str = "Trong thời gian lấy ý kiến (từ 03/08 đến 02/09/2020), Phòng Quản lý chuyên ngành nhận được 4 ý kiến của các tổ chức; cả 4 ý kiến đã được đăng trên cổng.
Tiếp thu: bổ sung chỉ tiêu số doanh nghiệp được hỗ trợ tham gia chợ công nghệ và thiết bị; bổ sung nhiệm vụ kết nối với sàn giao dịch công nghệ quốc gia; bổ sung hỗ trợ doanh nghiệp nhỏ thuê chuyên gia đánh giá công nghệ.
Giải trình: đề nghị thành lập sàn giao dịch công nghệ cấp tỉnh chưa được tiếp thu trong giai đoạn này do chưa đủ nguồn lực; kế hoạch ưu tiên kết nối với các sàn hiện có.
Dự thảo đã được hoàn thiện và trình UBND tỉnh ngày 25/09/2020.";

/// (topic, asker, title, question, answering unit, answer)
type Qa = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

const ANSWERED: [Qa; 15] = [
    (
        "nhiem_vu",
        "Nguyễn Văn Tuấn",
        "Cá nhân có được đề xuất nhiệm vụ khoa học và công nghệ cấp tỉnh không?",
        "Tôi là kỹ sư nông nghiệp, không thuộc cơ quan nào. Tôi có được đề xuất đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh không, và nộp ở đâu?",
        "QLKH",
        "Tổ chức, cá nhân đều được đề xuất nhiệm vụ khoa học và công nghệ theo phiếu đề xuất mẫu khi Sở thông báo lấy đề xuất hằng năm (thường vào quý I). Phiếu gửi về Phòng Quản lý khoa học, Sở Khoa học và Công nghệ, hoặc nộp qua thư điện tử của Sở. Khi được tuyển chọn, tổ chức chủ trì phải là tổ chức có tư cách pháp nhân; cá nhân có thể làm chủ nhiệm nếu được một tổ chức nhận làm tổ chức chủ trì.",
    ),
    (
        "nhiem_vu",
        "Trần Thị Mai",
        "Thời hạn thực hiện nhiệm vụ có được gia hạn không?",
        "Đề tài của chúng tôi gặp thời tiết bất lợi nên mô hình chưa cho kết quả đúng hạn. Có được gia hạn hợp đồng không?",
        "QLKH",
        "Có. Tổ chức chủ trì gửi văn bản đề nghị điều chỉnh thời gian thực hiện trước khi hợp đồng hết hạn, nêu lý do và tiến độ đã đạt. Sở xem xét và quyết định gia hạn theo quy định về quản lý nhiệm vụ khoa học và công nghệ; mỗi lần gia hạn được ghi vào hồ sơ nhiệm vụ và công bố trên danh mục nhiệm vụ của cổng.",
    ),
    (
        "nhiem_vu",
        "Lục Văn Hùng",
        "Kết quả nhiệm vụ đã nghiệm thu được công bố ở đâu?",
        "Tôi muốn tìm kết quả các đề tài đã nghiệm thu về cây dược liệu để tham khảo. Tìm ở đâu?",
        "TTTT",
        "Danh mục nhiệm vụ khoa học và công nghệ trên cổng (mục Nhiệm vụ KH&CN) ghi tình trạng và kết quả của từng nhiệm vụ, tìm được theo lĩnh vực và từ khóa không cần dấu. Báo cáo tổng hợp kết quả được lưu giữ tại Trung tâm Thông tin; bạn đọc có thể đến đọc hoặc đề nghị cung cấp bản sao theo quy định.",
    ),
    (
        "do_luong",
        "Phạm Thị Lan",
        "Cân ở chợ phải kiểm định bao lâu một lần?",
        "Tôi bán hàng ở chợ, dùng cân đồng hồ. Cân này có phải kiểm định không và bao lâu một lần?",
        "TDC",
        "Cân dùng trong mua bán là phương tiện đo nhóm 2, phải được kiểm định ban đầu và kiểm định định kỳ theo chu kỳ quy định cho từng loại cân. Chi cục Tiêu chuẩn Đo lường Chất lượng tổ chức kiểm định tại chợ theo lịch thông báo trước; sau khi kiểm định đạt, cân được dán tem kiểm định ghi thời hạn.",
    ),
    (
        "do_luong",
        "Đàm Văn Khánh",
        "Phản ánh cân sai ở đâu?",
        "Tôi nghi một quầy hàng dùng cân sai. Tôi có thể phản ánh ở đâu và có cần bằng chứng gì không?",
        "TDC",
        "Bạn có thể dùng cân đối chứng đặt tại ban quản lý chợ để tự kiểm tra, rồi phản ánh với ban quản lý chợ hoặc gọi điện đến Chi cục Tiêu chuẩn Đo lường Chất lượng. Thông tin cần có: tên chợ, vị trí quầy, thời gian mua, khối lượng cân lại được. Chi cục sẽ kiểm tra và xử lý theo quy định.",
    ),
    (
        "do_luong",
        "Công ty TNHH Thiên Phúc",
        "Công bố hợp chuẩn sản phẩm cần những gì?",
        "Doanh nghiệp chúng tôi sản xuất miến dong và muốn công bố hợp chuẩn theo tiêu chuẩn quốc gia. Thủ tục thế nào?",
        "TDC",
        "Doanh nghiệp đánh giá sự phù hợp của sản phẩm với tiêu chuẩn (tự đánh giá hoặc qua tổ chức chứng nhận), sau đó nộp hồ sơ công bố hợp chuẩn tại Chi cục theo thủ tục hành chính đã công khai (mục Thủ tục hành chính trên cổng nêu thành phần hồ sơ, thời hạn và phí). Chi cục hướng dẫn miễn phí nếu doanh nghiệp cần.",
    ),
    (
        "buc_xa",
        "Phòng khám đa khoa Hòa An",
        "Phòng khám mới lắp máy X-quang phải làm thủ tục gì?",
        "Phòng khám chúng tôi mới lắp một máy X-quang chẩn đoán. Trước khi sử dụng cần làm những thủ tục gì?",
        "QLCN",
        "Cơ sở phải khai báo thiết bị, được kiểm định thiết bị và kiểm xạ phòng đặt máy, có nhân viên phụ trách an toàn bức xạ có chứng chỉ, và được cấp giấy phép tiến hành công việc bức xạ trước khi đưa máy vào sử dụng. Các thủ tục này được nộp tại Sở; mục Thủ tục hành chính trên cổng nêu đủ thành phần hồ sơ và thời hạn giải quyết.",
    ),
    (
        "buc_xa",
        "Hà Thị Thu",
        "Giấy phép sử dụng máy X-quang có thời hạn bao lâu?",
        "Giấy phép sử dụng máy X-quang của bệnh viện sắp hết hạn. Khi nào phải nộp hồ sơ gia hạn?",
        "QLCN",
        "Giấy phép có thời hạn ghi trên giấy phép. Cơ sở nên nộp hồ sơ gia hạn trước khi giấy phép hết hạn ít nhất 30 ngày để không bị gián đoạn; thời gian giải quyết tính từ khi Sở nhận đủ hồ sơ hợp lệ. Hồ sơ có thể theo dõi bằng mã trên giấy tiếp nhận tại mục Tra cứu hồ sơ.",
    ),
    (
        "shtt",
        "Bế Văn Long",
        "Đăng ký nhãn hiệu cho sản phẩm hợp tác xã ở đâu?",
        "Hợp tác xã chúng tôi làm hạt dẻ và muốn đăng ký nhãn hiệu. Sở có hỗ trợ không?",
        "QLCN",
        "Đơn đăng ký nhãn hiệu nộp tại Cục Sở hữu trí tuệ (trực tiếp, qua bưu chính hoặc trực tuyến). Sở hướng dẫn cách tra cứu nhãn hiệu trước khi nộp, chuẩn bị mẫu nhãn và danh mục sản phẩm; các hợp tác xã có sản phẩm đặc sản của tỉnh có thể được xem xét hỗ trợ theo chương trình phát triển tài sản trí tuệ của tỉnh.",
    ),
    (
        "shtt",
        "Nông Thị Hạnh",
        "Chỉ dẫn địa lý khác nhãn hiệu tập thể thế nào?",
        "Tôi thấy sản phẩm hạt dẻ Trùng Khánh có chỉ dẫn địa lý. Người trồng dẻ có được tự ghi chỉ dẫn địa lý lên bao bì không?",
        "QLCN",
        "Chỉ dẫn địa lý thuộc về Nhà nước; tổ chức, cá nhân sản xuất sản phẩm tại khu vực địa lý đó và đáp ứng các điều kiện về chất lượng được cơ quan quản lý cho phép sử dụng. Người trồng dẻ cần đề nghị cấp quyền sử dụng chỉ dẫn địa lý theo quy chế quản lý của tỉnh trước khi ghi lên bao bì. Nhãn hiệu tập thể thì thuộc về một tổ chức tập thể (như hợp tác xã, hội) và các thành viên dùng theo quy chế của tổ chức đó.",
    ),
    (
        "cong_nghe",
        "Công ty CP Vật liệu Bảo Lâm",
        "Chuyển giao công nghệ có phải đăng ký không?",
        "Chúng tôi nhận chuyển giao dây chuyền sản xuất gạch không nung từ một doanh nghiệp trong nước. Hợp đồng có phải đăng ký với Sở không?",
        "QLCN",
        "Hợp đồng chuyển giao công nghệ trong nước không thuộc diện bắt buộc đăng ký, trừ trường hợp sử dụng vốn nhà nước hoặc ngân sách; tuy vậy doanh nghiệp có thể đăng ký tự nguyện để được hưởng ưu đãi. Hồ sơ đăng ký nộp tại Sở; mục Thủ tục hành chính trên cổng nêu thành phần hồ sơ.",
    ),
    (
        "cong_nghe",
        "Vi Văn Đức",
        "Thiết bị cũ nhập khẩu có cần thẩm định công nghệ không?",
        "Doanh nghiệp định nhập một máy nghiền đã qua sử dụng. Có phải thẩm định công nghệ ở Sở không?",
        "QLCN",
        "Việc nhập khẩu máy móc, thiết bị đã qua sử dụng thực hiện theo quy định của Thủ tướng Chính phủ về điều kiện tuổi thiết bị và hồ sơ nhập khẩu; cơ quan tiếp nhận là hải quan và bộ quản lý chuyên ngành. Thẩm định công nghệ tại Sở áp dụng với dự án đầu tư theo quy định của Luật Chuyển giao công nghệ. Doanh nghiệp có thể gửi thông tin dự án để Sở hướng dẫn cụ thể.",
    ),
    (
        "doi_moi",
        "Đinh Thị Ngọc",
        "Dự án khởi nghiệp được hỗ trợ những gì?",
        "Tôi có ý tưởng khởi nghiệp chế biến trà giảo cổ lam. Tỉnh có chương trình hỗ trợ khởi nghiệp đổi mới sáng tạo không?",
        "QLKH",
        "Tỉnh có đề án hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo: tập huấn, tư vấn sở hữu trí tuệ, hỗ trợ một phần kinh phí hoàn thiện công nghệ và tham gia hội chợ, kết nối nhà đầu tư. Thông báo xét chọn được đăng trên cổng; bạn có thể liên hệ Phòng Quản lý khoa học để được hướng dẫn lập hồ sơ.",
    ),
    (
        "thu_tuc",
        "Hoàng Văn Sơn",
        "Có nộp hồ sơ thủ tục hành chính trực tuyến được không?",
        "Tôi ở huyện xa, có nộp hồ sơ trực tuyến thay vì đến Trung tâm Phục vụ hành chính công không?",
        "VP",
        "Được. Phần lớn thủ tục của Sở được nộp trực tuyến trên Cổng dịch vụ công hoặc qua dịch vụ bưu chính. Khi hồ sơ được tiếp nhận, người nộp nhận mã hồ sơ; tra cứu tình trạng giải quyết tại mục Tra cứu hồ sơ trên cổng này hoặc quét mã QR trên giấy tiếp nhận.",
    ),
    (
        "khac",
        "Lâm Thị Phương",
        "Sở có nhận sinh viên thực tập không?",
        "Tôi là sinh viên ngành công nghệ thông tin, muốn thực tập tại Trung tâm Thông tin. Liên hệ thế nào?",
        "TTTT",
        "Trung tâm Thông tin nhận sinh viên thực tập theo giấy giới thiệu của nhà trường. Bạn gửi giấy giới thiệu và nguyện vọng thực tập về Văn phòng Sở hoặc thư điện tử của Trung tâm (mục Giới thiệu trên cổng có địa chỉ liên hệ của từng đơn vị).",
    ),
];

/// Loads the drafts, comments and questions; `today` is the demo's day.
pub async fn load(db: &Db, uploads: &std::path::Path, now: i64) -> Result<(), DemoError> {
    let today = vn_date(now);
    let file = super::add_document(
        db,
        uploads,
        now,
        (
            "du-thao-quy-che-quan-ly-nhiem-vu.pdf",
            include_bytes!("forms/du-thao-quy-che-quan-ly-nhiem-vu.pdf"),
            "application/pdf",
            "Dự thảo Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh (tài liệu mẫu)",
        ),
    )
    .await?;
    let units = dost_store::accounts::units(db).await?;
    let unit = |code: &str| units.iter().find(|u| u.code == code).map(|u| u.id);
    let draft =
        |title: &str, code: &str, (opens, closes): (NaiveDate, NaiveDate), summary: &str, file: &str, result: &str| {
            vec![
                Value::Text(title.into()),
                unit(code).map(Value::Int).unwrap_or(Value::Null),
                Value::Date(opens),
                Value::Date(closes),
                Value::Text(summary.into()),
                Value::Text(file.into()),
                Value::Text(result.into()),
            ]
        };
    let rows = [
        draft(
            "Dự thảo Quyết định ban hành Quy chế quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh (văn bản mẫu của hệ thống)",
            "QLKH",
            (today - Duration::days(10), today + Duration::days(20)),
            "Dự thảo quy định trình tự đề xuất, xác định, tuyển chọn, giao trực tiếp, kiểm tra, đánh giá nghiệm thu và công bố kết quả nhiệm vụ khoa học và công nghệ cấp tỉnh. Đề nghị góp ý nhất là về thời hạn nộp hồ sơ, thành phần hội đồng và việc công bố kết quả.",
            &file,
            "",
        ),
        draft(
            "Dự thảo Kế hoạch phát triển thị trường khoa học và công nghệ tỉnh giai đoạn 2021–2025 (văn bản mẫu của hệ thống)",
            "QLCN",
            (
                NaiveDate::from_ymd_opt(2020, 8, 3).unwrap_or(today),
                NaiveDate::from_ymd_opt(2020, 9, 2).unwrap_or(today),
            ),
            "Mục tiêu, chỉ tiêu và nhiệm vụ phát triển thị trường khoa học và công nghệ: kết nối cung cầu công nghệ, hỗ trợ doanh nghiệp tham gia chợ công nghệ, phát triển tổ chức trung gian.",
            "",
            CLOSED_RESULT,
        ),
    ];
    let ids = one!(db, now, tx => dost_store::registers::insert(&mut tx, &DRAFTS, &rows).await?);
    let (Some(open), Some(closed)) = (ids.first().copied(), ids.get(1).copied()) else {
        return Err(DemoError::Bad("du-thao".into()));
    };
    for (i, (name, org, body, shown)) in OPEN_COMMENTS.iter().enumerate() {
        let when = at(today - Duration::days(8 - 3 * i as i64), 9);
        let email = format!("gopy{}@example.vn", i + 1);
        let id = one!(db, when, tx => dost_store::participation::add_comment(&mut tx, open, &sent(name, org, &email, "", body), "demo").await?);
        if *shown {
            one!(db, when + 3600, tx => dost_store::participation::moderate(&mut tx, id, true).await?);
        }
    }
    let closed_comments = [
        (
            "Trung tâm Ứng dụng tiến bộ KH&CN",
            "Đề nghị bổ sung chỉ tiêu số doanh nghiệp được hỗ trợ tham gia chợ công nghệ và thiết bị.",
        ),
        (
            "Hội Doanh nhân trẻ tỉnh",
            "Đề nghị nghiên cứu thành lập sàn giao dịch công nghệ cấp tỉnh để kết nối doanh nghiệp với các viện, trường.",
        ),
        (
            "Liên hiệp các hội khoa học và kỹ thuật tỉnh",
            "Đề nghị bổ sung nhiệm vụ kết nối với sàn giao dịch công nghệ quốc gia và các vùng lân cận.",
        ),
        (
            "Công ty CP Nông sản Cao Bằng",
            "Đề nghị kế hoạch có cơ chế hỗ trợ doanh nghiệp nhỏ thuê chuyên gia đánh giá công nghệ trước khi mua.",
        ),
    ];
    let first = NaiveDate::from_ymd_opt(2020, 8, 10).unwrap_or(today);
    for (i, (org, body)) in closed_comments.iter().enumerate() {
        let when = at(first + Duration::days(4 * i as i64), 10);
        let email = format!("dn{}@example.vn", i + 1);
        let s = sent("Đại diện đơn vị", org, &email, "", body);
        let id = one!(db, when, tx => dost_store::participation::add_comment(&mut tx, closed, &s, "demo").await?);
        one!(db, when + 7200, tx => dost_store::participation::moderate(&mut tx, id, true).await?);
    }
    questions(db, &units).await
}

async fn questions(db: &Db, units: &[dost_store::accounts::Unit]) -> Result<(), DemoError> {
    let start = NaiveDate::from_ymd_opt(2020, 3, 2).ok_or_else(|| DemoError::Bad("ngày".into()))?;
    for (i, (topic, name, title, question, code, answer)) in ANSWERED.iter().enumerate() {
        let asked = at(start + Duration::days(12 * i as i64), 8);
        let unit =
            units.iter().find(|u| u.code == *code).map(|u| u.id).ok_or_else(|| DemoError::Bad((*code).into()))?;
        let email = format!("hoi{}@example.vn", i + 1);
        let id = one!(db, asked, tx => dost_store::participation::ask(&mut tx, topic, &sent(name, "", &email, title, question), "demo").await?);
        let steps = [
            (QuestionStep::Route, QuestionState::New, StepInput::Unit(unit), 86_400),
            (QuestionStep::Answer, QuestionState::Routed, StepInput::Text(answer), 4 * 86_400),
            (QuestionStep::Publish, QuestionState::Answered, StepInput::Nothing, 6 * 86_400),
        ];
        for (step, from, input, after) in steps {
            one!(db, asked + after, tx => dost_store::participation::step(&mut tx, id, step, from, input).await?);
        }
    }
    // two waiting: one just received, one with its unit
    let waiting = [
        (
            "do_luong",
            "Triệu Văn Nam",
            "Đồng hồ nước nhà tôi quay nhanh bất thường",
            "Đồng hồ nước nhà tôi tháng này chỉ gấp đôi mọi tháng. Tôi có thể đề nghị kiểm định lại đồng hồ không?",
        ),
        (
            "nhiem_vu",
            "Mạc Thị Yến",
            "Mẫu thuyết minh đề tài năm 2021",
            "Xin hỏi mẫu thuyết minh đề tài cấp tỉnh năm 2021 có thay đổi so với năm 2020 không?",
        ),
    ];
    let day = NaiveDate::from_ymd_opt(2020, 9, 28).ok_or_else(|| DemoError::Bad("ngày".into()))?;
    for (i, (topic, name, title, question)) in waiting.iter().enumerate() {
        let asked = at(day, 9 + i as u32);
        let email = format!("cho{}@example.vn", i + 1);
        let id = one!(db, asked, tx => dost_store::participation::ask(&mut tx, topic, &sent(name, "", &email, title, question), "demo").await?);
        if i == 1
            && let Some(u) = units.iter().find(|u| u.code == "QLKH")
        {
            one!(db, asked + 3600, tx => dost_store::participation::step(&mut tx, id, QuestionStep::Route, QuestionState::New, StepInput::Unit(u.id)).await?);
        }
    }
    Ok(())
}
