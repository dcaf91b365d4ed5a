//! The period report: from the demo data, the 9-month 2020 report states
//! every figure of the reference article, each traceable to its records; the
//! DOCX follows the official format and opens in python-docx and LibreOffice;
//! the annex opens in openpyxl; the news version becomes a draft.

use dost_domain::report::{Period, PeriodKind};
use dost_domain::roles::Role;
use dost_store::Db;

use crate::support::*;

const NINE_MONTHS: &str = "/quan-tri/bao-cao?ky=9-thang&nam=2020&ngay=06/10/2020&so=125&nguoi-ky=Nông Văn Giám";

/// Every figure of seed-facts §2 as the report words it.
const SEED_FIGURES: [&str; 41] = [
    "23 nhiệm vụ KH&CN cấp tỉnh",
    "01 dự án cấp Bộ",
    "07 dự án thuộc Chương trình nông thôn miền núi",
    "01 dự án cấp quốc gia",
    "01 dự án cấp thiết ở địa phương sử dụng ngân sách trung ương",
    "04 nhiệm vụ KH&CN cấp tỉnh về sở hữu trí tuệ",
    "07 nhiệm vụ cấp tỉnh bắt đầu thực hiện năm 2020",
    "giao trực tiếp cho 07/07 nhiệm vụ",
    "đã thẩm định nội dung và kinh phí 03/07 nhiệm vụ",
    "02 dự án thuộc Chương trình nông thôn miền núi thực hiện từ năm 2021",
    "thẩm định công nghệ 02 dự án đầu tư",
    "có ý kiến về công nghệ 04 dự án đầu tư",
    "hỗ trợ xác lập quyền sở hữu công nghiệp đối với 01 hồ sơ với kinh phí hỗ trợ 30.000.000 đồng",
    "Hỗ trợ nâng cao năng suất, chất lượng: 01 hồ sơ với kinh phí hỗ trợ 70.000.000 đồng",
    "tiếp nhận và giải quyết 18 hồ sơ",
    "khối lượng 163/440, đạt 37%",
    "dung tích 44/486, đạt 9,1%",
    "áp suất 316/750, đạt 42,1%",
    "taximét 06/150, đạt 4%",
    "điện – điện từ trường 11/1.015, đạt 1,1%",
    "công tơ điện 500/3.500, đạt 14,3%",
    "Kiểm tra về chất lượng, đo lường, nhãn hàng hóa tại 54 cơ sở sản xuất, kinh doanh",
    "Khảo sát chất lượng sản phẩm, hàng hóa tại 88 cơ sở trên địa bàn 03 huyện, thành phố (Bảo Lâm, Bảo Lạc và thành phố Cao Bằng)",
    "Hướng dẫn 08 cơ sở",
    "TCVN ISO 9001:2015 tại 13 cơ quan hành chính nhà nước",
    "Tiến hành 03 cuộc thanh tra chuyên ngành",
    "kiểm định máy X-quang tại 07 cơ sở y tế",
    "trà giảo cổ lam 6.832/15.520 hộp, đạt 44%",
    "nghệ vàng 168/750 lọ, đạt 22,4%",
    "nghệ đen 216/250 lọ, đạt 86,4%",
    "tinh bột nghệ 154/700 lọ, đạt 22%",
    "Đăng tải 280 tin, bài và video",
    "09 chương trình truyền hình",
    "phát hành 2.000 cuốn Lịch Khoa học và Công nghệ",
    "03 số Tài liệu Thông tin KH&CN, mỗi số 500 cuốn",
    "trình UBND tỉnh 06 kế hoạch, báo cáo",
    "01 dự thảo văn bản quy phạm pháp luật",
    "Xây dựng 02 dự thảo văn bản: Dự thảo Quy chế quản lý tài chính của Quỹ",
    "Hoàn thiện kế hoạch năm 2021 (đơn vị thực hiện: Phòng Kế hoạch – Tài chính; thời hạn: 10/12/2020)",
    "tổ chức hội đồng tuyển chọn, giao trực tiếp 01/01 nhiệm vụ về sở hữu trí tuệ bắt đầu thực hiện năm 2020",
    "thẩm định nội dung, kinh phí 03/08 nhiệm vụ KH&CN bắt đầu thực hiện năm 2020",
];

