//! Demo files: illustrations (SVG) for articles and posters, and small PDF
//! proceedings, all generated so the repository ships no binary media.

/// Colours and a motif per illustration kind.
fn palette(kind: &str) -> (&'static str, &'static str, &'static str) {
    match kind {
        "meeting" => ("#0b4a8b", "#5b8fc7", "#f2f5f9"),
        "lab" => ("#125e63", "#3fa7a0", "#eef8f7"),
        "field" => ("#2f6b2a", "#7fb46a", "#f1f7ec"),
        "factory" => ("#5a4a3a", "#b08a5a", "#f7f2ea"),
        "training" => ("#6b3a7a", "#b07fc4", "#f6f0f8"),
        "award" => ("#8a1c1c", "#e0a526", "#fbf4e6"),
        "xray" => ("#1d2b4a", "#6a86c4", "#eef1f8"),
        "scale" => ("#3a4a5a", "#8aa0b4", "#f0f3f6"),
        "tea" => ("#3f5e1e", "#9cbf4a", "#f3f8ea"),
        "mushroom" => ("#6a4a2a", "#d2a36a", "#faf3ea"),
        _ => ("#0b4a8b", "#5b8fc7", "#f2f5f9"),
    }
}

/// A 1200×675 illustration; `seed` varies the composition.
pub fn illustration(kind: &str, seed: u64) -> String {
    let (dark, light, bg) = palette(kind);
    let mut shapes = String::new();
    let mut x = seed.wrapping_mul(2_654_435_761) % 997;
    for i in 0..9u64 {
        x = (x * 7919 + 104_729 + i) % 10_007;
        let cx = 80 + (x % 1040);
        let cy = 120 + ((x / 7) % 420);
        let r = 30 + (x % 90);
        let colour = if i % 2 == 0 { dark } else { light };
        shapes.push_str(&format!(
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"{r}\" fill=\"{colour}\" opacity=\"0.{}\"/>",
            25 + (i % 5) * 10
        ));
    }
    let motif = match kind {
        "meeting" => {
            "<rect x=\"300\" y=\"380\" width=\"600\" height=\"40\" rx=\"8\" fill=\"#fff\" opacity=\".9\"/><rect x=\"360\" y=\"300\" width=\"480\" height=\"60\" rx=\"8\" fill=\"#fff\" opacity=\".7\"/>"
        }
        "lab" | "xray" => {
            "<rect x=\"520\" y=\"220\" width=\"160\" height=\"240\" rx=\"20\" fill=\"#fff\" opacity=\".85\"/><circle cx=\"600\" cy=\"300\" r=\"40\" fill=\"none\" stroke=\"#fff\" stroke-width=\"10\"/>"
        }
        "scale" => {
            "<rect x=\"420\" y=\"420\" width=\"360\" height=\"40\" rx=\"6\" fill=\"#fff\"/><path d=\"M600 200v220M470 260h260\" stroke=\"#fff\" stroke-width=\"14\"/>"
        }
        _ => "<path d=\"M0 560 C300 470 600 620 1200 520 V675 H0z\" fill=\"#fff\" opacity=\".6\"/>",
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1200 675\" width=\"1200\" height=\"675\">\
         <rect width=\"1200\" height=\"675\" fill=\"{bg}\"/>{shapes}{motif}</svg>"
    )
}

/// A valid one-page PDF with a few lines of text (ASCII, Helvetica).
pub fn simple_pdf(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 16 Tf 60 780 Td 22 TL\n");
    for l in lines {
        let safe: String = dost_domain::text::fold(l)
            .chars()
            .map(|c| if c.is_ascii() && !matches!(c, '(' | ')' | '\\') { c } else { ' ' })
            .collect();
        content.push_str(&format!("({safe}) Tj T*\n"));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_has_a_consistent_cross_reference() {
        let pdf = simple_pdf(&["Kỷ yếu", "Hội thảo (2020)"]);
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.starts_with("%PDF-1.4"));
        let start: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[start..].starts_with("xref"));
        let obj3: usize = text[start..].lines().nth(5).unwrap()[..10].parse().unwrap();
        assert!(text[obj3..].starts_with("3 0 obj"));
    }

    #[test]
    fn illustrations_are_svg() {
        let s = illustration("lab", 3);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert_ne!(s, illustration("lab", 4));
    }
}
