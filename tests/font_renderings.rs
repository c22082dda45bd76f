//! Renderings of generated reports whose fonts carry no ToUnicode map (`corpus/fonts`, ground
//! truth in `golden/fonts`, made by `scripts/gen_corpus.py --producers reportlab,notounicode`):
//! reportlab's non-embedded `STSong-Light` under `UniGB-UCS2-H` with no rulings (`.rl.pdf`), and
//! Chromium's PDF with every `/ToUnicode` deleted (`.notu.pdf`). Each gives exactly the facts of
//! its report, and its metadata.

mod common;

use common::*;

#[test]
fn renderings_without_tounicode_give_their_reports_facts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = repo().join("corpus").join("fonts");
    assert_eq!(extract(&[&input], &out, &["--jobs", "2"]), 0);
    let reports = read_csv(&out.join("reports.csv"));
    let facts = read_csv(&out.join("facts.csv"));
    let gdir = repo().join("golden").join("fonts");
    assert_eq!(reports.len(), 4, "two reports, two renderings each");
    for r in &reports {
        let file = file_name(r);
        let stem = file.split('.').next().unwrap();
        let golden = read_csv(&gdir.join(format!("{stem}.facts.csv")));
        let s = score(&golden, &of_report(&facts, r));
        assert_eq!(
            (s.matched_golden, s.golden, s.matched_all_out, s.all_out),
            (s.golden, s.golden, s.all_out, s.all_out),
            "{file}: facts differ from the ground truth"
        );
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(gdir.join(format!("{stem}.meta.json"))).unwrap())
                .unwrap();
        assert_eq!(
            r["department"],
            meta["department"].as_str().unwrap(),
            "{file}"
        );
        assert_eq!(r["year"], meta["year"].to_string(), "{file}");
        assert_eq!(r["status"], "ok", "{file}");
    }
}
