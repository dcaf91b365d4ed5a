//! The department's organisation as dated data: its units (what they are
//! called, what kind, under whom, from when to when, who took over from them)
//! and their duties (which kinds of record each keeps, from when to when).
//! Nothing about a particular department is written in the program: the
//! province decides its units and changes them, and a record is judged by the
//! units in force on its date.
//!
//! A unit that closes names its successor: from the day after it closed, the
//! successor's staff read and continue its records; it is no longer offered
//! in new forms. A person belongs to a unit for a time (assignments), so the
//! audit log and the reports say who was where when.

mod checks;

pub use checks::{Problem, unit_code};

use chrono::NaiveDate;

/// Kinds of unit (Nghị định 150/2025: phòng, văn phòng, chi cục, đơn vị sự nghiệp).
pub const UNIT_KINDS: &[(&str, &str)] = &[
    ("van_phong", "Văn phòng"),
    ("phong", "Phòng chuyên môn, nghiệp vụ"),
    ("thanh_tra", "Thanh tra"),
    ("chi_cuc", "Chi cục"),
    ("trung_tam", "Trung tâm (đơn vị sự nghiệp)"),
    ("quy", "Quỹ"),
];

/// Whether units of `kind` are attached units (chi cục, centres, the fund)
/// rather than the department's own divisions (văn phòng, phòng, thanh tra):
/// the organisation chart shows them apart.
pub fn is_attached(kind: &str) -> bool {
    matches!(kind, "chi_cuc" | "trung_tam" | "quy" | "truc_thuoc")
}

/// S&T tasks.
pub const TASKS: &str = "nhiem-vu";
/// Instrument verifications.
pub const VERIFICATIONS: &str = "kiem-dinh";
/// One-stop dossiers.
pub const DOSSIERS: &str = "ho-so";
/// Questions of the public: routing them.
pub const QUESTIONS: &str = "hoi-dap";
/// Comments on drafts: moderating them.
pub const COMMENTS: &str = "gop-y";

/// The kinds of record a unit may keep that have pages of their own, and the
/// fields of work the period report has a part for (`linh-vuc:…`); each
/// register is a kind too, by its key (`so:<slug>`, see [`record_kinds`]).
pub const RECORD_KINDS: &[(&str, &str)] = &[
    (TASKS, "Nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo"),
    (VERIFICATIONS, "Kiểm định phương tiện đo"),
    (DOSSIERS, "Hồ sơ thủ tục hành chính (một cửa)"),
    (QUESTIONS, "Hỏi đáp: tiếp nhận, chuyển xử lý câu hỏi"),
    (COMMENTS, "Góp ý dự thảo: kiểm duyệt ý kiến"),
    ("linh-vuc:khoa-hoc", "Phần báo cáo: quản lý nhiệm vụ khoa học và công nghệ"),
    ("linh-vuc:cong-nghe", "Phần báo cáo: quản lý công nghệ, sở hữu trí tuệ, an toàn bức xạ"),
    ("linh-vuc:tdc", "Phần báo cáo: tiêu chuẩn – đo lường – chất lượng"),
    ("linh-vuc:mot-cua", "Phần báo cáo: cải cách hành chính, thủ tục hành chính"),
    ("linh-vuc:thanh-tra", "Phần báo cáo: thanh tra"),
    ("linh-vuc:ke-hoach", "Phần báo cáo: kế hoạch – tài chính và tham mưu"),
    ("linh-vuc:ung-dung", "Phần báo cáo: ứng dụng tiến bộ khoa học và công nghệ"),
    ("linh-vuc:thong-tin", "Phần báo cáo: thông tin, tuyên truyền"),
    ("linh-vuc:quy", "Phần báo cáo: quỹ phát triển khoa học và công nghệ"),
    ("linh-vuc:chuyen-doi-so", "Phần báo cáo: chuyển đổi số"),
    ("linh-vuc:buu-chinh-vien-thong", "Phần báo cáo: bưu chính, viễn thông, tần số vô tuyến điện"),
];

/// Every kind of record, with its Vietnamese name: the fixed ones, then one
/// per register.
pub fn record_kinds() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = RECORD_KINDS.iter().map(|(k, n)| (k.to_string(), n.to_string())).collect();
    out.extend(crate::registers::REGISTERS.iter().map(|r| (register_kind(r.slug), format!("Sổ: {}", r.title))));
    out
}

/// The kind of record of a register.
pub fn register_kind(slug: &str) -> String {
    format!("so:{slug}")
}

pub fn is_record_kind(kind: &str) -> bool {
    RECORD_KINDS.iter().any(|k| k.0 == kind)
        || kind.strip_prefix("so:").is_some_and(|slug| crate::registers::find(slug).is_some())
}

