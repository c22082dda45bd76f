//! Page images for `yjs view`: the pages of a PDF that hold facts, rendered in process by `hayro`
//! (pure Rust: nothing to install) and written as 4-bit grey PNG; and the one mapping from a box
//! in page points to the pixels of such an image ([`to_pixels`]).
//!
//! Chosen by measurement over the 393 pages of `corpus/`'s 43 PDFs that hold facts, at 100 ppi
//! (release builds): `hayro` 3.7 ms of CPU a page drawn and encoded inside `yjs view` (3-9 ms to
//! draw, 1.2 ms to encode in a bench of its own; 2.7 ms since the pixmap is reused, the grey
//! packed 4-bit and hinting left off), against 118-152 ms a page for poppler's
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
/// 827 × 1169 pixels (about 35 KB as 4-bit grey PNG).
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
    /// document model's `(width, height)` in points, turned by its quarter turns) and writes each where `dest` says, as grey
    /// PNG. Returns, page by page, the error that left it without an image.
    pub fn render(
        &self,
        pages: &[(u32, (f64, f64), u8)],
        fonts: &Arc<Fonts>,
        dest: impl Fn(u32) -> std::path::PathBuf,
    ) -> Vec<(u32, Option<String>)> {
        let all = self.pdf.pages();
        let cache = RenderCache::new();
        let settings = fonts.settings();
        let mut canvas = Canvas::default();
        let mut out = Vec::with_capacity(pages.len());
        for &(number, (w, h), turns) in pages {
            let Some(page) = (number as usize).checked_sub(1).and_then(|i| all.get(i)) else {
                out.push((number, Some(format!("the PDF has no page {number}"))));
                continue;
            };
            let (iw, ih) = image_size(w, h);
            let transform = turn(turns, (iw, ih))
                * fit(page.render_dimensions(), (iw, ih), turns)
                * page.initial_transform(true).to_kurbo();
            let ctx = canvas.start(iw as u16, ih as u16);
            render_into(page, &cache, &settings, &LOOK, ctx, transform);
            let written = canvas
                .finish()
                .and_then(|png| crate::output::write_redoable(&dest(number), png));
            out.push((
                number,
                written.err().map(|e| format!("writing its image: {e}")),
            ));
        }
        out
    }
}

/// The map from the displayed page (`display`, its size in points) onto the image, before the
/// image is turned: a scale on each axis to the image's size (`image`, once turned).
fn fit(display: (f32, f32), image: (u32, u32), turns: u8) -> Affine {
    let (iw, ih) = if turns % 2 == 1 {
        (image.1, image.0)
    } else {
        image
    };
    Affine::scale_non_uniform(
        f64::from(iw) / f64::from(display.0).max(1.0),
        f64::from(ih) / f64::from(display.1).max(1.0),
    )
}

/// The image of a page turned by `turns` quarter turns clockwise, as the document model turned
/// the page whose text ran sideways; `image` is the turned image's size in pixels.
fn turn(turns: u8, image: (u32, u32)) -> Affine {
    let (w, h) = (f64::from(image.0), f64::from(image.1));
    match turns % 4 {
        // (x, y) → (w − y, x): the displayed image was h wide and w high
        1 => Affine::new([0.0, 1.0, -1.0, 0.0, w, 0.0]),
        2 => Affine::new([-1.0, 0.0, 0.0, -1.0, w, h]),
        3 => Affine::new([0.0, -1.0, 1.0, 0.0, 0.0, h]),
        _ => Affine::IDENTITY,
    }
}

/// How pages are drawn: hayro's defaults without hinting, which looks the same at 100 ppi (the
/// glyphs of a table's 9-12 point text) and takes 7 % fewer instructions.
const LOOK: RenderSettings = RenderSettings {
    force_image_interpolation: false,
    aliasing_threshold: None,
    hinting: false,
    glyph_caching: true,
};

