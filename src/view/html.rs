//! The HTML of `yjs view`: the index of the folder's reports and one page per report. The style
//! and the page's own scripts are inline; a page drawing its PDF in the browser loads pdf.js from
//! `assets/` and the report's file from `pdf/` (see [`super::assets`]). Every text that comes
//! from a document goes through [`escape`].

use super::doc::{Fact, Table};
use super::render::{to_pixels, PixelBox};
use super::{Entry, Pages, ReportView};
use std::collections::HashMap;
use std::fmt::Write;

/// The style of every page.
const STYLE: &str = include_str!("view.css");

/// The script of a report's page: a fact, its outline and its findings highlight one another.
const SCRIPT: &str = include_str!("view.js");

/// The script that draws a report's PDF pages in the browser, with pdf.js.
const DRAW: &str = include_str!("draw.js");

/// `s` with the characters HTML gives a meaning to (`&`, `<`, `>`, `"`, `'`) as references: safe
/// as text and inside a quoted attribute.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], appended to `out`.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// The start of a page titled `title`, up to the opening of its body.
fn head(out: &mut String, title: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width\">");
    let _ = write!(
        out,
        "<title>{}</title><style>{STYLE}</style></head><body>",
        escape(title)
    );
}

/// `OUT/view/index.html`: every row of `reports.csv`, with its counts and a link to its page.
pub fn index(folder: &str, entries: &[Entry]) -> String {
    let mut out = String::with_capacity(256 * (entries.len() + 4));
    head(&mut out, &format!("yjs view: {folder}"));
    let _ = write!(
        out,
        "<header><h1>{} reports</h1><p>{}</p></header><main><table class=\"index\"><thead><tr>",
        entries.len(),
        escape(folder)
    );
    let columns = [
        "report",
        "department",
        "year",
        "kind",
        "scope",
        "format",
        "status",
        "tables",
        "facts",
        "errors",
        "warnings",
        "note",
    ];
    for c in columns {
        let _ = write!(out, "<th>{c}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for e in entries {
        index_row(&mut out, e);
    }
    out.push_str("</tbody></table></main></body></html>\n");
    out
}

/// A row of the index.
fn index_row(out: &mut String, e: &Entry) {
    let r = &e.row;
    let name = r.path.rsplit(['/', '\\']).next().unwrap_or(&r.path);
    let _ = write!(out, "<tr class=\"st-{}\"><td>", r.status.as_str());
    if e.page {
        let _ = write!(
            out,
            "<a href=\"{}.html\" title=\"{}\">{}</a>",
            escape(&r.report_id),
            escape(&r.path),
            escape(name)
        );
    } else {
        let _ = write!(
            out,
            "<span title=\"{}\">{}</span>",
            escape(&r.path),
            escape(name)
        );
    }
    out.push_str("</td>");
    let count = |n: Option<usize>| n.map_or_else(|| "–".to_string(), |n| n.to_string());
    let cells = [
        r.department.clone(),
        r.year.clone(),
        r.kind.as_str().to_string(),
        r.scope.as_str().to_string(),
        r.format.as_str().to_string(),
        r.status.as_str().to_string(),
        r.tables.to_string(),
        r.facts.to_string(),
        count(e.errors),
        count(e.warnings),
    ];
    for c in cells {
        let _ = write!(out, "<td>{}</td>", escape(&c));
    }
    let note = match (&e.note, r.error.is_empty()) {
        (Some(n), _) => n.clone(),
        (None, false) => r.error.clone(),
        (None, true) => String::new(),
    };
    let _ = write!(out, "<td class=\"note\">{}</td></tr>", escape(&note));
}

/// `OUT/view/<report_id>.html`: the report's findings, then each table with its facts, its
/// printed cells and the page images with every fact's cell outlined.
pub fn report(v: &ReportView) -> String {
    let r = v.row;
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("{} {} {}", r.department, r.year, r.kind.as_str());
    head(&mut out, &title);
    let _ = write!(
        out,
        "<header><p><a href=\"index.html\">← all reports</a></p><h1>{}</h1><p>{} · {} · {} · \
         {} tables, {} facts · {} errors, {} warnings</p>",
        escape(&title),
        escape(&r.path),
        escape(r.format.as_str()),
        escape(r.status.as_str()),
        r.tables,
        r.facts,
        v.count("error"),
        v.count("warning"),
    );
    for n in &v.notes {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(n));
    }
    out.push_str("<nav>");
    for (ti, t) in v.doc.tables.iter().enumerate() {
        let _ = write!(out, "<a href=\"#t{ti}\">{}</a> ", escape(&t.title));
    }
    out.push_str("</nav></header><main>");
    findings(&mut out, v);
    for ti in 0..v.doc.tables.len() {
        table(&mut out, v, ti);
    }
    out.push_str("</main>");
    if v.mode == Pages::Browser && !v.images.is_empty() {
        let _ = write!(
            out,
            "<script src=\"assets/pdf.min.js\"></script><script src=\"assets/pdf.worker.min.js\">\
             </script><script src=\"pdf/{}\"></script><script>{DRAW}</script>",
            escape(&super::assets::source_name(&r.report_id))
        );
    }
    let _ = writeln!(out, "<script>{SCRIPT}</script></body></html>");
    out
}

