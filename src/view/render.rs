//! Page images for `yjs view`: the pages of a PDF that hold facts, rendered in process by `hayro`
//! (pure Rust: nothing to install) and written as 8-bit grey PNG; and the one mapping from a box
//! in page points to the pixels of such an image ([`to_pixels`]).
//!
//! Chosen by measurement over the 393 pages of `corpus/`'s 43 PDFs that hold facts, at 100 ppi
//! (release builds): `hayro` 3.7 ms of CPU a page drawn and encoded inside `yjs view` (3-9 ms to
//! draw, 1.2 ms to encode in a bench of its own), against 118-152 ms a page for poppler's
//! `pdftoppm -png` as a subprocess (30 ms as JPEG); both draw embedded CJK fonts alike, and both
//! need a system CJK font for a font the PDF does not embed ([`CJK_FONTS`]).

use super::doc::BoxPt;
use hayro::hayro_interpret::font::{FontData, FontQuery};
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::kurbo::Affine;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::vello_cpu::{Pixmap, RasterizerSettings, RenderContext, Resources, TargetInit};
use hayro::{render_into, RenderCache, RenderSettings};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// The images' resolution: 9-point table text is 12.5 pixels high, legible, and an A4 page is
/// 827 × 1169 pixels (about 60 KB as grey PNG).
pub const PPI: f64 = 100.0;

/// Points an inch: the unit of the document model's coordinates.
const POINTS_PER_INCH: f64 = 72.0;

/// The longest side of an image: a page declared larger (a poster, a damaged MediaBox) is
/// scaled down to it, so that no image takes more than 16 MB to render.
const MAX_SIDE_PX: f64 = 4096.0;

/// System fonts that draw the CJK text of a font a PDF does not embed (often 宋体 or
/// STSong-Light), tried in order, with the face of a collection to use: Debian's
/// `fonts-noto-cjk` (face 2 is Simplified Chinese), `fonts-wqy-zenhei`, `fonts-wqy-microhei`.
pub const CJK_FONTS: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
];

/// The size in pixels of the image of a page of `width` × `height` points.
pub fn image_size(width: f64, height: f64) -> (u32, u32) {
    let scale = scale_for(width, height);
    let px = |pt: f64| (pt * scale).round().clamp(1.0, MAX_SIDE_PX) as u32;
    (px(width), px(height))
}

/// Pixels a point for a page of `width` × `height` points.
fn scale_for(width: f64, height: f64) -> f64 {
    let longest = width.max(height).max(1.0);
    (PPI / POINTS_PER_INCH).min(MAX_SIDE_PX / longest)
}

/// A box on a page image, in pixels from its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixelBox {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// The pixels of a page image that box `b` covers. `b` is in the document model's frame — points
/// from the top-left corner of the visible page (its CropBox, rotation applied), `y` growing
/// downwards — which is the rendered image's frame too: the mapping is a scale on each axis,
/// `page` (width, height in points) onto `image` (in pixels), with no flip. A box reaching
/// past the page is cut at its edge.
pub fn to_pixels(b: &BoxPt, page: (f64, f64), image: (u32, u32)) -> PixelBox {
    let sx = f64::from(image.0) / page.0.max(f64::MIN_POSITIVE);
    let sy = f64::from(image.1) / page.1.max(f64::MIN_POSITIVE);
    let (w, h) = (f64::from(image.0), f64::from(image.1));
    let left = (b.x0 * sx).clamp(0.0, w);
    let top = (b.y0 * sy).clamp(0.0, h);
    let right = (b.x1 * sx).clamp(left, w);
    let bottom = (b.y1 * sy).clamp(top, h);
    PixelBox {
        left,
        top,
        width: right - left,
        height: bottom - top,
    }
}

/// The font a PDF's unembedded fonts are drawn with, looked for once; whether a page asked for
/// a CJK font when none is installed.
#[derive(Default)]
pub struct Fonts {
    cjk: OnceLock<Option<(FontData, u32)>>,
    missing_cjk: AtomicBool,
}

