//! Parquet copies of the combined tables (`--format parquet|both`): the same columns and rows as
//! the CSV files, typed. Text is UTF-8 (`BYTE_ARRAY` / `STRING`), counts and pages are `INT32`,
//! amounts are `DECIMAL(38, S)` stored as 16-byte big-endian two's complement
//! (`FIXED_LEN_BYTE_ARRAY(16)`, Arrow's Decimal128): exact, never a float. `S` is 6 — every
//! printed amount and percentage fits — unless a column holds a value with more decimals, which
//! then gets the scale it needs. A table's empty cell is null in an optional column (`year`,
//! `checks.page`, the amount columns of `tables/<table>`), an empty string in a text column.

use crate::output::{Kind, OutTable};
use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::Int32Type;
use parquet::data_type::{ByteArray, ByteArrayType, FixedLenByteArray, FixedLenByteArrayType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::str::FromStr;
use std::sync::Arc;

/// Digits of every DECIMAL column.
pub const DECIMAL_PRECISION: i32 = 38;
/// The scale of a DECIMAL column unless one of its values has more decimals.
pub const DECIMAL_SCALE: i32 = 6;
/// Rows per row group.
const ROW_GROUP: usize = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum ParquetOutError {
    #[error(transparent)]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("column {column}: {value:?} is not {what}")]
    Value {
        column: String,
        value: String,
        what: &'static str,
    },
}

/// The values of one column for the rows of the current row group.
enum Values {
    Text(Vec<ByteArray>),
    Int(Vec<i32>),
    Decimal(Vec<FixedLenByteArray>),
}

struct Column<'a> {
    name: &'a str,
    kind: Kind,
    /// Decimal columns: the scale.
    scale: i32,
    values: Values,
    /// Definition levels of an optional column (1 present, 0 null).
    defs: Vec<i16>,
}

impl Column<'_> {
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

    fn push(&mut self, cell: &str) -> Result<(), ParquetOutError> {
        let opt = self.optional();
        if opt && cell.is_empty() {
            self.defs.push(0);
            return Ok(());
        }
        match &mut self.values {
            Values::Text(v) => v.push(ByteArray::from(cell)),
            Values::Int(v) => match cell.parse::<i32>() {
                Ok(i) => v.push(i),
                // a year that is not a number (never written so far) is null, not an error
                Err(_) if opt => {
                    self.defs.push(0);
                    return Ok(());
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
        Ok(())
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

/// The scale each column needs (decimal columns: [`DECIMAL_SCALE`], or more when a value has more
/// decimals; other columns: 0).
fn column_scales(t: &OutTable) -> Vec<i32> {
    let mut scales: Vec<i32> = t
        .columns
        .iter()
        .map(|(_, k)| match k {
            Kind::Decimal | Kind::OptDecimal => DECIMAL_SCALE,
            _ => 0,
        })
        .collect();
    t.for_each_row(&mut |r| {
        for (s, cell) in scales.iter_mut().zip(r) {
            if *s > 0 && !cell.is_empty() {
                if let Ok(d) = Decimal::from_str(cell) {
                    *s = (*s).max(d.normalize().scale() as i32);
                }
            }
        }
    });
    scales
        .into_iter()
        .map(|s| s.min(DECIMAL_PRECISION))
        .collect()
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
            Kind::Text => Type::primitive_type_builder(c.name, Physical::BYTE_ARRAY)
                .with_logical_type(Some(LogicalType::String)),
            Kind::Int | Kind::OptInt => Type::primitive_type_builder(c.name, Physical::INT32),
            Kind::Decimal | Kind::OptDecimal => {
                Type::primitive_type_builder(c.name, Physical::FIXED_LEN_BYTE_ARRAY)
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
    w: &mut SerializedFileWriter<Vec<u8>>,
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

/// The Parquet file of a table.
pub fn parquet_bytes(t: &OutTable) -> Result<Vec<u8>, ParquetOutError> {
    let scales = column_scales(t);
    let mut cols: Vec<Column> = t
        .columns
        .iter()
        .zip(scales)
        .map(|((name, kind), scale)| Column {
            name,
            kind: *kind,
            scale,
            values: match kind {
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
    let mut w = SerializedFileWriter::new(Vec::new(), Arc::new(schema(&cols)?), Arc::new(props))?;
    let mut rows = 0usize;
    let mut err: Option<ParquetOutError> = None;
    t.for_each_row(&mut |r: &[Cow<str>]| {
        if err.is_some() {
            return;
        }
        for (c, cell) in cols.iter_mut().zip(r) {
            if let Err(e) = c.push(cell) {
                err = Some(e);
                return;
            }
        }
        rows += 1;
        if rows.is_multiple_of(ROW_GROUP) {
            if let Err(e) = flush(&mut w, &mut cols) {
                err = Some(e);
            }
        }
    });
    if let Some(e) = err {
        return Err(e);
    }
    if !rows.is_multiple_of(ROW_GROUP) {
        flush(&mut w, &mut cols)?;
    }
    Ok(w.into_inner()?)
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