/// The 9-month 2020 report as the composer builds it for a leader.
async fn nine_month_report(db: &Db) -> dost_domain::report::Report {
    let period = Period::named(PeriodKind::NineMonths, 2020, None).unwrap();
    let req = dost_app::report::Request {
        period,
        units: vec![],
        allowed: None,
        number: String::new(),
        signer_name: String::new(),
        date: period.to,
        revision: None,
        signer_role: Default::default(),
    };
    dost_app::report::build(db, &req).await.unwrap()
}

async fn ids(db: &Db, sql: &'static str) -> Vec<i64> {
    match db {
        Db::Sqlite(s) => sqlx::query_scalar(sql).fetch_all(&s.pool).await.unwrap(),
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
    }
}

async fn fetch(agent: &Agent, path: &str) -> (u16, Vec<u8>) {
    let r = agent.client.get(format!("{}{path}", agent.base)).header("Cookie", &agent.cookie).send().await.unwrap();
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

fn rows_in_tables(body: &str) -> usize {
    body.split("<tbody>").skip(1).map(|b| b.split("</tbody>").next().unwrap_or("").matches("<tr>").count()).sum()
}

#[tokio::test]
async fn the_nine_month_report_states_every_reference_figure_in_every_format() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    let page = leader.get(NINE_MONTHS).await;
    assert_eq!(page.status, 200);
    let text = preview_text(&page.body);
    for f in SEED_FIGURES {
        assert!(text.contains(f), "the preview lacks «{f}»");
    }
    assert!(text.contains("Số: 125/BC-SKHCN") && text.contains("Cao Bằng, ngày 06 tháng 10 năm 2020"));

    // the model: each figure rests on its records, counted independently here
    let report = nine_month_report(&app.db).await;
    let figure = |t: &str| report.figures().into_iter().find(|f| f.0 == t).map(|f| f.1.clone()).unwrap();
    let mut mass = figure("163/440, đạt 37%").records[0].1.clone();
    mass.sort();
    let expected = ids(
        &app.db,
        "SELECT v.id FROM verifications v JOIN instruments i ON i.id = v.instrument_id JOIN instrument_types t ON t.id = i.type_id \
         WHERE t.field = 'khoi_luong' AND v.verified_on >= '2020-01-01' AND v.verified_on <= '2020-09-30' ORDER BY v.id",
    )
    .await;
    assert_eq!(mass, expected, "the mass figure names exactly the 163 verifications of the period");
    assert_eq!(figure("18 hồ sơ").record_count(), 18);
    assert_eq!(figure("280 tin, bài và video").record_count(), 280);
    assert_eq!(figure("30.000.000 đồng").record_count(), 1);

    // DOCX: page, margins, fonts and header texts read back by python-docx; LibreOffice opens it
    let (status, docx) =
        fetch(&leader, &format!("/quan-tri/bao-cao/tai/docx?{}", NINE_MONTHS.split_once('?').unwrap().1)).await;
    assert_eq!(status, 200);
    let path = app.data.path().join("bao-cao.docx");
    std::fs::write(&path, &docx).unwrap();
    let out = python(
        "import sys, docx\n\
         d = docx.Document(sys.argv[1]); s = d.sections[0]\n\
         print(round(s.page_width.mm), round(s.page_height.mm), round(s.top_margin.mm), round(s.bottom_margin.mm), round(s.left_margin.mm), round(s.right_margin.mm))\n\
         print(d.styles['Normal'].font.name, d.styles['Normal'].font.size.pt, s.different_first_page_header_footer)\n\
         print('PAGE' in s.header._element.xml and 'PAGE' not in s.first_page_header._element.xml)\n\
         h = d.tables[0]\n\
         print('|'.join(c.text.replace(chr(10), '/') for r in h.rows for c in r.cells))\n\
         body = [p for p in d.paragraphs if p.text]\n\
         title = [p for p in body if p.text == 'BÁO CÁO'][0]\n\
         print(title.runs[0].bold, title.alignment)\n\
         para = [p for p in body if p.text.startswith('Theo dõi, quản lý')][0]\n\
         print(para.alignment, round(para.paragraph_format.first_line_indent.cm, 1), para.runs[0].font.size.pt)\n\
         print(chr(10).join(p.text for p in d.paragraphs))\n\
         print(chr(10).join(c.text for t in d.tables for r in t.rows for c in r.cells))",
        path.to_str().unwrap(),
    );
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("210 297 20 20 30 15"), "A4, margins per Nghị định 30/2020");
    assert_eq!(lines.next(), Some("Times New Roman 14.0 True"));
    assert_eq!(lines.next(), Some("True"), "page numbers at the top from page 2");
    let header = lines.next().unwrap();
    for h in [
        "UBND TỈNH CAO BẰNG/SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/Độc lập - Tự do - Hạnh phúc",
        "Số: 125/BC-SKHCN",
        "Cao Bằng, ngày 06 tháng 10 năm 2020",
    ] {
        assert!(header.contains(h), "header lacks «{h}»: {header}");
    }
    assert_eq!(lines.next(), Some("True CENTER (1)"));
    assert_eq!(lines.next(), Some("JUSTIFY (3) 1.0 14.0"));
    let all: String = lines.collect::<Vec<_>>().join("\n");
    for f in SEED_FIGURES {
        assert!(all.contains(f), "the DOCX lacks «{f}»");
    }
    assert!(all.contains("Nơi nhận:") && all.contains("- Lưu: VT, KHTC.") && all.contains("GIÁM ĐỐC"));
    assert!(all.contains("Nông Văn Giám"));
    assert!(std::fs::metadata(to_pdf(&path)).unwrap().len() > 10_000);

    // the XLSX annex, read back by openpyxl
    let (status, xlsx) =
        fetch(&leader, &format!("/quan-tri/bao-cao/tai/xlsx?{}", NINE_MONTHS.split_once('?').unwrap().1)).await;
    assert_eq!(status, 200);
    let path = app.data.path().join("phu-luc.xlsx");
    std::fs::write(&path, &xlsx).unwrap();
    let out = python(
        "import sys, openpyxl\n\
         wb = openpyxl.load_workbook(sys.argv[1])\n\
         print('|'.join(wb.sheetnames))\n\
         ws = wb['Phụ lục 1']\n\
         rows = list(ws.iter_rows(values_only=True))\n\
         h = [i for i, r in enumerate(rows) if r[0] == 'Lĩnh vực'][0]\n\
         print(rows[h][:4]); print(rows[h + 1][:4])\n\
         print(ws.cell(row=h + 2, column=2).number_format, ws.cell(row=h + 2, column=4).number_format)\n\
         print(ws.page_setup.orientation, ws.page_setup.paperSize, ws.sheet_properties.pageSetUpPr.fitToPage, ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight, ws.print_title_rows)\n\
         print(' / '.join(str(r[0]) for r in rows[:h] if r[0]))\n\
         print(' / '.join(str(c) for r in rows[h + 2:] for c in r if c))\n\
         ws = wb['Phụ lục 2']\n\
         rows = list(ws.iter_rows(values_only=True))\n\
         h = [i for i, r in enumerate(rows) if r[0] == 'Sản phẩm'][0]\n\
         print(rows[h + 1][:5])\n\
         src = wb['Nguồn số liệu']\n\
         print(src.max_row - 3)",
        path.to_str().unwrap(),
    );
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("Phụ lục 1|Phụ lục 2|Phụ lục 3|Phụ lục 4|Phụ lục 5|Nguồn số liệu"));
    assert_eq!(lines.next(), Some("('Lĩnh vực', 'Kế hoạch năm', 'Lũy kế từ đầu năm', 'Tỷ lệ so với kế hoạch')"));
    assert_eq!(lines.next(), Some("('Khối lượng', 440, 163, 0.37)"), "plans, counts and rates are numbers");
    assert_eq!(lines.next(), Some("[<10]00;#,##0 0.0%"), "with number formats (06, 1.015, 37,0%)");
    let setup = lines.next().unwrap();
    assert!(setup.starts_with("landscape 9 True 1 0 "), "A4 landscape, one page wide, header repeated: {setup}");
    assert!(setup.contains('$'), "the header row repeats on every page: {setup}");
    let head = lines.next().unwrap();
    assert!(
        head.contains("UBND TỈNH CAO BẰNG / SỞ KHOA HỌC VÀ CÔNG NGHỆ / Phụ lục 1 / KẾT QUẢ KIỂM ĐỊNH PHƯƠNG TIỆN ĐO / (Kèm theo Báo cáo số 125/BC-SKHCN ngày 06/10/2020 của Sở Khoa học và Công nghệ)"),
        "{head}"
    );
    let foot = lines.next().unwrap();
    assert!(foot.contains("Kỳ báo cáo: 9 tháng đầu năm 2020") && foot.contains("GIÁM ĐỐC / Nông Văn Giám"), "{foot}");
    assert_eq!(lines.next(), Some("('Trà giảo cổ lam', 'hộp', 15520, 6832, 0.44)"));
    assert_eq!(lines.next().unwrap().parse::<usize>().unwrap(), report.figures().len(), "one source row per figure");
}

