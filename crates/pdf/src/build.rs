//! Assembling small PDFs from object bodies, for tests, fuzz seeds and corpus generation.

/// A PDF whose objects are `objects` (numbered 1, 2, … in order; object 1 must be the catalog),
/// with a correct cross-reference table; `trailer_extra` is appended to the trailer dictionary.
pub fn assemble(objects: &[&str], trailer_extra: &str) -> Vec<u8> {
    let objects: Vec<&[u8]> = objects.iter().map(|o| o.as_bytes()).collect();
    assemble_bytes(&objects, trailer_extra)
}

/// [`assemble`] with object bodies as bytes (binary stream data).
pub fn assemble_bytes(objects: &[&[u8]], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A one-page PDF (595 × 842) with `content` as its content stream and `fonts` as
/// `(resource name, font dictionary body)` pairs; extra objects follow the fonts.
pub fn one_page(content: &[u8], fonts: &[(&str, &str)], extra: &[&str]) -> Vec<u8> {
    let font_refs: String = fonts
        .iter()
        .enumerate()
        .map(|(i, (n, _))| format!("/{n} {} 0 R ", 5 + i))
        .collect();
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << {font_refs}>> >> >>"
    );
    let stream = format!(
        "<< /Length {} >>\nstream\n{}\nendstream",
        content.len(),
        String::from_utf8_lossy(content)
    );
    let mut objs: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        page,
        stream,
    ];
    objs.extend(fonts.iter().map(|(_, d)| d.to_string()));
    objs.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = objs.iter().map(|s| s.as_str()).collect();
    assemble(&refs, "")
}

/// A small PDF that is slow to interpret: its `pages` pages share one content stream that draws
/// a Form XObject nested six deep, each level drawing the next ten times (a million strokes a
/// page). For tests of the time limit.
pub fn runaway(pages: usize) -> Vec<u8> {
    const DEPTH: usize = 6;
    let first_page = 4 + DEPTH + 1;
    let kids: String = (0..pages)
        .map(|i| format!("{} 0 R ", first_page + i))
        .collect();
    let stream = |dict: &str, content: &str| {
        format!(
            "<< {dict} /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        )
    };
    let mut objs: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {pages} >>"),
        stream("", "/X0 Do"),
    ];
    for level in 0..=DEPTH {
        let (res, content) = if level < DEPTH {
            (
                format!(
                    "/Resources << /XObject << /X{} {} 0 R >> >>",
                    level + 1,
                    5 + level
                ),
                format!("/X{} Do ", level + 1).repeat(10),
            )
        } else {
            (String::new(), "0 0 m 10 10 l S".to_string())
        };
        objs.push(stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 595 842] {res}"),
            &content,
        ));
    }
    for _ in 0..pages {
        objs.push(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /XObject << /X0 4 0 R >> >> >>".into(),
        );
    }
    let refs: Vec<&str> = objs.iter().map(|s| s.as_str()).collect();
    assemble(&refs, "")
}
