//! Administrative dossiers (hồ sơ thủ tục hành chính): legal deadlines in
//! working days, the early / on time / late status, and radiation licences.

use chrono::{Months, NaiveDate};

use crate::calendar::Holidays;

/// How a dossier was finished against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
    /// Not returned yet and not due.
    Pending,
    /// Not returned yet and past due.
    Overdue,
}

impl Timeliness {
    pub fn label(self) -> &'static str {
        match self {
            Self::Early => "Trước hạn",
            Self::OnTime => "Đúng hạn",
            Self::Late => "Quá hạn",
            Self::Pending => "Đang giải quyết",
            Self::Overdue => "Đang giải quyết, đã quá hạn",
        }
    }
}

/// The legal due date: `days` working days after receipt.
pub fn due_date(holidays: &Holidays, received: NaiveDate, days: u32) -> NaiveDate {
    holidays.add_working_days(received, days)
}

/// The due date of a procedure whose legal time runs in working days or,
/// for some procedures, in calendar days.
pub fn due_date_in(holidays: &Holidays, received: NaiveDate, days: u32, calendar_days: bool) -> NaiveDate {
    if calendar_days { holidays.add_calendar_days(received, days) } else { holidays.add_working_days(received, days) }
}

/// The status of a dossier given its (possibly re-set, after an apology) due date.
pub fn timeliness(due: NaiveDate, returned: Option<NaiveDate>, today: NaiveDate) -> Timeliness {
    match returned {
        Some(r) if r < due => Timeliness::Early,
        Some(r) if r == due => Timeliness::OnTime,
        Some(_) => Timeliness::Late,
        None if today > due => Timeliness::Overdue,
        None => Timeliness::Pending,
    }
}

/// Whether a procedure's result is a radiation work licence (with a
/// validity): a new licence, its renewal, amendment or re-issue — not the
/// radiation-worker certificate, the declaration of equipment or the
/// approval of an incident response plan.
pub fn grants_licence(area: &str, procedure_code: &str) -> bool {
    area == "buc_xa" && matches!(procedure_code, "bx_cap_moi" | "bx_gia_han" | "bx_sua_doi" | "bx_cap_lai")
}

/// What a licence procedure does to the licence's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenceAct {
    /// A new licence: a new term from the decision.
    New,
    /// A renewal: a new term from the old licence's expiry.
    Renewal,
    /// "Sửa đổi, bổ sung": the amended licence keeps the old expiry.
    Amendment,
    /// "Cấp lại": the re-issued licence keeps the old expiry.
    Reissue,
}

impl LicenceAct {
    /// The act of a licensing procedure (by its code).
    pub fn of(procedure_code: &str) -> Self {
        match procedure_code {
            "bx_gia_han" => Self::Renewal,
            "bx_sua_doi" => Self::Amendment,
            "bx_cap_lai" => Self::Reissue,
            _ => Self::New,
        }
    }