#[tokio::test]
async fn every_figure_of_the_preview_opens_exactly_its_records() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    let report = nine_month_report(&app.db).await;
    let page = leader.get(NINE_MONTHS).await.body;
    let query = NINE_MONTHS.split_once('?').unwrap().1;
    for (n, (text, source)) in report.figures().iter().enumerate() {
        assert!(page.contains(&format!("/quan-tri/bao-cao/so-lieu/{n}?")), "figure {n} «{text}» has a link");
        let r = leader.get(&format!("/quan-tri/bao-cao/so-lieu/{n}?{query}")).await;
        assert_eq!(r.status, 200);
        assert_eq!(rows_in_tables(&r.body), source.record_count(), "figure {n} «{text}»: {}", source.rule);
    }
    assert_eq!(leader.get(&format!("/quan-tri/bao-cao/so-lieu/9999?{query}")).await.status, 404);
    // a count is the number of its records
    for (text, source) in report.figures() {
        if let Some(n) = text
            .strip_suffix(" hồ sơ")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|_| source.rule.starts_with("Hồ sơ"))
        {
            assert_eq!(n, source.record_count(), "«{text}»");
        }
    }
}

#[tokio::test]
async fn bad_periods_unknown_units_empty_periods_and_unit_scopes() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    add_user(&app, "bientap", Role::Editor).await;
    add_user_in_unit(&app, "chicuc", Role::UnitHead, "TDC").await;
    assert_eq!(sign_in(&app, "bientap").await.get(NINE_MONTHS).await.status, 403);
    let leader = sign_in(&app, "lanhdao").await;
    let reversed = leader.get("/quan-tri/bao-cao?ky=tuy-chon&tu=30/09/2020&den=01/01/2020").await;
    assert_eq!(reversed.status, 422);
    assert!(
        reversed.body.contains("Ngày kết thúc của kỳ báo cáo (01/01/2020) không được trước ngày bắt đầu (30/09/2020).")
    );
    let unknown = leader.get("/quan-tri/bao-cao?ky=9-thang&nam=2020&don-vi=XYZ").await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("Không có đơn vị «XYZ»"));
    assert_eq!(leader.get("/quan-tri/bao-cao/tai/pdf?ky=9-thang&nam=2020").await.status, 400);
    // the cut-off convention: 15/12/2019 – 14/09/2020
    let cut = preview_text(&leader.get("/quan-tri/bao-cao?ky=9-thang&nam=2020&chot=15").await.body);
    assert!(cut.contains("Kỳ báo cáo: 15/12/2019 – 14/09/2020"));
    assert_eq!(leader.get("/quan-tri/bao-cao?ky=9-thang&nam=2020&chot=40").await.status, 422);
    let empty = leader.get("/quan-tri/bao-cao?ky=nam&nam=2030").await;
    assert_eq!(empty.status, 200);
    let text = preview_text(&empty.body);
    assert!(text.contains("chưa có kết quả công tác nào được ghi nhận"));
    assert!(text.contains("Từ đầu năm đến hết kỳ, chưa có phương tiện đo nào được kiểm định."));
    // a unit head gets the unit's own sections only
    let head = sign_in(&app, "chicuc").await;
    let mine = preview_text(&head.get(NINE_MONTHS).await.body);
    assert!(mine.contains("khối lượng 163/440, đạt 37%"));
    for other in ["280 tin, bài và video", "18 hồ sơ", "23 nhiệm vụ", "6.832/15.520", "Hoàn thiện kế hoạch năm 2021"]
    {
        assert!(!mine.contains(other), "«{other}» belongs to another unit");
    }
    let asked_other = head.get(&format!("{NINE_MONTHS}&don-vi=TTTT")).await;
    assert_eq!(asked_other.status, 403, "asking for another unit does not reveal it");
    assert!(!asked_other.body.contains("280 tin, bài"));
    // nor may a unit head rewrite the department's report
    let edit = head.post("/quan-tri/bao-cao/sua", &[("ky", "9-thang"), ("nam", "2020"), ("de-xuat", "x")]).await;
    assert_eq!(edit.status, 303, "a unit head's edit goes to the unit's own report");
    let nine = Period::named(PeriodKind::NineMonths, 2020, None).unwrap();
    assert!(
        dost_store::report::revisions(&app.db, &nine, "").await.unwrap().is_empty(),
        "the department's text is untouched"
    );
    assert_eq!(dost_store::report::revisions(&app.db, &nine, "TDC").await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_news_version_becomes_a_draft_in_the_editorial_workflow() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    add_user(&app, "quantri", Role::Administrator).await;
    let fields = [("ky", "9-thang"), ("nam", "2020"), ("ngay", "06/10/2020")];
    assert_eq!(
        sign_in(&app, "lanhdao").await.post("/quan-tri/bao-cao/dang-tin", &fields).await.status,
        303,
        "leaders send it too"
    );
    let admin = sign_in(&app, "quantri").await;
    let r = admin.post("/quan-tri/bao-cao/dang-tin", &fields).await;
    assert_eq!(r.status, 303);
    let id: i64 = r.location.trim_start_matches("/quan-tri/bai-viet/").split('?').next().unwrap().parse().unwrap();
    let a = dost_store::editorial::article(&app.db, id).await.unwrap().unwrap();
    assert_eq!(a.status, dost_domain::content::ArticleStatus::Draft);
    assert_eq!(a.title, "Kết quả hoạt động khoa học và công nghệ 9 tháng đầu năm 2020");
    let body = a.body_html.as_str().to_string();
    assert!(body.contains("163/440, đạt 37%") && body.contains("280 tin, bài và video"));
    let chart = body.split("<img src=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
    let (status, svg) = fetch(&admin, &chart).await;
    assert_eq!(status, 200);
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Khối lượng"), "the plan-vs-done chart");
    assert!(svg.contains("<title>Khối lượng: 163 đã thực hiện</title>"), "the year so far, from the figures: {svg}");
    // not on the portal until an editor publishes it
    let public =
        client(BROWSER_UA).get(format!("{}/tim-kiem?q=ket+qua+hoat+dong+9+thang", app.base)).send().await.unwrap();
    assert!(!public.text().await.unwrap().contains("Kết quả hoạt động khoa học và công nghệ 9 tháng đầu năm 2020</a>"));
}

#[tokio::test]
async fn the_command_line_writes_the_report_and_refuses_a_reversed_period() {
    let app = spawn(true).await;
    let run = |args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dost"));
        cmd.arg("--data").arg(app.data.path()).args(args);
        match &app.db_url {
            Some(url) => cmd.env("DATABASE_URL", url),
            None => cmd.env_remove("DATABASE_URL"),
        };
        cmd.output().expect("run dost")
    };
    let out_md = app.data.path().join("bao-cao.md");
    let ok = run(&[
        "report",
        "--from",
        "2020-01-01",
        "--to",
        "2020-09-30",
        "--format",
        "md",
        "--out",
        out_md.to_str().unwrap(),
    ]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stderr).contains("Đã ghi"), "progress is shown");
    let md = std::fs::read_to_string(&out_md).unwrap();
    assert!(md.contains("**163/440, đạt 37%**") && md.contains("# BÁO CÁO"));
    let out_docx = app.data.path().join("bao-cao.docx");
    let ok = run(&[
        "report",
        "--from",
        "01/01/2020",
        "--to",
        "30/09/2020",
        "--format",
        "docx",
        "--out",
        out_docx.to_str().unwrap(),
    ]);
    assert!(ok.status.success());
    assert!(std::fs::read(&out_docx).unwrap().starts_with(b"PK"), "a zip package");
    let bad = run(&["report", "--from", "2020-09-30", "--to", "2020-01-01", "--out", "x.docx"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("không được trước ngày bắt đầu"));
    let unit = run(&["report", "--from", "2020-01-01", "--to", "2020-09-30", "--units", "XYZ", "--out", "x.docx"]);
    assert!(String::from_utf8_lossy(&unit.stderr).contains("Không có đơn vị «XYZ»"));
}

