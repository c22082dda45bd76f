//! `yjs view`: the pages of `corpus/` outline every fact of a PDF report once, on its cell of
//! the page image; reports that are not PDFs get their tables without images; a folder without
//! `reports.csv` is a usage error; a missing JSON is a line of the index; a document's text is
//! escaped; and, where Chromium is installed, a page loads and its script runs.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The PDF report whose page the tests read: ruled, every value cell bordered by rulings.
const RULED_PDF: &str = "长沙市大数据中心-2023-部门决算.pdf";

/// `corpus/` extracted and viewed once for the tests that only read it: the folder, and the
/// stderr of `yjs view`.
fn corpus() -> &'static (PathBuf, String) {
    static DONE: OnceLock<(tempfile::TempDir, (PathBuf, String))> = OnceLock::new();
    let (_, out) = DONE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let corpus = common::repo().join("corpus");
        assert_eq!(common::extract(&[&corpus], &dir, &[]), 0);
        let o = common::yjs(&[Path::new("view"), dir.as_path()]);
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(0), "{stderr}");
        (tmp, (dir, stderr))
    });
    out
}

/// The report id of the row of `reports.csv` whose path ends with `name`.
fn report_id(dir: &Path, name: &str) -> String {
    let csv = std::fs::read_to_string(dir.join("reports.csv")).unwrap();
    csv.lines()
        .find(|l| l.split(',').nth(1).is_some_and(|p| p.ends_with(name)))
        .and_then(|l| l.split(',').next())
        .unwrap_or_else(|| panic!("no report {name}"))
        .to_string()
}

/// The keys of a report's facts as its page must carry them: `TABLE|ROW|COLUMN`, the row by code
/// else name, `#n` on the n-th repeat of a key.
fn fact_keys(dir: &Path, id: &str) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(format!("json/{id}.json"))).unwrap())
            .unwrap();
    let mut keys = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for t in json["tables"].as_array().unwrap() {
        let Some(table) = t["key"].as_str() else {
            continue;
        };
        for f in t["facts"].as_array().unwrap() {
            let code = f["row_code"].as_str().unwrap();
            let row = if code.is_empty() {
                f["row_name"].as_str().unwrap()
            } else {
                code
            };
            let key = format!("{table}|{row}|{}", f["column"].as_str().unwrap());
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            keys.push(if *n == 1 { key } else { format!("{key}#{n}") });
        }
    }
    keys
}

/// The value of attribute `name` in the tag `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next()
}

