//! CSV for spreadsheet programs: UTF-8 with a byte-order mark (so Excel reads
//! Vietnamese correctly), comma-separated, fields quoted when needed.

/// One CSV file from a header and rows.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        let mut first = true;
        for c in cells {
            if !first {
                out.push(',');
            }
            first = false;
            if c.contains([',', '"', '\n', '\r']) || c.starts_with(['=', '+', '-', '@']) {
                // quoted; a leading formula character is neutralised with an apostrophe
                let safe = if c.starts_with(['=', '+', '-', '@']) { format!("'{c}") } else { c.to_string() };
                out.push('"');
                out.push_str(&safe.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(c);
            }
        }
        out.push_str("\r\n");
    };
    line(&mut header.iter().copied(), &mut out);
    for r in rows {
        line(&mut r.iter().map(String::as_str), &mut out);
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_bom_and_formula_injection() {
        let bytes = write(
            &["Mã", "Tên"],
            &[vec!["A,1".into(), "Nói \"khoa học\"".into()], vec!["=SUM(A1)".into(), "đơn giản".into()]],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "Mã,Tên\r\n\"A,1\",\"Nói \"\"khoa học\"\"\"\r\n\"'=SUM(A1)\",đơn giản\r\n"
        );
    }
}
