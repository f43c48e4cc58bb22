/* papercat browse page: filter and sort every paper from browse's own static index.
 *
 * The page arrives with its controls, their counts and the first 50 newest papers already in the HTML
 * (written by `papercat generate`), so the first view costs no script and no request at any catalogue
 * size. Any other view reads browse-index/ (src/papercat/site/browse_index.py): papers are numbered
 * newest first; a tag, a topic and "has code" are posting lists, so a view's exact count is computed
 * here from the few lists it names, and a year range is a range of numbers; rows to show come in small
 * shards per order, and the upvotes and title orders are permutations read block by block from the top
 * only until the view has its results. Words are posting lists too, in chunks of sorted words
 * (src/papercat/site/browse_words.py): a word reads the chunk it falls in, a word being typed last the
 * few chunks of the words it begins, and the title's words rank first. The state lives in the URL (`tags`,
 * `match`, `topic`, `from`, `to`, `undated`, `code`, `words`, `sort`), so a shared link reopens the
 * same view and back/forward work. Text from the catalogue is only ever set with textContent.
 */
(function () {
  "use strict";

  var PAGE = 50;
  var FORMAT = 2; // browse_index.FORMAT
  var SORTS = ["relevance", "newest", "upvotes", "title"];
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

  /* Sorted lists of paper numbers: what the posting lists hold. */
  function undelta(d) {
    var out = new Array(d.length);
    var acc = 0;
    for (var i = 0; i < d.length; i++) { acc += d[i]; out[i] = acc; }
    return out;
  }

  function intersect(a, b) {
    var out = [];
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  function union(a, b) {
    var out = [];
    var i = 0, j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
      else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  /* The words of a text as browse_words.py indexes them: lower case without accents, runs of letters
     and digits, a hyphenated word in its parts (the index also holds it joined). */
  function wordsOf(text) {
    var plain = text.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");
    var out = [];
    (plain.match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) || []).forEach(function (w) {
      w.split("-").forEach(function (part) { if (out.indexOf(part) < 0) out.push(part); });
    });
    return out;
  }

  function fold(w) { // browse_words.fold: a plural's singular, roughly
    if (w.length > 4 && /ies$/.test(w)) return w.slice(0, -3) + "y";
    if (w.length > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
    return w;
  }

  function bisect(list, value, right) { // the first position whose item is > value (right) or >= value
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < value || (right && list[mid] === value)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function Browse(root) {
    var el = function (id) { return document.getElementById(id); };
    var engine = null;
    var files = {}; // path -> promise of its JSON, for the visit
    var state = readUrl();
    var view = null; // the results of the current state: { count, next(n) -> promise of rows }
    var shown = 0;
    var seq = 0;
    var total = +root.dataset.total;
    var tagBoxes = Array.prototype.slice.call(root.querySelectorAll('input[name="tag"]'));
    var nameOf = {};
    tagBoxes.forEach(function (b) { nameOf[b.value] = b.dataset.name; });

    function get(path) {
      if (!files[path]) {
        files[path] = fetch(root.dataset.index + path + "?v=" + root.dataset.version).then(function (r) {
          if (!r.ok) throw new Error(path + ": " + r.status);
          return r.json();
        });
        files[path].catch(function () { delete files[path]; });
      }
      return files[path];
    }

    function manifest() {
      return get("manifest.json").then(function (m) {
        if (m.format !== FORMAT) throw new Error("browse index format " + m.format);
        return m;
      });
    }

    /* The papers the filters keep, as a sorted list of numbers (null: every paper), and how many of
       them have no known year before the year range applies. */
    function members(m) {
      var lists = [];
      var tags = state.tags.filter(function (t) { return m.tags.indexOf(t) >= 0; });
      var tagLists = Promise.all(tags.map(function (t) { return get("tag/" + t + ".json").then(undelta); }));
      lists.push(tagLists.then(function (ls) {
        if (!ls.length) return null;
        return ls.reduce(state.match === "all" ? intersect : union);
      }));
      if (state.topic && state.topic in m.topics) lists.push(get("topic/" + state.topic + ".json").then(undelta));
      if (state.code) lists.push(get("code.json").then(undelta));
      var words = state.words ? matchWords() : Promise.resolve(null);
      lists.push(words.then(function (w) { return w && w.list; }));
      return Promise.all(lists).then(function (ls) {
        var kept = null;
        ls.forEach(function (l) { if (l) kept = kept ? intersect(kept, l) : l; });
        var undated = kept ? kept.filter(function (i) { return i >= m.dated; }).length : m.total - m.dated;
        if (state.from || state.to) {
          var lo = m.dated, hi = 0; // the numbers of papers published in the range: [hi, lo)
          m.years.forEach(function (y, k) {
            var end = k + 1 < m.years.length ? m.years[k + 1][1] : m.dated;
            if ((!state.from || y[0] >= +state.from) && (!state.to || y[0] <= +state.to)) {
              lo = Math.min(lo, y[1]);
              hi = Math.max(hi, end);
            }
          });
          var keep = function (i) { return (i >= lo && i < hi) || (state.undated && i >= m.dated); };
          if (!kept) {
            kept = [];
            for (var i = lo; i < hi; i++) kept.push(i);
            if (state.undated) for (var j = m.dated; j < m.total; j++) kept.push(j);
          } else {
            kept = kept.filter(keep);
          }
        }
        return words.then(function (w) {
          return { list: w && state.sort === "relevance" ? byRelevance(kept, w.titles) : kept, undated: undated };
        });
      });
    }

    /* One word's postings: [every paper with it, those with it in the title]; with `prefix`, of
       every word it begins. */
    function postings(word, prefix) {
      return get("words.json").then(function (ix) {
        var start = Math.max(bisect(ix.firsts, word, true) - 1, 0);
        var end = Math.max(prefix ? bisect(ix.firsts, word + "~", false) : 0, start + 1); // "~" sorts after [a-z0-9]
        var chunks = [];
        for (var k = start; k < end; k++) chunks.push(get("words/" + k + ".json"));
        return Promise.all(chunks);
      }).then(function (chunks) {
        var every = [], titled = [];
        chunks.forEach(function (chunk) {
          var keys = prefix ? Object.keys(chunk) : Object.prototype.hasOwnProperty.call(chunk, word) ? [word] : [];
          keys.forEach(function (key) {
            if (key.lastIndexOf(word, 0) !== 0) return;
            every = union(every, undelta(chunk[key][0]));
            if (chunk[key][1]) titled = union(titled, undelta(chunk[key][1]));
          });
        });
        return [every, titled];
      });
    }

    /* The papers holding every word typed (the last one, from the index's `prefix` letters on, also
       as the start of a longer word), and for each word the papers with it in the title. */
    function matchWords() {
      var typed = wordsOf(state.words);
      if (!typed.length) return Promise.resolve(null); // nothing a word is made of: no words filter
      return get("words.json").then(function (ix) {
        return Promise.all(typed.map(function (w, k) {
          return postings(fold(w), k === typed.length - 1 && w.length >= ix.prefix);
        }));
      }).then(function (found) {
        var list = found.length ? found.map(function (f) { return f[0]; }).reduce(intersect) : [];
        return { list: list, titles: found.map(function (f) { return f[1]; }) };
      });
    }

    /* Most of the words in the title first, then newest first. */
    function byRelevance(list, titles) {
      var hits = new Map();
      titles.forEach(function (t) { t.forEach(function (i) { hits.set(i, (hits.get(i) || 0) + 1); }); });
      return list.slice().sort(function (a, b) { return (hits.get(b) || 0) - (hits.get(a) || 0) || a - b; });
    }

    /* The view's rows in the chosen order, PAGE at a time. */
    function indexView(m, found) {
      var list = found.list;
      var order = state.sort === "relevance" ? "newest" : state.sort;
      var count = list ? list.length : m.total;
      var positions = []; // positions in the order's rows of the results found so far
      var block = 0;
      var member = null;
      if (list && order !== "newest") {
        member = new Uint8Array(m.total);
        list.forEach(function (i) { member[i] = 1; });
      }
      function find(upTo) { // positions of the first upTo results
        if (order === "newest") {
          for (var k = positions.length; k < Math.min(upTo, count); k++) positions.push(list ? list[k] : k);
          return Promise.resolve();
        }
        if (!list) {
          for (var p = positions.length; p < Math.min(upTo, count); p++) positions.push(p);
          return Promise.resolve();
        }
        var missing = Math.min(upTo, count) - positions.length;
        if (missing <= 0 || block >= m.orders[order]) return Promise.resolve();
        // as many blocks at once as the filter's density says the missing results need
        var ahead = Math.min(m.orders[order] - block, Math.ceil(missing / (count / m.total) / m.block));
        var wanted = [];
        for (var b = block; b < block + ahead; b++) wanted.push(get("order/" + order + "/" + b + ".json"));
        return Promise.all(wanted).then(function (blocks) {
          blocks.forEach(function (d) {
            var perm = undelta(d);
            var at = block * m.block;
            for (var k = 0; k < perm.length; k++) if (member[perm[k]]) positions.push(at + k);
            block++;
          });
          return find(upTo);
        });
      }
      return {
        count: count,
        next: function (from, n) {
          return find(from + n).then(function () {
            var want = positions.slice(from, from + n);
            return Promise.all(want.map(function (p) {
              return get("rows/" + order + "/" + Math.floor(p / m.rows) + ".json").then(function (rows) {
                return rowItem(m, rows[p % m.rows]);
              });
            }));
          });
        }
      };
    }

    function text(tag, value, cls) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      e.textContent = value;
      return e;
    }

    function item(title, url, bits) {
      var li = document.createElement("li");
      var a = text("a", title);
      a.href = url;
      li.appendChild(a);
      var known = bits.filter(Boolean); // a fact not known is left out, never shown as a dash
      if (known.length) li.appendChild(text("span", " · " + known.join(" · "), "pc-meta"));
      return li;
    }

    function rowItem(m, row) { // [id, title, date, upvotes, code, [tag numbers]]
      var tags = row[5].map(function (k) { return nameOf[m.tags[k]] || m.tags[k]; }).join(", ");
      var url = root.dataset.paperHref + encodeURIComponent(row[0]) + root.dataset.paperEnd;
      return item(row[1], url, [row[2], row[3] ? row[3] + " upvotes" : "", row[4] ? "code" : "", tags]);
    }

    function showMore(replace) {
      var mine = seq;
      var from = shown;
      shown = Math.min(view.count, shown + PAGE);
      return view.next(from, PAGE).then(function (items) {
        if (mine !== seq) return;
        var frag = document.createDocumentFragment();
        items.forEach(function (li) { frag.appendChild(li); });
        if (replace) el("pc-results").replaceChildren(frag);
        else el("pc-results").appendChild(frag);
        el("pc-more").hidden = shown >= view.count;
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
        done();
        return Promise.resolve(); // the page's own first view is this state: nothing to fetch
      }
      delete root.dataset.fresh;
      var mine = ++seq;
      root.dataset.busy = "1"; // until this view's results are on screen (tests wait on it)
      count.textContent = "Searching…";
      var made = manifest().then(function (m) {
        return members(m).then(function (found) {
          var v = indexView(m, found);
          v.undated = found.undated;
          return v;
        });
      });
      return made.then(function (v) {
        if (mine !== seq) return;
        view = v;
        shown = 0;
        count.textContent = (v.count === total ? total + " papers" : v.count + " of " + total + " papers");
        el("pc-undated-count").textContent = String(v.undated);
        return showMore(true);
      }).catch(function () {
        if (mine !== seq) return;
        count.textContent = "The browse index could not be read: serve the site over http (`papercat serve`).";
      }).then(function () {
        if (mine === seq) done();
      });
    }

    function done() {
      // the results on screen are those of this address: tests wait for data-view to equal
      // location.search, so a back/forward whose popstate has not fired yet is not taken as rendered
      delete root.dataset.busy;
      root.dataset.view = window.location.search;
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
    // the first touch of a control starts fetching what any view needs
    root.querySelector("form").addEventListener("focusin", function () { manifest().catch(function () {}); }, { once: true });
    el("pc-q").addEventListener("focus", function () { get("words.json").catch(function () {}); }, { once: true });
    el("pc-clear").addEventListener("click", function () {
      state = { tags: [], match: "any", topic: "", from: "", to: "", undated: false, code: false, words: "", sort: "newest" };
      showState();
      commit(true);
      el("pc-q").focus();
    });
    el("pc-more").addEventListener("click", function () {
      if (root.dataset.fresh) { // the static first page: read the index for the rest
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
