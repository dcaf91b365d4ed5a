//! Search that ignores case and diacritics.
//!
//! Every article keeps a folded copy of its text (see [`crate::text::fold`]),
//! and the database keeps a word index over it (its words as
//! [`index_words`] cuts them: SQLite FTS5 and PostgreSQL `tsvector`, fed the
//! same words so both find the same articles). A query is folded the same
//! way and cut into words; search syntax characters (`"`, `*`, `-`, `NEAR`,
//! …) carry no meaning and are treated as separators. An article matches when
//! every query word starts a word of its text (so a word still being typed
//! finds); every match is found and counted. Articles rank by [`Tier`] (the
//! words as a phrase in the title, every word whole in the title, every word
//! whole anywhere, beginnings only), newest first within a tier; only whole
//! words are highlighted (a word is marked by its beginning only when the
//! text has it nowhere as a whole word).

use crate::content::InputError;
use crate::text::{escape_html, fold};

/// Longest query we accept, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Words beyond this many are ignored.
pub const MAX_TERMS: usize = 8;

/// A parsed query: folded words, longest first is not implied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<String>,
    /// The folded words joined by one space, for phrase bonus.
    pub phrase: String,
}

impl Query {
    /// Parses what a visitor typed. `Ok(None)` means nothing searchable was typed.
    pub fn parse(raw: &str) -> Result<Option<Self>, InputError> {
        if raw.chars().count() > MAX_QUERY_CHARS {
            return Err(InputError::QueryTooLong { max: MAX_QUERY_CHARS });
        }
        let folded = fold(raw);
        let mut terms: Vec<String> = Vec::new();
        for word in folded.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() || terms.iter().any(|t| t == word) {
                continue;
            }
            terms.push(word.to_string());
            if terms.len() == MAX_TERMS {
                break;
            }
        }
        if terms.is_empty() {
            return Ok(None);
        }
        let phrase = terms.join(" ");
        Ok(Some(Self { terms, phrase }))
    }

    /// Whether a folded text holds every word (the plain match of a list's
    /// search box, unranked).
    pub fn matches(&self, folded: &str) -> bool {
        self.terms.iter().all(|t| folded.contains(t.as_str()))
    }

    /// What a list's search box asks for: `None` when nothing searchable was
    /// typed (the box is cut to [`MAX_QUERY_CHARS`] before it is read).
    pub fn of_box(raw: &str) -> Option<Self> {
        let cut: String = raw.chars().take(MAX_QUERY_CHARS).collect();
        Self::parse(&cut).ok().flatten()
    }
}

/// Character positions (start, end) in `folded` where `term` starts a word.
fn word_starts(folded: &[char], term: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if term.is_empty() || folded.len() < term.len() {
        return out;
    }
    for i in 0..=folded.len() - term.len() {
        let at_word_start = i == 0 || !folded[i - 1].is_alphanumeric();
        if at_word_start && folded[i..i + term.len()] == *term {
            out.push((i, i + term.len()));
        }
    }
    out
}

/// Where `term` is a whole word of `folded` ("do" in "đo lường", not in "đoàn").
fn whole_words(folded: &[char], term: &[char]) -> Vec<(usize, usize)> {
    word_starts(folded, term).into_iter().filter(|(_, e)| *e == folded.len() || !folded[*e].is_alphanumeric()).collect()
}

/// How well an article matches a query, best last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Every word starts a word of the text, some only as a beginning.
    Beginnings,
    /// Every word is a whole word of the text.
    WholeWords,
    /// Every word is a whole word of the title.
    InTitle,
    /// The words stand in the title next to each other, as typed.
    PhraseInTitle,
}

impl Tier {
    /// The tier of an article from what the word index says of it.
    pub fn of(phrase_in_title: bool, all_in_title: bool, all_whole: bool) -> Self {
        match (phrase_in_title, all_in_title, all_whole) {
            (true, _, _) => Self::PhraseInTitle,
            (_, true, _) => Self::InTitle,
            (_, _, true) => Self::WholeWords,
            _ => Self::Beginnings,
        }
    }
}

/// One matching article, for ordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub id: i64,
    pub published_at: i64,
    pub tier: Tier,
}

/// Best tier first, then newest (then the later id, so the order is total).
pub fn order(found: &mut [Found]) {
    found.sort_unstable_by(|a, b| b.tier.cmp(&a.tier).then(b.published_at.cmp(&a.published_at)).then(b.id.cmp(&a.id)));
}

/// Longest word kept in the index (longer ones are not words a visitor types).
const MAX_INDEXED_WORD: usize = 64;
/// Most text indexed per article, in bytes (PostgreSQL's `tsvector` holds at most 1 MB).
const MAX_INDEXED_BYTES: usize = 200_000;

