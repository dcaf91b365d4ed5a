//! A `mysqldump` file read statement by statement, in bounded memory: the
//! bytes are split at `;` outside quotes and comments, and only the
//! statements about the tables asked for are parsed — with a real SQL parser
//! (sqlparser's MySQL dialect), never with patterns.

use std::collections::HashMap;
use std::io::BufRead;

use sqlparser::ast::{Expr, SetExpr, Statement, UnaryOperator, Value};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;

/// A value of a dumped row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Null,
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Null => String::new(),
        }
    }

    pub fn int(&self) -> i64 {
        match self {
            Cell::Int(n) => *n,
            Cell::Text(s) => s.trim().parse().unwrap_or(0),
            Cell::Null => 0,
        }
    }
}

/// A row with its table's column names.
pub struct Row<'a> {
    pub columns: &'a [String],
    pub cells: Vec<Cell>,
}

impl Row<'_> {
    fn at(&self, name: &str) -> Option<&Cell> {
        self.columns.iter().position(|c| c == name).and_then(|i| self.cells.get(i))
    }

    pub fn text(&self, name: &str) -> String {
        self.at(name).map(Cell::text).unwrap_or_default()
    }

    pub fn int(&self, name: &str) -> i64 {
        self.at(name).map(Cell::int).unwrap_or(0)
    }
}

/// Why a dump could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("không đọc được tệp: {0}")]
    Io(#[from] std::io::Error),
    #[error("câu lệnh SQL không đọc được (bảng {table}): {reason}")]
    Sql { table: String, reason: String },
    #[error("bảng {0} có trong lệnh INSERT nhưng không có lệnh CREATE TABLE trước đó")]
    NoColumns(String),
    #[error(
        "bảng {table} có một dòng dài hơn {} MB: tệp không phải bản xuất thông thường của MySQL, chưa nhập",
        max_bytes.div_ceil(1024 * 1024)
    )]
    TooLong { table: String, max_bytes: usize },
}

/// A piece of an extended `INSERT` is cut at a row boundary once it holds
/// this many bytes: a long statement is parsed a megabyte at a time.
pub const PIECE_BYTES: usize = 1024 * 1024;
/// The largest single row (or other statement) read: beyond it the dump is
/// refused when the statement is about a table the move reads, and skipped
/// otherwise. With [`PIECE_BYTES`], what is held at once stays within a few
/// hundred megabytes whatever the size of the dump or of one statement.
pub const MAX_STATEMENT_BYTES: usize = 16 * 1024 * 1024;

/// Splits a byte stream into SQL statements (without the final `;`); an
/// extended `INSERT … VALUES (…),(…)…` comes as several statements of whole
/// rows, each repeating the statement's head, so no piece is much longer
/// than [`PIECE_BYTES`] plus one row.
struct Statements<R> {
    input: R,
    scan: Scan,
}

/// Where the splitter stands in the text.
#[derive(Default)]
struct Scan {
    /// [`PIECE_BYTES`] and [`MAX_STATEMENT_BYTES`] (smaller in tests).
    piece: usize,
    max: usize,
    buf: Vec<u8>,
    /// The head (`INSERT INTO t (…) VALUES `) of the statement being read,
    /// once its first row starts.
    head: Option<Vec<u8>>,
    /// Skipping the rest of an over-long statement about a table not read.
    skipping: bool,
    quote: u8,
    escaped: bool,
    line_comment: bool,
    block_comment: bool,
    depth: u32,
}

impl Scan {
    /// Whether the text read so far ends with the keyword `VALUES`.
    fn at_values(&self) -> bool {
        let t = self.buf.trim_ascii_end();
        t.len() >= 6 && t[t.len() - 6..].eq_ignore_ascii_case(b"VALUES")
    }

    /// What the statement read so far becomes: `None` to go on reading.
    fn finish(&mut self) -> Option<String> {
        let s = without_leading_comments(&String::from_utf8_lossy(&self.buf)).to_string();
        self.buf.clear();
        (!s.is_empty() && !s.starts_with("/*")).then_some(s)
    }
}

impl<R: BufRead> Statements<R> {
    fn new(input: R) -> Self {
        Self::within(input, PIECE_BYTES, MAX_STATEMENT_BYTES)
    }

    fn within(input: R, piece: usize, max: usize) -> Self {
        Self { input, scan: Scan { piece, max, ..Scan::default() } }
    }

