//! Part I, last: the period against the same period a year earlier, when
//! records of it exist ("so với cùng kỳ năm trước").

use super::{Composer, t};
use crate::format;
use crate::report::Block;

/// "540 (cùng kỳ: 482, tăng 12%)".
fn versus(now: i64, then: i64, money: bool) -> String {
    let show = |n: i64| if money { format::money(n) } else { format::count(n) };
    let change = match now.cmp(&then) {
        _ if then == 0 => String::new(),
        // "gấp 15,6 lần" reads better than "tăng 1.455,6%"
        std::cmp::Ordering::Greater if now >= 2 * then => {
            // tenths of the ratio, rounded as percentages are
            let tenths = format::percent_tenths(now, then * 100).unwrap_or(0);
            let whole = format::int(tenths / 10);
            if tenths % 10 == 0 {
                format!(", gấp {whole} lần")
            } else {
                format!(", gấp {whole},{} lần", tenths % 10)
            }
        }
        std::cmp::Ordering::Greater => format!(", tăng {}", format::percent(now - then, then)),
        std::cmp::Ordering::Less => format!(", giảm {}", format::percent(then - now, then)),
        std::cmp::Ordering::Equal => ", bằng cùng kỳ".into(),
    };
    format!("{} (cùng kỳ năm trước: {}{change})", show(now), show(then))
}

impl Composer<'_> {
    pub(super) fn compared(&self) -> Option<Block> {
        let last = self.f.last_year.as_ref()?;
        let f = self.f;
        let mut items = Vec::new();
        if self.may("linh-vuc:tdc") && last.verified > 0 {
            let now: i64 = f.verification.iter().map(|v| v.ids.len() as i64).sum();
            items.push(format!("phương tiện đo được kiểm định {}", versus(now, last.verified, false)));
        }
        if self.may("linh-vuc:mot-cua") && last.dossiers_returned > 0 {
            let now: i64 = f.dossiers.iter().map(|d| d.ids.len() as i64).sum();
            items.push(format!(
                "hồ sơ thủ tục hành chính đã trả kết quả {}",
                versus(now, last.dossiers_returned, false)
            ));
        }
        if (self.may("linh-vuc:tdc") || self.may("linh-vuc:thanh-tra")) && last.inspections > 0 {
            items.push(format!(
                "cuộc thanh tra, kiểm tra, khảo sát {}",
                versus(f.inspections.len() as i64, last.inspections, false)
            ));
        }
        if self.may("linh-vuc:ung-dung") && last.revenue > 0 {
            let now: i64 = f.sales.iter().map(|s| s.revenue).sum();
            items.push(format!("doanh thu của Trung tâm {}", versus(now, last.revenue, true)));
        }
        if self.may("linh-vuc:thong-tin") && last.posts > 0 {
            let now = (f.web_articles.len() + f.web_videos.len()) as i64;
            items.push(format!("tin, bài và video đăng tải {}", versus(now, last.posts, false)));
        }
        if items.is_empty() {
            return None;
        }
        Some(Block::Paragraph(vec![t(format!("So với cùng kỳ năm trước: {}.", items.join("; ")))]))
    }
}

#[cfg(test)]
mod tests {
    use super::versus;

    #[test]
    fn a_change_reads_as_a_share_or_as_times() {
        assert_eq!(versus(540, 480, false), "540 (cùng kỳ năm trước: 480, tăng 12,5%)");
        assert_eq!(versus(280, 18, false), "280 (cùng kỳ năm trước: 18, gấp 15,6 lần)");
        assert_eq!(versus(9, 12, false), "09 (cùng kỳ năm trước: 12, giảm 25%)");
        assert_eq!(versus(40, 20, false), "40 (cùng kỳ năm trước: 20, gấp 2 lần)");
    }
}
