//! Legal parameters as dated rule versions, each with its legal basis and
//! effective date. A record is checked by the version in force on its date
//! (the latest version whose effective date is on or before it), so adding a
//! version never changes how past records were judged. The system ships the
//! national versions below; a department adds its province's own versions
//! (register "Quy định áp dụng", table `rule_versions`), which then govern
//! provincial tasks from their effective date. `docs/domain-rules.md` lists
//! every rule.

use chrono::NaiveDate;
use thiserror::Error;

use crate::tasks::{Composition, CouncilKind, Level};

/// Whose rule: the national one, or the province's own for provincial tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    National,
    Provincial,
}

impl Scope {
    pub const ALL: [(Scope, &'static str, &'static str); 2] =
        [(Scope::National, "quoc_gia", "Quốc gia"), (Scope::Provincial, "tinh", "Tỉnh")];

    pub fn code(self) -> &'static str {
        Self::ALL.iter().find(|x| x.0 == self).map(|x| x.1).unwrap_or("quoc_gia")
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|x| x.1 == s).map(|x| x.0)
    }

    /// Provincial and grassroots tasks follow the province's regulation; the
    /// others (national, ministry, programme and urgent local projects) the
    /// national one.
    pub fn of_level(level: Level) -> Self {
        match level {
            Level::Provincial | Level::Grassroots => Scope::Provincial,
            _ => Scope::National,
        }
    }
}

/// The parameters (keys of `rule_versions`), with what their value means.
pub const PARAMETERS: [(&str, &str); 11] = [
    ("hoi_dong_xac_dinh", "Số thành viên hội đồng tư vấn xác định nhiệm vụ (tối thiểu-tối đa)"),
    ("hoi_dong_tuyen_chon", "Số thành viên hội đồng tuyển chọn, giao trực tiếp (tối thiểu-tối đa)"),
    ("hoi_dong_tuyen_chon_pho_chu_tich", "Hội đồng tuyển chọn, giao trực tiếp phải có Phó Chủ tịch (1: có, 0: không)"),
    ("to_tham_dinh", "Số thành viên tổ thẩm định nội dung, kinh phí (tối thiểu-tối đa)"),
    ("hoi_dong_nghiem_thu", "Số thành viên hội đồng đánh giá, nghiệm thu (tối thiểu-tối đa)"),
    (
        "hoi_dong_nghiem_thu_chuyen_gia",
        "Tỷ lệ tối thiểu thành viên hội đồng nghiệm thu là chuyên gia trong lĩnh vực (tử số/mẫu số)",
    ),
    ("ty_le_co_mat", "Tỷ lệ thành viên tối thiểu có mặt để hội đồng họp (tử số/mẫu số)"),
    ("gia_han_so_lan", "Số lần gia hạn tối đa của một nhiệm vụ"),
    ("gia_han_so_thang", "Thời gian gia hạn tối đa (tháng, cộng dồn)"),
    ("giay_phep_x_quang_thang", "Thời hạn giấy phép sử dụng thiết bị X-quang chẩn đoán trong y tế (tháng)"),
    ("hen_lai_so_lan", "Số lần hẹn lại ngày trả kết quả hồ sơ thủ tục hành chính"),
];

