//! Search that ignores case and diacritics.
//!
//! Every article keeps a folded copy of its text (see [`crate::text::fold`]).
//! A query is folded the same way and cut into words; search syntax characters
//! (`"`, `*`, `-`, `NEAR`, …) carry no meaning and are treated as separators.
//! A document matches when every query word starts a word of its text (so a
//! word still being typed finds). Documents where every query word is a whole
//! word, and where the words stand next to each other, rank first; only whole
//! words are highlighted (a word is marked by its beginning only when the text
//! has it nowhere as a whole word). Ranking and highlighting happen here, in
//! Rust, so both database engines give the same results in the same order.

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

    /// The word the database pre-filters on (the longest, so the most selective).
    pub fn filter_term(&self) -> &str {
        self.terms.iter().max_by_key(|t| t.len()).map(String::as_str).unwrap_or("")
    }

    /// The `LIKE` pattern for [`Self::filter_term`], with `\` as escape character.
    pub fn like_pattern(&self) -> String {
        let mut p = String::from("%");
        for c in self.filter_term().chars() {
            if matches!(c, '%' | '_' | '\\') {
                p.push('\\');
            }
            p.push(c);
        }
        p.push('%');
        p
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

/// A candidate document for ranking.
pub struct Candidate<'a> {
    pub title: &'a str,
    pub text: &'a str,
    pub published_at: i64,
}

/// Score of a document, `None` when some query word is missing.
pub fn score(q: &Query, doc: &Candidate<'_>) -> Option<i64> {
    let title: Vec<char> = fold(doc.title).chars().collect();
    let text: Vec<char> = fold(doc.text).chars().collect();
    let mut total = 0i64;
    let mut all_whole = true;
    for term in &q.terms {
        let t: Vec<char> = term.chars().collect();
        let in_title = word_starts(&title, &t).len() as i64;
        let in_text = word_starts(&text, &t).len() as i64;
        if in_title + in_text == 0 {
            return None;
        }
        let whole_title = whole_words(&title, &t).len() as i64;
        let whole_text = whole_words(&text, &t).len() as i64;
        all_whole &= whole_title + whole_text > 0;
        // a whole word weighs more than the beginning of a longer one
        total += in_title * 10 + in_text.min(20) + whole_title * 20 + whole_text.min(20) * 2;
    }
    // every word found as a whole word: ahead of documents that only hold their beginnings
    if all_whole {
        total += 1_000;
    }
    if q.terms.len() > 1 {
        // the words next to each other, as typed
        let p: Vec<char> = q.phrase.chars().collect();
        let (in_title, in_text) = (whole_words(&title, &p).len() as i64, whole_words(&text, &p).len() as i64);
        total += in_title * 300 + in_text.min(5) * 100;
    }
    Some(total)
}

/// Ranks candidates: best score first, then newest. Returns the indices kept.
pub fn rank(q: &Query, docs: &[Candidate<'_>]) -> Vec<usize> {
    let mut scored: Vec<(i64, i64, usize)> =
        docs.iter().enumerate().filter_map(|(i, d)| score(q, d).map(|s| (s, d.published_at, i))).collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().map(|(_, _, i)| i).collect()
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
    let nfc = crate::text::nfc(text);
    let chars: Vec<char> = nfc.chars().collect();
    let folded: Vec<char> = chars.iter().map(|c| crate::text::fold_char(*c)).collect();
    let ranges = match_ranges(q, &folded);
    let first = ranges.first().map(|r| r.0).unwrap_or(0);
    let mut from = first.saturating_sub(width / 3);
    while from > 0 && !chars[from - 1].is_whitespace() {
        from -= 1;
    }
    let mut to = (from + width).min(chars.len());
    while to < chars.len() && !chars[to].is_whitespace() {
        to += 1;
    }
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.push_str(mark(&chars, &ranges, from, to).trim());
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// The folded text an article is searched by: title, lead and body text.
pub fn index_text(title: &str, lead: &str, body_html: &str) -> String {
    fold(&format!("{title}\n{lead}\n{}", crate::text::strip_tags(body_html)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(q("50%_x").like_pattern(), "%50%");
    }

    #[test]
    fn like_pattern_escapes_wildcards() {
        let query = Query { terms: vec!["a_b%".into()], phrase: "a_b%".into() };
        assert_eq!(query.like_pattern(), "%a\\_b\\%%");
    }

    #[test]
    fn unaccented_queries_find_accented_words() {
        let doc = Candidate {
            title: "Đường giao thông", text: "Kiểm định đo lường, Khoa học", published_at: 0
        };
        assert!(score(&q("duong"), &doc).is_some());
        assert!(score(&q("do luong"), &doc).is_some());
        assert!(score(&q("khoa hoc"), &doc).is_some());
        assert!(score(&q("ĐƯỜNG"), &doc).is_some());
        assert!(score(&q("vuong"), &doc).is_none(), "words must start where the query starts");
        assert!(score(&q("duong nam"), &doc).is_none(), "every word must be present");
    }

    #[test]
    fn title_matches_and_phrases_rank_first_then_newest() {
        let docs = [
            Candidate { title: "Tin khác", text: "có nhắc đo lường một lần", published_at: 3 },
            Candidate { title: "Đo lường chất lượng", text: "", published_at: 1 },
            Candidate { title: "Không liên quan", text: "không có", published_at: 9 },
            Candidate { title: "Tin khác nữa", text: "có nhắc đo lường một lần", published_at: 5 },
        ];
        assert_eq!(rank(&q("do luong"), &docs), vec![1, 3, 0]);
    }

    #[test]
    fn whole_words_and_words_next_to_each_other_rank_first_and_only_they_are_marked() {
        let docs = [
            Candidate {
                title: "Đoàn kiểm tra đối với doanh nghiệp", text: "lương thực", published_at: 9
            },
            Candidate { title: "Phòng dịch bệnh", text: "dịch bệnh do nCoV; lương", published_at: 1 },
            Candidate { title: "Hội thảo", text: "đo lường chất lượng", published_at: 2 },
        ];
        assert_eq!(rank(&q("do luong"), &docs), vec![2, 1, 0], "the phrase first, then whole words, then beginnings");
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
}
