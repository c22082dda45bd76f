//! A zero-allocation-per-operator tokenizer for PDF content streams.
//!
//! [`Lexer::next_op`] fills a reused operand buffer and returns the operator as a slice of the
//! input. String operands are decoded into a reused byte arena and referred to by range, array
//! brackets become [`Operand::ArrayStart`] / [`Operand::ArrayEnd`] markers in the flat operand list
//! (only `TJ` and `d` take arrays), and dictionaries (inline in `BDC`/`DP`) are skipped. Inline
//! images (`BI … ID … EI`) are skipped whole. Malformed input never panics: unknown bytes are
//! skipped, and the lexer always makes progress.

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operand {
    Number(f64),
    /// A name, as a range into the content bytes (without the leading `/`).
    Name(usize, usize),
    /// A string, as a range into the lexer's string arena.
    Str(usize, usize),
    ArrayStart,
    ArrayEnd,
    /// An inline dictionary (a marked-content property list), as a range into the content
    /// bytes from its `<<` to past its `>>`.
    Dict(usize, usize),
    Other,
}

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    pub operands: Vec<Operand>,
    pub strings: Vec<u8>,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer {
            data,
            pos: 0,
            operands: Vec::with_capacity(16),
            strings: Vec::with_capacity(256),
        }
    }

    pub fn name(&self, start: usize, end: usize) -> &'a [u8] {
        &self.data[start..end]
    }

    pub fn string(&self, start: usize, end: usize) -> &[u8] {
        &self.strings[start..end]
    }

    /// The string value of `/key` in the inline dictionary at `start..end` (a literal or a
    /// hex string, its bytes as written), if it has one.
    pub fn dict_string(&self, start: usize, end: usize, key: &[u8]) -> Option<Vec<u8>> {
        let d = &self.data[start..end];
        let at = d
            .windows(key.len() + 1)
            .position(|w| w[0] == b'/' && &w[1..] == key)?;
        let mut i = at + 1 + key.len();
        // (a longer name that starts with the key is another key)
        if d.get(i).is_some_and(|b| !is_white(*b) && !is_delim(*b)) {
            return None;
        }
        while d.get(i).is_some_and(|b| is_white(*b)) {
            i += 1;
        }
        let mut out = Vec::new();
        match d.get(i)? {
            b'(' => {
                read_literal(d, i + 1, &mut out);
            }
            b'<' if d.get(i + 1) != Some(&b'<') => {
                read_hex(d, i + 1, &mut out);
            }
            _ => return None,
        }
        Some(out)
    }

    /// The next operator with its operands in `self.operands`; `None` at the end of the data.
    pub fn next_op(&mut self) -> Option<&'a [u8]> {
        self.operands.clear();
        self.strings.clear();
        let data = self.data;
        loop {
            // skip whitespace and comments
            while self.pos < data.len() {
                let b = data[self.pos];
                if is_white(b) {
                    self.pos += 1;
                } else if b == b'%' {
                    while self.pos < data.len()
                        && data[self.pos] != b'\n'
                        && data[self.pos] != b'\r'
                    {
                        self.pos += 1;
                    }
                } else {
                    break;
                }
            }
            if self.pos >= data.len() {
                return None;
            }
            let b = data[self.pos];
            match b {
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let (v, n) = parse_number(&data[self.pos..]);
                    self.pos += n.max(1);
                    self.operands.push(Operand::Number(v));
                }
                b'/' => {
                    let start = self.pos + 1;
                    let mut end = start;
                    while end < data.len() && !is_white(data[end]) && !is_delim(data[end]) {
                        end += 1;
                    }
                    self.pos = end;
                    self.operands.push(Operand::Name(start, end));
                }
                b'(' => {
                    let start = self.strings.len();
                    self.pos = read_literal(data, self.pos + 1, &mut self.strings);
                    self.operands.push(Operand::Str(start, self.strings.len()));
                }
                b'<' => {
                    if data.get(self.pos + 1) == Some(&b'<') {
                        let start = self.pos;
                        self.pos = skip_dict(data, self.pos);
                        self.operands.push(Operand::Dict(start, self.pos));
                    } else {
                        let start = self.strings.len();
                        self.pos = read_hex(data, self.pos + 1, &mut self.strings);
                        self.operands.push(Operand::Str(start, self.strings.len()));
                    }
                }
                b'[' => {
                    self.pos += 1;
                    self.operands.push(Operand::ArrayStart);
                }
                b']' => {
                    self.pos += 1;
                    self.operands.push(Operand::ArrayEnd);
                }
                b'>' | b')' | b'{' | b'}' => {
                    self.pos += 1;
                }
                _ => {
                    let start = self.pos;
                    let mut end = start;
                    while end < data.len() && !is_white(data[end]) && !is_delim(data[end]) {
                        end += 1;
                    }
                    if end == start {
                        end += 1;
                    }
                    self.pos = end;
                    let op = &data[start..end];
                    match op {
                        b"true" | b"false" | b"null" => self.operands.push(Operand::Other),
                        b"BI" => {
                            self.skip_inline_image();
                            self.operands.clear();
                            self.strings.clear();
                        }
                        _ => return Some(op),
                    }
                }
            }
            // Guard against pathological operand lists (e.g. millions of numbers without an
            // operator): keep the last ones only.
            if self.operands.len() > 65_536 {
                self.operands.drain(..32_768);
            }
        }
    }

    fn skip_inline_image(&mut self) {
        // find "ID", then "EI" preceded by whitespace and followed by whitespace or end
        let data = self.data;
        let mut i = self.pos;
        while i + 1 < data.len() && !(data[i] == b'I' && data[i + 1] == b'D') {
            i += 1;
        }
        i += 2;
        while i + 1 < data.len() {
            if data[i] == b'E'
                && data[i + 1] == b'I'
                && i > 0
                && is_white(data[i - 1])
                && data.get(i + 2).is_none_or(|b| is_white(*b))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = data.len();
    }
}

