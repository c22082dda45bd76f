//! Pages whose text runs sideways or upside down as displayed (a wide table printed across a
//! portrait page, or a page given a `/Rotate` its content did not expect): the page is turned by
//! quarter turns until most of its text runs left to right, and its glyphs and rulings with it
//! (each placed once, through [`Turned::point`]).

use crate::interp::Glyph;

/// The least share of a page's glyphs that must run one other way for the page to be turned: a
/// sideways table keeps its upright page number or header.
const MIN_TURN_SHARE: f64 = 0.6;

/// Quarter turns clockwise that make the text of `glyphs` run left to right, given `display`,
/// the linear part of the map from user space to the displayed page (y down): 1 when it runs
/// up the page, 2 right to left, 3 down.
pub(crate) fn quarter_turns(glyphs: &[Glyph], display: impl Fn(f64, f64) -> (f64, f64)) -> u8 {
    let mut count = [0usize; 4];
    for g in glyphs.iter().filter(|g| !g.text.trim().is_empty()) {
        let (vx, vy) = display(g.advance.0, g.advance.1);
        let way = if vx.abs() >= vy.abs() {
            if vx >= 0.0 {
                0
            } else {
                2
            }
        } else if vy < 0.0 {
            1
        } else {
            3
        };
        count[way] += 1;
    }
    let total: usize = count.iter().sum();
    (1..4)
        .find(|&w| count[w] > 0 && count[w] as f64 >= MIN_TURN_SHARE * total as f64)
        .map_or(0, |w| w as u8)
}

/// A displayed page of `w` × `h` points turned by `q` quarter turns clockwise: where a point
/// goes, and the turned page's size.
#[derive(Clone, Copy)]
pub(crate) struct Turned {
    q: u8,
    w: f64,
    h: f64,
}

impl Turned {
    pub(crate) fn new(q: u8, w: f64, h: f64) -> Turned {
        Turned { q: q % 4, w, h }
    }

    /// The turned page's width and height.
    pub(crate) fn size(&self) -> (f64, f64) {
        if self.q % 2 == 1 {
            (self.h, self.w)
        } else {
            (self.w, self.h)
        }
    }

    /// Where point `(x, y)` of the displayed page is on the turned one.
    pub(crate) fn point(&self, x: f64, y: f64) -> (f64, f64) {
        match self.q {
            1 => (self.h - y, x),
            2 => (self.w - x, self.h - y),
            3 => (y, self.w - x),
            _ => (x, y),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quarter_turn_maps_the_page_onto_its_turned_size() {
        let t = Turned::new(1, 595.0, 842.0);
        assert_eq!(t.size(), (842.0, 595.0));
        // text running up the left edge runs along the top once turned clockwise
        assert_eq!(t.point(10.0, 800.0), (42.0, 10.0));
        assert_eq!(t.point(10.0, 700.0), (142.0, 10.0));
        let t = Turned::new(3, 595.0, 842.0);
        assert_eq!(t.point(585.0, 40.0), (40.0, 10.0));
        let t = Turned::new(2, 595.0, 842.0);
        assert_eq!(t.point(585.0, 832.0), (10.0, 10.0));
    }
}