/// Longest part of a short word joined by `&` or `-` ("kh&cn") whose
/// joined form ("khcn") is indexed too.
const MAX_JOINED_PART: usize = 5;

/// The words of a folded text as the word index is fed them: letters and
/// digits, one space between words, overlong words left out. Short words
/// joined by `&` or `-` ("kh&cn", "kh-cn", "nn&ptnt") are also given joined
/// ("khcn"), right after their parts, so what people type without the sign
/// finds them.
pub fn index_words(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len().min(MAX_INDEXED_BYTES));
    let push = |word: &str, out: &mut String| {
        if word.is_empty() || word.chars().count() > MAX_INDEXED_WORD {
            return true;
        }
        if out.len() + word.len() + 1 > MAX_INDEXED_BYTES {
            return false;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        true
    };
    for run in folded.split(|c: char| !(c.is_alphanumeric() || c == '&' || c == '-')) {
        let parts: Vec<&str> = run.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()).collect();
        for part in &parts {
            if !push(part, &mut out) {
                return out;
            }
        }
        let joinable = parts.len() >= 2
            && parts.iter().all(|p| p.chars().count() <= MAX_JOINED_PART && p.chars().all(char::is_alphabetic));
        if joinable && !push(&parts.concat(), &mut out) {
            return out;
        }
    }
    out
}

/// The folded title of an article from its [`index_text`] (its first line).
pub fn title_of_index_text(text: &str) -> &str {
    text.split('\n').next().unwrap_or_default()
}

fn match_ranges(q: &Query, folded: &[char]) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = q
        .terms
        .iter()
        .flat_map(|t| {
            let t: Vec<char> = t.chars().collect();
            // whole words only; the beginnings of words when the text has no whole one
            let whole = whole_words(folded, &t);
            if whole.is_empty() { word_starts(folded, &t) } else { whole }
        })
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    merged
}

fn mark(chars: &[char], ranges: &[(usize, usize)], from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut pos = from;
    for &(s, e) in ranges.iter().filter(|(s, e)| *e > from && *s < to) {
        let (s, e) = (s.max(from), e.min(to));
        out.push_str(&escape_html(&chars[pos..s].iter().collect::<String>()));
        out.push_str("<mark>");
        out.push_str(&escape_html(&chars[s..e].iter().collect::<String>()));
        out.push_str("</mark>");
        pos = e;
    }
    out.push_str(&escape_html(&chars[pos..to].iter().collect::<String>()));
    out
}

/// The whole text, HTML-escaped, with matches wrapped in `<mark>`.
pub fn highlight(q: &Query, text: &str) -> String {
    let nfc = crate::text::nfc(text);
    let chars: Vec<char> = nfc.chars().collect();
    let folded: Vec<char> = chars.iter().map(|c| crate::text::fold_char(*c)).collect();
    mark(&chars, &match_ranges(q, &folded), 0, chars.len())
}

/// An excerpt of about `width` characters around the first match, HTML-escaped,
/// with matches wrapped in `<mark>`.
pub fn snippet(q: &Query, text: &str, width: usize) -> String {
    // A word searched for is most often near the start: the excerpt is cut
    // from the first part of a long text when it lies there whole, and only
    // otherwise is the whole text read.
    let head_len = text.char_indices().nth(width * 8).map(|(at, _)| at);
    if let Some(cut) = head_len
        && let Some(excerpt) = excerpt(q, &text[..cut], width, true)
    {
        return excerpt;
    }
    excerpt(q, text, width, false).unwrap_or_default()
}

/// [`snippet`] of `text`; of a text `cut` short, `None` unless a match and
/// the excerpt around it lie within it.
fn excerpt(q: &Query, text: &str, width: usize, cut: bool) -> Option<String> {
    let nfc = crate::text::nfc(text);
    let chars: Vec<char> = nfc.chars().collect();
    let folded: Vec<char> = chars.iter().map(|c| crate::text::fold_char(*c)).collect();
    let ranges = match_ranges(q, &folded);
    if cut && ranges.is_empty() {
        return None;
    }
    let first = ranges.first().map(|r| r.0).unwrap_or(0);
    let mut from = first.saturating_sub(width / 3);
    while from > 0 && !chars[from - 1].is_whitespace() {
        from -= 1;
    }
    let mut to = (from + width).min(chars.len());
    while to < chars.len() && !chars[to].is_whitespace() {
        to += 1;
    }
    // a word cut at the end of a short text may be a longer word whole
    if cut && to + MAX_INDEXED_WORD >= chars.len() {
        return None;
    }
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(mark(&chars, &ranges, from, to).trim());
    if cut || to < chars.len() {
        out.push('…');
    }
    Some(out)
}