/// The list of findings, each numbered as the `data-findings` of the cells it is about.
fn findings(out: &mut String, v: &ReportView) {
    let _ = write!(
        out,
        "<section id=\"findings\"><h2>Findings ({})</h2><ol>",
        v.doc.findings.len()
    );
    for (i, g) in v.doc.findings.iter().enumerate() {
        let at = [g.table.as_str(), g.row.as_str(), g.column.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| escape(s))
            .collect::<Vec<_>>()
            .join(" · ");
        let page = g.page.map(|p| format!(" · p.{p}")).unwrap_or_default();
        let linked = if v.targets[i].is_empty() {
            ""
        } else {
            " linked"
        };
        let _ = write!(
            out,
            "<li class=\"sev-{sev}{linked}\" data-finding=\"{i}\" tabindex=\"0\"><b>{rule}</b> \
             <span class=\"sev\">{sev}</span> <span class=\"at\">{at}{page}</span><br>{msg}</li>",
            sev = escape(&g.severity),
            rule = escape(&g.rule),
            msg = escape(&g.message),
        );
    }
    out.push_str("</ol></section>");
}

/// One table: its facts as rows × column keys, its grids as printed, and its pages.
fn table(out: &mut String, v: &ReportView, ti: usize) {
    let t = &v.doc.tables[ti];
    let pages = fact_pages(t);
    let _ = write!(
        out,
        "<section class=\"tbl\" id=\"t{ti}\"><h2>{}</h2><p class=\"meta\">{} · {} · {} facts</p>\
         <div class=\"cols\"><div class=\"data\">",
        escape(&t.title),
        escape(t.key.as_deref().unwrap_or("not a canonical table")),
        escape(t.unit.as_deref().unwrap_or("no unit")),
        t.facts.len(),
    );
    if !t.facts.is_empty() {
        facts_table(out, v, ti);
    }
    for (gi, g) in t.grids.iter().enumerate() {
        if let Some(cells) = v.doc.grid(*g) {
            let _ = write!(
                out,
                "<details{}><summary>printed cells, grid {} on p.{}</summary>",
                if t.facts.is_empty() { " open" } else { "" },
                gi + 1,
                g.page
            );
            grid_table(out, v, g.page, cells);
            out.push_str("</details>");
        }
    }
    out.push_str("</div><div class=\"pages\">");
    for p in pages {
        page_figure(out, v, ti, p);
    }
    out.push_str("</div></div></section>");
}

/// The pages `t`'s facts are printed on, in order.
fn fact_pages(t: &Table) -> Vec<u32> {
    let mut pages: Vec<u32> = t.facts.iter().map(|f| f.page).collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

/// A row of the facts table: side, code, name, and the occurrence of its key.
type RowId<'a> = (&'a str, &'a str, &'a str, usize);