    fn next_statement(&mut self, wanted: &mut impl FnMut(&str) -> bool) -> Result<Option<(String, u64)>, DumpError> {
        let mut read = 0u64;
        loop {
            let sc = &mut self.scan;
            let chunk = self.input.fill_buf()?;
            if chunk.is_empty() {
                sc.head = None;
                let rest = String::from_utf8_lossy(&sc.buf).trim().to_string();
                sc.buf.clear();
                return Ok((!rest.is_empty() && !sc.skipping).then_some((rest, read)));
            }
            let (mut used, mut out) = (0, None);
            for &b in chunk {
                used += 1;
                let next_is = |c: u8, buf: &[u8]| buf.last() == Some(&c);
                let mut keep = true;
                if sc.line_comment {
                    sc.line_comment = b != b'\n';
                } else if sc.block_comment {
                    if b == b'/' && next_is(b'*', &sc.buf) {
                        sc.block_comment = false;
                    }
                } else if sc.quote != 0 {
                    if sc.escaped {
                        sc.escaped = false;
                    } else if b == b'\\' && sc.quote != b'`' {
                        sc.escaped = true;
                    } else if b == sc.quote {
                        sc.quote = 0;
                    }
                } else {
                    match b {
                        b'\'' | b'"' | b'`' => sc.quote = b,
                        b'-' if next_is(b'-', &sc.buf) => sc.line_comment = true,
                        b'#' => sc.line_comment = true,
                        // MySQL's executable comments (/*!40101 SET …*/) are skipped as comments
                        b'*' if next_is(b'/', &sc.buf) => sc.block_comment = true,
                        b'(' => {
                            if sc.depth == 0 && sc.head.is_none() && sc.at_values() {
                                sc.head = Some(sc.buf.clone());
                            }
                            sc.depth += 1;
                        }
                        b')' => sc.depth = sc.depth.saturating_sub(1),
                        b',' if sc.depth == 0 && sc.buf.len() >= sc.piece => {
                            if let Some(head) = sc.head.clone() {
                                // a piece of whole rows; the next one starts with the same head
                                let piece = std::mem::replace(&mut sc.buf, head);
                                if !sc.skipping {
                                    let s = without_leading_comments(&String::from_utf8_lossy(&piece)).to_string();
                                    out = Some(s);
                                    break;
                                }
                                keep = false;
                            }
                        }
                        b';' => {
                            sc.depth = 0;
                            sc.head = None;
                            let skipped = std::mem::take(&mut sc.skipping);
                            if skipped {
                                sc.buf.clear();
                                continue;
                            }
                            if let Some(s) = sc.finish() {
                                out = Some(s);
                                break;
                            }
                            continue;
                        }
                        _ => {}
                    }
                }
                if keep && !sc.skipping {
                    sc.buf.push(b);
                }
                if sc.buf.len() > sc.max + sc.piece {
                    let head = String::from_utf8_lossy(&sc.buf[..sc.buf.len().min(300)]).to_string();
                    match table_of(without_leading_comments(&head)) {
                        Some((_, table)) if wanted(&table) => {
                            return Err(DumpError::TooLong { table, max_bytes: sc.max });
                        }
                        _ => {
                            sc.skipping = true;
                            sc.buf.clear();
                        }
                    }
                }
            }
            self.input.consume(used);
            read += used as u64;
            if let Some(s) = out {
                return Ok(Some((s, read)));
            }
        }
    }
}

/// A statement without the comment lines and blocks before it.
fn without_leading_comments(s: &str) -> &str {
    let mut rest = s.trim_start();
    loop {
        if rest.starts_with("--") || rest.starts_with('#') {
            rest = rest.split_once('\n').map(|(_, r)| r).unwrap_or("").trim_start();
        } else if rest.starts_with("/*") && !rest.starts_with("/*!") {
            rest = rest.split_once("*/").map(|(_, r)| r).unwrap_or("").trim_start();
        } else {
            return rest.trim_end();
        }
    }
}

fn unquote(name: &str) -> String {
    name.trim_matches('`').trim_matches('"').to_string()
}

/// The table a statement is about, read from its first words (cheap:
/// statements about other tables are never parsed).
fn table_of(stmt: &str) -> Option<(&'static str, String)> {
    let head: String = stmt.chars().take(300).collect();
    let words: Vec<&str> = head.split_whitespace().collect();
    let upper: Vec<String> = words.iter().take(6).map(|w| w.to_uppercase()).collect();
    let at = |i: usize| words.get(i).map(|w| unquote(w.split('(').next().unwrap_or(w)));
    match upper.as_slice() {
        [a, b, ..] if a == "INSERT" && b == "INTO" => at(2).map(|t| ("insert", t)),
        [a, b, ..] if a == "INSERT" && b == "IGNORE" => at(3).map(|t| ("insert", t)),
        [a, b, c, d, e, ..] if a == "CREATE" && b == "TABLE" && c == "IF" && d == "NOT" && e == "EXISTS" => {
            at(5).map(|t| ("create", t))
        }
        [a, b, ..] if a == "CREATE" && b == "TABLE" => at(2).map(|t| ("create", t)),
        _ => None,
    }
}

fn cell(e: &Expr) -> Cell {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().map(Cell::Int).unwrap_or_else(|_| Cell::Text(n.clone())),
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => Cell::Text(s.clone()),
            Value::Null => Cell::Null,
            Value::Boolean(b) => Cell::Int(i64::from(*b)),
            other => Cell::Text(other.to_string()),
        },
        Expr::UnaryOp { op: UnaryOperator::Minus, expr } => match cell(expr) {
            Cell::Int(n) => Cell::Int(-n),
            other => other,
        },
        other => Cell::Text(other.to_string()),
    }
}

