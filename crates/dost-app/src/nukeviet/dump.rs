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
}

/// Splits a byte stream into SQL statements (without the final `;`).
struct Statements<R> {
    input: R,
    buf: Vec<u8>,
}

impl<R: BufRead> Statements<R> {
    fn next_statement(&mut self) -> Result<Option<(String, u64)>, DumpError> {
        self.buf.clear();
        let (mut quote, mut escaped, mut line_comment, mut block_comment) = (0u8, false, false, false);
        let mut read = 0u64;
        loop {
            let chunk = self.input.fill_buf()?;
            if chunk.is_empty() {
                let rest = String::from_utf8_lossy(&self.buf).trim().to_string();
                return Ok((!rest.is_empty()).then_some((rest, read)));
            }
            let mut end = None;
            let mut i = 0;
            while i < chunk.len() {
                let b = chunk[i];
                let next = chunk.get(i + 1).copied();
                if line_comment {
                    if b == b'\n' {
                        line_comment = false;
                    }
                } else if block_comment {
                    if b == b'*' && next == Some(b'/') {
                        block_comment = false;
                    }
                } else if quote != 0 {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' && quote != b'`' {
                        escaped = true;
                    } else if b == quote {
                        quote = 0;
                    }
                } else {
                    match b {
                        b'\'' | b'"' | b'`' => quote = b,
                        b'-' if next == Some(b'-') => line_comment = true,
                        b'#' => line_comment = true,
                        // MySQL's executable comments (/*!40101 SET …*/) are skipped as comments
                        b'/' if next == Some(b'*') => block_comment = true,
                        b';' => {
                            end = Some(i);
                            break;
                        }
                        _ => {}
                    }
                }
                i += 1;
            }
            match end {
                Some(at) => {
                    self.buf.extend_from_slice(&chunk[..at]);
                    self.input.consume(at + 1);
                    read += at as u64 + 1;
                    let s = without_leading_comments(&String::from_utf8_lossy(&self.buf)).to_string();
                    if s.is_empty() || s.starts_with("/*") {
                        self.buf.clear();
                        continue;
                    }
                    return Ok(Some((s, read)));
                }
                None => {
                    let n = chunk.len();
                    self.buf.extend_from_slice(chunk);
                    self.input.consume(n);
                    read += n as u64;
                }
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
    mut wanted: impl FnMut(&str) -> bool,
    mut on_row: impl FnMut(&str, Row<'_>) -> Result<(), DumpError>,
    mut progress: impl FnMut(u64),
) -> Result<(), DumpError> {
    let mut statements = Statements { input, buf: Vec::new() };
    let mut columns: HashMap<String, Vec<String>> = HashMap::new();
    let dialect = MySqlDialect {};
    let mut total = 0u64;
    while let Some((stmt, read)) = statements.next_statement()? {
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
}