/// One version of a parameter: its value from a day, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleVersion {
    pub key: String,
    pub scope: Scope,
    pub effective_from: NaiveDate,
    /// "7-9" (a range), "2/3" (a share) or "12" (a number).
    pub value: String,
    /// The legal basis: document, article.
    pub basis: String,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RuleError {
    #[error("Không có quy định nào về “{0}” áp dụng vào ngày {1}.")]
    NotInForce(&'static str, String),
    #[error("Giá trị “{value}” của quy định “{key}” không đọc được ({expected}).")]
    BadValue { key: String, value: String, expected: &'static str },
    #[error("Không có tham số quy định “{0}”.")]
    UnknownKey(String),
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

fn v(key: &str, scope: Scope, from: NaiveDate, value: &str, basis: &str) -> RuleVersion {
    RuleVersion { key: key.into(), scope, effective_from: from, value: value.into(), basis: basis.into() }
}

/// The versions shipped with the system (national law; the provincial
/// versions are the national ones until the department records its
/// province's regulation).
pub fn shipped() -> Vec<RuleVersion> {
    use Scope::{National as N, Provincial as P};
    let mut out = Vec::new();
    for scope in [N, P] {
        let tail = if scope == P {
            " (áp dụng cho nhiệm vụ cấp tỉnh đến khi Sở ghi quy định của tỉnh)"
        } else {
            ""
        };
        out.extend([
            v("hoi_dong_xac_dinh", scope, d(2014, 7, 15), "7-9", &format!("Thông tư 07/2014/TT-BKHCN{tail}")),
            v("hoi_dong_tuyen_chon", scope, d(2014, 8, 1), "7-9", &format!("Thông tư 10/2014/TT-BKHCN{tail}")),
            v("hoi_dong_tuyen_chon", scope, d(2017, 8, 10), "7-9", &format!("Thông tư 08/2017/TT-BKHCN{tail}")),
            v(
                "hoi_dong_tuyen_chon",
                scope,
                d(2023, 11, 27),
                "7-9",
                &format!("Thông tư 20/2023/TT-BKHCN, Điều 8, khoản 1, điểm a{tail}"),
            ),
            v(
                "hoi_dong_tuyen_chon_pho_chu_tich",
                scope,
                d(2023, 11, 27),
                "1",
                &format!("Thông tư 20/2023/TT-BKHCN, Điều 8, khoản 1, điểm a{tail}"),
            ),
            v("to_tham_dinh", scope, d(2014, 8, 1), "5-7", &format!("Thông tư 10/2014/TT-BKHCN{tail}")),
            v(
                "hoi_dong_nghiem_thu",
                scope,
                d(2014, 7, 15),
                if scope == P { "7-9" } else { "9-9" },
                &format!("Thông tư 11/2014/TT-BKHCN{tail}"),
            ),
            v(
                "hoi_dong_nghiem_thu_chuyen_gia",
                scope,
                d(2014, 7, 15),
                "2/3",
                &format!("Thông tư 11/2014/TT-BKHCN (06 trong 09 thành viên là chuyên gia KH&CN){tail}"),
            ),
            v("ty_le_co_mat", scope, d(2014, 7, 15), "2/3", &format!("Thông tư 11/2014/TT-BKHCN{tail}")),
            v("gia_han_so_lan", scope, d(2015, 4, 1), "1", &format!("Thông tư 04/2015/TT-BKHCN{tail}")),
            v("gia_han_so_thang", scope, d(2015, 4, 1), "12", &format!("Thông tư 04/2015/TT-BKHCN{tail}")),
        ]);
    }
    out.extend([
        v("giay_phep_x_quang_thang", N, d(2010, 6, 1), "36", "Thông tư 08/2010/TT-BKHCN (Nghị định 07/2010/NĐ-CP)"),
        v(
            "giay_phep_x_quang_thang",
            N,
            d(2021, 2, 1),
            "36",
            "Nghị định 142/2020/NĐ-CP, Điều 37 (công việc bức xạ khác: 03 năm)",
        ),
        v("hen_lai_so_lan", N, d(2018, 6, 21), "1", "Nghị định 61/2018/NĐ-CP, Điều 19"),
    ]);
    out
}

/// Every version in force anywhere: the shipped ones and the department's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleBook {
    versions: Vec<RuleVersion>,
}

impl Default for RuleBook {
    fn default() -> Self {
        Self::shipped()
    }
}

impl RuleBook {
    pub fn shipped() -> Self {
        Self { versions: shipped() }
    }

    /// The shipped versions and the department's own.
    pub fn with(mut self, more: impl IntoIterator<Item = RuleVersion>) -> Self {
        self.versions.extend(more);
        self
    }

    pub fn versions(&self) -> &[RuleVersion] {
        &self.versions
    }

    /// The version of `key` in force on `on` for `scope`: the latest effective
    /// on or before that day (a department's version and a shipped one of the
    /// same day: the department's, recorded later, wins).
    pub fn in_force(&self, key: &str, scope: Scope, on: NaiveDate) -> Option<&RuleVersion> {
        self.versions
            .iter()
            .enumerate()
            .filter(|(_, r)| r.key == key && r.scope == scope && r.effective_from <= on)
            .max_by_key(|(i, r)| (r.effective_from, *i))
            .map(|(_, r)| r)
    }

    fn value(&self, key: &'static str, scope: Scope, on: NaiveDate) -> Result<&RuleVersion, RuleError> {
        self.in_force(key, scope, on)
            .or_else(|| self.in_force(key, Scope::National, on))
            .ok_or_else(|| RuleError::NotInForce(key, crate::format::date(on)))
    }

    /// A number ("12").
    pub fn number(&self, key: &'static str, scope: Scope, on: NaiveDate) -> Result<u32, RuleError> {
        let r = self.value(key, scope, on)?;
        r.value.trim().parse().map_err(|_| bad(r, "một số"))
    }

    /// A range ("7-9").
    pub fn range(&self, key: &'static str, scope: Scope, on: NaiveDate) -> Result<(usize, usize), RuleError> {
        let r = self.value(key, scope, on)?;
        parse_range(&r.value).ok_or_else(|| bad(r, "tối thiểu-tối đa, ví dụ 7-9"))
    }

    /// A share ("2/3").
    pub fn share(&self, key: &'static str, scope: Scope, on: NaiveDate) -> Result<(usize, usize), RuleError> {
        let r = self.value(key, scope, on)?;
        parse_share(&r.value).ok_or_else(|| bad(r, "tử số/mẫu số, ví dụ 2/3"))
    }

    /// Whether a council of `kind` set up on `on` must have a vice-chair (no
    /// rule in force: not required).
    pub fn needs_vice_chair(&self, kind: CouncilKind, scope: Scope, on: NaiveDate) -> bool {
        matches!(kind, CouncilKind::Selection | CouncilKind::DirectAssignment)
            && self.number("hoi_dong_tuyen_chon_pho_chu_tich", scope, on).is_ok_and(|n| n == 1)
    }

    /// What the rule in force on `on` asks of a council's composition.
    pub fn composition(&self, kind: CouncilKind, scope: Scope, on: NaiveDate) -> Composition {
        let experts = match kind {
            CouncilKind::Acceptance => self.share("hoi_dong_nghiem_thu_chuyen_gia", scope, on).ok(),
            _ => None,
        };
        Composition { vice_chair: self.needs_vice_chair(kind, scope, on), experts }
    }

    /// The allowed size of a council of `kind` set up on `on`.
    pub fn council_size(&self, kind: CouncilKind, scope: Scope, on: NaiveDate) -> Result<(usize, usize), RuleError> {
        self.range(council_key(kind), scope, on)
    }
}

/// The parameter that sizes a council of `kind`.
pub fn council_key(kind: CouncilKind) -> &'static str {
    match kind {
        CouncilKind::Identification => "hoi_dong_xac_dinh",
        CouncilKind::Selection | CouncilKind::DirectAssignment => "hoi_dong_tuyen_chon",
        CouncilKind::Appraisal => "to_tham_dinh",
        CouncilKind::Acceptance => "hoi_dong_nghiem_thu",
    }
}

fn bad(r: &RuleVersion, expected: &'static str) -> RuleError {
    RuleError::BadValue { key: r.key.clone(), value: r.value.clone(), expected }
}

fn parse_range(s: &str) -> Option<(usize, usize)> {
    let (a, b) = s.split_once('-')?;
    let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a > 0 && a <= b).then_some((a, b))
}

