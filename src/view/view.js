// A fact, its outline on the page image and its findings highlight one another: a click on a
// value cell (data-key) shows its outline (data-fact), a click on an outline shows its value
// cells, a click on a finding (data-finding) shows the cells and outlines it is about
// (data-findings). "#f=KEY" in the address shows a fact when the page opens.
(function () {
  var lit = [];
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  function attr(name, value) { return '[' + name + '="' + CSS.escape(value) + '"]'; }
  function light(els) {
    lit.forEach(function (e) { e.classList.remove('hl'); });
    lit = els.filter(Boolean);
    lit.forEach(function (e) { e.classList.add('hl'); });
  }
  function show(e) { if (e) e.scrollIntoView({ block: 'center', inline: 'nearest' }); }
  function findingsOf(e) {
    return (e.getAttribute('data-findings') || '').split(' ').filter(Boolean)
      .map(function (n) { return document.querySelector(attr('data-finding', n)); });
  }
  function fact(key, from) {
    var outline = document.querySelector(attr('data-fact', key));
    var cells = all(attr('data-key', key));
    var about = outline ? findingsOf(outline) : (cells[0] ? findingsOf(cells[0]) : []);
    light(cells.concat([outline]).concat(about));
    show(from === 'outline' ? cells[0] : outline || cells[0]);
  }
  function finding(n, li) {
    var hits = all('[data-findings~="' + CSS.escape(n) + '"]');
    light([li].concat(hits));
    show(hits.filter(function (e) { return e.hasAttribute('data-fact'); })[0] || hits[0]);
  }
  document.addEventListener('click', function (ev) {
    var t = ev.target.closest('[data-fact],[data-key],[data-finding]');
    if (!t) return;
    ev.preventDefault();
    if (t.hasAttribute('data-finding')) finding(t.getAttribute('data-finding'), t);
    else if (t.hasAttribute('data-fact')) fact(t.getAttribute('data-fact'), 'outline');
    else fact(t.getAttribute('data-key'), 'cell');
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && ev.target.hasAttribute && ev.target.hasAttribute('data-finding')) {
      ev.target.click();
    }
  });
  if (location.hash.indexOf('#f=') === 0) fact(decodeURIComponent(location.hash.slice(3)), 'cell');
  document.documentElement.setAttribute('data-outlines', String(all('[data-fact]').length));
})();