fn parse_number(s: &[u8]) -> (f64, usize) {
    let mut i = 0;
    let mut neg = false;
    while i < s.len() && (s[i] == b'+' || s[i] == b'-') {
        if s[i] == b'-' {
            neg = !neg;
        }
        i += 1;
    }
    let mut int: f64 = 0.0;
    while i < s.len() && s[i].is_ascii_digit() {
        int = int * 10.0 + (s[i] - b'0') as f64;
        i += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let mut scale = 0.1;
        while i < s.len() && s[i].is_ascii_digit() {
            int += (s[i] - b'0') as f64 * scale;
            scale *= 0.1;
            i += 1;
        }
    }
    // tolerate junk like "0.05-0" written without a separator: stop at the first non-digit
    (if neg { -int } else { int }, i)
}

fn read_literal(data: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    let mut depth = 1;
    while i < data.len() {
        let b = data[i];
        i += 1;
        match b {
            b'\\' => {
                let Some(&e) = data.get(i) else { break };
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v: u32 = (e - b'0') as u32;
                        for _ in 0..2 {
                            match data.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    v = v * 8 + (d - b'0') as u32;
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(v as u8);
                    }
                    b'\r' => {
                        if data.get(i) == Some(&b'\n') {
                            i += 1;
                        }
                    }
                    b'\n' => {}
                    other => out.push(other),
                }
            }
            b'(' => {
                depth += 1;
                out.push(b);
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
                out.push(b);
            }
            _ => out.push(b),
        }
    }
    data.len()
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn read_hex(data: &[u8], mut i: usize, out: &mut Vec<u8>) -> usize {
    let mut hi: Option<u8> = None;
    while i < data.len() {
        let b = data[i];
        i += 1;
        if b == b'>' {
            break;
        }
        if let Some(v) = hex_val(b) {
            match hi {
                None => hi = Some(v),
                Some(h) => {
                    out.push(h << 4 | v);
                    hi = None;
                }
            }
        }
    }
    if let Some(h) = hi {
        out.push(h << 4);
    }
    i
}

fn skip_dict(data: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < data.len() {
        if data[i] == b'<' && data.get(i + 1) == Some(&b'<') {
            depth += 1;
            i += 2;
        } else if data[i] == b'>' && data.get(i + 1) == Some(&b'>') {
            depth = depth.saturating_sub(1);
            i += 2;
            if depth == 0 {
                return i;
            }
        } else if data[i] == b'(' {
            let mut scratch = Vec::new();
            i = read_literal(data, i + 1, &mut scratch);
        } else {
            i += 1;
        }
    }
    data.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(src: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut lx = Lexer::new(src);
        let mut v = vec![];
        while let Some(op) = lx.next_op() {
            v.push((
                String::from_utf8_lossy(op).into_owned(),
                lx.operands.clone(),
            ));
        }
        v
    }

    #[test]
    fn wps_operators_without_separators() {
        // WPS separates operators with bare carriage returns and glues strings to operators
        let v = ops(b"q\r71.25 121.05 210.05 23.5 re\rW* n\r/GS13 gs\r0.05 0 0 -0.05 394.68 101.45 Tm\r<1B5F>Tj 208.797 -0 TD");
        let names: Vec<&str> = v.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["q", "re", "W*", "n", "gs", "Tm", "Tj", "TD"]);
        assert_eq!(
            v[1].1,
            vec![
                Operand::Number(71.25),
                Operand::Number(121.05),
                Operand::Number(210.05),
                Operand::Number(23.5)
            ]
        );
        assert_eq!(v[7].1, vec![Operand::Number(208.797), Operand::Number(0.0)]);
    }

    #[test]
    fn strings_and_arrays() {
        let mut lx = Lexer::new(b"[(a\\)b) -250 <00410042>] TJ (x\\101) Tj");
        assert_eq!(lx.next_op(), Some(&b"TJ"[..]));
        assert_eq!(lx.operands.len(), 5);
        let Operand::Str(s, e) = lx.operands[1] else {
            panic!()
        };
        assert_eq!(lx.string(s, e), b"a)b");
        let Operand::Str(s, e) = lx.operands[3] else {
            panic!()
        };
        assert_eq!(lx.string(s, e), &[0, 0x41, 0, 0x42]);
        assert_eq!(lx.next_op(), Some(&b"Tj"[..]));
        let Operand::Str(s, e) = lx.operands[0] else {
            panic!()
        };
        assert_eq!(lx.string(s, e), b"xA");
    }

    #[test]
    fn garbage_never_panics_and_terminates() {
        let inputs: [&[u8]; 6] = [
            b"(((",
            b"<<<<",
            b"BI /W 1 ID \xff\xff",
            b"<zz",
            b"\\\\)))]]]",
            b"-.-.-",
        ];
        for i in inputs {
            let _ = ops(i);
        }
    }

    #[test]
    fn inline_image_is_skipped() {
        let v = ops(b"BI /W 2 /H 1 ID \x00EI\x01 EI Q");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].0, "Q");
    }
}