impl Fonts {
    /// Whether some page needed a CJK font that is not installed (its text is left out).
    pub fn cjk_missing(&self) -> bool {
        self.missing_cjk.load(Ordering::Relaxed)
    }

    /// The first of [`CJK_FONTS`] installed.
    fn cjk(&self) -> Option<(FontData, u32)> {
        let found = self.cjk.get_or_init(|| {
            CJK_FONTS.iter().find_map(|&(path, face)| {
                let data = std::fs::read(path).ok()?;
                Some((Arc::new(data) as FontData, face))
            })
        });
        if found.is_none() {
            self.missing_cjk.store(true, Ordering::Relaxed);
        }
        found.clone()
    }

    /// hayro's settings: a standard font from those it embeds, an unembedded CID-keyed font
    /// (CJK, in these reports) from the system's CJK font, any other from the standard font
    /// closest to it.
    fn settings(self: &Arc<Self>) -> InterpreterSettings {
        let fonts = Arc::clone(self);
        InterpreterSettings {
            font_resolver: Arc::new(move |query| match query {
                FontQuery::Standard(s) => Some(s.get_font_data()),
                FontQuery::Fallback(f) => {
                    let cjk = f.character_collection.as_ref().and_then(|_| fonts.cjk());
                    cjk.or_else(|| Some(f.pick_standard_font().get_font_data()))
                }
            }),
            ..InterpreterSettings::default()
        }
    }
}

/// A PDF opened for rendering.
pub struct Source {
    pdf: Pdf,
}

impl Source {
    /// Parses `bytes`; `Err` with the reason when they are no PDF hayro reads.
    pub fn open(bytes: Vec<u8>) -> Result<Source, String> {
        Pdf::new(bytes)
            .map(|pdf| Source { pdf })
            .map_err(|e| format!("the renderer cannot read it ({e:?})"))
    }

    /// Renders the pages numbered `pages` (1-based; each at its [`image_size`] from the
    /// document model's `(width, height)` in points) and writes each where `dest` says, as grey
    /// PNG. Returns, page by page, the error that left it without an image.
    pub fn render(
        &self,
        pages: &[(u32, (f64, f64))],
        fonts: &Arc<Fonts>,
        dest: impl Fn(u32) -> std::path::PathBuf,
    ) -> Vec<(u32, Option<String>)> {
        let all = self.pdf.pages();
        let cache = RenderCache::new();
        let settings = fonts.settings();
        let mut ctx = RenderContext::new(1, 1);
        let mut resources = Resources::default();
        let mut out = Vec::with_capacity(pages.len());
        for &(number, (w, h)) in pages {
            let Some(page) = (number as usize).checked_sub(1).and_then(|i| all.get(i)) else {
                out.push((number, Some(format!("the PDF has no page {number}"))));
                continue;
            };
            let (iw, ih) = image_size(w, h);
            let (pw, ph) = page.render_dimensions();
            ctx.reset_and_resize(iw as u16, ih as u16);
            let fit = Affine::scale_non_uniform(
                f64::from(iw) / f64::from(pw).max(1.0),
                f64::from(ih) / f64::from(ph).max(1.0),
            );
            let transform = fit * page.initial_transform(true).to_kurbo();
            let look = RenderSettings::default();
            render_into(page, &cache, &settings, &look, &mut ctx, transform);
            ctx.flush();
            let mut pixmap = Pixmap::new(ctx.width(), ctx.height());
            let fill = RasterizerSettings {
                target_init: TargetInit::Clear(WHITE),
                ..Default::default()
            };
            ctx.render_with(&mut pixmap, &mut resources, fill);
            let written = write_grey_png(&pixmap, &dest(number));
            out.push((
                number,
                written.err().map(|e| format!("writing its image: {e}")),
            ));
        }
        out
    }
}

