//! Where the old site's tables are read from: its `mysqldump` file, or its
//! live MySQL/MariaDB database (`--mysql-url`). Both give the same rows, in
//! the same table order (mysqldump writes tables by name), read on a
//! blocking thread, one row at a time.

use std::io::BufReader;
use std::path::PathBuf;

use super::dump::{self, Cell, Row};
use super::io;
use crate::AppError;

/// The old site's data.
#[derive(Debug, Clone)]
pub enum Source {
    /// A `mysqldump` file.
    Dump(PathBuf),
    /// A live database: `mysql://user:password@host:3306/database`.
    Mysql(String),
}

impl Source {
    /// Reads every row of the tables `wanted` says yes to, in table-name
    /// order, calling `progress(done, total)` now and then (bytes of the
    /// dump, or rows of the database). Call it off the async threads.
    pub fn read(
        &self,
        wanted: impl FnMut(&str) -> bool,
        on_row: impl FnMut(&str, Row<'_>) -> Result<(), dump::DumpError>,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<(), AppError> {
        match self {
            Source::Dump(path) => {
                let size = std::fs::metadata(path).map_err(io)?.len();
                let file = std::fs::File::open(path).map_err(io)?;
                dump::read(BufReader::with_capacity(1 << 20, file), wanted, on_row, |read| progress(read, size))
                    .map_err(|e| AppError::Invalid(e.to_string()))
            }
            Source::Mysql(url) => live::read(url, wanted, on_row, progress),
        }
    }
}

mod live {
    use futures_util::TryStreamExt;
    use sqlx::{Column, Connection, Row as _, TypeInfo, ValueRef};

    use super::*;

    fn failed(e: impl std::fmt::Display) -> AppError {
        AppError::Invalid(format!("không đọc được cơ sở dữ liệu MySQL: {e}"))
    }

    fn quoted(table: &str) -> String {
        format!("`{}`", table.replace('`', "``"))
    }

    /// A value as the dump would have given it: integers as numbers, NULL as
    /// NULL, everything else as its text (the text protocol sends text).
    fn cell(row: &sqlx::mysql::MySqlRow, i: usize) -> Cell {
        let Ok(raw) = row.try_get_raw(i) else { return Cell::Null };
        if raw.is_null() {
            return Cell::Null;
        }
        let integer = raw.type_info().name().contains("INT");
        let text = row
            .try_get_unchecked::<Vec<u8>, _>(i)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        match integer.then(|| text.trim().parse::<i64>().ok()).flatten() {
            Some(n) => Cell::Int(n),
            None => Cell::Text(text),
        }
    }

    pub fn read(
        url: &str,
        mut wanted: impl FnMut(&str) -> bool,
        mut on_row: impl FnMut(&str, Row<'_>) -> Result<(), dump::DumpError>,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<(), AppError> {
        let rt = tokio::runtime::Handle::current();
        let mut conn = rt.block_on(sqlx::MySqlConnection::connect(url)).map_err(failed)?;
        rt.block_on(sqlx::raw_sql("SET NAMES utf8mb4").execute(&mut conn)).map_err(failed)?;
        let mut tables: Vec<String> = rt
            .block_on(sqlx::raw_sql("SHOW TABLES").fetch_all(&mut conn))
            .map_err(failed)?
            .iter()
            .map(|r| r.try_get_unchecked::<Vec<u8>, _>(0).map(|b| String::from_utf8_lossy(&b).into_owned()))
            .collect::<Result<_, _>>()
            .map_err(failed)?;
        tables.sort();
        tables.retain(|t| wanted(t));
        let mut total = 0u64;
        for t in &tables {
            let n: i64 = rt
                .block_on(
                    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", quoted(t))))
                        .fetch_one(&mut conn),
                )
                .map_err(failed)?;
            total += n.max(0) as u64;
        }
        let mut done = 0u64;
        for t in &tables {
            let select = format!("SELECT * FROM {}", quoted(t));
            let mut rows = sqlx::raw_sql(sqlx::AssertSqlSafe(select)).fetch(&mut conn);
            let mut columns: Option<Vec<String>> = None;
            // one row at a time: the callback runs outside the runtime (it may block)
            while let Some(row) = rt.block_on(rows.try_next()).map_err(failed)? {
                let names = columns.get_or_insert_with(|| row.columns().iter().map(|c| c.name().to_string()).collect());
                let cells = (0..names.len()).map(|i| cell(&row, i)).collect();
                on_row(t, Row { columns: names, cells }).map_err(|e| AppError::Invalid(e.to_string()))?;
                done += 1;
                if done.is_multiple_of(256) {
                    progress(done, total);
                }
            }
        }
        progress(total, total);
        drop(rt.block_on(conn.close()));
        Ok(())
    }
}
