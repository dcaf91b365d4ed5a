//! Many articles at once, for measuring dost at the size of a portal that
//! has run for a decade (`dost demo --articles 100000`). Each article is
//! 3–5 KB of Vietnamese text recombined from the demo articles' sentences,
//! with a title made of a real activity, subject and place, spread over the
//! last twelve years, and written through the same store path as an
//! editor's article (word index, categories, tags, first revision, audit),
//! a few hundred to a transaction.

use dost_domain::content::ArticleStatus;
use dost_store::Db;
use dost_store::audit::Actor;
use dost_store::content::{NewArticle, insert_article};

use super::{CATEGORIES, DemoError};

const ACTIVITIES: &[&str] = &[
    "Hội nghị triển khai",
    "Hội thảo khoa học về",
    "Tập huấn nghiệp vụ",
    "Kiểm tra việc thực hiện",
    "Nghiệm thu đề tài",
    "Tổng kết công tác",
    "Đánh giá kết quả",
    "Tuyên truyền về",
    "Hướng dẫn áp dụng",
    "Khảo sát nhu cầu",
    "Sơ kết 6 tháng",
    "Ký kết hợp tác về",
];

const SUBJECTS: &[&str] = &[
    "đo lường, chất lượng sản phẩm hàng hóa",
    "sở hữu trí tuệ và nhãn hiệu tập thể",
    "chuyển đổi số trong cơ quan nhà nước",
    "ứng dụng tiến bộ khoa học và công nghệ",
    "an toàn bức xạ hạt nhân",
    "hệ thống quản lý chất lượng ISO 9001",
    "đổi mới sáng tạo và khởi nghiệp",
    "nhiệm vụ khoa học và công nghệ cấp tỉnh",
    "truy xuất nguồn gốc nông sản",
    "phương tiện đo nhóm 2",
    "thông tin và thống kê khoa học",
    "tiêu chuẩn quốc gia TCVN",
    "năng suất chất lượng doanh nghiệp",
    "chỉ dẫn địa lý đặc sản địa phương",
];

const PLACES: &[&str] = &[
    "tại thành phố Cao Bằng",
    "tại huyện Trùng Khánh",
    "tại huyện Hà Quảng",
    "tại huyện Bảo Lạc",
    "tại huyện Quảng Hòa",
    "tại huyện Hòa An",
    "tại huyện Nguyên Bình",
    "tại huyện Thạch An",
    "tại huyện Hạ Lang",
    "tại huyện Bảo Lâm",
    "trên địa bàn tỉnh",
    "cho doanh nghiệp",
];

/// A small deterministic generator (xorshift), so the same command makes
/// the same articles.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[(self.next() % from.len() as u64) as usize]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The sentences of the demo articles' bodies.
fn sentences() -> Result<Vec<String>, DemoError> {
    let articles = super::parse(include_str!("articles.txt"))?;
    let mut out = Vec::new();
    for a in &articles {
        for para in a.body.split("\n\n").filter(|p| !p.starts_with("##") && !p.starts_with('[') && !p.starts_with("- "))
        {
            out.extend(para.split_inclusive(". ").map(|s| s.trim().to_string()).filter(|s| s.chars().count() > 40));
        }
    }
    if out.is_empty() {
        return Err(DemoError::Bad("no sentences in the demo articles".into()));
    }
    Ok(out)
}

/// One paragraph of 3 to 5 sentences.
fn paragraph(dice: &mut Dice, pool: &[String]) -> String {
    let n = 3 + dice.below(3);
    (0..n).map(|_| dice.pick(pool).as_str()).collect::<Vec<_>>().join(" ")
}

/// Adds `count` published articles; returns how many were added.
pub async fn add(db: &Db, count: usize, now: i64) -> Result<usize, DemoError> {
    const BATCH: usize = 250;
    const TWELVE_YEARS: u64 = 12 * 365 * 86_400;
    let pool = sentences()?;
    let categories = dost_store::portal::categories(db).await?;
    let ids: Vec<i64> = CATEGORIES
        .iter()
        .filter(|c| c.2.is_some())
        .filter_map(|c| categories.iter().find(|x| x.slug == c.0).map(|x| x.id))
        .collect();
    if ids.is_empty() {
        return Err(DemoError::Bad("the demo categories are missing".into()));
    }
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15 ^ count as u64);
    let mut added = 0;
    while added < count {
        let mut tx = db.begin(&Actor::command_line(), now).await?;
        let batch = BATCH.min(count - added);
        for _ in 0..batch {
            let title = format!("{} {} {}", dice.pick(ACTIVITIES), dice.pick(SUBJECTS), dice.pick(PLACES));
            let lead = paragraph(&mut dice, &pool);
            let mut body = String::new();
            let size = 3_000 + dice.below(2_000) as usize;
            while body.len() < size {
                body.push_str(&format!("<p>{}</p>\n", dost_domain::text::escape_html(&paragraph(&mut dice, &pool))));
            }
            let category = *dice.pick(&ids);
            let published_at = now - 3_600 - dice.below(TWELVE_YEARS) as i64;
            let tag = dice.pick(SUBJECTS).split(' ').take(3).collect::<Vec<_>>().join(" ");
            insert_article(
                &mut tx,
                &NewArticle {
                    slug: "",
                    title: &title,
                    lead: &lead,
                    body_html: &body,
                    author: "Ban biên tập",
                    source: "",
                    image: None,
                    status: ArticleStatus::Published,
                    featured: false,
                    category_ids: &[category],
                    tags: &[&tag],
                    published_at,
                    now: published_at,
                },
            )
            .await?;
        }
        tx.summarise(dost_store::Change::new(
            "create",
            "article",
            None,
            format!("Thêm {batch} bài viết mẫu để đo tốc độ"),
        ));
        tx.commit().await?;
        added += batch;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_made_of_demo_sentences() {
        let pool = sentences().unwrap();
        assert!(pool.len() > 50, "{}", pool.len());
        let mut dice = Dice(7);
        let p = paragraph(&mut dice, &pool);
        assert!(p.len() > 100 && pool.iter().any(|s| p.starts_with(s.as_str())), "{p}");
    }
}
