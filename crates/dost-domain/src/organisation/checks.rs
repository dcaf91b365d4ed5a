//! What the administrator may change in the organisation, checked before
//! anything is written: (field, message) pairs for the form at
//! `/quan-tri/don-vi` and the command line `dost unit`.

use chrono::NaiveDate;

use super::{Organisation, UNIT_KINDS, is_record_kind};
use crate::format;

/// A problem with one field of a change.
pub type Problem = (&'static str, String);

/// The code a unit gets from what was typed: trimmed, in capitals.
pub fn unit_code(typed: &str) -> String {
    typed.trim().to_uppercase()
}

impl Organisation {
    /// Why a unit cannot be added as typed.
    pub fn check_new_unit(
        &self,
        code: &str,
        name: &str,
        kind: &str,
        parent: Option<&str>,
        from: Option<NaiveDate>,
    ) -> Vec<Problem> {
        let mut out = Vec::new();
        if code.is_empty() || code.chars().count() > 16 || !code.chars().all(|c| c.is_alphanumeric() || c == '-') {
            out.push(("code", "Mã đơn vị gồm chữ, số và dấu -, tối đa 16 ký tự.".into()));
        } else if self.unit(code).is_some() {
            out.push(("code", format!("Đã có đơn vị mã «{code}».")));
        }
        if name.trim().is_empty() || name.chars().count() > 200 {
            out.push(("name", "Hãy ghi tên đơn vị (tối đa 200 ký tự).".into()));
        }
        if !UNIT_KINDS.iter().any(|k| k.0 == kind) {
            let kinds: Vec<&str> = UNIT_KINDS.iter().map(|k| k.0).collect();
            out.push(("kind", format!("Hãy chọn loại đơn vị ({}).", kinds.join(", "))));
        }
        if let Some(p) = parent
            && self.unit(p).is_none()
        {
            out.push(("parent", format!("Đơn vị cấp trên «{p}» không có.")));
        }
        if from.is_none() {
            out.push(("from", "Ngày thành lập phải theo dạng dd/mm/yyyy.".into()));
        }
        out
    }

    /// Why `code` cannot close on `on` with `successor` continuing its records.
    pub fn check_close(&self, code: &str, on: Option<NaiveDate>, successor: Option<&str>) -> Vec<Problem> {
        let mut out = Vec::new();
        let unit = self.unit(code);
        match unit {
            None => out.push(("code", "Hãy chọn đơn vị.".into())),
            Some(u) if u.to.is_some() => out.push(("code", format!("Đơn vị {} đã đóng.", u.code))),
            _ => {}
        }
        match (on, unit) {
            (None, _) => out.push(("on", "Ngày đóng phải theo dạng dd/mm/yyyy.".into())),
            (Some(d), Some(u)) if d < u.from => out.push((
                "on",
                format!("Đơn vị {} không thể đóng trước ngày thành lập ({}).", u.code, format::date(u.from)),
            )),
            _ => {}
        }
        if let Some(s) = successor {
            let after = on.and_then(|d| d.succ_opt());
            match self.unit(s) {
                None => out.push(("successor", format!("Đơn vị kế thừa «{s}» không có."))),
                Some(next) if Some(next.code.as_str()) == unit.map(|u| u.code.as_str()) => {
                    out.push(("successor", "Đơn vị không thể kế thừa chính mình.".into()))
                }
                Some(next) if after.is_some_and(|a| !next.open_on(a)) => out.push((
                    "successor",
                    format!("Đơn vị kế thừa {} không hoạt động vào ngày sau khi đơn vị này đóng.", next.code),
                )),
                _ => {}
            }
        }
        out
    }

    /// Why `unit` cannot start (`giving`) or stop keeping `kind` on `on`.
    pub fn check_duty(&self, unit: &str, kind: &str, on: Option<NaiveDate>, giving: bool) -> Vec<Problem> {
        let mut out = Vec::new();
        match self.unit(unit) {
            None => out.push(("unit", "Hãy chọn đơn vị giữ loại hồ sơ này.".into())),
            Some(u) if on.is_some_and(|d| !u.open_on(d)) => {
                out.push(("unit", format!("Đơn vị {} không hoạt động vào ngày đó.", u.code)))
            }
            _ => {}
        }
        let keeping = self.duties.iter().any(|d| d.unit == unit && d.kind == kind && d.to.is_none());
        if !is_record_kind(kind) {
            out.push(("kind", "Hãy chọn loại hồ sơ (xem danh sách loại hồ sơ).".into()));
        } else if giving && keeping {
            out.push(("kind", "Đơn vị đang giữ loại hồ sơ này.".into()));
        } else if !giving && !keeping {
            out.push(("kind", "Đơn vị không đang giữ loại hồ sơ này.".into()));
        }
        if on.is_none() {
            out.push(("on", "Ngày phải theo dạng dd/mm/yyyy.".into()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Duty, Unit};
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn org() -> Organisation {
        let unit = |id: i64, code: &str, to: Option<NaiveDate>| Unit {
            id,
            code: code.into(),
            name: code.into(),
            name_en: String::new(),
            kind: "phong".into(),
            parent: None,
            from: day(2020, 1, 1).unwrap(),
            to,
            successor: None,
            symbol: String::new(),
            head_title: String::new(),
            position: id,
        };
        let duty = Duty { id: 1, unit: "A".into(), kind: "kiem-dinh".into(), from: day(2020, 1, 1).unwrap(), to: None };
        Organisation::new(vec![unit(1, "A", None), unit(2, "B", day(2024, 12, 31))], vec![duty])
    }

    fn fields(p: Vec<Problem>) -> Vec<&'static str> {
        p.into_iter().map(|p| p.0).collect()
    }

    #[test]
    fn a_new_unit_needs_a_new_code_a_kind_and_a_day() {
        let o = org();
        assert!(o.check_new_unit("CDS", "Phòng Chuyển đổi số", "phong", None, day(2025, 3, 1)).is_empty());
        assert_eq!(fields(o.check_new_unit("A", "x", "phong", None, day(2025, 3, 1))), ["code"]);
        assert_eq!(
            fields(o.check_new_unit("C D", "", "ban", Some("Z"), None)),
            ["code", "name", "kind", "parent", "from"]
        );
        assert_eq!(unit_code("  cds "), "CDS");
    }

    #[test]
    fn a_unit_closes_after_it_opened_into_a_unit_open_the_next_day() {
        let o = org();
        assert!(o.check_close("A", day(2025, 6, 30), None).is_empty());
        assert_eq!(fields(o.check_close("A", day(2019, 6, 30), None)), ["on"]);
        assert_eq!(fields(o.check_close("A", day(2025, 6, 30), Some("A"))), ["successor"]);
        assert_eq!(fields(o.check_close("A", day(2025, 6, 30), Some("B"))), ["successor"], "B closed in 2024");
        assert_eq!(fields(o.check_close("A", day(2025, 6, 30), Some("Q"))), ["successor"]);
        assert_eq!(fields(o.check_close("B", day(2025, 6, 30), None)), ["code"], "already closed");
    }

    #[test]
    fn a_duty_needs_a_keeper_open_that_day() {
        let o = org();
        assert!(o.check_duty("A", "ho-so", day(2025, 1, 1), true).is_empty());
        assert_eq!(fields(o.check_duty("A", "kiem-dinh", day(2025, 1, 1), true)), ["kind"], "kept already");
        assert!(o.check_duty("A", "kiem-dinh", day(2025, 1, 1), false).is_empty());
        assert_eq!(fields(o.check_duty("", "kiem-dinh", day(2025, 1, 1), true)), ["unit"]);
        assert_eq!(fields(o.check_duty("B", "ho-so", day(2025, 1, 1), true)), ["unit"], "closed then");
        assert_eq!(fields(o.check_duty("A", "khong-co", None, true)), ["kind", "on"]);
    }
}