/// A unit of the department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub kind: String,
    /// The unit it belongs to (a team inside a division), if any.
    pub parent: Option<String>,
    pub from: NaiveDate,
    /// The last day it existed.
    pub to: Option<NaiveDate>,
    /// Who continues its records after `to`.
    pub successor: Option<String>,
    /// The short symbol in document numbers (`CCTĐC`), and the title of its head.
    pub symbol: String,
    pub head_title: String,
    pub position: i64,
}

impl Unit {
    /// Whether it exists on `day`.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }

    /// Whether it exists at some time between `from` and `to`.
    pub fn open_during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.from <= to && self.to.is_none_or(|end| from <= end)
    }
}

/// A unit keeps a kind of record for a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    pub id: i64,
    pub unit: String,
    pub kind: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Duty {
    pub fn on(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }

    pub fn during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.from <= to && self.to.is_none_or(|end| from <= end)
    }
}

/// A person's unit for a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub user_id: i64,
    pub unit: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// The units and duties, as loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Organisation {
    pub units: Vec<Unit>,
    pub duties: Vec<Duty>,
}

impl Organisation {
    pub fn new(mut units: Vec<Unit>, duties: Vec<Duty>) -> Self {
        units.sort_by_key(|u| (u.position, u.id));
        Self { units, duties }
    }

    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    pub fn unit_by_id(&self, id: i64) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The units that exist on `day`, in their order.
    pub fn units_on(&self, day: NaiveDate) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(move |u| u.open_on(day))
    }

    /// The units keeping `kind` on `day` (and existing then).
    pub fn keepers(&self, kind: &str, day: NaiveDate) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .duties
            .iter()
            .filter(|d| d.kind == kind && d.on(day) && self.unit(&d.unit).is_some_and(|u| u.open_on(day)))
            .map(|d| d.unit.as_str())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The units that kept `kind` at some time between `from` and `to`.
    pub fn keepers_during(&self, kind: &str, from: NaiveDate, to: NaiveDate) -> Vec<&str> {
        let mut out: Vec<&str> =
            self.duties.iter().filter(|d| d.kind == kind && d.during(from, to)).map(|d| d.unit.as_str()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The kinds `unit` keeps on `day`.
    pub fn kinds_of(&self, unit: &str, day: NaiveDate) -> Vec<&str> {
        self.duties.iter().filter(|d| d.unit == unit && d.on(day)).map(|d| d.kind.as_str()).collect()
    }

    /// Whether any of `units` kept `kind` between `from` and `to`.
    pub fn kept_by_any(&self, kind: &str, units: &[String], from: NaiveDate, to: NaiveDate) -> bool {
        self.duties.iter().any(|d| d.kind == kind && d.during(from, to) && units.contains(&d.unit))
    }

    /// The fields of work (`linh-vuc:…`) that `units` (every unit when
    /// empty) kept at some time between `from` and `to`, in the order the
    /// report takes them.
    pub fn fields_of(&self, units: &[String], from: NaiveDate, to: NaiveDate) -> Vec<String> {
        RECORD_KINDS
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| k.starts_with("linh-vuc:"))
            .filter(|k| {
                self.duties.iter().any(|d| {
                    d.kind == *k
                        && d.during(from, to)
                        && (units.is_empty() || units.contains(&d.unit))
                        && self.unit(&d.unit).is_some_and(|u| u.open_during(from, to))
                })
            })
            .map(str::to_string)
            .collect()
    }

    /// Who holds the records of `unit` on `day`: the unit itself while it
    /// exists, else its successor (and theirs, while they closed too).
    pub fn current<'a>(&'a self, unit: &'a str, day: NaiveDate) -> &'a str {
        let mut at = unit;
        for _ in 0..self.units.len() + 1 {
            match self.unit(at) {
                Some(u) if !u.open_on(day) && u.to.is_some_and(|to| to < day) => match u.successor.as_deref() {
                    Some(next) => at = next,
                    None => return at,
                },
                _ => return at,
            }
        }
        at
    }

    /// The units whose records `unit` holds on `day`: itself and every unit
    /// it (directly or through others) took over.
    pub fn continued_by(&self, unit: &str, day: NaiveDate) -> Vec<&str> {
        self.units.iter().filter(|u| self.current(&u.code, day) == unit).map(|u| u.code.as_str()).collect()
    }

    /// Why the organisation as given is not consistent, for the form: (field,
    /// message) pairs. Empty when it is.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for u in &self.units {
            if u.to.is_some_and(|to| to < u.from) {
                out.push((
                    "to",
                    format!("{}: đóng ({}) trước ngày thành lập ({})", u.code, show(u.to), show(Some(u.from))),
                ));
            }
            if let Some(s) = &u.successor {
                match self.unit(s) {
                    None => out.push(("successor", format!("{}: đơn vị kế thừa «{s}» không có", u.code))),
                    Some(next) if next.code == u.code => {
                        out.push(("successor", format!("{}: không thể kế thừa chính mình", u.code)))
                    }
                    Some(next) if u.to.is_some_and(|to| !next.open_on(to.succ_opt().unwrap_or(to))) => out.push((
                        "successor",
                        format!(
                            "{}: đơn vị kế thừa {} không hoạt động vào ngày sau khi {} đóng",
                            u.code, next.code, u.code
                        ),
                    )),
                    _ => {}
                }
            }
            if let Some(p) = &u.parent
                && self.unit(p).is_none()
            {
                out.push(("parent", format!("{}: đơn vị cấp trên «{p}» không có", u.code)));
            }
        }
        for d in &self.duties {
            if self.unit(&d.unit).is_none() {
                out.push(("unit", format!("nhiệm vụ «{}» giao cho đơn vị «{}» không có", d.kind, d.unit)));
            }
            if !is_record_kind(&d.kind) {
                out.push(("kind", format!("loại hồ sơ «{}» không có", d.kind)));
            }
            if d.to.is_some_and(|to| to < d.from) {
                out.push(("to", format!("nhiệm vụ «{}» của {}: kết thúc trước khi bắt đầu", d.kind, d.unit)));
            }
        }
        out
    }
}

