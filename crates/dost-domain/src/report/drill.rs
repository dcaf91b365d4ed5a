//! The drill-down catalogue: the lists of records behind the figures of a
//! period (`/quan-tri/so-lieu/{area}`), taken from the same [`Figures`] as
//! the report and the dashboard, so a list holds exactly the records a
//! figure counts. Each record table is shown by one description in the store
//! (`dost_store::report::records`), whichever figure leads to it.

use super::Figures;
use crate::registers::{INSPECTION_KINDS, PROCEDURE_AREAS, VERIFICATION_FIELDS};

/// A list of records behind the figures, filtered by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    /// Its address under `/quan-tri/so-lieu/`.
    pub slug: &'static str,
    pub heading: &'static str,
    /// The table whose keepers may open the list (the access rule).
    pub table: &'static str,
    pub filter_label: &'static str,
    pub kinds: &'static [(&'static str, &'static str)],
}

pub const AREAS: &[Area] = &[
    Area {
        slug: "kiem-dinh",
        heading: "Phương tiện đo đã kiểm định",
        table: "verifications",
        filter_label: "Lĩnh vực",
        kinds: VERIFICATION_FIELDS,
    },
    Area {
        slug: "ho-so",
        heading: "Hồ sơ thủ tục hành chính đã giải quyết",
        table: "dossiers",
        filter_label: "Nhóm thủ tục",
        kinds: PROCEDURE_AREAS,
    },
    Area {
        slug: "kiem-tra",
        heading: "Thanh tra, kiểm tra, khảo sát, hướng dẫn",
        table: "inspections",
        filter_label: "Hình thức",
        kinds: INSPECTION_KINDS,
    },
    Area {
        slug: "bai-dang",
        heading: "Tin, bài và video đăng trên Trang thông tin điện tử",
        table: "articles",
        filter_label: "Loại",
        kinds: &[("bai", "Tin, bài"), ("video", "Video")],
    },
];

pub fn area(slug: &str) -> Option<&'static Area> {
    AREAS.iter().find(|a| a.slug == slug)
}

impl Area {
    /// Whether `kind` is one of the area's kinds ("" : all).
    pub fn knows(&self, kind: &str) -> bool {
        kind.is_empty() || self.kinds.iter().any(|k| k.0 == kind)
    }
}

impl Figures {
    /// The records of an area of one kind ("" : every kind), as (table, ids).
    pub fn drill(&self, area: &Area, kind: &str) -> Vec<(&'static str, Vec<i64>)> {
        let all = kind.is_empty();
        let ids: Vec<(&'static str, Vec<i64>)> = match area.slug {
            "kiem-dinh" => vec![(
                "verifications",
                self.verification.iter().filter(|v| all || v.field == kind).flat_map(|v| v.ids.clone()).collect(),
            )],
            "ho-so" => vec![(
                "dossiers",
                self.dossiers.iter().filter(|d| all || d.area == kind).flat_map(|d| d.ids.clone()).collect(),
            )],
            "kiem-tra" => vec![("inspections", self.inspection_ids(|i| all || i.kind == kind))],
            "bai-dang" => {
                let mut out = Vec::new();
                if all || kind == "bai" {
                    out.push(("articles", self.web_articles.clone()));
                }
                if all || kind == "video" {
                    out.push(("videos", self.web_videos.clone()));
                }
                out
            }
            _ => Vec::new(),
        };
        ids.into_iter()
            .map(|(t, mut ids)| {
                ids.sort_unstable();
                (t, ids)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ProcedureFigure;

    #[test]
    fn a_list_holds_exactly_the_records_of_its_kind() {
        let d = |area: &str, ids: Vec<i64>| ProcedureFigure {
            area: area.into(),
            code: String::new(),
            name: String::new(),
            ids,
            amount: 0,
            early: 0,
            on_time: 0,
            late: 0,
        };
        let f = Figures {
            dossiers: vec![d("buc_xa", vec![5, 1]), d("cong_nghe", vec![3]), d("buc_xa", vec![2])],
            web_articles: vec![7],
            web_videos: vec![8, 9],
            ..Default::default()
        };
        let ho_so = area("ho-so").unwrap();
        assert_eq!(f.drill(ho_so, "buc_xa"), vec![("dossiers", vec![1, 2, 5])]);
        assert_eq!(f.drill(ho_so, ""), vec![("dossiers", vec![1, 2, 3, 5])]);
        let posts = area("bai-dang").unwrap();
        assert_eq!(f.drill(posts, "video"), vec![("videos", vec![8, 9])]);
        assert_eq!(f.drill(posts, "").len(), 2);
        assert!(ho_so.knows("shtt") && !ho_so.knows("vang") && ho_so.knows(""));
    }
}
