//! Comparing two versions of a text, paragraph by paragraph (longest common
//! subsequence), for the revision history.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Same(String),
    Removed(String),
    Added(String),
}

/// Splits HTML into the plain text of its blocks (paragraphs, headings, items).
pub fn blocks(html: &str) -> Vec<String> {
    let marked = ["</p>", "</h2>", "</h3>", "</h4>", "</li>", "</figcaption>", "</blockquote>", "<br>", "</tr>"]
        .iter()
        .fold(html.to_string(), |acc, tag| acc.replace(tag, &format!("{tag}\u{1}")));
    marked.split('\u{1}').map(crate::text::strip_tags).filter(|s| !s.is_empty()).collect()
}

/// The changes that turn `old` into `new`.
pub fn diff(old: &[String], new: &[String]) -> Vec<Change> {
    let (n, m) = (old.len(), new.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            out.push(Change::Same(old[i].clone()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(Change::Added(new[j].clone()));
            j += 1;
        } else {
            out.push(Change::Removed(old[i].clone()));
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_added_removed_and_kept() {
        let old = blocks("<p>Một</p><p>Hai</p><p>Ba</p>");
        let new = blocks("<p>Một</p><p>Hai sửa</p><p>Ba</p><ul><li>Bốn</li></ul>");
        assert_eq!(
            diff(&old, &new),
            vec![
                Change::Same("Một".into()),
                Change::Added("Hai sửa".into()),
                Change::Removed("Hai".into()),
                Change::Same("Ba".into()),
                Change::Added("Bốn".into()),
            ]
        );
        assert!(diff(&old, &old).iter().all(|c| matches!(c, Change::Same(_))));
    }
}
