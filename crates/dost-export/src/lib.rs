//! Files and pictures made from dost's data. Renderers know nothing of the
//! database: they take plain values and return bytes or markup.

pub mod csv;
pub mod doc_text;
pub mod images;
pub mod report;
pub mod sheet;
pub mod svg;
pub mod xlsx;