fn show(d: Option<NaiveDate>) -> String {
    d.map(crate::format::date).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn unit(id: i64, code: &str, from: NaiveDate, to: Option<NaiveDate>, successor: Option<&str>) -> Unit {
        Unit {
            id,
            code: code.into(),
            name: code.into(),
            name_en: String::new(),
            kind: "phong".into(),
            parent: None,
            from,
            to,
            successor: successor.map(str::to_string),
            symbol: String::new(),
            head_title: String::new(),
            position: id,
        }
    }

    fn duty(unit: &str, kind: &str, from: NaiveDate, to: Option<NaiveDate>) -> Duty {
        Duty { id: 0, unit: unit.into(), kind: kind.into(), from, to }
    }

    /// An inspectorate closed on 30/06/2025, its work continued by a division.
    fn merged() -> Organisation {
        Organisation::new(
            vec![
                unit(1, "A", d(2000, 1, 1), Some(d(2025, 6, 30)), Some("B")),
                unit(2, "B", d(2000, 1, 1), None, None),
                unit(3, "C", d(2025, 3, 1), None, None),
            ],
            vec![
                duty("A", "so:kiem-tra", d(2000, 1, 1), Some(d(2025, 6, 30))),
                duty("B", "so:kiem-tra", d(2025, 7, 1), None),
                duty("C", "kiem-dinh", d(2025, 3, 1), None),
            ],
        )
    }

    #[test]
    fn keepers_follow_the_dates() {
        let o = merged();
        assert_eq!(o.keepers("so:kiem-tra", d(2020, 9, 30)), ["A"]);
        assert_eq!(o.keepers("so:kiem-tra", d(2025, 6, 30)), ["A"]);
        assert_eq!(o.keepers("so:kiem-tra", d(2025, 7, 1)), ["B"]);
        assert!(o.keepers("kiem-dinh", d(2024, 12, 31)).is_empty(), "before the unit existed");
        assert_eq!(o.keepers_during("so:kiem-tra", d(2025, 1, 1), d(2025, 12, 31)), ["A", "B"]);
    }

    #[test]
    fn a_closed_units_records_are_held_by_its_successor() {
        let o = merged();
        assert_eq!(o.current("A", d(2025, 6, 30)), "A");
        assert_eq!(o.current("A", d(2025, 7, 1)), "B");
        assert_eq!(o.continued_by("B", d(2026, 1, 1)), ["A", "B"]);
        assert_eq!(o.continued_by("B", d(2025, 1, 1)), ["B"]);
    }

    #[test]
    fn an_inconsistent_organisation_is_explained() {
        let mut o = merged();
        o.units.push(unit(4, "D", d(2025, 1, 1), Some(d(2024, 1, 1)), Some("Z")));
        o.duties.push(duty("Y", "kiem-dinh", d(2025, 1, 1), None));
        o.duties.push(duty("B", "khong-co", d(2025, 1, 1), None));
        let p = o.problems();
        assert!(p.iter().any(|(f, m)| *f == "to" && m.contains("trước ngày thành lập")), "{p:?}");
        assert!(p.iter().any(|(f, m)| *f == "successor" && m.contains("«Z» không có")), "{p:?}");
        assert!(p.iter().any(|(f, m)| *f == "unit" && m.contains("«Y» không có")), "{p:?}");
        assert!(p.iter().any(|(f, _)| *f == "kind"), "{p:?}");
        assert!(merged().problems().is_empty());
    }
}