/// The folded text an article is searched by: title, lead and body text.
pub fn index_text(title: &str, lead: &str, body_html: &str) -> String {
    // the title is the first line (see [`title_of_index_text`])
    let title = title.replace(['\n', '\r'], " ");
    fold(&format!("{title}\n{lead}\n{}", crate::text::strip_tags(body_html)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_joined_by_a_sign_are_also_indexed_joined() {
        assert_eq!(index_words("so kh&cn cao bang"), "so kh cn khcn cao bang");
        assert_eq!(index_words("kh-cn va nn&ptnt"), "kh cn khcn va nn ptnt nnptnt");
        assert_eq!(index_words("2020-2025 dong-chuyen"), "2020 2025 dong chuyen", "numbers and long words stay apart");
        assert_eq!(index_words("a & b"), "a b", "signs with spaces join nothing");
    }

    fn q(s: &str) -> Query {
        Query::parse(s).unwrap().unwrap()
    }

    #[test]
    fn queries_fold_and_drop_syntax() {
        assert_eq!(q("Đo Lường").terms, ["do", "luong"]);
        assert_eq!(q("\"khoa * học\" -NEAR").terms, ["khoa", "hoc", "near"]);
        assert_eq!(Query::parse("  \"*\" - ").unwrap(), None);
        assert!(Query::parse(&"a".repeat(201)).is_err());
        assert_eq!(q("a b c d e f g h i j").terms.len(), MAX_TERMS);
    }

    #[test]
    fn tiers_rank_the_title_phrase_first_then_newest() {
        let f = |id, published_at, tier| Found { id, published_at, tier };
        let mut found = [
            f(1, 9, Tier::Beginnings),
            f(2, 1, Tier::PhraseInTitle),
            f(3, 5, Tier::WholeWords),
            f(4, 7, Tier::WholeWords),
            f(5, 2, Tier::InTitle),
        ];
        order(&mut found);
        assert_eq!(found.map(|x| x.id), [2, 5, 4, 3, 1]);
        assert_eq!(Tier::of(true, true, true), Tier::PhraseInTitle);
        assert_eq!(Tier::of(false, true, true), Tier::InTitle);
        assert_eq!(Tier::of(false, false, true), Tier::WholeWords);
        assert_eq!(Tier::of(false, false, false), Tier::Beginnings);
    }

    #[test]
    fn the_index_gets_words_only() {
        assert_eq!(index_words("do luong, 3.5% -- khcn_2024\nx"), "do luong 3 5 khcn 2024 x");
        assert_eq!(index_words(&format!("a {} b", "z".repeat(65))), "a b");
        let text = index_text("Đo\nlường", "Tóm tắt", "<p>Thân</p>");
        assert_eq!(title_of_index_text(&text), "do luong");
    }

    #[test]
    fn only_whole_words_are_marked() {
        assert_eq!(
            highlight(&q("do luong"), "Đoàn kiểm tra đo lường của doanh nghiệp"),
            "Đoàn kiểm tra <mark>đo</mark> <mark>lường</mark> của doanh nghiệp"
        );
        // a word still being typed is marked by its beginning when nothing else matches
        assert_eq!(highlight(&q("nghie"), "Nghiên cứu"), "<mark>Nghiê</mark>n cứu");
    }

    #[test]
    fn highlights_map_back_to_the_original_letters() {
        assert_eq!(highlight(&q("duong"), "Con đường <mới>"), "Con <mark>đường</mark> &lt;mới&gt;");
        assert_eq!(highlight(&q("do luong"), "Đo lường"), "<mark>Đo</mark> <mark>lường</mark>");
    }

    #[test]
    fn snippets_cut_around_the_first_match() {
        let text = format!("{} đo lường {}", "chữ ".repeat(50), "sau ".repeat(50));
        let s = snippet(&q("do luong"), &text, 60);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>đo</mark> <mark>lường</mark>"), "{s}");
        assert!(s.chars().count() < 120, "{s}");
    }

    #[test]
    fn long_texts_give_the_excerpt_of_the_whole_text() {
        let filler = "chữ ".repeat(400);
        for text in [
            format!("mở đầu đo lường {filler} cuối"),
            format!("{filler} đo lường ở giữa {filler}"),
            format!("{filler} cuối cùng mới có đo lường"),
            format!("{} đoàn đo {filler}", "chữ ".repeat(118)),
            "đo lường ngắn".to_string(),
        ] {
            let whole = excerpt(&q("do luong"), &text, 60, false).unwrap_or_default();
            assert_eq!(snippet(&q("do luong"), &text, 60), whole, "{text}");
        }
        assert!(snippet(&q("khong co"), &filler, 60).starts_with("chữ"), "no match: the start of the text");
    }
}