/// Writes `pixmap` (opaque: drawn on white) to `path` as an 8-bit grey PNG, compressed for
/// speed (1.2 ms an A4 page at 100 ppi, 60 KB; the default compression takes 3 ms for 10 %
/// less).
fn write_grey_png(pixmap: &Pixmap, path: &Path) -> std::io::Result<()> {
    let grey: Vec<u8> = pixmap.data().iter().map(|p| luma(p.r, p.g, p.b)).collect();
    let mut bytes = Vec::with_capacity(grey.len() / 8);
    let mut enc = png::Encoder::new(
        &mut bytes,
        u32::from(pixmap.width()),
        u32::from(pixmap.height()),
    );
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    let mut w = enc.write_header().map_err(std::io::Error::other)?;
    w.write_image_data(&grey).map_err(std::io::Error::other)?;
    w.finish().map_err(std::io::Error::other)?;
    crate::output::write_redoable(path, &bytes)
}

/// The grey of an sRGB colour (ITU-R BT.601 weights in 8-bit fixed point: 77 + 150 + 29 = 256).
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((77 * u32::from(r) + 150 * u32::from(g) + 29 * u32::from(b)) >> 8) as u8
}

/// The size of the PNG at `path` from its header, where it is one.
pub fn png_size(path: &Path) -> Option<(u32, u32)> {
    use std::io::Read;
    let mut head = [0u8; 24];
    std::fs::File::open(path).ok()?.read_exact(&mut head).ok()?;
    // the signature, then the IHDR chunk: length, type, width, height (big-endian)
    if &head[..8] != b"\x89PNG\r\n\x1a\n" || &head[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&head[16..20]), be(&head[20..24])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bx(x0: f64, y0: f64, x1: f64, y1: f64) -> BoxPt {
        BoxPt { x0, y0, x1, y1 }
    }

    #[test]
    fn an_a4_page_is_827_by_1169_pixels() {
        assert_eq!(image_size(595.28, 841.89), (827, 1169));
        // landscape
        assert_eq!(image_size(841.89, 595.28), (1169, 827));
        // a huge page is scaled down to the longest side allowed
        assert_eq!(image_size(14400.0, 7200.0), (4096, 2048));
    }

    #[test]
    fn a_box_maps_from_the_top_left_corner_without_a_flip() {
        // 长沙市大数据中心's 收入支出决算总表 (p.5, 594.96 × 841.92 pt, 826 × 1169 px): the grid's
        // top ruling is at y = 148.69 pt and shows at row 206 of the rendered image; with a
        // bottom-left origin it would be at 963
        let page = (594.96, 841.92);
        let image = (826, 1169);
        let p = to_pixels(&bx(57.19, 148.69, 539.06, 451.31), page, image);
        let near = |a: f64, b: f64| (a - b).abs() < 0.01;
        assert!(near(p.top, 206.455) && near(p.left, 79.399), "{p:?}");
        assert!(near(p.top + p.height, 626.641), "{p:?}");
        assert!(near(p.left + p.width, 748.392), "{p:?}");
        // the page's corners are the image's
        let whole = to_pixels(&bx(0.0, 0.0, page.0, page.1), page, image);
        assert_eq!(
            whole,
            PixelBox {
                left: 0.0,
                top: 0.0,
                width: 826.0,
                height: 1169.0
            }
        );
    }

    #[test]
    fn a_box_past_the_page_is_cut_at_its_edge() {
        let p = to_pixels(&bx(-10.0, 800.0, 700.0, 900.0), (600.0, 840.0), (600, 840));
        assert_eq!(
            p,
            PixelBox {
                left: 0.0,
                top: 800.0,
                width: 600.0,
                height: 40.0
            }
        );
    }

    #[test]
    fn grey_keeps_white_white_and_black_black() {
        assert_eq!(luma(255, 255, 255), 255);
        assert_eq!(luma(0, 0, 0), 0);
        assert!(luma(255, 0, 0) < 128);
    }

    #[test]
    fn a_png_header_gives_the_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.png");
        let pixmap = Pixmap::new(3, 2);
        write_grey_png(&pixmap, &path).unwrap();
        assert_eq!(png_size(&path), Some((3, 2)));
        std::fs::write(&path, b"not a png at all, but long enough").unwrap();
        assert_eq!(png_size(&path), None);
    }
}
