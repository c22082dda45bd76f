//! Shared helpers for the integration tests: running the binary, reading its CSVs, and scoring
//! facts against golden files the way `shared/tools/score.py` does (row by code when the golden
//! row has one, else by whitespace-free name without enumerators; values as decimals; one to one).
#![allow(dead_code)]

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `yjs extract ARGS... --out OUT` and returns the exit code.
pub fn extract(inputs: &[&Path], out: &Path, extra: &[&str]) -> i32 {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yjs"));
    cmd.arg("extract");
    for i in inputs {
        cmd.arg(i);
    }
    cmd.arg("--out").arg(out).arg("--quiet").args(extra);
    let o = cmd.output().expect("run yjs");
    o.status.code().unwrap_or(-1)
}

/// Is tesseract installed with its `chi_sim` data (what `YJS_OCR=1` needs)?
pub fn tesseract_with_chi_sim() -> bool {
    Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .is_ok_and(|o| {
            let listed = String::from_utf8_lossy(&o.stdout).into_owned()
                + &String::from_utf8_lossy(&o.stderr);
            listed.lines().any(|l| l.trim() == "chi_sim")
        })
}

/// `yjs extract --quiet --out OUT INPUT` with `YJS_OCR` set to `ocr`, asserted to exit 0.
pub fn extract_with_ocr(input: &Path, out: &Path, ocr: &str) {
    let status = Command::new(env!("CARGO_BIN_EXE_yjs"))
        .args(["extract", "--quiet", "--out"])
        .arg(out)
        .arg(input)
        .env("YJS_OCR", ocr)
        .status()
        .expect("run yjs");
    assert_eq!(status.code(), Some(0));
}

/// Runs `yjs ARGS...` (no `--quiet` added) and returns its output.
pub fn yjs<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yjs"))
        .args(args)
        .output()
        .expect("run yjs")
}

/// The summary line of a run's stderr (`N reports: … (E extracted, C from cache); …`): the
/// numbers extracted and taken from the cache.
pub fn extracted_and_cached(stderr: &[u8]) -> (usize, usize) {
    let s = String::from_utf8_lossy(stderr);
    let num_before = |word: &str| -> usize {
        let at = s.find(word).unwrap_or_else(|| panic!("no {word:?} in {s}"));
        s[..at]
            .trim_end()
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no number before {word:?} in {s}"))
    };
    (num_before(" extracted"), num_before(" from cache"))
}

/// Every file under `dir` (relative path → bytes).
pub fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = Default::default();
    walk(dir, dir, &mut out);
    out
}

/// Asserts that two output folders hold the same files with the same bytes.
pub fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    let names =
        |t: &std::collections::BTreeMap<PathBuf, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&ta),
        names(&tb),
        "{} and {} hold other files",
        a.display(),
        b.display()
    );
    for (name, bytes) in &ta {
        assert!(
            bytes == &tb[name],
            "{} differs between {} and {}",
            name.display(),
            a.display(),
            b.display()
        );
    }
}

pub type Row = HashMap<String, String>;

pub fn read_csv(path: &Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

pub fn dec(s: &str) -> Option<Decimal> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if t == "-" {
        return Some(Decimal::ZERO);
    }
    Decimal::from_str(&t).ok()
}

/// The name normalisation of score.py: whitespace removed, brackets unified, enumerators and a
/// leading 其中： removed.
pub fn norm_name(s: &str) -> String {
    let mut t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    for _ in 0..3 {
        let before = t.clone();
        t = yjs_analyze::schema::strip_enumerator(&t).to_string();
        if t.starts_with('(') {
            if let Some(end) = t.find(')') {
                let inner = &t[1..end];
                if !inner.is_empty()
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_digit() || "一二三四五六七八九十百".contains(c))
                {
                    t = t[end + 1..].to_string();
                }
            }
        }
        if t == before {
            break;
        }
    }
    t
}

fn key(r: &Row, by_code: bool) -> (String, String, String, String) {
    let row = if by_code {
        format!(
            "c:{}",
            r["row_code"]
                .chars()
                .filter(|c| c.is_ascii_digit())
                .collect::<String>()
        )
    } else {
        format!("n:{}", norm_name(&r["row_name"]))
    };
    (
        r["table"].clone(),
        r["side"].to_lowercase(),
        row,
        r["column"].clone(),
    )
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    pub golden: usize,
    pub matched_golden: usize,
    /// Output facts considered for precision (score.py: nonzero, tables the golden has).
    pub considered: usize,
    pub matched_considered: usize,
    /// Every output fact of the golden's tables, zeros included.
    pub all_out: usize,
    pub matched_all_out: usize,
}

impl Score {
    pub fn add(&mut self, o: &Score) {
        self.golden += o.golden;
        self.matched_golden += o.matched_golden;
        self.considered += o.considered;
        self.matched_considered += o.matched_considered;
        self.all_out += o.all_out;
        self.matched_all_out += o.matched_all_out;
    }
    pub fn recall(&self) -> f64 {
        if self.golden == 0 {
            1.0
        } else {
            self.matched_golden as f64 / self.golden as f64
        }
    }
    pub fn precision(&self) -> f64 {
        if self.considered == 0 {
            1.0
        } else {
            self.matched_considered as f64 / self.considered as f64
        }
    }
    pub fn strict_precision(&self) -> f64 {
        if self.all_out == 0 {
            1.0
        } else {
            self.matched_all_out as f64 / self.all_out as f64
        }
    }
}