#[tokio::test]
async fn text_edits_are_kept_as_revisions_and_the_figures_stay_computed() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    let leader = sign_in(&app, "lanhdao").await;
    let choice = [("ky", "9-thang"), ("nam", "2020"), ("ngay", "06/10/2020")];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut f = choice.to_vec();
        f.extend_from_slice(extra);
        f
    };
    let first = leader
        .post(
            "/quan-tri/bao-cao/sua",
            &with(&[
                ("mo-dau", "Thực hiện Kế hoạch công tác năm 2020, Sở báo cáo như sau:"),
                ("de-xuat", "- Đề nghị UBND tỉnh bổ sung kinh phí kiểm định"),
            ]),
        )
        .await;
    assert_eq!(first.status, 303);
    let second = leader
        .post(
            "/quan-tri/bao-cao/sua",
            &with(&[("ghi-chu-0", "Các đơn vị đã hoàn thành báo cáo đúng hạn."), ("de-xuat", "")]),
        )
        .await;
    assert_eq!(second.status, 303);
    let latest = preview_text(&leader.get(NINE_MONTHS).await.body);
    assert!(latest.contains("Các đơn vị đã hoàn thành báo cáo đúng hạn."));
    assert!(!latest.contains("IV. KIẾN NGHỊ, ĐỀ XUẤT"), "the latest revision has no proposals");
    assert!(latest.contains("khối lượng 163/440, đạt 37%"), "figures are still computed");
    let revisions =
        dost_store::report::revisions(&app.db, &Period::named(PeriodKind::NineMonths, 2020, None).unwrap(), "")
            .await
            .unwrap();
    assert_eq!(revisions.len(), 2);
    let old = preview_text(&leader.get(&format!("{NINE_MONTHS}&phien-ban={}", revisions[1].id)).await.body);
    assert!(old.contains("Thực hiện Kế hoạch công tác năm 2020, Sở báo cáo như sau:"));
    assert!(old.contains("IV. KIẾN NGHỊ, ĐỀ XUẤT") && old.contains("Đề nghị UBND tỉnh bổ sung kinh phí kiểm định"));
    assert_eq!(leader.get(&format!("{NINE_MONTHS}&phien-ban=999999")).await.status, 422);
    // part II as proposed from the data, then as staff rewrite it (with a heading); part I cannot be replaced
    assert!(latest.contains("còn chậm so với tiến độ"));
    let rewritten = leader
        .post(
            "/quan-tri/bao-cao/sua",
            &with(&[("thay-1", "## Về nhân lực\n- Thiếu kiểm định viên cho lĩnh vực áp suất.")]),
        )
        .await;
    assert_eq!(rewritten.status, 303);
    let page = leader.get(NINE_MONTHS).await.body;
    assert!(page.contains("Thiếu kiểm định viên cho lĩnh vực áp suất."));
    assert!(!preview_text(&page).contains("còn chậm so với tiến độ"), "the proposal is replaced");
    assert!(page.contains("<h3>Về nhân lực</h3>"), "a typed heading is a heading");
    assert_eq!(leader.post("/quan-tri/bao-cao/sua", &with(&[("thay-0", "x")])).await.status, 400);
    let long: &'static str = Box::leak("x".repeat(5001).into_boxed_str());
    assert_eq!(leader.post("/quan-tri/bao-cao/sua", &with(&[("de-xuat", long)])).await.status, 400);
    // the DOCX carries the chosen text and the figures
    let (_, docx) = fetch(
        &leader,
        &format!("/quan-tri/bao-cao/tai/docx?{}&phien-ban={}", NINE_MONTHS.split_once('?').unwrap().1, revisions[1].id),
    )
    .await;
    let path = app.data.path().join("sua.docx");
    std::fs::write(&path, docx).unwrap();
    let text = python(
        "import sys, docx\nprint(chr(10).join(p.text for p in docx.Document(sys.argv[1]).paragraphs))",
        path.to_str().unwrap(),
    );
    assert!(text.contains("IV. KIẾN NGHỊ, ĐỀ XUẤT") && text.contains("- Đề nghị UBND tỉnh bổ sung kinh phí kiểm định"));
    assert!(text.contains("163/440, đạt 37%"));
}

