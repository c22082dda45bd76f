// Draws the pages of a PDF report in the browser: pdf.js (assets/pdf.min.js, run on this page's
// thread by assets/pdf.worker.min.js, since a page opened from disk may start no worker) reads
// the report's file from pdf/<report_id>.js (window.yjsPdf, base64) and draws each
// canvas[data-page] when it comes near the screen, at the canvas's size times the screen's
// pixel ratio. "#draw=all" in the address draws every page at once (for printing). The Chinese
// CMaps of fonts a PDF does not embed come from assets/cmaps.js, loaded when first asked for.
// When every canvas asked for is drawn, <html> gets data-drawn="N" and the event "yjs-drawn"
// fires; a page that fails gets data-draw-error with the reason, shown in its caption.
(function () {
  var canvases = Array.prototype.slice.call(document.querySelectorAll('canvas[data-page]'));
  var root = document.documentElement;
  if (!canvases.length) return;
  function fail(c, why) {
    c.setAttribute('data-draw-error', why);
    var cap = c.parentNode.querySelector('figcaption');
    if (cap) cap.textContent += ' — not drawn: ' + why;
  }
  if (!window.pdfjsLib || !window.yjsPdf) {
    var why = !window.pdfjsLib ? 'assets/pdf.min.js did not load' : 'the report\'s file did not load';
    canvases.forEach(function (c) { fail(c, why); });
    return;
  }
  function bytes(b64) {
    var s = atob(b64), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  var cmaps = null;
  function loadCMaps() {
    if (!cmaps) {
      cmaps = new Promise(function (done, failed) {
        var s = document.createElement('script');
        s.src = 'assets/cmaps.js';
        s.onload = done;
        s.onerror = function () { failed(new Error('assets/cmaps.js did not load')); };
        document.head.appendChild(s);
      });
    }
    return cmaps;
  }
  // pdf.js asks this for a predefined CMap by name (BINARY = 1: the packed bcmap form)
  function CMaps() {}
  CMaps.prototype.fetch = function (q) {
    return loadCMaps().then(function () {
      var data = window.yjsCMaps[q.name];
      if (!data) throw new Error('no CMap ' + q.name);
      return { cMapData: bytes(data), compressionType: 1 };
    });
  };
  var all = location.hash.indexOf('draw=all') >= 0;
  var wanted = 0, settled = 0;
  function finished() {
    settled += 1;
    if (settled < wanted) return;
    root.setAttribute('data-drawn', String(document.querySelectorAll('canvas[data-drawn]').length));
    document.dispatchEvent(new Event('yjs-drawn'));
  }
  var pdf = pdfjsLib.getDocument({
    data: bytes(window.yjsPdf),
    isEvalSupported: false,
    CMapReaderFactory: CMaps
  }).promise;
  function draw(c) {
    if (c.hasAttribute('data-asked')) return;
    c.setAttribute('data-asked', '');
    wanted += 1;
    pdf.then(function (doc) { return doc.getPage(Number(c.getAttribute('data-page'))); })
      .then(function (page) {
        var ratio = window.devicePixelRatio || 1;
        var css = { w: c.width, h: c.height };
        var viewport = page.getViewport({ scale: css.w * ratio / page.getViewport({ scale: 1 }).width });
        c.width = Math.round(viewport.width);
        c.height = Math.round(viewport.height);
        c.style.width = css.w + 'px';
        c.style.height = css.h + 'px';
        return page.render({ canvasContext: c.getContext('2d'), viewport: viewport }).promise;
      })
      .then(function () { c.setAttribute('data-drawn', ''); }, function (e) { fail(c, String(e && e.message || e)); })
      .then(finished);
  }
  if (all || !('IntersectionObserver' in window)) {
    canvases.forEach(draw);
    return;
  }
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { seen.unobserve(e.target); draw(e.target); }
    });
  }, { rootMargin: '1500px 0px' });
  canvases.forEach(function (c) { seen.observe(c); });
})();
