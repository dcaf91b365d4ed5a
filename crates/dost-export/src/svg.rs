//! Small SVG charts, drawn as text (no JavaScript, readable by screen readers
//! through their title and the table that always accompanies them).

use dost_domain::format;
use dost_domain::text::escape_html;

/// One bar group: a label and two values (e.g. people and bots).
pub struct Pair {
    pub label: String,
    pub a: i64,
    pub b: i64,
}

/// A stacked bar chart of `pairs` (a in the primary colour, b lighter above it).
pub fn stacked_bars(title: &str, a_name: &str, b_name: &str, pairs: &[Pair]) -> String {
    let width = 720i64;
    let height = 220i64;
    let top = 20i64;
    let bottom = 30i64;
    let left = 50i64;
    let plot_h = height - top - bottom;
    let max = pairs.iter().map(|p| p.a + p.b).max().unwrap_or(0).max(1);
    let n = pairs.len().max(1) as i64;
    let slot = (width - left - 10) / n;
    let bar = (slot * 7 / 10).max(2);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" \
         aria-label=\"{}\" class=\"chart\"><title>{}</title>",
        escape_html(title),
        escape_html(title)
    );
    // nothing to draw: say so instead of an empty grid
    if pairs.iter().all(|p| p.a + p.b == 0) {
        out.push_str(&format!(
            "<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#f5f7fa\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"16\" text-anchor=\"middle\" fill=\"#4f5b67\">Chưa có số liệu</text></svg>",
            width / 2,
            height / 2
        ));
        return out;
    }
    for i in 0..=4 {
        let y = top + plot_h - plot_h * i / 4;
        out.push_str(&format!(
            "<line x1=\"{left}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#d9dee5\"/><text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\" fill=\"#4f5b67\">{}</text>",
            width - 10,
            left - 4,
            y + 3,
            format::int(max * i / 4)
        ));
    }
    for (i, p) in pairs.iter().enumerate() {
        let x = left + slot * i as i64 + (slot - bar) / 2;
        let ha = plot_h * p.a / max;
        let hb = plot_h * p.b / max;
        let ya = top + plot_h - ha;
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{ya}\" width=\"{bar}\" height=\"{ha}\" fill=\"#0b4a8b\"><title>{}: {} {}</title></rect>",
            escape_html(&p.label),
            format::int(p.a),
            escape_html(a_name)
        ));
        out.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"{bar}\" height=\"{hb}\" fill=\"#9db7d6\"><title>{}: {} {}</title></rect>",
            ya - hb,
            escape_html(&p.label),
            format::int(p.b),
            escape_html(b_name)
        ));
        if pairs.len() <= 12 || i % 5 == 0 {
            out.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#4f5b67\">{}</text>",
                x + bar / 2,
                height - 12,
                escape_html(&p.label)
            ));
        }
    }
    out.push_str(&format!(
        "<rect x=\"{left}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#0b4a8b\"/><text x=\"{}\" y=\"13\" font-size=\"11\">{}</text>\
         <rect x=\"{}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#9db7d6\"/><text x=\"{}\" y=\"13\" font-size=\"11\">{}</text></svg>",
        left + 14,
        escape_html(a_name),
        left + 140,
        left + 154,
        escape_html(b_name)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_chart_says_so() {
        let svg = stacked_bars("Kiểm định", "đã làm", "còn lại", &[Pair { label: "A".into(), a: 0, b: 0 }]);
        assert!(svg.contains("Chưa có số liệu") && !svg.contains("<line"));
        assert!(stacked_bars("Kiểm định", "đã làm", "còn lại", &[]).contains("Chưa có số liệu"));
    }

    #[test]
    fn bars_scale_to_the_largest_total() {
        let svg = stacked_bars(
            "Lượt truy cập",
            "người",
            "máy",
            &[Pair { label: "01/10".into(), a: 150, b: 50 }, Pair { label: "02/10".into(), a: 0, b: 0 }],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("<title>Lượt truy cập</title>"));
        assert!(svg.contains("height=\"127\""), "people bar is 3/4 of the plot: {svg}");
        assert!(svg.contains("01/10: 150 người"));
    }
}