#[tokio::test]
async fn the_statistics_forms_of_circular_15_2018_come_from_the_same_figures() {
    let app = spawn(true).await;
    add_user(&app, "lanhdao", Role::Leadership).await;
    add_user_in_unit(&app, "chicuc", Role::UnitHead, "TDC").await;
    let query = NINE_MONTHS.split_once('?').unwrap().1;
    let read = |bytes: Vec<u8>, name: &str| {
        let path = app.data.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        python(
            "import sys, openpyxl\n\
             wb = openpyxl.load_workbook(sys.argv[1])\n\
             print('|'.join(wb.sheetnames))\n\
             for ws in wb.worksheets:\n\
             \x20   rows = list(ws.iter_rows(values_only=True))\n\
             \x20   h = [i for i, r in enumerate(rows) if r[0] == 'Mã số'][0]\n\
             \x20   print(ws.title, 'head', ' / '.join(str(c) for r in rows[:h] for c in r if c), sep='|')\n\
             \x20   print(ws.title, 'columns', ' / '.join(rows[h]), sep='|')\n\
             \x20   for r in rows[h + 1:]:\n\
             \x20       if r[1]: print(ws.title, r[1], r[2] if ws.title.startswith('04') else r[3], sep='|')\n\
             \x20   print(ws.title, 'foot', ' / '.join(str(c) for r in rows[h + 1:] for c in r if isinstance(c, str) and not c[0].isdigit()), sep='|')\n\
             \x20   print(ws.title, 'to fill', sum(1 for r in ws.iter_rows() for c in r if c.fill.fgColor.rgb == 'FFFFF2CC'), sep='|')",
            path.to_str().unwrap(),
        )
    };
    let (status, bytes) =
        fetch(&sign_in(&app, "lanhdao").await, &format!("/quan-tri/bao-cao/tai/thong-ke?{query}")).await;
    assert_eq!(status, 200);
    let out = read(bytes, "tk.xlsx");
    assert!(out.starts_with("04-KHCN-NV|08-KHCN-SHTT|09-KHCN-TDC|10-KHCN-NLAT\n"), "{out}");
    let head = out.lines().find(|l| l.starts_with("04-KHCN-NV|head|")).unwrap();
    assert!(
        head.contains("Biểu số: 04/KHCN-NV / Đơn vị báo cáo: Sở Khoa học và Công nghệ / Ban hành kèm theo Thông tư số 15/2018/TT-BKHCN")
            && head.contains("Ngày nhận báo cáo")
            && head.contains("Đơn vị báo cáo: Sở Khoa học và Công nghệ")
            && head.contains("Đơn vị nhận báo cáo: Bộ Khoa học và Công nghệ"),
        "{head}"
    );
    assert!(out.contains("04-KHCN-NV|columns|Mã số / Chỉ tiêu / Tổng số / Khoa học tự nhiên / Khoa học kỹ thuật và công nghệ / Khoa học y, dược / Khoa học nông nghiệp / Khoa học xã hội / Khoa học nhân văn / Mới / Chuyển tiếp / Đã nghiệm thu / Kinh phí (triệu đồng)"), "{out}");
    let foot = out.lines().find(|l| l.starts_with("09-KHCN-TDC|foot|")).unwrap();
    assert!(
        foot.contains("Người lập biểu") && foot.contains("Người kiểm tra biểu") && foot.contains("Thủ trưởng đơn vị"),
        "{foot}"
    );
    // the social-and-humanities tasks cannot be split by the system: their row's fields are left to staff
    let to_fill: i64 = out
        .lines()
        .find(|l| l.starts_with("04-KHCN-NV|to fill|"))
        .unwrap()
        .rsplit('|')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(to_fill > 0, "{out}");
    for line in [
        "04-KHCN-NV|Tổng số|37",
        "04-KHCN-NV|Nhiệm vụ cấp tỉnh|27",
        "04-KHCN-NV|Nhiệm vụ cấp quốc gia|9",
        "08-KHCN-SHTT|Hỗ trợ xác lập quyền sở hữu công nghiệp – kinh phí|30000000",
        "09-KHCN-TDC|Phương tiện đo được kiểm định – khối lượng|163",
        "09-KHCN-TDC|Cơ sở được kiểm tra về chất lượng, đo lường, nhãn hàng hóa|54",
        "09-KHCN-TDC|Cơ quan được kiểm tra áp dụng TCVN ISO 9001|13",
        "10-KHCN-NLAT|Cấp chứng chỉ nhân viên bức xạ|4",
    ] {
        assert!(out.lines().any(|l| l == line), "missing «{line}» in {out}");
    }
    let radiation: i64 = out
        .lines()
        .filter(|l| l.starts_with("10-KHCN-NLAT|") && !l.contains("Cuộc thanh tra"))
        .filter_map(|l| l.rsplit('|').next().unwrap().parse::<i64>().ok())
        .sum();
    assert_eq!(radiation, 18);
    // a unit head gets the unit's own form only
    let (_, bytes) = fetch(&sign_in(&app, "chicuc").await, &format!("/quan-tri/bao-cao/tai/thong-ke?{query}")).await;
    assert!(read(bytes, "tk-tdc.xlsx").starts_with("09-KHCN-TDC\n"));
}