fn parse_share(s: &str) -> Option<(usize, usize)> {
    let (a, b) = s.split_once('/')?;
    let (a, b): (usize, usize) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a > 0 && a <= b).then_some((a, b))
}

/// Checks a department's version before it is saved: a known key and a
/// value of the key's form. The message names what is wrong.
pub fn check_version(key: &str, value: &str) -> Result<(), RuleError> {
    let known = PARAMETERS.iter().find(|p| p.0 == key).ok_or_else(|| RuleError::UnknownKey(key.into()))?;
    let r = RuleVersion {
        key: known.0.into(),
        scope: Scope::National,
        effective_from: NaiveDate::MIN,
        value: value.into(),
        basis: String::new(),
    };
    let ok = if key == "hoi_dong_tuyen_chon_pho_chu_tich" {
        matches!(value.trim(), "0" | "1")
    } else if key == "ty_le_co_mat" || key.ends_with("_chuyen_gia") {
        parse_share(value).is_some()
    } else if key.starts_with("hoi_dong") || key == "to_tham_dinh" {
        parse_range(value).is_some()
    } else {
        value.trim().parse::<u32>().is_ok()
    };
    if ok { Ok(()) } else { Err(bad(&r, "xem ví dụ trong danh mục tham số")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_in_force_on_the_records_date_applies() {
        let book = RuleBook::shipped();
        let x_ray = |on| book.in_force("giay_phep_x_quang_thang", Scope::National, on).unwrap().basis.clone();
        assert!(x_ray(d(2021, 1, 31)).starts_with("Thông tư 08/2010"), "a 2020 licence is judged by the 2010 rules");
        assert!(x_ray(d(2021, 2, 1)).starts_with("Nghị định 142/2020"), "from the day Nghị định 142/2020 took effect");
        assert!(book.number("giay_phep_x_quang_thang", Scope::National, d(2009, 1, 1)).is_err());
        let selection = |on| book.in_force("hoi_dong_tuyen_chon", Scope::National, on).unwrap().basis.clone();
        assert!(selection(d(2017, 8, 9)).starts_with("Thông tư 10/2014"));
        assert!(selection(d(2020, 1, 1)).starts_with("Thông tư 08/2017"));
        assert!(selection(d(2023, 11, 27)).starts_with("Thông tư 20/2023"));
    }

    #[test]
    fn a_province_adds_its_own_version_without_changing_the_past() {
        let rule = RuleVersion {
            key: "hoi_dong_nghiem_thu".into(),
            scope: Scope::Provincial,
            effective_from: d(2021, 3, 1),
            value: "5-7".into(),
            basis: "Quyết định 01/2021/QĐ-UBND của UBND tỉnh, Điều 20".into(),
        };
        let book = RuleBook::shipped().with([rule]);
        let size = |scope, on| book.council_size(CouncilKind::Acceptance, scope, on).unwrap();
        assert_eq!(size(Scope::Provincial, d(2021, 2, 28)), (7, 9), "before: the shipped version");
        assert_eq!(size(Scope::Provincial, d(2021, 3, 1)), (5, 7), "from its effective date");
        assert_eq!(size(Scope::National, d(2021, 3, 1)), (9, 9), "national tasks keep the national rule");
        assert_eq!(Scope::of_level(Level::Grassroots), Scope::Provincial);
        assert_eq!(Scope::of_level(Level::RuralMountain), Scope::National);
    }

    #[test]
    fn a_vice_chair_is_required_from_the_day_the_rule_asks() {
        let book = RuleBook::shipped();
        assert!(!book.needs_vice_chair(CouncilKind::Selection, Scope::National, d(2023, 11, 26)));
        assert!(book.needs_vice_chair(CouncilKind::Selection, Scope::National, d(2023, 11, 27)));
        assert!(!book.needs_vice_chair(CouncilKind::Acceptance, Scope::National, d(2024, 1, 1)));
    }

    #[test]
    fn values_are_checked_before_they_are_saved() {
        assert!(check_version("hoi_dong_nghiem_thu", "7-9").is_ok());
        assert!(check_version("hoi_dong_nghiem_thu", "9-7").is_err());
        assert!(check_version("ty_le_co_mat", "2/3").is_ok());
        assert!(check_version("gia_han_so_lan", "hai").is_err());
        assert_eq!(check_version("khong_co", "1"), Err(RuleError::UnknownKey("khong_co".into())));
    }
}