/// What drawing a page needs, kept from one page to the next (a new pixmap, zeroed, cost 8 %
/// of the drawing): the renderer, its pixmap, the packed grey image and its PNG.
struct Canvas {
    ctx: RenderContext,
    resources: Resources,
    pixmap: Pixmap,
    grey: Vec<u8>,
    png: Vec<u8>,
}

impl Default for Canvas {
    fn default() -> Canvas {
        Canvas {
            ctx: RenderContext::new(1, 1),
            resources: Resources::default(),
            pixmap: Pixmap::new(1, 1),
            grey: Vec::new(),
            png: Vec::new(),
        }
    }
}

impl Canvas {
    /// A blank page of `width` × `height` pixels to draw on.
    fn start(&mut self, width: u16, height: u16) -> &mut RenderContext {
        self.ctx.reset_and_resize(width, height);
        &mut self.ctx
    }

    /// What was drawn, on white, as a grey PNG.
    fn finish(&mut self) -> std::io::Result<&[u8]> {
        self.ctx.flush();
        // the scene covers the whole pixmap: its white fill reaches every pixel, old or new
        self.pixmap.resize(self.ctx.width(), self.ctx.height());
        let fill = RasterizerSettings {
            target_init: TargetInit::Clear(WHITE),
            ..Default::default()
        };
        self.ctx
            .render_with(&mut self.pixmap, &mut self.resources, fill);
        grey_png(&self.pixmap, &mut self.grey, &mut self.png)?;
        Ok(&self.png)
    }
}

/// `pixmap` (opaque: drawn on white) as a 4-bit grey PNG in `png`, compressed for speed; `grey`
/// holds its rows packed. 16 greys draw text and rulings as 256 do (anti-aliased edges a shade
/// apart), and make an A4 page of tables 40 % smaller than 8-bit grey (about 35 KB) and quicker
/// to compress.
fn grey_png(pixmap: &Pixmap, grey: &mut Vec<u8>, png: &mut Vec<u8>) -> std::io::Result<()> {
    let (width, height) = (usize::from(pixmap.width()), usize::from(pixmap.height()));
    let stride = width.div_ceil(2);
    // every byte is written below: no need to clear what a previous page left
    grey.resize(stride * height, 0);
    let rows = pixmap.data_as_u8_slice().chunks_exact(4 * width.max(1));
    for (rgba, packed) in rows.zip(grey.chunks_exact_mut(stride.max(1))) {
        pack_row(rgba, packed);
    }
    png.clear();
    let mut enc = png::Encoder::new(&mut *png, width as u32, height as u32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Four);
    enc.set_compression(png::Compression::Fast);
    let mut w = enc.write_header().map_err(std::io::Error::other)?;
    w.write_image_data(grey).map_err(std::io::Error::other)?;
    w.finish().map_err(std::io::Error::other)
}

/// Pixels of a row looked at together: 64 bytes of RGBA, white paper skipped at the speed of
/// a comparison (most of a page).
const CHUNK_PX: usize = 16;

/// A row of opaque RGBA pixels as 4-bit grey, two pixels a byte, the first in the high half.
fn pack_row(rgba: &[u8], packed: &mut [u8]) {
    let mut src = rgba.chunks_exact(4 * CHUNK_PX);
    let mut dst = packed.chunks_exact_mut(CHUNK_PX / 2);
    for (s, d) in (&mut src).zip(&mut dst) {
        if s.iter().fold(0xff, |a, &b| a & b) == 0xff {
            d.fill(0xff);
        } else {
            pack(s, d);
        }
    }
    pack(src.remainder(), dst.into_remainder());
}

