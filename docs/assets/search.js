/* papercat header search: Material's search box, answered by Pagefind.
 *
 * Pagefind's index is written next to the built site by `papercat build` (pagefind/). A query fetches
 * only the index chunks and result fragments it needs, so the first answer comes as fast at 100,000
 * papers as at 400; nothing is loaded until the search box is opened. Every text from the catalogue
 * is set with textContent: Pagefind's excerpt is parsed into an inert template and only its text and
 * <mark> highlights are copied out.
 */
(function () {
  "use strict";
  if (window.papercatSearch) return; // extra_javascript runs once; instant navigation keeps the header
  window.papercatSearch = true;

  var STEP = 10;
  var toggle = document.getElementById("__search");
  var input = document.getElementById("pc-search-input");
  var form = document.getElementById("pc-search-form");
  var list = document.getElementById("pc-search-results");
  var meta = document.getElementById("pc-search-meta");
  var filtersBox = document.getElementById("pc-search-filters");
  var moreWrap = document.getElementById("pc-search-more-wrap");
  var more = document.getElementById("pc-search-more");
  if (!toggle || !input || !list) return;

  var engine = null; // a promise of the Pagefind module
  var active = {}; // chosen filters: {tag: [names], topic: [names]}
  var current = null; // the last search's results
  var shown = 0;
  var seq = 0;
  var timer = 0;

  function base() {
    var el = document.getElementById("__config");
    var cfg = el ? JSON.parse(el.textContent) : {};
    return new URL((cfg.base || ".") + "/", window.location.href);
  }

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base()).href).then(function (pf) {
        return pf.options({ excerptLength: 26, ranking: { pageLength: 0 } }).then(function () { pf.init(); return pf; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = value;
    return el;
  }

  // Pagefind's excerpt is HTML with <mark> around hits: keep its text and the marks, nothing else
  function excerpt(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html || "";
    var p = document.createElement("p");
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") p.appendChild(text("mark", node.textContent));
      else p.appendChild(document.createTextNode(node.textContent));
    });
    return p;
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function setMeta(message) {
    meta.textContent = message;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    a.addEventListener("click", close);
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.appendChild(text("h1", (data.meta && data.meta.title) || data.url));
    var facts = [];
    if (data.meta && data.meta.date) facts.push(data.meta.date);
    var tags = (data.filters && data.filters.tag) || [];
    if (facts.length) article.appendChild(text("p", facts.join(" · "), "pc-search-date"));
    article.appendChild(excerpt(data.excerpt));
    if (tags.length) {
      var nav = document.createElement("nav");
      nav.className = "md-tags";
      tags.forEach(function (t) { nav.appendChild(text("span", t, "md-tag")); });
      article.appendChild(nav);
    }
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function showMore() {
    if (!current) return Promise.resolve();
    var mine = seq;
    var slice = current.results.slice(shown, shown + STEP);
    shown += slice.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
      if (mine !== seq) return;
      datas.forEach(function (d) { list.appendChild(item(d)); });
      moreWrap.hidden = shown >= current.results.length;
    });
  }

  function chip(key, name, count, on) {
    var b = text("button", count === null ? name : name + " (" + count + ")", "pc-chip");
    b.type = "button";
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.title = on ? "Remove this filter" : "Only papers with this " + key;
    b.addEventListener("click", function () {
      var chosen = active[key] || [];
      active[key] = on ? chosen.filter(function (x) { return x !== name; }) : chosen.concat([name]);
      run();
      input.focus();
    });
    return b;
  }

  function showFilters(search) {
    filtersBox.textContent = "";
    var counts = (search && search.filters) || {};
    ["tag", "topic"].forEach(function (key) {
      (active[key] || []).forEach(function (name) { filtersBox.appendChild(chip(key, name, null, true)); });
      var options = Object.keys(counts[key] || {})
        .filter(function (n) { return counts[key][n] > 0 && (active[key] || []).indexOf(n) < 0; })
        .sort(function (x, y) { return counts[key][y] - counts[key][x] || (x < y ? -1 : 1); })
        .slice(0, key === "tag" ? 6 : 3);
      options.forEach(function (n) { filtersBox.appendChild(chip(key, n, counts[key][n], false)); });
    });
    filtersBox.hidden = !filtersBox.firstChild;
  }

  function run() {
    var mine = ++seq;
    var query = input.value.trim();
    var narrowed = Object.keys(active).some(function (k) { return active[k].length; });
    if (!query && !narrowed) {
      list.textContent = "";
      filtersBox.hidden = true;
      moreWrap.hidden = true;
      current = null;
      setMeta("Type to search titles, abstracts and tags");
      return;
    }
    var filters = {};
    Object.keys(active).forEach(function (k) { if (active[k].length) filters[k] = { all: active[k] }; });
    load().then(function (pf) {
      return pf.search(query || null, { filters: filters });
    }).then(function (search) {
      if (mine !== seq) return;
      current = search;
      shown = 0;
      list.textContent = "";
      var n = search.results.length;
      setMeta(n === 0 ? "No matching papers" : n === 1 ? "1 matching paper" : n + " matching papers");
      showFilters(search);
      return showMore();
    }).catch(function () {
      if (mine !== seq) return;
      setMeta("Search is not available here: its index is made by `papercat build` (python3 dev.py build).");
    });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 60);
  });
  input.addEventListener("focus", function () { load(); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.addEventListener("reset", function () {
    active = {};
    window.setTimeout(function () { run(); input.focus(); }, 0);
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      load();
      window.setTimeout(function () { input.focus(); input.select(); }, 0);
    }
  });

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
  }

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (!toggle.checked) {
      if (!typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey && (ev.key === "/" || ev.key === "s" || ev.key === "f")) {
        ev.preventDefault();
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
      return;
    }
    var items = links();
    var at = items.indexOf(document.activeElement);
    if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!items.length) return;
      ev.preventDefault();
      var next = ev.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus();
      else items[Math.min(next, items.length - 1)].focus();
    } else if (ev.key === "Enter" && t === input && items.length) {
      ev.preventDefault();
      items[0].click();
    }
  });

  if (more) more.addEventListener("click", showMore);

  // a shared search link (`?q=words`, as Material's search had) opens the box with that query
  var shared = new URLSearchParams(window.location.search).get("q");
  if (shared) {
    input.value = shared;
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    run();
  }
})();
