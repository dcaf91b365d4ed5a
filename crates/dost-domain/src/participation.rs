//! Taking part (Nghị định 42/2022): comments on drafts open for comment and
//! questions to the department. What a person sends is checked here —
//! sizes, an e-mail address, plain text only — and the life of a comment
//! (waiting, shown, refused) and of a question (received, routed to a unit,
//! answered, published or refused) is written down as data.

use crate::text::nfc;

/// Longest name, organisation or e-mail address accepted.
pub const MAX_SHORT: usize = 200;
/// Longest comment or question (characters).
pub const MAX_TEXT: usize = 5_000;
/// Shortest comment or question worth reading.
pub const MIN_TEXT: usize = 10;

/// What a comment on a draft goes through.
pub const COMMENT_STATES: &[(&str, &str)] =
    &[("cho_duyet", "Chờ kiểm duyệt"), ("da_duyet", "Đã đăng"), ("tu_choi", "Không đăng")];

/// Topics a question may be about.
pub const TOPICS: &[(&str, &str)] = &[
    ("nhiem_vu", "Nhiệm vụ khoa học và công nghệ"),
    ("do_luong", "Tiêu chuẩn, đo lường, chất lượng"),
    ("buc_xa", "An toàn bức xạ, hạt nhân"),
    ("shtt", "Sở hữu trí tuệ"),
    ("cong_nghe", "Công nghệ, chuyển giao công nghệ"),
    ("doi_moi", "Khởi nghiệp, đổi mới sáng tạo"),
    ("thu_tuc", "Thủ tục hành chính"),
    ("khac", "Khác"),
];

/// The label of a topic code ("Khác" when unknown).
pub fn topic_label(code: &str) -> &'static str {
    TOPICS.iter().find(|t| t.0 == code).map(|t| t.1).unwrap_or("Khác")
}

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionState {
    /// Received, not yet sent to a unit.
    New,
    /// Sent to a unit to answer.
    Routed,
    /// Answered by the unit, waiting for a leader's or an editor's approval.
    Answered,
    /// Approved: shown on the portal.
    Published,
    /// Not answered publicly (off topic, abusive, a duplicate).
    Refused,
}

impl QuestionState {
    pub const ALL: [QuestionState; 5] = [Self::New, Self::Routed, Self::Answered, Self::Published, Self::Refused];

    pub fn code(self) -> &'static str {
        match self {
            Self::New => "moi",
            Self::Routed => "da_chuyen",
            Self::Answered => "da_tra_loi",
            Self::Published => "da_dang",
            Self::Refused => "tu_choi",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::New => "Mới nhận",
            Self::Routed => "Đã chuyển đơn vị trả lời",
            Self::Answered => "Chờ duyệt câu trả lời",
            Self::Published => "Đã đăng",
            Self::Refused => "Không trả lời công khai",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What can be done to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionStep {
    /// Send it to a unit (again, when the answer is sent back).
    Route,
    /// The unit writes its answer.
    Answer,
    /// A leader or an editor approves the answer: it is published.
    Publish,
    /// The approver sends the answer back to the unit with a note.
    SendBack,
    /// Not answered publicly, with the reason.
    Refuse,
}

impl QuestionStep {
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "chuyen" => Self::Route,
            "tra_loi" => Self::Answer,
            "dang" => Self::Publish,
            "tra_lai" => Self::SendBack,
            "tu_choi" => Self::Refuse,
            _ => return None,
        })
    }

    /// The state after the step, or why it cannot be taken now.
    pub fn next(self, from: QuestionState) -> Result<QuestionState, &'static str> {
        use QuestionState::*;
        match (self, from) {
            (Self::Route, New | Routed | Answered) => Ok(Routed),
            (Self::Answer, Routed | Answered) => Ok(Answered),
            (Self::Publish, Answered) => Ok(Published),
            (Self::SendBack, Answered | Published) => Ok(Routed),
            (Self::Refuse, New | Routed | Answered) => Ok(Refused),
            (Self::Publish, _) => Err("Chỉ đăng được câu hỏi đã có câu trả lời."),
            (Self::Answer, _) => Err("Câu hỏi chưa được chuyển đến đơn vị, hoặc đã đăng."),
            (Self::SendBack, _) => Err("Chỉ trả lại được câu trả lời đang chờ duyệt hoặc đã đăng."),
            (_, Published) => Err("Câu hỏi đã đăng; hãy trả lại câu trả lời trước."),
            (_, Refused) => Err("Câu hỏi đã được xử lý là không trả lời công khai."),
        }
    }
}

/// A comment or question as sent, checked and in NFC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub name: String,
    pub organisation: String,
    pub email: String,
    /// The question's title (empty for a comment).
    pub title: String,
    pub body: String,
}