/// Reads a dump, calling `on_row(table, row)` for every row of the tables
/// `wanted` says yes to, and `progress(bytes read)` now and then.
pub fn read(
    input: impl BufRead,
    wanted: impl FnMut(&str) -> bool,
    on_row: impl FnMut(&str, Row<'_>) -> Result<(), DumpError>,
    progress: impl FnMut(u64),
) -> Result<(), DumpError> {
    read_from(Statements::new(input), wanted, on_row, progress)
}

fn read_from(
    mut statements: Statements<impl BufRead>,
    mut wanted: impl FnMut(&str) -> bool,
    mut on_row: impl FnMut(&str, Row<'_>) -> Result<(), DumpError>,
    mut progress: impl FnMut(u64),
) -> Result<(), DumpError> {
    let mut columns: HashMap<String, Vec<String>> = HashMap::new();
    let dialect = MySqlDialect {};
    let mut total = 0u64;
    while let Some((stmt, read)) = statements.next_statement(&mut wanted)? {
        total += read;
        progress(total);
        let Some((kind, table)) = table_of(&stmt) else { continue };
        if !wanted(&table) {
            continue;
        }
        let parsed = Parser::parse_sql(&dialect, &stmt)
            .map_err(|e| DumpError::Sql { table: table.clone(), reason: e.to_string() })?;
        for s in parsed {
            match (kind, s) {
                ("create", Statement::CreateTable(c)) => {
                    columns.insert(table.clone(), c.columns.iter().map(|c| c.name.value.clone()).collect());
                }
                ("insert", Statement::Insert(ins)) => {
                    let known = columns.get(&table).ok_or_else(|| DumpError::NoColumns(table.clone()))?;
                    let listed: Vec<String> = ins.columns.iter().map(|c| unquote(&c.to_string())).collect();
                    let names: &[String] = if listed.is_empty() { known } else { &listed };
                    let Some(source) = ins.source else { continue };
                    if let SetExpr::Values(values) = *source.body {
                        for r in values.rows {
                            on_row(&table, Row { columns: names, cells: r.iter().map(cell).collect() })?;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_split_outside_quotes_and_rows_read_by_column_name() {
        let dump = "/*!40101 SET NAMES utf8mb4 */;\n-- a comment; with a semicolon\nCREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  `title` varchar(250) NOT NULL DEFAULT '',\n  `n` int NOT NULL\n) ENGINE=MyISAM;\nINSERT INTO `t` VALUES (1,'a; b \\'c\\'',-3),(2,'Sở KH&amp;CN',NULL);\nINSERT INTO `other` VALUES (9);\n";
        let mut got = Vec::new();
        read(
            std::io::Cursor::new(dump),
            |t| t == "t",
            |t, r| {
                got.push((t.to_string(), r.int("id"), r.text("title"), r.int("n")));
                Ok(())
            },
            |_| {},
        )
        .unwrap();
        assert_eq!(got, [("t".into(), 1, "a; b 'c'".into(), -3), ("t".into(), 2, "Sở KH&amp;CN".into(), 0)]);
    }

    fn rows_of(dump: &str, piece: usize, max: usize) -> Result<Vec<(i64, String)>, DumpError> {
        let mut got = Vec::new();
        read_from(
            Statements::within(std::io::Cursor::new(dump.to_string()), piece, max),
            |t| t == "t",
            |_, r| {
                got.push((r.int("id"), r.text("title")));
                Ok(())
            },
            |_| {},
        )?;
        Ok(got)
    }

    #[test]
    fn a_long_insert_is_read_in_pieces_of_whole_rows() {
        let rows: Vec<String> = (1..=500).map(|i| format!("({i},'row, ({i}); \\'q\\'')")).collect();
        let dump = format!(
            "CREATE TABLE `t` (`id` int, `title` text);\nINSERT INTO `t` (`id`, `title`) VALUES {};\nINSERT INTO t VALUES (501,'last');",
            rows.join(",")
        );
        // pieces of about 200 bytes: every row, in order, exactly once
        let got = rows_of(&dump, 200, 10_000).unwrap();
        assert_eq!(got.len(), 501);
        assert!(got.iter().enumerate().all(|(i, (id, _))| *id == i as i64 + 1));
        assert_eq!(got[41].1, "row, (42); 'q'");
        assert_eq!(got, rows_of(&dump, PIECE_BYTES, MAX_STATEMENT_BYTES).unwrap(), "the same as in one piece");
    }

    #[test]
    fn an_over_long_row_is_refused_for_a_table_read_and_skipped_for_others() {
        let huge = "x".repeat(5_000);
        let refused = format!("CREATE TABLE t (id int, title text);\nINSERT INTO t VALUES (1,'{huge}');");
        match rows_of(&refused, 100, 1_000) {
            Err(e @ DumpError::TooLong { .. }) => assert!(e.to_string().contains("bảng t có một dòng dài hơn")),
            other => panic!("{:?}", other.map(|r| r.len())),
        }
        let skipped = format!(
            "CREATE TABLE t (id int, title text);\nINSERT INTO other VALUES (1,'{huge}'),(2,'{huge}');\nINSERT INTO t VALUES (7,'kept');"
        );
        assert_eq!(rows_of(&skipped, 100, 1_000).unwrap(), [(7, "kept".to_string())]);
    }
}