/// Scores one document's output facts against its golden facts.
pub fn score(golden: &[Row], out: &[Row]) -> Score {
    let mut gidx: HashMap<(String, String, String, String), Vec<usize>> = HashMap::new();
    for (i, g) in golden.iter().enumerate() {
        let has_code = g["row_code"].chars().any(|c| c.is_ascii_digit());
        gidx.entry(key(g, has_code)).or_default().push(i);
    }
    let tables: std::collections::HashSet<&str> =
        golden.iter().map(|g| g["table"].as_str()).collect();
    let mut gm = vec![false; golden.len()];
    let mut s = Score {
        golden: golden.len(),
        ..Default::default()
    };
    for o in out {
        let Some(v) = dec(&o["value"]) else { continue };
        let mut hit = false;
        let mut cands = Vec::new();
        if o["row_code"].chars().any(|c| c.is_ascii_digit()) {
            cands.push(key(o, true));
        }
        cands.push(key(o, false));
        'k: for k in cands {
            for &i in gidx.get(&k).map(|v| v.as_slice()).unwrap_or(&[]) {
                if !gm[i] && dec(&golden[i]["value"]) == Some(v) {
                    gm[i] = true;
                    hit = true;
                    break 'k;
                }
            }
        }
        if tables.contains(o["table"].as_str()) {
            s.all_out += 1;
            s.matched_all_out += hit as usize;
            if !v.is_zero() {
                s.considered += 1;
                s.matched_considered += hit as usize;
            }
        }
    }
    s.matched_golden = gm.iter().filter(|x| **x).count();
    s
}

/// score.py's finding match: tables agree (golden `narrative` takes narrative/text rules), and each
/// of expected / found is empty in the golden, or its first number appears in the output field
/// (by absolute value, as findings.py compares), or (text) one normalised text contains the other.
pub fn finding_matches(g: &Row, o: &Row) -> bool {
    let table_ok = if g["table"].trim() == "narrative" {
        let rule = o["rule"].to_lowercase();
        o["table"].is_empty()
            || o["table"] == "narrative"
            || rule.starts_with("narrative")
            || rule.starts_with("text")
    } else {
        o["table"] == g["table"].trim()
    };
    let nums = |s: &str| -> Vec<Decimal> {
        let mut v = Vec::new();
        let mut cur = String::new();
        for c in s.replace(',', "").chars().chain(std::iter::once(' ')) {
            if c.is_ascii_digit() || c == '.' || (c == '-' && cur.is_empty()) {
                cur.push(c);
            } else {
                if let Ok(d) = Decimal::from_str(cur.trim_end_matches('.')) {
                    v.push(d);
                }
                cur.clear();
            }
        }
        v
    };
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    let field_ok = |gv: &str, ov: &str| {
        let gv = gv.trim();
        if gv.is_empty() {
            return true;
        }
        // (by absolute value: a change carries its sign, `-20.00%`, where the golden may not)
        let gn = nums(gv);
        if let Some(first) = gn.first() {
            return nums(ov).iter().any(|n| n.abs() == first.abs());
        }
        let (a, b) = (norm(gv), norm(ov));
        !b.is_empty() && (a.contains(&b) || b.contains(&a))
    };
    table_ok && field_ok(&g["expected"], &o["expected"]) && field_ok(&g["found"], &o["found"])
}

/// The file name of a `reports.csv` row's `path`.
pub fn file_name(report: &Row) -> String {
    PathBuf::from(&report["path"])
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The rows of `rows` (facts, checks, narrative) that belong to one `reports.csv` row.
pub fn of_report(rows: &[Row], report: &Row) -> Vec<Row> {
    rows.iter()
        .filter(|r| r["report_id"] == report["report_id"])
        .cloned()
        .collect()
}

/// Pairs golden findings with output findings one to one, first match first, as score.py does:
/// for each golden finding, the index of the output finding it took, if any.
pub fn match_findings(golden: &[Row], out: &[Row]) -> Vec<Option<usize>> {
    let mut used = vec![false; out.len()];
    golden
        .iter()
        .map(|g| {
            let i = (0..out.len()).find(|&i| !used[i] && finding_matches(g, &out[i]))?;
            used[i] = true;
            Some(i)
        })
        .collect()
}

/// A PDF encrypted with the RC4 40-bit standard security handler whose /U entry does not match
/// the empty user password: it cannot be opened without the password.
pub fn encrypted_pdf() -> Vec<u8> {
    let o = "<".to_string() + &"ab".repeat(32) + ">";
    let u = "<".to_string() + &"cd".repeat(32) + ">";
    let enc = format!("<< /Filter /Standard /V 1 /R 2 /O {o} /U {u} /P -3904 >>");
    yjs_pdf::build::assemble(
        &[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            &enc,
        ],
        "/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]",
    )
}

/// A broken input file: its name, bytes, and a word its `failed` row's reason must hold.
pub struct Case {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub reason: &'static str,
}

/// Inputs that are not a readable report: cut short, empty, misnamed, locked.
pub fn bad_files() -> Vec<Case> {
    let good = std::fs::read(
        repo()
            .join("corpus")
            .join("长沙市大数据中心-2023-部门决算.pdf"),
    )
    .unwrap();
    vec![
        Case {
            name: "truncated.docx",
            bytes: b"PK\x03\x04\x14\x00word/document.xml".to_vec(),
            reason: "not a DOCX",
        },
        Case {
            name: "zero-byte.pdf",
            bytes: vec![],
            reason: "empty file",
        },
        Case {
            name: "truncated.pdf",
            bytes: good[..good.len() / 50].to_vec(),
            reason: "",
        },
        Case {
            name: "text-named.pdf",
            bytes: "这不是PDF，是一个下载错误页面。\n".as_bytes().to_vec(),
            reason: "not a PDF",
        },
        Case {
            name: "encrypted.pdf",
            bytes: encrypted_pdf(),
            reason: "encrypted",
        },
        Case {
            name: "html-error-page.docx",
            bytes: b"<html>404</html>".to_vec(),
            reason: "unrecognised format",
        },
    ]
}
