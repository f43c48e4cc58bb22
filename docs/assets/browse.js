/* papercat browse page: filter and sort every paper, answered by Pagefind's filters and sort.
 *
 * The page arrives with its controls, their counts and the first 50 newest papers already in the HTML
 * (written by `papercat generate`), so the first view costs no script and no request at any catalogue
 * size. The first change of a control loads Pagefind (pagefind/, built by `papercat build`), which
 * fetches only the filter, sort and word chunks a view needs. The state lives in the URL (`tags`,
 * `match`, `topic`, `from`, `to`, `undated`, `code`, `words`, `sort`), so a shared link reopens the
 * same view and back/forward work. Text from the catalogue is only ever set with textContent.
 */
(function () {
  "use strict";

  var PAGE = 50;
  var SORTS = ["relevance", "newest", "upvotes", "title"];
  var ORDER = { newest: { date: "desc" }, upvotes: { upvotes: "desc" }, title: { title: "asc" } };
  var controller = null; // the browse page on screen, if any

  function readUrl() {
    var p = new URLSearchParams(window.location.search);
    var year = function (v) { return /^\d{4}$/.test(v || "") ? v : ""; };
    var words = (p.get("words") || "").trim();
    var sort = SORTS.indexOf(p.get("sort")) >= 0 ? p.get("sort") : "";
    return {
      tags: (p.get("tags") || "").split(",").filter(Boolean),
      match: p.get("match") === "all" ? "all" : "any",
      topic: p.get("topic") || "",
      from: year(p.get("from")),
      to: year(p.get("to")),
      undated: p.get("undated") === "1",
      code: p.get("code") === "1",
      words: words,
      // with words, results come by relevance unless another order is asked for
      sort: sort && (sort !== "relevance" || words) ? sort : words ? "relevance" : "newest"
    };
  }

  function toQuery(s) {
    var p = new URLSearchParams();
    if (s.tags.length) p.set("tags", s.tags.join(","));
    if (s.match === "all") p.set("match", "all");
    if (s.topic) p.set("topic", s.topic);
    if (s.from) p.set("from", s.from);
    if (s.to) p.set("to", s.to);
    if (s.undated) p.set("undated", "1");
    if (s.code) p.set("code", "1");
    if (s.words) p.set("words", s.words); // not "q": that one opens the header search
    if (s.sort !== (s.words ? "relevance" : "newest")) p.set("sort", s.sort);
    var q = p.toString();
    return q ? "?" + q : "";
  }

  function isDefault(s) {
    return toQuery(s) === "";
  }

  function Browse(root) {
    var el = function (id) { return document.getElementById(id); };
    var engine = null;
    var state = readUrl();
    var results = [];
    var shown = 0;
    var seq = 0;
    var total = +root.dataset.total;
    var tagBoxes = Array.prototype.slice.call(root.querySelectorAll('input[name="tag"]'));
    var nameOf = {};
    tagBoxes.forEach(function (b) { nameOf[b.value] = b.dataset.name; });
    var years = JSON.parse(root.dataset.years || "[]"); // every publication year in the catalogue

    function load() {
      if (!engine) {
        engine = import(root.dataset.pagefind).then(function (pf) {
          return pf.options({ ranking: { pageLength: 0 } }).then(function () { pf.init(); return pf; });
        });
        engine.catch(function () { engine = null; });
      }
      return engine;
    }

    function filters() {
      var f = {};
      var tags = state.tags.filter(function (t) { return t in nameOf; }).map(function (t) { return nameOf[t]; });
      if (tags.length) f.tag = state.match === "all" ? { all: tags } : { any: tags };
      var topic = root.querySelector('#pc-topic option[value="' + CSS.escape(state.topic) + '"]');
      if (state.topic && topic) f.topic = topic.dataset.name;
      if (state.from || state.to) {
        var inRange = years.filter(function (y) {
          return (!state.from || y >= +state.from) && (!state.to || y <= +state.to);
        }).map(String);
        if (state.undated) inRange.push("undated");
        f.year = { any: inRange.length ? inRange : ["none"] };
      }
      if (state.code) f.code = "yes";
      return f;
    }

    function text(tag, value, cls) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      e.textContent = value;
      return e;
    }

    function item(d) {
      var li = document.createElement("li");
      var a = text("a", (d.meta && d.meta.title) || d.url);
      a.href = d.url;
      li.appendChild(a);
      var bits = [(d.meta && d.meta.date) || ""];
      if (d.meta && +d.meta.upvotes) bits.push(d.meta.upvotes + " upvotes");
      if (d.filters && d.filters.code) bits.push("code");
      bits.push(((d.filters && d.filters.tag) || []).join(", "));
      li.appendChild(text("span", " · " + bits.filter(Boolean).join(" · "), "pc-meta"));
      return li;
    }

    function showMore(replace) {
      var mine = seq;
      var slice = results.slice(shown, shown + PAGE);
      shown += slice.length;
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
        if (mine !== seq) return;
        var frag = document.createDocumentFragment();
        datas.forEach(function (d) { frag.appendChild(item(d)); });
        if (replace) el("pc-results").replaceChildren(frag);
        else el("pc-results").appendChild(frag);
        el("pc-more").hidden = shown >= results.length;
      });
    }

    function chips() {
      var box = el("pc-chips");
      box.textContent = "";
      function chip(label, clear) {
        var b = text("button", label + " ×", "pc-chip");
        b.type = "button";
        b.setAttribute("aria-label", "Remove filter: " + label);
        b.addEventListener("click", function () { clear(); showState(); commit(true); });
        box.appendChild(b);
      }
      state.tags.forEach(function (t) {
        if (t in nameOf) chip("Tag: " + nameOf[t], function () { state.tags = state.tags.filter(function (x) { return x !== t; }); });
      });
      if (state.topic) chip("Topic: " + (el("pc-topic").selectedOptions[0] || {}).textContent, function () { state.topic = ""; });
      if (state.from || state.to) {
        chip("Years " + (state.from || "…") + "–" + (state.to || "…"), function () { state.from = state.to = ""; });
      }
      if (state.code) chip("Has code", function () { state.code = false; });
      if (state.words) chip("Words: " + state.words, function () { state.words = ""; });
      box.hidden = !box.firstChild;
    }

    function render() {
      chips();
      var count = el("pc-count");
      if (isDefault(state) && root.dataset.fresh) {
        delete root.dataset.busy;
        return Promise.resolve(); // the page's own first view is this state: nothing to fetch
      }
      delete root.dataset.fresh;
      var mine = ++seq;
      root.dataset.busy = "1"; // until this view's results are on screen (tests wait on it)
      count.textContent = "Searching…";
      return load().then(function (pf) {
        var options = { filters: filters() };
        if (ORDER[state.sort]) options.sort = ORDER[state.sort];
        return pf.search(state.words || null, options);
      }).then(function (search) {
        if (mine !== seq) return;
        results = search.results;
        shown = 0;
        var n = results.length;
        count.textContent = (n === total ? total + " papers" : n + " of " + total + " papers");
        var undated = (search.filters && search.filters.year && search.filters.year.undated) || 0;
        el("pc-undated-count").textContent = String(undated);
        return showMore(true);
      }).catch(function () {
        if (mine !== seq) return;
        count.textContent = "Filtering needs the site's search index, made by `papercat build`.";
      }).then(function () {
        if (mine === seq) delete root.dataset.busy;
      });
    }

    function showState() {
      el("pc-q").value = state.words;
      el("pc-topic").value = state.topic;
      el("pc-from").value = state.from;
      el("pc-to").value = state.to;
      el("pc-undated").checked = state.undated;
      el("pc-code").checked = state.code;
      el("pc-sort").value = state.sort;
      root.querySelectorAll('input[name="match"]').forEach(function (r) { r.checked = r.value === state.match; });
      tagBoxes.forEach(function (c) { c.checked = state.tags.indexOf(c.value) >= 0; });
    }

    function commit(push) {
      var query = toQuery(state);
      if (query !== window.location.search) {
        var url = window.location.pathname + query + window.location.hash;
        if (push) window.history.pushState(null, "", url);
        else window.history.replaceState(null, "", url);
      }
      return render();
    }

    function fromControls(push) {
      var words = el("pc-q").value.trim();
      var sort = el("pc-sort").value;
      if (words && !state.words && sort === "newest") sort = "relevance"; // words entered: best matches first
      if (!words && sort === "relevance") sort = "newest";
      state = {
        tags: tagBoxes.filter(function (c) { return c.checked; }).map(function (c) { return c.value; }),
        match: (root.querySelector('input[name="match"]:checked') || {}).value === "all" ? "all" : "any",
        topic: el("pc-topic").value,
        from: /^\d{4}$/.test(el("pc-from").value) ? el("pc-from").value : "",
        to: /^\d{4}$/.test(el("pc-to").value) ? el("pc-to").value : "",
        undated: el("pc-undated").checked,
        code: el("pc-code").checked,
        words: words,
        sort: sort
      };
      el("pc-sort").value = state.sort;
      return commit(push);
    }

    var typing = 0;
    el("pc-form").addEventListener("submit", function (ev) { ev.preventDefault(); });
    root.addEventListener("change", function (e) {
      if (e.target.id !== "pc-q" && e.target.closest("form")) fromControls(true);
    });
    el("pc-q").addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { fromControls(false); }, 150);
    });
    root.querySelector("form").addEventListener("focusin", function () { load(); }, { once: true });
    el("pc-clear").addEventListener("click", function () {
      state = { tags: [], match: "any", topic: "", from: "", to: "", undated: false, code: false, words: "", sort: "newest" };
      showState();
      commit(true);
      el("pc-q").focus();
    });
    el("pc-more").addEventListener("click", function () {
      if (root.dataset.fresh) { // the static first page: fetch the full result list first
        delete root.dataset.fresh;
        render().then(function () { return showMore(false); });
      } else {
        showMore(false);
      }
    });

    showState();
    render();
    return {
      root: root,
      restore: function () { state = readUrl(); showState(); render(); }
    };
  }

  function init() {
    var root = document.getElementById("pc-browse");
    if (!root) { controller = null; return; }
    if (controller && controller.root === root) return;
    controller = Browse(root);
  }

  // one listener for the whole visit; it acts only while a browse page is on screen
  window.addEventListener("popstate", function () {
    if (controller && document.body.contains(controller.root)) controller.restore();
  });
  // Material's instant navigation announces every page (the first one too) on document$
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