/// Pixels `rgba` packed into `packed`, two a byte (an odd last one with a black pad).
fn pack(rgba: &[u8], packed: &mut [u8]) {
    let nibble = |p: &[u8]| match p {
        [r, g, b, _] => luma(*r, *g, *b) >> 4,
        _ => 0,
    };
    for (o, two) in packed.iter_mut().zip(rgba.chunks(8)) {
        let (first, second) = two.split_at(two.len().min(4));
        *o = (nibble(first) << 4) | nibble(second);
    }
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

    /// A page turned to read its sideways text: the displayed page's bottom-left corner (where
    /// text running up the page starts) is the image's top-left for one quarter turn, and every
    /// corner lands on a corner of the turned image.
    #[test]
    fn a_turned_page_is_drawn_turned() {
        let image = (1169, 827);
        let at = |q: u8, x: f64, y: f64| {
            let p = turn(q, image) * fit((595.0, 842.0), image, q) * hayro::kurbo::Point::new(x, y);
            (p.x.round(), p.y.round())
        };
        assert_eq!(at(1, 0.0, 842.0), (0.0, 0.0));
        assert_eq!(at(1, 595.0, 0.0), (1169.0, 827.0));
        assert_eq!(at(3, 595.0, 0.0), (0.0, 0.0));
        assert_eq!(at(3, 0.0, 842.0), (1169.0, 827.0));
        let upright = (827, 1169);
        let p = turn(2, upright)
            * fit((595.0, 842.0), upright, 2)
            * hayro::kurbo::Point::new(595.0, 842.0);
        assert_eq!((p.x.round(), p.y.round()), (0.0, 0.0));
    }

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
        let mut png = Vec::new();
        grey_png(&Pixmap::new(3, 2), &mut Vec::new(), &mut png).unwrap();
        std::fs::write(&path, &png).unwrap();
        assert_eq!(png_size(&path), Some((3, 2)));
        std::fs::write(&path, b"not a png at all, but long enough").unwrap();
        assert_eq!(png_size(&path), None);
    }

    /// A pixmap of `width` × `height` whose pixel (x, y) has the grey `f(x, y)`.
    fn pixmap_of(width: u16, height: u16, f: impl Fn(usize, usize) -> u8) -> Pixmap {
        let mut p = Pixmap::new(width, height);
        let w = usize::from(width);
        for (i, px) in p.data_as_u8_slice_mut().chunks_exact_mut(4).enumerate() {
            let g = f(i % w, i / w);
            px.copy_from_slice(&[g, g, g, 255]);
        }
        p
    }

    /// The pixels of a grey PNG, at 8 bits.
    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut d = png::Decoder::new(std::io::Cursor::new(png));
        d.set_transformations(png::Transformations::EXPAND);
        let mut r = d.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size().unwrap()];
        let info = r.next_frame(&mut buf).unwrap();
        assert_eq!(info.color_type, png::ColorType::Grayscale);
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn a_page_keeps_its_greys_to_the_sixteenth() {
        // an odd width (a half-filled last byte), white runs longer than a chunk and ink
        // inside one, every grey: each comes back within the 17 steps of 4-bit grey
        let (w, h) = (37u16, 5u16);
        let grey = |x: usize, y: usize| match y {
            0 => 255,
            1 => (x * 7 % 256) as u8,
            2 if x == 20 => 0,
            2 => 255,
            _ => ((x + 37 * y) * 13 % 256) as u8,
        };
        let mut png = Vec::new();
        let mut packed = vec![9; 3];
        grey_png(&pixmap_of(w, h, grey), &mut packed, &mut png).unwrap();
        let (iw, ih, px) = decode(&png);
        assert_eq!((iw, ih), (37, 5));
        for y in 0..5 {
            for x in 0..37 {
                let want = grey(x, y);
                let got = px[y * 37 + x];
                assert_eq!(got, (want >> 4) * 17, "({x}, {y}) of grey {want}");
            }
        }
        // paper stays white, ink black
        assert_eq!(px[0], 255);
        assert_eq!(px[2 * 37 + 20], 0);
        // the buffers are reused: a smaller page after a larger one comes out whole
        grey_png(&pixmap_of(3, 1, |_, _| 0), &mut packed, &mut png).unwrap();
        assert_eq!(decode(&png), (3, 1, vec![0, 0, 0]));
    }
}
