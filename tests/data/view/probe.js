// Injected by tests/view.rs into a copy of a report page opened with "#draw=all": when every page
// is drawn, checks each outline against the pixels pdf.js drew under it (inside its figure, ink
// within its edges, on a page mostly paper: MAX_INK of its pixels or fewer dark) and writes the
// result on <html>:
// data-probe="OUTLINES CHECKED / PAGES DRAWN / PROBLEMS" and data-problems="…".
function probe() {
  var INSET = 2, INK = 200, MAX_INK = 0.3, checked = 0, drawn = 0, problems = [];
  function dark(d, i) { return d[i + 3] > 0 && (d[i] + d[i + 1] + d[i + 2]) / 3 < INK; }
  function inkShare(c) {
    var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
    for (var i = 0; i < d.length; i += 4) if (dark(d, i)) n += 1;
    return n / (d.length / 4);
  }
  function inked(c, l, t, w, h) {
    var k = c.width / parseFloat(c.style.width);
    var x0 = Math.ceil((l + INSET) * k), y0 = Math.ceil((t + INSET) * k);
    var x1 = Math.floor((l + w - INSET) * k), y1 = Math.floor((t + h - INSET) * k);
    if (x1 <= x0 || y1 <= y0) return false;
    var d = c.getContext('2d').getImageData(x0, y0, x1 - x0, y1 - y0).data;
    for (var i = 0; i < d.length; i += 4) {
      if (dark(d, i)) return true;
    }
    return false;
  }
  document.querySelectorAll('figure.page').forEach(function (fig) {
    var c = fig.querySelector('canvas');
    if (!c) return;
    if (!c.hasAttribute('data-drawn')) { problems.push('p.' + c.getAttribute('data-page') + ' not drawn: ' + c.getAttribute('data-draw-error')); return; }
    drawn += 1;
    var W = parseFloat(fig.style.width), H = parseFloat(fig.style.height);
    if (inkShare(c) > MAX_INK) problems.push('p.' + c.getAttribute('data-page') + ': mostly ink');
    fig.querySelectorAll('a.o').forEach(function (a) {
      var s = a.style, l = parseFloat(s.left), t = parseFloat(s.top), w = parseFloat(s.width), h = parseFloat(s.height);
      var key = a.getAttribute('data-fact');
      checked += 1;
      if (!(l >= 0 && t >= 0 && w > 0 && h > 0 && l + w <= W && t + h <= H)) problems.push(key + ' off its page');
      else if (!inked(c, l, t, w, h)) problems.push(key + ' over no ink');
    });
  });
  document.documentElement.setAttribute('data-probe', checked + ' / ' + drawn + ' / ' + problems.length);
  document.documentElement.setAttribute('data-problems', problems.slice(0, 20).join('; '));
}
function safely() {
  try { probe(); } catch (e) { document.documentElement.setAttribute('data-probe', 'error: ' + e); }
}
if (document.documentElement.hasAttribute('data-drawn')) safely();
else document.addEventListener('yjs-drawn', safely);
