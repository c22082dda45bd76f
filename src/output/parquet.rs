//! Parquet copies of the combined tables (`--format parquet|both`): the same columns and rows as
//! the CSV files, typed. Text is UTF-8 (`BYTE_ARRAY` / `STRING`), counts and pages are `INT32`,
//! amounts are `DECIMAL(38, S)` stored as 16-byte big-endian two's complement
//! (`FIXED_LEN_BYTE_ARRAY(16)`, Arrow's Decimal128): exact, never a float. `S` is 6 — every
//! printed amount and percentage fits — unless a column holds a value with more decimals, which
//! then gets the scale it needs. A table's empty cell is null in an optional column (`year`,
//! `checks.page`, the amount columns of `tables/<table>`), an empty string in a text column.

use super::table::{Column as OutColumn, Kind, Row, DECIMAL_PRECISION};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::Int32Type;
use parquet::data_type::{ByteArray, ByteArrayType, FixedLenByteArray, FixedLenByteArrayType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rust_decimal::Decimal;
use std::fs::File;
use std::io::BufWriter;
use std::str::FromStr;
use std::sync::Arc;

/// Rows per row group at most: what a table holds in memory while it is written (the
/// [`crate::output::Writer`] also flushes the largest tables early to keep all of them together
/// under a budget).
const ROW_GROUP: usize = 1 << 16;

/// Why a Parquet file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ParquetOutError {
    /// The Parquet writer failed.
    #[error(transparent)]
    Parquet(#[from] parquet::errors::ParquetError),
    /// The file could not be written.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// A cell does not read as its column's type.
    #[error("column {column}: {value:?} is not {what}")]
    Value {
        /// The column.
        column: String,
        /// The cell as printed.
        value: String,
        /// The type it should be.
        what: &'static str,
    },
}

/// The values of one column for the rows of the current row group.
enum Values {
    Text(Vec<ByteArray>),
    Int(Vec<i32>),
    Decimal(Vec<FixedLenByteArray>),
}

struct Column {
    name: String,
    kind: Kind,
    /// Decimal columns: the scale.
    scale: i32,
    values: Values,
    /// Definition levels of an optional column (1 present, 0 null).
    defs: Vec<i16>,
}

impl Column {
    fn optional(&self) -> bool {
        matches!(self.kind, Kind::OptInt | Kind::OptDecimal)
    }

    fn bad(&self, value: &str, what: &'static str) -> ParquetOutError {
        ParquetOutError::Value {
            column: self.name.to_string(),
            value: value.to_string(),
            what,
        }
    }

    /// Adds a cell; returns about how many bytes it holds in memory until the row group is
    /// written.
    fn push(&mut self, cell: &str) -> Result<usize, ParquetOutError> {
        let opt = self.optional();
        if opt && cell.is_empty() {
            self.defs.push(0);
            return Ok(2);
        }
        match &mut self.values {
            Values::Text(v) => v.push(ByteArray::from(cell)),
            Values::Int(v) => match cell.parse::<i32>() {
                Ok(i) => v.push(i),
                // a year that is not a number (never written so far) is null, not an error
                Err(_) if opt => {
                    self.defs.push(0);
                    return Ok(2);
                }
                Err(_) => return Err(self.bad(cell, "an INT32")),
            },
            Values::Decimal(v) => {
                let d = Decimal::from_str(cell).map_err(|_| ParquetOutError::Value {
                    column: self.name.to_string(),
                    value: cell.to_string(),
                    what: "a decimal",
                })?;
                match unscaled(d, self.scale) {
                    Some(u) => v.push(FixedLenByteArray::from(u.to_be_bytes().to_vec())),
                    None => return Err(self.bad(cell, "a DECIMAL(38) at the column's scale")),
                }
            }
        }
        if opt {
            self.defs.push(1);
        }
        // a value's bytes, and a `ByteArray`'s handle and allocation for the other kinds
        Ok(match self.values {
            Values::Int(_) => 6,
            _ => cell.len() + 48,
        })
    }

    fn clear(&mut self) {
        match &mut self.values {
            Values::Text(v) => v.clear(),
            Values::Int(v) => v.clear(),
            Values::Decimal(v) => v.clear(),
        }
        self.defs.clear();
    }
}

/// `d` as an integer count of `10^-scale`, when that is exact and within 38 digits.
fn unscaled(d: Decimal, scale: i32) -> Option<i128> {
    let d = d.normalize();
    let up = scale.checked_sub(d.scale() as i32)?;
    let u = d.mantissa().checked_mul(10i128.checked_pow(up as u32)?)?;
    (u.unsigned_abs() < 10u128.pow(DECIMAL_PRECISION as u32)).then_some(u)
}

fn schema(cols: &[Column]) -> Result<Type, ParquetOutError> {
    let mut fields = Vec::with_capacity(cols.len());
    for c in cols {
        let rep = if c.optional() {
            Repetition::OPTIONAL
        } else {
            Repetition::REQUIRED
        };
        let t = match c.kind {
            Kind::Text => Type::primitive_type_builder(&c.name, Physical::BYTE_ARRAY)
                .with_logical_type(Some(LogicalType::String)),
            Kind::Int | Kind::OptInt => Type::primitive_type_builder(&c.name, Physical::INT32),
            Kind::Decimal | Kind::OptDecimal => {
                Type::primitive_type_builder(&c.name, Physical::FIXED_LEN_BYTE_ARRAY)
                    .with_length(16)
                    .with_logical_type(Some(LogicalType::decimal(c.scale, DECIMAL_PRECISION)))
                    .with_precision(DECIMAL_PRECISION)
                    .with_scale(c.scale)
            }
        };
        fields.push(Arc::new(t.with_repetition(rep).build()?));
    }
    Ok(Type::group_type_builder("schema")
        .with_fields(fields)
        .build()?)
}

fn flush(
    w: &mut SerializedFileWriter<BufWriter<File>>,
    cols: &mut [Column],
) -> Result<(), ParquetOutError> {
    let mut rg = w.next_row_group()?;
    for c in cols.iter_mut() {
        let Some(mut cw) = rg.next_column()? else {
            break;
        };
        let defs = c.optional().then_some(c.defs.as_slice());
        match &c.values {
            Values::Text(v) => {
                cw.typed::<ByteArrayType>().write_batch(v, defs, None)?;
            }
            Values::Int(v) => {
                cw.typed::<Int32Type>().write_batch(v, defs, None)?;
            }
            Values::Decimal(v) => {
                cw.typed::<FixedLenByteArrayType>()
                    .write_batch(v, defs, None)?;
            }
        }
        cw.close()?;
        c.clear();
    }
    rg.close()?;
    Ok(())
}

/// A table's Parquet file being written row by row; a row group is written every
/// [`ROW_GROUP`] rows.
pub struct ParquetStream {
    writer: SerializedFileWriter<BufWriter<File>>,
    cols: Vec<Column>,
    /// Rows in the current row group.
    pending: usize,
    /// About how many bytes the current row group holds.
    pending_bytes: usize,
}

impl ParquetStream {
    /// Starts the file of a table of `columns` (typed and scaled) in `file`.
    pub fn new(file: File, columns: &[OutColumn]) -> Result<ParquetStream, ParquetOutError> {
        let cols: Vec<Column> = columns
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                kind: c.kind,
                scale: c.scale,
                values: match c.kind {
                    Kind::Text => Values::Text(Vec::new()),
                    Kind::Int | Kind::OptInt => Values::Int(Vec::new()),
                    Kind::Decimal | Kind::OptDecimal => Values::Decimal(Vec::new()),
                },
                defs: Vec::new(),
            })
            .collect();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer = SerializedFileWriter::new(
            BufWriter::with_capacity(1 << 16, file),
            Arc::new(schema(&cols)?),
            Arc::new(props),
        )?;
        Ok(ParquetStream {
            writer,
            cols,
            pending: 0,
            pending_bytes: 0,
        })
    }

    /// Adds one row, cells as printed in the CSV.
    pub fn push(&mut self, row: &Row) -> Result<(), ParquetOutError> {
        for (c, cell) in self.cols.iter_mut().zip(row.cells()) {
            self.pending_bytes += c.push(cell)?;
        }
        self.pending += 1;
        if self.pending == ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    /// About how many bytes the rows not yet written hold.
    pub fn pending_bytes(&self) -> usize {
        self.pending_bytes
    }

    /// Writes the rows added so far as a row group (nothing when there are none).
    pub fn flush(&mut self) -> Result<(), ParquetOutError> {
        if self.pending > 0 {
            flush(&mut self.writer, &mut self.cols)?;
            self.pending = 0;
            self.pending_bytes = 0;
        }
        Ok(())
    }

    /// Writes the last row group and the footer; gives back the file.
    pub fn finish(mut self) -> Result<File, ParquetOutError> {
        self.flush()?;
        let buf = self.writer.into_inner()?;
        buf.into_inner()
            .map_err(|e| ParquetOutError::Io(e.into_error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact_at_the_column_scale_or_refused() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(unscaled(d("12175.60"), 6), Some(12_175_600_000));
        assert_eq!(unscaled(d("-0.5"), 6), Some(-500_000));
        assert_eq!(unscaled(d("0"), 6), Some(0));
        // trailing zeros beyond the scale are not lost digits
        assert_eq!(unscaled(d("1.50000000"), 6), Some(1_500_000));
        // more decimals than the scale: not exact
        assert_eq!(unscaled(d("0.0000001"), 6), None);
        assert_eq!(unscaled(d("0.0000001"), 7), Some(1));
        // 38 digits at most
        assert_eq!(unscaled(d("79228162514264337593543950335"), 10), None);
        assert!(unscaled(d("79228162514264337593543950335"), 9).is_some());
    }
}
