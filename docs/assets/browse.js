/* papercat browse page: filter every paper on the client.
 *
 * Reads the compact index that `papercat generate` writes (assets/browse-index.json). The text box
 * matches words in titles and abstracts using the site's search index (search/search_index.json),
 * fetched only when the box is first used; without it, titles alone are matched. The filter state
 * lives in the URL, so a shared link reopens the same view and back/forward work. All text is set
 * with textContent: nothing from the catalogue becomes HTML.
 */
(function () {
  "use strict";
  // loaded twice on the browse page (inline for speed, and as the theme's extra script): run once
  if (window.papercatBrowse) {
    window.papercatBrowse();
    return;
  }

  var PAGE = 50;
  var DEFAULTS = { tags: [], match: "any", topic: "", from: "", to: "", code: false, q: "", sort: "newest" };

  function readUrl() {
    var p = new URLSearchParams(window.location.search);
    return {
      tags: (p.get("tags") || "").split(",").filter(Boolean),
      match: p.get("match") === "all" ? "all" : "any",
      topic: p.get("topic") || "",
      from: /^\d{4}$/.test(p.get("from") || "") ? p.get("from") : "",
      to: /^\d{4}$/.test(p.get("to") || "") ? p.get("to") : "",
      code: p.get("code") === "1",
      q: p.get("words") || "",
      sort: ["newest", "upvotes", "title"].indexOf(p.get("sort")) >= 0 ? p.get("sort") : "newest"
    };
  }

  function toQuery(state) {
    var p = new URLSearchParams();
    if (state.tags.length) p.set("tags", state.tags.join(","));
    if (state.match !== DEFAULTS.match) p.set("match", state.match);
    if (state.topic) p.set("topic", state.topic);
    if (state.from) p.set("from", state.from);
    if (state.to) p.set("to", state.to);
    if (state.code) p.set("code", "1");
    if (state.q) p.set("words", state.q);  // not "q": the theme's search box reads that one
    if (state.sort !== DEFAULTS.sort) p.set("sort", state.sort);
    var s = p.toString();
    return s ? "?" + s : "";
  }

  function words(text) {
    return (text || "").toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function year(day) {
    return day >= 10000000 ? Math.floor(day / 10000) : 0;
  }

  function showDate(day) {
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    if (day >= 10000000) {
      return months[Math.floor(day / 100) % 100 - 1] + " " + (day % 100) + ", " + Math.floor(day / 10000);
    }
    if (day > 0) return months[Math.floor(day / 100) - 1] + " " + (day % 100);
    return "–";
  }

  function setup(root) {
    var el = function (id) { return document.getElementById(id); };
    var data = null;
    var texts = null;
    var textsLoading = null;
    var shown = PAGE;
    var state = readUrl();

    function loadTexts() {
      if (texts || textsLoading) return textsLoading;
      textsLoading = fetch(root.dataset.search)
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (index) {
          texts = {};
          var prefix = "papers/";
          (index.docs || []).forEach(function (doc) {
            var loc = doc.location || "";
            var at = loc.indexOf(prefix);
            if (at !== 0) return;
            var id = loc.slice(prefix.length).replace(/(\/|\.html)$/, "");
            // a paper's document is its facts, tags and topics, then " Abstract " and the abstract:
            // the text box matches the title and the abstract only
            var text = doc.text || "";
            var at2 = text.indexOf("</p> Abstract <p");
            var abstract = at2 >= 0 ? text.slice(at2 + 10) : "";
            var plain = abstract.replace(/<[^>]*>/g, " ");
            texts[id] = ((texts[id] || "") + " " + (doc.title || "") + " " + plain).toLowerCase();
          });
        })
        .catch(function () { texts = {}; })
        .then(function () { render(); });
      return textsLoading;
    }

    function matches(paper, topicTags, queryWords) {
      var tags = paper[5];
      if (state.tags.length) {
        var chosen = state.tags.map(function (t) { return data.tagIndex[t]; });
        var hit = state.match === "all"
          ? chosen.every(function (i) { return tags.indexOf(i) >= 0; })
          : chosen.some(function (i) { return tags.indexOf(i) >= 0; });
        if (!hit) return false;
      }
      if (topicTags && !tags.some(function (i) { return topicTags.indexOf(i) >= 0; })) return false;
      if (state.from || state.to) {
        var y = year(paper[2]);
        if (!y) return false;
        if (state.from && y < +state.from) return false;
        if (state.to && y > +state.to) return false;
      }
      if (state.code && !paper[4]) return false;
      if (queryWords.length) {
        var hay = (texts && texts[paper[0]]) || paper[1].toLowerCase();
        for (var k = 0; k < queryWords.length; k++) {
          if (hay.indexOf(queryWords[k]) < 0) return false;
        }
      }
      return true;
    }

    function render() {
      if (!data) return;
      var topic = state.topic ? data.topicIndex[state.topic] : null;
      var queryWords = words(state.q);
      if (queryWords.length && !texts) loadTexts();
      var found = data.papers.filter(function (p) { return matches(p, topic ? topic[2] : null, queryWords); });
      if (state.sort === "upvotes") {
        found = found.slice().sort(function (a, b) { return b[3] - a[3]; });
      } else if (state.sort === "title") {
        found = found.slice().sort(function (a, b) { return a[1].localeCompare(b[1]); });
      }
      var total = data.papers.length;
      el("pc-count").textContent = (found.length === total ? total + " papers" : found.length + " of " + total + " papers")
        + (queryWords.length && !texts ? " (matching titles; loading abstracts…)" : "");
      var list = el("pc-results");
      var frag = document.createDocumentFragment();
      found.slice(0, shown).forEach(function (p) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root.dataset.papers + p[0] + root.dataset.suffix;
        a.textContent = p[1];
        li.appendChild(a);
        var meta = document.createElement("span");
        meta.className = "pc-meta";
        var bits = [showDate(p[2])];
        if (p[3] >= 0) bits.push(p[3] + " upvotes");
        if (p[4]) bits.push("code");
        bits.push(p[5].map(function (i) { return data.tags[i][1]; }).join(", "));
        meta.textContent = " · " + bits.filter(Boolean).join(" · ");
        li.appendChild(meta);
        frag.appendChild(li);
      });
      list.replaceChildren(frag);
      el("pc-more").hidden = found.length <= shown;
    }

    function showState() {
      el("pc-q").value = state.q;
      el("pc-topic").value = state.topic;
      el("pc-from").value = state.from;
      el("pc-to").value = state.to;
      el("pc-code").checked = state.code;
      el("pc-sort").value = state.sort;
      root.querySelectorAll('input[name="match"]').forEach(function (r) { r.checked = r.value === state.match; });
      root.querySelectorAll('input[name="tag"]').forEach(function (c) { c.checked = state.tags.indexOf(c.value) >= 0; });
    }

    function commit(push) {
      var query = toQuery(state);
      if (query !== window.location.search) {
        var url = window.location.pathname + query + window.location.hash;
        if (push) window.history.pushState(null, "", url);
        else window.history.replaceState(null, "", url);
      }
      shown = PAGE;
      render();
    }

    function fromControls(push) {
      state = {
        tags: Array.prototype.map.call(root.querySelectorAll('input[name="tag"]:checked'), function (c) { return c.value; }),
        match: (root.querySelector('input[name="match"]:checked') || {}).value === "all" ? "all" : "any",
        topic: el("pc-topic").value,
        from: /^\d{4}$/.test(el("pc-from").value) ? el("pc-from").value : "",
        to: /^\d{4}$/.test(el("pc-to").value) ? el("pc-to").value : "",
        code: el("pc-code").checked,
        q: el("pc-q").value.trim(),
        sort: el("pc-sort").value
      };
      commit(push);
    }

    var inline = document.getElementById("pc-browse-data");
    function start(d) {
        data = d;
        data.tagIndex = {};
        d.tags.forEach(function (t, i) { data.tagIndex[t[0]] = i; });
        data.topicIndex = {};
        d.topics.forEach(function (t) { data.topicIndex[t[0]] = t; });
        state.tags = state.tags.filter(function (t) { return t in data.tagIndex; });
        var counts = d.tags.map(function () { return 0; });
        d.papers.forEach(function (p) { p[5].forEach(function (i) { counts[i]++; }); });
        var boxes = document.createDocumentFragment();
        d.tags.forEach(function (t, i) {
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = "tag";
          box.value = t[0];
          label.appendChild(box);
          label.appendChild(document.createTextNode(" " + t[1] + " (" + counts[i] + ")"));
          boxes.appendChild(label);
        });
        el("pc-tag-boxes").replaceChildren(boxes);
        var topics = el("pc-topic");
        d.topics.forEach(function (t) {
          var option = document.createElement("option");
          option.value = t[0];
          option.textContent = t[1];
          topics.appendChild(option);
        });
        showState();
        render();
    }
    // with the index in the page, render now, synchronously, rather than after a promise tick
    if (inline) {
      try { start(JSON.parse(inline.textContent)); } catch (e) { el("pc-count").textContent = "The paper index could not be read."; }
    } else {
      fetch(root.dataset.index)
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(start)
        .catch(function () { el("pc-count").textContent = "The paper index could not be loaded."; });
    }

    root.querySelector("form").addEventListener("change", function (e) {
      fromControls(true);
      if (e.target.id === "pc-q" && state.q) loadTexts();
    });
    var typing = null;
    el("pc-q").addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { fromControls(false); }, 150);
    });
    el("pc-clear").addEventListener("click", function () {
      state = JSON.parse(JSON.stringify(DEFAULTS));
      showState();
      commit(true);
      el("pc-q").focus();
    });
    el("pc-more").addEventListener("click", function () {
      shown += PAGE * 4;
      render();
    });
    window.addEventListener("popstate", function () {
      if (!document.getElementById("pc-browse")) return;
      state = readUrl();
      showState();
      shown = PAGE;
      render();
    });
  }

  function init() {
    var root = document.getElementById("pc-browse");
    if (!root || root.dataset.ready) return;
    root.dataset.ready = "1";
    setup(root);
  }

  window.papercatBrowse = init;
  // On the browse page itself this runs while the page parses: render at once.
  init();
  // Material's instant navigation swaps pages without reloading and announces each on document$.
  function follow() {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", follow);
  else follow();
})();