/// Problems with what was sent, by field, in Vietnamese.
pub type Problems = Vec<(&'static str, String)>;

fn looks_like_email(s: &str) -> bool {
    let Some((user, host)) = s.split_once('@') else { return false };
    !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"' || c == ',')
        && !host.contains('@')
}

fn short(field: &'static str, label: &str, value: &str, required: bool, problems: &mut Problems) -> String {
    let v = nfc(value.trim());
    if required && v.is_empty() {
        problems.push((field, format!("Hãy ghi {label}.")));
    } else if v.chars().count() > MAX_SHORT {
        problems.push((field, format!("{} quá dài (tối đa {MAX_SHORT} ký tự).", capitalise(label))));
    } else if v.chars().any(|c| c.is_control()) || v.contains('<') {
        problems.push((field, format!("{} chỉ gồm chữ, số và dấu câu.", capitalise(label))));
    }
    v
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Checks what a person sent: name, e-mail and text required (the
/// organisation and title as asked), within the sizes above, plain text.
/// Text is kept as typed (it is always shown escaped); control characters
/// other than line breaks are refused.
pub fn check(name: &str, organisation: &str, email: &str, title: Option<&str>, body: &str) -> Result<Sent, Problems> {
    let mut problems = Problems::new();
    let name = short("ho_ten", "họ và tên", name, true, &mut problems);
    let organisation = short("co_quan", "cơ quan, tổ chức", organisation, false, &mut problems);
    let email = short("email", "thư điện tử", email, true, &mut problems);
    if !email.is_empty() && !problems.iter().any(|p| p.0 == "email") && !looks_like_email(&email) {
        problems.push(("email", format!("«{email}» không phải một địa chỉ thư điện tử.")));
    }
    let title = match title {
        Some(t) => short("tieu_de", "tiêu đề câu hỏi", t, true, &mut problems),
        None => String::new(),
    };
    let body = nfc(body.trim()).replace("\r\n", "\n");
    let n = body.chars().count();
    if n < MIN_TEXT {
        problems.push(("noi_dung", format!("Nội dung quá ngắn (ít nhất {MIN_TEXT} ký tự).")));
    } else if n > MAX_TEXT {
        problems.push((
            "noi_dung",
            format!(
                "Nội dung quá dài ({} ký tự; tối đa {}).",
                crate::format::int(n as i64),
                crate::format::int(MAX_TEXT as i64)
            ),
        ));
    } else if body.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        problems.push(("noi_dung", "Nội dung có ký tự không hợp lệ.".into()));
    }
    if problems.is_empty() { Ok(Sent { name, organisation, email, title, body }) } else { Err(problems) }
}

/// A person's name as shown publicly next to a published question: the
/// given name and the family name's initial ("Nguyễn Văn An" → "N. V. An").
pub fn public_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        None => "Người hỏi".into(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => {
            let initials: Vec<String> =
                rest.iter().filter_map(|w| w.chars().next()).map(|c| format!("{}.", c.to_uppercase())).collect();
            format!("{} {last}", initials.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_sent_is_checked_field_by_field() {
        let ok = check("Nguyễn Văn An", "", "an@example.vn", None, "Đề nghị làm rõ điều 5 của dự thảo.").unwrap();
        assert_eq!(ok.name, "Nguyễn Văn An");
        let e = check("", "x".repeat(201).as_str(), "an@", Some(""), "ngắn").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|p| p.0).collect();
        assert_eq!(fields, ["ho_ten", "co_quan", "email", "tieu_de", "noi_dung"]);
        assert!(e[2].1.contains("không phải một địa chỉ thư điện tử"));
        let long = "a".repeat(MAX_TEXT + 1);
        assert!(check("An", "", "an@example.vn", None, &long).unwrap_err()[0].1.contains("5.001 ký tự"));
        assert!(check("<b>An</b>", "", "an@example.vn", None, "Nội dung đủ dài để đọc").is_err());
        // decomposed input is kept composed
        let d = check("Nguye\u{0302}\u{0303}n", "", "a@b.vn", None, "Nội dung đủ dài để đọc").unwrap();
        assert_eq!(d.name, "Nguyễn");
    }

    #[test]
    fn a_question_goes_through_its_steps_in_order() {
        use QuestionState::*;
        assert_eq!(QuestionStep::Route.next(New), Ok(Routed));
        assert_eq!(QuestionStep::Answer.next(Routed), Ok(Answered));
        assert_eq!(QuestionStep::Publish.next(Answered), Ok(Published));
        assert!(QuestionStep::Publish.next(Routed).is_err());
        assert!(QuestionStep::Answer.next(New).is_err());
        assert_eq!(QuestionStep::SendBack.next(Published), Ok(Routed));
        assert!(QuestionStep::Refuse.next(Published).is_err());
        for s in QuestionState::ALL {
            assert_eq!(QuestionState::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn a_questioners_name_is_shortened_in_public() {
        assert_eq!(public_name("Nguyễn Văn An"), "N. V. An");
        assert_eq!(public_name("An"), "An");
        assert_eq!(public_name("  "), "Người hỏi");
    }
}
