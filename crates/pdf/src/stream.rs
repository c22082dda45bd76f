//! Stream data, decoded with a size limit and with damage told apart from a sound stream.
//!
//! lopdf decodes every filter, but a Flate stream whose data is corrupt comes back as whatever
//! inflated before the error, as if it were whole. Text read from such a stream — a page's
//! content, a font's ToUnicode map — may be silently wrong (a damaged map turns one digit into
//! another), so the common case, a stream whose only filter is `FlateDecode` without parameters,
//! is inflated here: corrupt deflate data, or data whose zlib checksum does not match, is an
//! error. A stream that ends early keeps what it holds, as viewers do; deflate data without a
//! (valid) zlib header is read as raw deflate. Other filter chains are left to lopdf.

use lopdf::Stream;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("inflates beyond {} MiB (a decompression bomb?)", .0 >> 20)]
    TooLarge(usize),
    #[error("corrupt data ({0})")]
    Corrupt(String),
}

/// The decoded content of `stream`, at most `limit` bytes.
pub fn decode(stream: &Stream, limit: usize) -> Result<Vec<u8>, DecodeError> {
    let plain_flate = stream
        .filters()
        .is_ok_and(|f| f.len() == 1 && f[0] == b"FlateDecode")
        && stream.dict.get(b"DecodeParms").is_err();
    if plain_flate {
        return inflate(&stream.content, limit);
    }
    stream
        .decompressed_content_with_limit(limit)
        .map_err(|e| match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                DecodeError::TooLarge(limit)
            }
            e => DecodeError::Corrupt(e.to_string()),
        })
}

/// How far one pass of the inflater got.
enum Inflated {
    /// The deflate data ended properly.
    Whole(Vec<u8>),
    /// The input ran out first (a stream cut short): what it held.
    Cut(Vec<u8>),
    /// Corrupt data, or a zlib checksum that does not match.
    Bad(String),
}

fn run(input: &[u8], zlib: bool, limit: usize) -> Result<Inflated, DecodeError> {
    use flate2::{Decompress, FlushDecompress, Status};
    let mut d = Decompress::new(zlib);
    let mut out: Vec<u8> =
        Vec::with_capacity(input.len().saturating_mul(4).clamp(64, limit.max(64)));
    loop {
        if out.len() > limit {
            return Err(DecodeError::TooLarge(limit));
        }
        if out.len() == out.capacity() {
            // room up to one byte past the limit, which tells a stream of exactly `limit` bytes
            // from a longer one
            let grow = out.len().max(4096).min(limit + 1 - out.len());
            out.reserve_exact(grow);
        }
        let consumed = d.total_in() as usize;
        let produced = out.len();
        let rest = input.get(consumed..).unwrap_or_default();
        match d.decompress_vec(rest, &mut out, FlushDecompress::None) {
            Ok(Status::StreamEnd) if out.len() <= limit => return Ok(Inflated::Whole(out)),
            Ok(Status::StreamEnd) => return Err(DecodeError::TooLarge(limit)),
            Ok(_) => {
                let stuck = d.total_in() as usize == consumed && out.len() == produced;
                if stuck && out.len() < out.capacity() {
                    return Ok(Inflated::Cut(out));
                }
            }
            Err(_) => return Ok(Inflated::Bad("bad deflate data or zlib checksum".into())),
        }
    }
}

/// Is this a zlib header (deflate, a window of at most 32 KiB, check bits right)?
fn zlib_header(input: &[u8]) -> bool {
    match input {
        [cmf, flg, ..] => {
            cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0
        }
        _ => false,
    }
}

/// Inflates zlib data; data without a valid zlib header is read as raw deflate (from the start,
/// or after two bytes of a broken header), as some writers produce it.
pub fn inflate(input: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    if input.is_empty() {
        return Ok(Vec::new());
    }
    let attempts: &[(&[u8], bool)] = if zlib_header(input) {
        &[(input, true)]
    } else {
        &[(input, false), (&input[input.len().min(2)..], false)]
    };
    let mut why = String::new();
    for (data, zlib) in attempts {
        match run(data, *zlib, limit)? {
            Inflated::Whole(o) => return Ok(o),
            Inflated::Cut(o) if *zlib || !o.is_empty() => return Ok(o),
            Inflated::Cut(_) => why = "no deflate data".into(),
            Inflated::Bad(w) => {
                if why.is_empty() {
                    why = w;
                }
            }
        }
    }
    Err(DecodeError::Corrupt(why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn text() -> Vec<u8> {
        (0..2000)
            .flat_map(|i| {
                format!("BT /F1 9 Tf {i} 700 Td <00{:02x}> Tj ET\n", i % 256).into_bytes()
            })
            .collect()
    }

    #[test]
    fn a_sound_stream_inflates_whole() {
        let t = text();
        assert_eq!(inflate(&zlib(&t), 1 << 20), Ok(t));
    }

    #[test]
    fn corrupt_deflate_data_is_an_error_not_a_short_text() {
        let t = text();
        let mut z = zlib(&t);
        let mid = z.len() / 2;
        for b in &mut z[mid..mid + 16] {
            *b ^= 0x55;
        }
        assert!(
            matches!(inflate(&z, 1 << 20), Err(DecodeError::Corrupt(_))),
            "{:?}",
            inflate(&z, 1 << 20).map(|o| o.len())
        );
    }

    #[test]
    fn a_bad_checksum_is_damage_a_cut_stream_or_raw_deflate_keeps_its_text() {
        let t = text();
        let mut z = zlib(&t);
        let n = z.len();
        z[n - 1] ^= 0xff; // adler32
        assert!(matches!(inflate(&z, 1 << 20), Err(DecodeError::Corrupt(_))));
        let cut = &zlib(&t)[..n / 2];
        let o = inflate(cut, 1 << 20).unwrap();
        assert!(!o.is_empty() && t.starts_with(&o));
        let z = zlib(&t);
        // raw deflate: no header, or two bytes that are not one
        assert_eq!(inflate(&z[2..n - 4], 1 << 20), Ok(t.clone()));
        let mut broken = z.clone();
        broken[0] = 0x00;
        assert_eq!(inflate(&broken, 1 << 20), Ok(t));
    }

    #[test]
    fn a_bomb_stops_at_the_limit() {
        let z = zlib(&vec![0u8; 8 << 20]);
        assert_eq!(inflate(&z, 1 << 20), Err(DecodeError::TooLarge(1 << 20)));
        assert_eq!(inflate(&z, 8 << 20).map(|o| o.len()), Ok(8 << 20));
    }
}