    /// Whether the old licence's expiry must be given.
    pub fn needs_old_expiry(self) -> bool {
        self != Self::New
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LicenceError {
    #[error("{0}: hãy ghi ngày hết hạn của giấy phép cũ.")]
    OldExpiryMissing(&'static str),
    #[error(transparent)]
    Rule(#[from] crate::rules::RuleError),
}

/// The last day of a radiation work licence decided on `granted`: a new
/// licence runs the term in force on that day (from the rule book), a
/// renewal runs it from the old expiry, an amended or re-issued licence keeps
/// the old expiry.
pub fn licence_valid_until(
    book: &crate::rules::RuleBook,
    act: LicenceAct,
    granted: NaiveDate,
    old_expiry: Option<NaiveDate>,
) -> Result<NaiveDate, LicenceError> {
    let what = match act {
        LicenceAct::New => "Cấp mới giấy phép",
        LicenceAct::Renewal => "Gia hạn giấy phép",
        LicenceAct::Amendment => "Sửa đổi, bổ sung giấy phép",
        LicenceAct::Reissue => "Cấp lại giấy phép",
    };
    let old = || old_expiry.ok_or(LicenceError::OldExpiryMissing(what));
    let months = || book.number("giay_phep_x_quang_thang", crate::rules::Scope::National, granted);
    Ok(match act {
        LicenceAct::Amendment | LicenceAct::Reissue => old()?,
        LicenceAct::Renewal => {
            let from = old()?;
            from.checked_add_months(Months::new(months()?)).unwrap_or(from)
        }
        LicenceAct::New => {
            let end = granted.checked_add_months(Months::new(months()?)).unwrap_or(granted);
            end.pred_opt().unwrap_or(end)
        }
    })
}

/// How a dossier came in: (code, label).
pub const CHANNELS: [(&str, &str); 3] =
    [("truc_tiep", "Nộp trực tiếp"), ("buu_chinh", "Qua dịch vụ bưu chính"), ("truc_tuyen", "Nộp trực tuyến")];

pub fn channel_label(code: &str) -> &'static str {
    CHANNELS.iter().find(|c| c.0 == code).map(|c| c.1).unwrap_or("Khác")
}

/// An applicant's name as the public lookup shows it: each word keeps its
/// first letter, the rest is hidden ("Nguyễn Văn An" → "N***** V** A*").
pub fn masked_name(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => std::iter::once(first).chain(c.map(|_| '*')).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words an organisation's name begins with (a person's name never does).
const ORGANISATION_WORDS: &[&str] = &[
    "công ty",
    "cty",
    "doanh nghiệp",
    "hợp tác xã",
    "htx",
    "tổ hợp tác",
    "bệnh viện",
    "phòng khám",
    "trung tâm",
    "viện",
    "trường",
    "học viện",
    "đại học",
    "sở",
    "phòng",
    "ủy ban",
    "ubnd",
    "chi cục",
    "cục",
    "tổng cục",
    "cơ sở",
    "chi nhánh",
    "văn phòng",
    "hội",
    "liên hiệp",
    "quỹ",
    "nhà máy",
    "xí nghiệp",
    "tập đoàn",
    "ngân hàng",
    "cửa hàng",
    "hộ kinh doanh",
    "đài phát thanh",
    "báo",
    "tổng công ty",
    "ban quản lý",
    "ban chỉ đạo",
];

/// Whether an applicant's name is an organisation's (its first words say so).
pub fn is_organisation(name: &str) -> bool {
    let lower = crate::text::nfc(name.trim()).to_lowercase();
    ORGANISATION_WORDS
        .iter()
        .any(|w| lower.strip_prefix(w).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', '.'])))
}

/// An applicant's name as the public lookup shows it: an organisation by its
/// name, a person with each word reduced to its first letter.
pub fn public_name(name: &str) -> String {
    if is_organisation(name) { name.trim().to_string() } else { masked_name(name) }
}

/// A new lookup secret printed on the receipt: six digits from `random`.
pub fn lookup_pin(random: u32) -> String {
    format!("{:06}", random % 1_000_000)
}

/// Whether the lookup secret typed matches the dossier's (in time that does
/// not depend on where they differ; spaces typed are ignored).
pub fn pin_matches(stored: &str, typed: &str) -> bool {
    let typed: Vec<u8> = typed.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let stored = stored.as_bytes();
    if stored.is_empty() || typed.len() != stored.len() {
        return false;
    }
    stored.iter().zip(&typed).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Where a dossier stands, in the words of the public lookup.
pub fn public_status(returned: bool, waiting_for_supplement: bool) -> &'static str {
    match (returned, waiting_for_supplement) {
        (true, _) => "Đã có kết quả",
        (false, true) => "Chờ tổ chức, cá nhân bổ sung hồ sơ",
        (false, false) => "Đang giải quyết",
    }
}

/// A step in a dossier's handling, recorded in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Handed from one person or unit to another.
    HandOver,
    /// The applicant is asked to complete the dossier; the clock stops.
    SupplementRequest,
    /// The completed dossier is back; the legal time runs again from this day.
    SupplementReceived,
    /// A late dossier: a letter of apology to the applicant with a new date.
    Apology,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::HandOver, Step::SupplementRequest, Step::SupplementReceived, Step::Apology];

    pub fn code(self) -> &'static str {
        match self {
            Self::HandOver => "chuyen",
            Self::SupplementRequest => "yeu_cau_bo_sung",
            Self::SupplementReceived => "nhan_bo_sung",
            Self::Apology => "xin_loi",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::HandOver => "Chuyển xử lý",
            Self::SupplementRequest => "Yêu cầu bổ sung hồ sơ",
            Self::SupplementReceived => "Nhận hồ sơ bổ sung",
            Self::Apology => "Thư xin lỗi, hẹn lại ngày trả",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// Where a dossier stands when a step is recorded.
pub struct DossierState {
    pub received: NaiveDate,
    /// The due date in force (a new date after an apology or a supplement).
    pub due: NaiveDate,
    pub returned: Option<NaiveDate>,
    /// The last step's date, if any.
    pub last_step: Option<NaiveDate>,
    /// Days the procedure allows …
    pub working_days: u32,
    /// … counted as calendar days rather than working days.
    pub calendar_days: bool,
    /// A supplement was asked for and has not come back yet (the clock is stopped).
    pub awaiting_supplement: bool,
    /// The date promised in an apology, if any.
    pub promised: Option<NaiveDate>,
    /// How many supplements were asked for so far.
    pub supplements_asked: usize,
    /// How many apology letters (re-appointments) were sent so far.
    pub apologies: usize,
}

/// What a step changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepEffect {
    Nothing,
    /// The legal due date starts again (a complete dossier came back).
    NewDue(NaiveDate),
    /// A late dossier gets a promised date; it stays late on the legal due date.
    Promise(NaiveDate),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StepError {
    #[error("Hồ sơ đã trả kết quả ngày {0}; không ghi thêm bước xử lý.")]
    Finished(String),
    #[error("Ngày của bước không được trước ngày nhận hồ sơ hoặc bước trước.")]
    BeforeEarlier,
    #[error("Thư xin lỗi phải hẹn ngày trả mới sau hạn hiện tại ({0}).")]
    NewDateNotLater(String),
    #[error("Hãy ghi ngày hẹn trả mới.")]
    NewDateMissing,
    #[error("Ngày trả kết quả không được trước ngày nhận hồ sơ hoặc bước xử lý cuối cùng.")]
    ReturnedBeforeReceived,
    #[error("Chưa có yêu cầu bổ sung hồ sơ nào đang chờ.")]
    NoSupplementAsked,
    #[error("Ngày hẹn trả mới phải sau ngày gửi thư xin lỗi.")]
    PromiseBeforeLetter,
    #[error(
        "Chỉ được yêu cầu bổ sung hồ sơ một lần (Nghị định 61/2018/NĐ-CP, Điều 19, đã sửa đổi bởi Nghị định 107/2021/NĐ-CP)."
    )]
    SupplementTwice,
    #[error("Không được yêu cầu bổ sung hồ sơ sau hạn giải quyết ({0}); hồ sơ đã quá hạn.")]
    SupplementAfterDue(String),
    #[error("Chỉ được hẹn lại ngày trả kết quả một lần (Nghị định 61/2018/NĐ-CP, Điều 19).")]
    ApologyTwice,
    #[error("Văn bản xin lỗi, hẹn lại ngày trả phải gửi chậm nhất ngày {0}, trước hạn giải quyết {1}.")]
    ApologyTooLate(String, String),
}

/// Checks a step and says what it changes: a complete dossier back after a
/// supplement request restarts the legal time; an apology promises a later
/// date (the dossier stays late against its legal due date).
pub fn apply_step(
    holidays: &Holidays,
    st: &DossierState,
    step: Step,
    on: NaiveDate,
    new_date: Option<NaiveDate>,
) -> Result<StepEffect, StepError> {
    if let Some(r) = st.returned {
        return Err(StepError::Finished(crate::format::date(r)));
    }
    if on < st.received || st.last_step.is_some_and(|l| on < l) {
        return Err(StepError::BeforeEarlier);
    }
    match step {
        Step::HandOver => Ok(StepEffect::Nothing),
        // once only, and never after the legal due date (it cannot turn a late dossier on time)
        Step::SupplementRequest if st.supplements_asked > 0 => Err(StepError::SupplementTwice),
        Step::SupplementRequest if on > st.due => Err(StepError::SupplementAfterDue(crate::format::date(st.due))),
        Step::SupplementRequest => Ok(StepEffect::Nothing),
        Step::SupplementReceived if !st.awaiting_supplement => Err(StepError::NoSupplementAsked),
        Step::SupplementReceived => {
            Ok(StepEffect::NewDue(due_date_in(holidays, on, st.working_days, st.calendar_days)))
        }
        Step::Apology if st.apologies > 0 => Err(StepError::ApologyTwice),
        // sent at the latest the day before the due date
        Step::Apology if on >= st.due => {
            let day_before = st.due.pred_opt().unwrap_or(st.due);
            Err(StepError::ApologyTooLate(crate::format::date(day_before), crate::format::date(st.due)))
        }
        Step::Apology => {
            let latest = st.promised.map_or(st.due, |p| p.max(st.due));
            match new_date {
                None => Err(StepError::NewDateMissing),
                Some(d) if d <= latest => Err(StepError::NewDateNotLater(crate::format::date(latest))),
                Some(d) if d <= on => Err(StepError::PromiseBeforeLetter),
                Some(d) => Ok(StepEffect::Promise(d)),
            }
        }
    }
}

/// Checks the day the result is returned.
pub fn check_return(st: &DossierState, on: NaiveDate) -> Result<(), StepError> {
    if let Some(r) = st.returned {
        return Err(StepError::Finished(crate::format::date(r)));
    }
    if on < st.received || st.last_step.is_some_and(|l| on < l) {
        return Err(StepError::ReturnedBeforeReceived);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_sees_a_masked_name_and_a_status_in_words() {
        assert_eq!(masked_name("Nguyễn Văn An"), "N***** V** A*");
        assert_eq!(masked_name("  Công ty  TNHH X "), "C*** t* T*** X");
        assert_eq!(public_status(false, true), "Chờ tổ chức, cá nhân bổ sung hồ sơ");
        assert_eq!(public_status(true, true), "Đã có kết quả");
    }
    use crate::calendar::known_holidays;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn deadlines_skip_weekends_and_tet() {
        let h = Holidays::new(known_holidays().into_iter().map(|(x, _)| x));
        // a 10-working-day procedure received on Monday 20/01/2020 straddles Tết Canh Tý
        assert_eq!(due_date(&h, d(2020, 1, 20), 10), d(2020, 2, 10));
    }

    #[test]
    fn early_on_time_late() {
        let due = d(2020, 3, 10);
        assert_eq!(timeliness(due, Some(d(2020, 3, 9)), d(2020, 4, 1)), Timeliness::Early);
        assert_eq!(timeliness(due, Some(due), d(2020, 4, 1)), Timeliness::OnTime);
        assert_eq!(timeliness(due, Some(d(2020, 3, 11)), d(2020, 4, 1)), Timeliness::Late);
        assert_eq!(timeliness(due, None, d(2020, 3, 10)), Timeliness::Pending);
        assert_eq!(timeliness(due, None, d(2020, 3, 11)), Timeliness::Overdue);
    }

    #[test]
    fn licence_terms_follow_the_rule_of_their_day_and_amendments_keep_the_expiry() {
        let book = crate::rules::RuleBook::shipped();
        let until = |act, on, old| licence_valid_until(&book, act, on, old).unwrap();
        // a 2020 licence: the 2010 rules (3 years)
        assert_eq!(until(LicenceAct::New, d(2020, 3, 15), None), d(2023, 3, 14));
        // renewed early, on 01/02/2023, of a licence expiring 14/03/2023: a new term from the old expiry
        assert_eq!(until(LicenceAct::Renewal, d(2023, 2, 1), Some(d(2023, 3, 14))), d(2026, 3, 14));
        // a department's own version (a later law) applies from its day, not before
        let longer = crate::rules::RuleBook::shipped().with([crate::rules::RuleVersion {
            key: "giay_phep_x_quang_thang".into(),
            scope: crate::rules::Scope::National,
            effective_from: d(2026, 1, 1),
            value: "60".into(),
            basis: "Văn bản mới".into(),
        }]);
        assert_eq!(licence_valid_until(&longer, LicenceAct::New, d(2025, 12, 31), None), Ok(d(2028, 12, 30)));
        assert_eq!(licence_valid_until(&longer, LicenceAct::New, d(2026, 1, 1), None), Ok(d(2030, 12, 31)));
        // amended or re-issued: the licence keeps its expiry
        assert_eq!(until(LicenceAct::Amendment, d(2022, 5, 4), Some(d(2024, 1, 9))), d(2024, 1, 9));
        assert_eq!(until(LicenceAct::Reissue, d(2022, 5, 4), Some(d(2024, 1, 9))), d(2024, 1, 9));
        assert_eq!(
            licence_valid_until(&book, LicenceAct::Amendment, d(2022, 5, 4), None),
            Err(LicenceError::OldExpiryMissing("Sửa đổi, bổ sung giấy phép"))
        );
        assert_eq!(LicenceAct::of("bx_sua_doi"), LicenceAct::Amendment);
    }

    #[test]
    fn steps_keep_the_due_date_or_move_it_by_the_rules() {
        let h = Holidays::new(known_holidays().into_iter().map(|(x, _)| x));
        let st = DossierState {
            received: d(2020, 3, 2),
            due: d(2020, 3, 16),
            returned: None,
            last_step: Some(d(2020, 3, 4)),
            working_days: 10,
            calendar_days: false,
            awaiting_supplement: false,
            promised: None,
            supplements_asked: 0,
            apologies: 0,
        };
        assert_eq!(apply_step(&h, &st, Step::HandOver, d(2020, 3, 5), None), Ok(StepEffect::Nothing));
        assert_eq!(apply_step(&h, &st, Step::HandOver, d(2020, 3, 3), None), Err(StepError::BeforeEarlier));
        // a supplement can only come back when one was asked for
        assert_eq!(
            apply_step(&h, &st, Step::SupplementReceived, d(2020, 3, 20), None),
            Err(StepError::NoSupplementAsked)
        );
        // the complete dossier back on Friday 20/03: ten working days again, from Monday,
        // skipping the Hùng Kings' day (Thursday 02/04/2020)
        let waiting = DossierState { awaiting_supplement: true, ..st };
        assert_eq!(
            apply_step(&h, &waiting, Step::SupplementReceived, d(2020, 3, 20), None),
            Ok(StepEffect::NewDue(d(2020, 4, 6)))
        );
        // an apology must give a date later than the due date
        assert_eq!(apply_step(&h, &st, Step::Apology, d(2020, 3, 13), None), Err(StepError::NewDateMissing));
        assert!(matches!(
            apply_step(&h, &st, Step::Apology, d(2020, 3, 13), Some(d(2020, 3, 16))),
            Err(StepError::NewDateNotLater(_))
        ));
        assert_eq!(
            apply_step(&h, &st, Step::Apology, d(2020, 3, 13), Some(d(2020, 3, 20))),
            Ok(StepEffect::Promise(d(2020, 3, 20)))
        );
        // … and be sent at the latest the day before the due date, once
        assert_eq!(
            apply_step(&h, &st, Step::Apology, d(2020, 3, 15), Some(d(2020, 3, 20))),
            Ok(StepEffect::Promise(d(2020, 3, 20)))
        );
        assert_eq!(
            apply_step(&h, &st, Step::Apology, d(2020, 3, 16), Some(d(2020, 3, 20))),
            Err(StepError::ApologyTooLate("15/03/2020".into(), "16/03/2020".into()))
        );
        let apologised = DossierState { apologies: 1, ..st };
        assert_eq!(
            apply_step(&h, &apologised, Step::Apology, d(2020, 3, 13), Some(d(2020, 3, 25))),
            Err(StepError::ApologyTwice)
        );
        // a supplement: once, and not after the due date (a late dossier stays late)
        assert_eq!(apply_step(&h, &st, Step::SupplementRequest, d(2020, 3, 16), None), Ok(StepEffect::Nothing));
        assert_eq!(
            apply_step(&h, &st, Step::SupplementRequest, d(2020, 3, 17), None),
            Err(StepError::SupplementAfterDue("16/03/2020".into()))
        );
        let asked = DossierState { supplements_asked: 1, ..st };
        assert_eq!(
            apply_step(&h, &asked, Step::SupplementRequest, d(2020, 3, 10), None),
            Err(StepError::SupplementTwice)
        );
        // nothing after the result, and no result before the last step
        assert!(check_return(&st, d(2020, 3, 3)).is_err());
        let done = DossierState { returned: Some(d(2020, 3, 12)), ..st };
        assert!(matches!(apply_step(&h, &done, Step::HandOver, d(2020, 3, 13), None), Err(StepError::Finished(_))));
        assert!(check_return(&done, d(2020, 3, 13)).is_err());
    }

    #[test]
    fn organisations_are_named_and_people_masked_in_the_public_lookup() {
        assert_eq!(public_name("Phòng khám Đa khoa Tâm Đức"), "Phòng khám Đa khoa Tâm Đức");
        assert_eq!(public_name("Công ty CP Xi măng Cao Bằng"), "Công ty CP Xi măng Cao Bằng");
        assert_eq!(public_name("HTX Miến dong Phia Đén"), "HTX Miến dong Phia Đén");
        assert_eq!(public_name("Nguyễn Văn An"), "N***** V** A*");
        // a person whose name begins like a word of an organisation stays masked
        assert_eq!(public_name("Bộ Thị Lan"), "B* T** L**", "Bộ is also a family name");
    }

    #[test]
    fn lookup_secrets_are_six_digits_and_compared_whole() {
        assert_eq!(lookup_pin(7), "000007");
        assert_eq!(lookup_pin(4_123_456_789), "456789");
        assert!(pin_matches("045123", "045 123"));
        assert!(!pin_matches("045123", "04512") && !pin_matches("045123", "045124") && !pin_matches("", ""));
    }
}