/// A number of pixels in a style (`left:12.5px`).
fn px(style: &str, name: &str) -> f64 {
    let at = style
        .find(&format!("{name}:"))
        .unwrap_or_else(|| panic!("no {name} in {style}"));
    style[at + name.len() + 1..]
        .split("px")
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// An outline as the page places it.
struct Outline {
    key: String,
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

/// A page image with the outlines over it.
struct Figure {
    src: String,
    width: u32,
    height: u32,
    outlines: Vec<Outline>,
}

/// The figures of a report page, each with its outlines (every `data-fact` of the page is in
/// one).
fn figures(html: &str) -> Vec<Figure> {
    let mut out = Vec::new();
    for part in html.split("<figure").skip(1) {
        let body = part.split("</figure>").next().unwrap();
        let img = body
            .split("<img")
            .nth(1)
            .unwrap()
            .split('>')
            .next()
            .unwrap();
        let mut fig = Figure {
            src: attr(img, "src").unwrap().to_string(),
            width: attr(img, "width").unwrap().parse().unwrap(),
            height: attr(img, "height").unwrap().parse().unwrap(),
            outlines: Vec::new(),
        };
        for a in body.split("<a ").skip(1) {
            let tag = format!(" {}", a.split('>').next().unwrap());
            let style = attr(&tag, "style").unwrap();
            fig.outlines.push(Outline {
                key: attr(&tag, "data-fact").unwrap().to_string(),
                left: px(style, "left"),
                top: px(style, "top"),
                width: px(style, "width"),
                height: px(style, "height"),
            });
        }
        out.push(fig);
    }
    out
}

/// A grey image: its width, height and 8-bit pixels.
type GreyImage = (u32, u32, Vec<u8>);

/// A grey PNG: its size and pixels, at 8 bits (the view writes 4-bit grey).
fn grey_png(path: &Path) -> GreyImage {
    let mut decoder =
        png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// Whether a pixel within `reach` of (`x`, `y`) is dark: ink, not paper.
fn ink_near(img: &GreyImage, x: f64, y: f64, reach: i64) -> bool {
    let (w, h, px) = img;
    (-reach..=reach).any(|dy| {
        (-reach..=reach).any(|dx| {
            let (xx, yy) = (x.round() as i64 + dx, y.round() as i64 + dy);
            xx >= 0
                && yy >= 0
                && xx < i64::from(*w)
                && yy < i64::from(*h)
                && px[(yy * i64::from(*w) + xx) as usize] < 128
        })
    })
}

#[test]
fn every_fact_of_a_pdf_report_is_outlined_once_on_its_cell() {
    let (dir, _) = corpus();
    let id = report_id(dir, &format!("/{RULED_PDF}"));
    assert_eq!(fact_keys(dir, &id).len(), 351);
    for (fig, img) in outlined_figures(dir, &id, RULED_PDF) {
        for o in &fig.outlines {
            // every value cell of this report is ruled: its outline's edges lie on rulings
            let (cx, cy) = (o.left + o.width / 2.0, o.top + o.height / 2.0);
            for (x, y) in [(cx, o.top), (cx, o.top + o.height), (o.left, cy)] {
                assert!(
                    ink_near(&img, x, y, 2),
                    "{} on {}: no ruling at {x},{y}",
                    o.key,
                    fig.src
                );
            }
        }
    }
}

/// Pixels left out along an outline's edges when looking for its value's ink: the rulings of a
/// ruled cell are drawn there.
const RULING_INSET_PX: f64 = 2.0;

/// Whether any pixel inside the outline `o`, its edges left out, is dark: something printed.
fn ink_within(img: &GreyImage, o: &Outline) -> bool {
    let (w, h, px) = img;
    let x0 = (o.left + RULING_INSET_PX).ceil().max(0.0) as u32;
    let y0 = (o.top + RULING_INSET_PX).ceil().max(0.0) as u32;
    let x1 = ((o.left + o.width - RULING_INSET_PX).floor().max(0.0) as u32).min(*w);
    let y1 = ((o.top + o.height - RULING_INSET_PX).floor().max(0.0) as u32).min(*h);
    (y0..y1).any(|y| (x0..x1).any(|x| px[(y * w + x) as usize] < THIN_INK))
}

/// A pixel darker than this is ink, counting the grey of a thin stroke drawn anti-aliased (the
/// dash of a zero, a pixel high at 100 ppi).
const THIN_INK: u8 = 200;

/// The figures of report `id`'s page in the viewed folder `dir`, each with its image, checked:
/// each of the report's facts outlined once, inside its page image, over printed ink (the value,
/// or the dash of a zero); the page's blank corner shows none. `label` names the report in the
/// messages.
fn outlined_figures(dir: &Path, id: &str, label: &str) -> Vec<(Figure, GreyImage)> {
    let html = std::fs::read_to_string(dir.join(format!("view/{id}.html"))).unwrap();
    let keys = fact_keys(dir, id);
    let figs = figures(&html);
    let mut count: HashMap<&str, usize> = HashMap::new();
    for o in figs.iter().flat_map(|f| &f.outlines) {
        *count.entry(o.key.as_str()).or_default() += 1;
    }
    for k in &keys {
        assert_eq!(count.get(k.as_str()), Some(&1), "{label}: outlines of {k}");
    }
    assert_eq!(count.len(), keys.len(), "{label}: outlines of no fact");
    // (the page's corner is paper: the check finds no ink where nothing is printed)
    let corner = Outline {
        key: String::new(),
        left: 0.0,
        top: 0.0,
        width: 20.0,
        height: 20.0,
    };
    figs.into_iter()
        .map(|fig| {
            let img = grey_png(&dir.join("view").join(&fig.src));
            assert_eq!((img.0, img.1), (fig.width, fig.height), "{}", fig.src);
            assert!(!ink_within(&img, &corner), "{}: ink in the corner", fig.src);
            let (w, h) = (f64::from(fig.width), f64::from(fig.height));
            for o in &fig.outlines {
                assert!(
                    o.left >= 0.0
                        && o.top >= 0.0
                        && o.width > 0.0
                        && o.height > 0.0
                        && o.left + o.width <= w
                        && o.top + o.height <= h,
                    "{label}: {} off its page {}",
                    o.key,
                    fig.src
                );
                assert!(
                    ink_within(&img, o),
                    "{label}: nothing printed under {} on {}",
                    o.key,
                    fig.src
                );
            }
            (fig, img)
        })
        .collect()
}

/// Every PDF report of the viewed folder `dir` checked as [`outlined_figures`] checks one; the
/// number of reports checked.
fn every_fact_outlined_over_its_value(dir: &Path) -> usize {
    let reports = common::read_csv(&dir.join("reports.csv"));
    let pdfs: Vec<_> = reports
        .iter()
        .filter(|r| r["format"] == "pdf" && r["facts"] != "0")
        .collect();
    for r in &pdfs {
        outlined_figures(dir, &r["report_id"], &r["path"]);
    }
    pdfs.len()
}

#[test]
fn every_fact_of_every_pdf_report_of_the_corpus_is_outlined_over_its_value() {
    let (dir, _) = corpus();
    assert!(every_fact_outlined_over_its_value(dir) >= 40);
}

#[test]
fn every_fact_of_the_real_reports_is_outlined_over_its_value() {
    let Some(real) = std::env::var_os("YJS_REAL_CORPUS").map(PathBuf::from) else {
        eprintln!("SKIPPED every_fact_of_the_real_reports_is_outlined_over_its_value: YJS_REAL_CORPUS is not set");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    assert_eq!(common::extract(&[&real], &dir, &[]), 0);
    let o = common::yjs(&[Path::new("view"), dir.as_path()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(every_fact_outlined_over_its_value(&dir) >= 4);
}

#[test]
fn the_index_links_every_report_and_counts_its_findings() {
    let (dir, stderr) = corpus();
    let index = std::fs::read_to_string(dir.join("view/index.html")).unwrap();
    let csv = std::fs::read_to_string(dir.join("reports.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 69);
    assert_eq!(index.matches("<tr class=\"st-").count(), rows.len());
    for r in &rows {
        let id = r.split(',').next().unwrap();
        assert!(index.contains(&format!("href=\"{id}.html\"")), "{id}");
        assert!(dir.join(format!("view/{id}.html")).is_file(), "{id}");
    }
    assert!(stderr.contains("69 reports, 69 pages"), "{stderr}");
    // a second run draws nothing again
    let o = common::yjs(&[Path::new("view"), dir.as_path()]);
    let again = String::from_utf8_lossy(&o.stderr);
    assert!(again.contains("page images: 0 rendered"), "{again}");
}

#[test]
fn docx_and_xlsx_reports_get_their_tables_without_images() {
    let (dir, _) = corpus();
    for name in [
        "长沙市大数据中心-2023-部门决算.docx",
        "长沙市大数据中心-2023-部门决算.xlsx",
    ] {
        let id = report_id(dir, name);
        let html = std::fs::read_to_string(dir.join(format!("view/{id}.html"))).unwrap();
        assert!(!html.contains("<img"), "{name}");
        assert!(!html.contains("data-fact="), "{name}");
        for k in fact_keys(dir, &id) {
            assert!(html.contains(&format!("data-key=\"{k}\"")), "{name}: {k}");
        }
    }
}

#[test]
fn a_folder_without_reports_csv_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = common::yjs(&[Path::new("view"), tmp.path()]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("has no reports.csv"), "{stderr}");
    assert!(!tmp.path().join("view").exists());
}

/// A folder with only the 长沙 DOCX extracted (quick: no page images).
fn docx_folder() -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let docx = common::repo().join("corpus/长沙市大数据中心-2023-部门决算.docx");
    assert_eq!(common::extract(&[&docx], &dir, &[]), 0);
    let id = report_id(&dir, ".docx");
    (tmp, dir, id)
}

#[test]
fn a_missing_or_unreadable_json_is_a_line_of_the_index() {
    let (_tmp, dir, id) = docx_folder();
    let json = dir.join(format!("json/{id}.json"));
    for (damage, says) in [
        (Some(&b"{\"tables\": ["[..]), "does not read"),
        (None, "is missing"),
    ] {
        match damage {
            Some(bytes) => std::fs::write(&json, bytes).unwrap(),
            None => std::fs::remove_file(&json).unwrap(),
        }
        // on one thread, as `--jobs` asks
        let o = common::yjs(&[Path::new("view"), Path::new("--jobs=1"), dir.as_path()]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let index = std::fs::read_to_string(dir.join("view/index.html")).unwrap();
        assert!(index.contains(says), "{says}: {index}");
        assert!(!index.contains(&format!("href=\"{id}.html\"")));
    }
}

#[test]
fn pages_of_reports_no_longer_in_the_folder_are_removed() {
    let (_tmp, dir, id) = docx_folder();
    let view = dir.join("view");
    std::fs::create_dir_all(view.join("img")).unwrap();
    let gone = [
        "0123456789abcdef.html",
        "img/0123456789abcdef-3.png",
        "img/.x.png.1.tmp",
    ];
    for f in gone.iter().chain(&["notes.html", "img/mine.png"]) {
        std::fs::write(view.join(f), b"x").unwrap();
    }
    assert_eq!(
        common::yjs(&[Path::new("view"), dir.as_path()])
            .status
            .code(),
        Some(0)
    );
    for f in gone {
        assert!(!view.join(f).exists(), "{f} kept");
    }
    for f in [
        "notes.html",
        "img/mine.png",
        "index.html",
        &format!("{id}.html"),
    ] {
        assert!(view.join(f).is_file(), "{f} removed");
    }
}

#[test]
fn what_a_document_prints_is_escaped() {
    let (_tmp, dir, id) = docx_folder();
    let path = dir.join(format!("json/{id}.json"));
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let evil = "<script>alert(\"x\")</script> & 'y'";
    json["tables"][0]["title"] = evil.into();
    json["tables"][0]["facts"][0]["row_name"] = evil.into();
    json["findings"][0]["message"] = evil.into();
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    assert_eq!(
        common::yjs(&[Path::new("view"), dir.as_path()])
            .status
            .code(),
        Some(0)
    );
    let html = std::fs::read_to_string(dir.join(format!("view/{id}.html"))).unwrap();
    assert!(!html.contains("<script>alert"), "unescaped");
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;";
    assert!(
        html.matches(escaped).count() >= 4,
        "title, nav, row, finding"
    );
    // the page's own script is the only one
    assert_eq!(html.matches("<script>").count(), 1);
}

#[test]
fn text_in_an_unembedded_cjk_font_is_drawn() {
    if !yjs::view::render::CJK_FONTS
        .iter()
        .any(|(p, _)| Path::new(p).is_file())
    {
        eprintln!("SKIPPED: no CJK font installed (Debian: apt-get install fonts-noto-cjk)");
        return;
    }
    // ReportLab's rendering names STSong-Light, a CJK font it does not embed
    let (dir, _) = corpus();
    let id = report_id(dir, "fonts/gen-1-0008.rl.pdf");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(format!("json/{id}.json"))).unwrap())
            .unwrap();
    let (mut cells, mut inked) = (0, 0);
    for page in json["document"]["pages"].as_array().unwrap() {
        let n = page["number"].as_u64().unwrap();
        let img = dir.join(format!("view/img/{id}-{n}.png"));
        if !img.is_file() {
            continue;
        }
        let img = grey_png(&img);
        let size = (
            page["width"].as_f64().unwrap(),
            page["height"].as_f64().unwrap(),
        );
        for b in page["blocks"].as_array().unwrap() {
            for c in b["cells"].as_array().into_iter().flatten() {
                let text = c["text"].as_str().unwrap();
                if text.is_empty()
                    || !text
                        .chars()
                        .all(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
                {
                    continue;
                }
                let bx = &c["bbox"];
                let (x0, x1) = (bx["x0"].as_f64().unwrap(), bx["x1"].as_f64().unwrap());
                let (y0, y1) = (bx["y0"].as_f64().unwrap(), bx["y1"].as_f64().unwrap());
                let sx = f64::from(img.0) / size.0;
                let sy = f64::from(img.1) / size.1;
                let ink = ((x0 * sx) as i64..(x1 * sx) as i64).any(|x| {
                    ((y0 * sy) as i64..(y1 * sy) as i64)
                        .any(|y| img.2[(y * i64::from(img.0) + x) as usize] < 128)
                });
                cells += 1;
                inked += usize::from(ink);
            }
        }
    }
    assert!(cells >= 20, "{cells} CJK cells");
    assert_eq!(inked, cells, "CJK cells drawn without ink");
}

/// Chromium's headless flags on a machine with a closed network, its profile in `profile`.
fn chromium(profile: &Path) -> Command {
    let mut cmd = Command::new("chromium");
    cmd.args([
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// Runs `cmd` for at most two minutes; its stdout, or `None` when it cannot be started.
fn run_for(mut cmd: Command) -> Option<String> {
    let mut child = match cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("starting chromium: {e}"),
    };
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(reader.join().unwrap())
}

#[test]
fn a_report_page_loads_in_chromium_and_its_script_links_a_fact_to_its_outline() {
    let (dir, _) = corpus();
    let id = report_id(dir, &format!("/{RULED_PDF}"));
    let page = dir.join(format!("view/{id}.html")).canonicalize().unwrap();
    let key = "summary|总计|amount#2";
    let url = format!(
        "file://{}#f={}",
        page.display(),
        key.replace('|', "%7C").replace('#', "%23")
    );
    let profile = tempfile::tempdir().unwrap();
    let mut dump = chromium(profile.path());
    dump.arg("--dump-dom").arg(&url);
    let Some(dom) = run_for(dump) else {
        eprintln!("SKIPPED: chromium is not installed (Debian: apt-get install chromium)");
        return;
    };
    // the script ran to its end and counted the outlines
    assert!(
        dom.contains("data-outlines=\"351\""),
        "{}",
        &dom[..dom.len().min(500)]
    );
    assert_eq!(dom.matches("data-fact=\"").count(), 351);
    // the fact named in the address is highlighted: its outline and its value cells
    let outline = dom
        .split("<a ")
        .find(|t| t.contains(&format!("data-fact=\"{key}\"")))
        .expect("the outline");
    assert!(
        outline.split('>').next().unwrap().contains(" hl"),
        "{outline}"
    );
    let cells = dom
        .split("<td ")
        .filter(|t| t.contains(&format!("data-key=\"{key}\"")))
        .filter(|t| t.split('>').next().unwrap().contains("hl"))
        .count();
    assert_eq!(cells, 2, "the facts table's cell and the printed grid's");
    // clicks: an outline lights its value cells, a value its outline, a finding its cell
    let finding = "general_basic|301|amount";
    let probe = format!(
        r#"<script>
        var r = [], q = function (s) {{ return document.querySelector(s); }};
        q('[data-fact="{key}"]').click();
        r.push(document.querySelectorAll('td.hl[data-key="{key}"]').length);
        q('td[data-key="{finding}"]').click();
        r.push(q('[data-fact="{finding}"]').classList.contains('hl'));
        r.push(document.querySelectorAll('.hl').length);
        q('li.linked').click();
        r.push(q('[data-fact="{finding}"]').classList.contains('hl'));
        r.push(q('li.linked').classList.contains('hl'));
        document.documentElement.setAttribute('data-clicks', r.join(' '));
        </script></body>"#
    );
    let html = std::fs::read_to_string(&page).unwrap();
    let probe_page = page.with_file_name("probe.html");
    std::fs::write(&probe_page, html.replace("</body>", &probe)).unwrap();
    let mut clicks = chromium(profile.path());
    clicks
        .arg("--dump-dom")
        .arg(format!("file://{}", probe_page.display()));
    let dom = run_for(clicks).unwrap();
    std::fs::remove_file(&probe_page).unwrap();
    // (the value's outline, its two cells and the finding about it: 4 lit)
    assert!(
        dom.contains("data-clicks=\"2 true 4 true true\""),
        "{}",
        &dom[..dom.len().min(300)]
    );
    // and it draws
    let shot = profile.path().join("page.png");
    let mut screenshot = chromium(profile.path());
    screenshot
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1600,2000")
        .arg(format!("file://{}", page.display()));
    run_for(screenshot).unwrap();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let info = decoder.read_info().unwrap();
    assert_eq!((info.info().width, info.info().height), (1600, 2000));
}