/// The facts of table `ti` laid out as printed rows × column keys.
fn facts_table(out: &mut String, v: &ReportView, ti: usize) {
    let t = &v.doc.tables[ti];
    let keys = &v.keys[ti];
    let mut rows: Vec<RowId> = Vec::new();
    let mut columns: Vec<&str> = Vec::new();
    let mut at: HashMap<(RowId, &str), usize> = HashMap::new();
    for (fi, f) in t.facts.iter().enumerate() {
        let id = (
            f.side.as_deref().unwrap_or(""),
            f.row_code.as_str(),
            f.row_name.as_str(),
            occurrence(&keys[fi]),
        );
        if !rows.contains(&id) {
            rows.push(id);
        }
        if !columns.contains(&f.column.as_str()) {
            columns.push(&f.column);
        }
        at.insert((id, f.column.as_str()), fi);
    }
    let sided = rows.iter().any(|r| !r.0.is_empty());
    out.push_str("<table class=\"facts\"><thead><tr>");
    if sided {
        out.push_str("<th>side</th>");
    }
    out.push_str("<th>code</th><th>row</th>");
    for c in &columns {
        let _ = write!(out, "<th>{}</th>", escape(c));
    }
    out.push_str("</tr></thead><tbody>");
    for id in &rows {
        out.push_str("<tr>");
        if sided {
            let _ = write!(out, "<td>{}</td>", escape(id.0));
        }
        let _ = write!(out, "<td>{}</td><td>{}</td>", escape(id.1), escape(id.2));
        for c in &columns {
            match at.get(&(*id, *c)) {
                Some(&fi) => fact_cell(out, v, ti, fi),
                None => out.push_str("<td></td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// The occurrence a key ends with (`#2`), 1 for none.
fn occurrence(key: &str) -> usize {
    key.rsplit_once('#')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(1)
}

/// What every element standing for fact `fi` of table `ti` carries beside its key: the
/// attribute listing its findings (`data-findings`, empty without any) and the class of the worst
/// of them (`sev-error` …, empty without any).
fn finding_attrs(v: &ReportView, ti: usize, fi: usize) -> (String, &'static str) {
    let Some(list) = v.by_fact.get(&(ti, fi)) else {
        return (String::new(), "");
    };
    let ids: Vec<String> = list.iter().map(|i| i.to_string()).collect();
    let worst = [
        ("error", "sev-error"),
        ("warning", "sev-warning"),
        ("info", "sev-info"),
    ]
    .into_iter()
    .find(|(s, _)| list.iter().any(|&i| v.doc.findings[i].severity == *s))
    .map_or("sev-info", |(_, class)| class);
    (format!(" data-findings=\"{}\"", ids.join(" ")), worst)
}

/// A value cell of the facts table.
fn fact_cell(out: &mut String, v: &ReportView, ti: usize, fi: usize) {
    let f = &v.doc.tables[ti].facts[fi];
    let (findings, class) = finding_attrs(v, ti, fi);
    let _ = write!(
        out,
        "<td class=\"{class}\" data-key=\"{}\"{findings} title=\"p.{}\">{}</td>",
        escape(&v.keys[ti][fi]),
        f.page,
        escape(&f.value)
    );
}

/// A grid as printed: every cell at its row and column with its spans; a cell that holds a fact
/// carries the fact's key.
fn grid_table(out: &mut String, v: &ReportView, page: u32, cells: &[super::doc::Cell]) {
    let mut order: Vec<&super::doc::Cell> = cells.iter().collect();
    order.sort_by_key(|c| (c.row, c.col));
    out.push_str("<table class=\"cells\"><tbody><tr>");
    let mut row = order.first().map_or(0, |c| c.row);
    for c in order {
        while row < c.row {
            out.push_str("</tr><tr>");
            row += 1;
        }
        let span = |n: usize, name: &str| {
            if n > 1 {
                format!(" {name}=\"{n}\"")
            } else {
                String::new()
            }
        };
        let _ = write!(
            out,
            "<td{}{}",
            span(c.row_span, "rowspan"),
            span(c.col_span, "colspan")
        );
        if let Some(&(ti, fi)) = v.by_box.get(&super::box_key(page, &c.bbox)) {
            let (findings, class) = finding_attrs(v, ti, fi);
            let _ = write!(
                out,
                " class=\"{class}\" data-key=\"{}\"{findings}",
                escape(&v.keys[ti][fi])
            );
        }
        let _ = write!(out, ">{}</td>", escape(&c.text));
    }
    out.push_str("</tr></tbody></table>");
}

/// Page `p` of table `ti`: its image with an outline over the cell of each of the table's facts
/// printed on it; without an image, a line saying so.
fn page_figure(out: &mut String, v: &ReportView, ti: usize, p: u32) {
    let (Some(&(iw, ih)), Some(page)) = (v.images.get(&p), v.doc.page(p)) else {
        if v.doc.document.format == "pdf" {
            let _ = write!(out, "<p class=\"noimg\">p.{p}: no image</p>");
        }
        return;
    };
    let _ = write!(
        out,
        "<figure class=\"page\" style=\"width:{iw}px;height:{ih}px\">"
    );
    match v.mode {
        Pages::Browser => {
            let _ = write!(
                out,
                "<canvas data-page=\"{p}\" width=\"{iw}\" height=\"{ih}\" \
                 aria-label=\"page {p}\"></canvas>"
            );
        }
        Pages::Images => {
            let _ = write!(
                out,
                "<img src=\"img/{}\" width=\"{iw}\" height=\"{ih}\" alt=\"page {p}\" \
                 loading=\"lazy\">",
                escape(&super::image_name(&v.row.report_id, p))
            );
        }
    }
    let t = &v.doc.tables[ti];
    for (fi, f) in t.facts.iter().enumerate() {
        let Some(b) = f.bbox.filter(|_| f.page == p) else {
            continue;
        };
        let px = to_pixels(&b, (page.width, page.height), (iw, ih));
        outline(out, v, ti, fi, f, &px);
    }
    let _ = write!(out, "<figcaption>p.{p}</figcaption></figure>");
}

/// The outline of fact `fi` of table `ti` at `px`: positioned over its cell, keyed `data-fact`.
fn outline(out: &mut String, v: &ReportView, ti: usize, fi: usize, f: &Fact, px: &PixelBox) {
    let row = [f.row_code.as_str(), f.row_name.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let side = f
        .side
        .as_deref()
        .map(|s| format!("{s} · "))
        .unwrap_or_default();
    let label = format!("{side}{row} · {} = {}, p.{}", f.column, f.value, f.page);
    let (findings, class) = finding_attrs(v, ti, fi);
    let _ = write!(
        out,
        "<a class=\"o {class}\" data-fact=\"{}\"{findings} title=\"{}\" style=\"left:{:.1}px;\
         top:{:.1}px;width:{:.1}px;height:{:.1}px\"></a>",
        escape(&v.keys[ti][fi]),
        escape(&label),
        px.left,
        px.top,
        px.width,
        px.height
    );
}

impl ReportView<'_> {
    /// The report's findings of `severity`.
    fn count(&self, severity: &str) -> usize {
        self.doc
            .findings
            .iter()
            .filter(|g| g.severity == severity)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_report_prints_is_escaped() {
        assert_eq!(
            escape(r#"<b>收入 & 支出</b> "合计" 'x'"#),
            "&lt;b&gt;收入 &amp; 支出&lt;/b&gt; &quot;合计&quot; &#39;x&#39;"
        );
        assert_eq!(escape("一般公共预算"), "一般公共预算");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn a_key_ends_with_its_occurrence() {
        assert_eq!(occurrence("summary|总计|amount"), 1);
        assert_eq!(occurrence("summary|总计|amount#2"), 2);
    }
}
