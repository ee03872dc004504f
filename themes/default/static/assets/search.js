// disclose search: loads only the index shards a query needs. The tokenizer and the
// shard hash mirror src/output/search.rs (CJK bigrams, ASCII words, FNV-1a mod shards).
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form) return;
  var base = form.getAttribute("data-index");
  var root = new URL(form.getAttribute("data-root") || "/", location.href);
  var input = form.querySelector("input[type=search]");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var labels = JSON.parse(form.getAttribute("data-labels") || "{}");
  var meta = null;
  var shardCache = {};
  if (location.protocol === "file:") {
    // Browsers do not let a page read files beside it, so the index cannot load: say so
    // in place of the no-JavaScript note, whose links to the lists still help.
    var note = document.querySelector("[data-nojs] p");
    if (note && labels.offline) note.textContent = labels.offline;
    return;
  }
  document.querySelectorAll("[data-nojs]").forEach(function (el) { el.hidden = true; });
  form.hidden = false;

  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff) || (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x2fa1f);
  }
  function tokens(text) {
    var out = [], run = [], word = "";
    function flushRun() {
      if (run.length === 1) out.push(run[0]);
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      run = [];
    }
    function flushWord() { if (word.length >= 2) out.push(word); word = ""; }
    Array.from(text).forEach(function (c) {
      if (isCjk(c)) { flushWord(); run.push(c); }
      else if (/[A-Za-z0-9]/.test(c)) { flushRun(); word += c.toLowerCase(); }
      else { flushRun(); flushWord(); }
    });
    flushRun(); flushWord();
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }
  function shardOf(token, shards) {
    var bytes = new TextEncoder().encode(token), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h % shards;
  }
  function load(url) { return fetch(url).then(function (r) { if (!r.ok) throw new Error(url); return r.json(); }); }
  function pad(n) { return n < 10 ? "0" + n : "" + n; }

  function search(query) {
    var toks = tokens(query);
    if (!toks.length) { results.innerHTML = ""; status.textContent = ""; return; }
    var ready = meta ? Promise.resolve(meta) : load(base + "docs.json").then(function (m) { meta = m; return m; });
    ready.then(function (m) {
      var needed = {};
      toks.forEach(function (t) { needed[shardOf(t, m.shards)] = true; });
      return Promise.all(Object.keys(needed).map(function (n) {
        if (!shardCache[n]) shardCache[n] = load(base + "shard-" + pad(+n) + ".json");
        return shardCache[n];
      })).then(function () {
        return Promise.all(toks.map(function (t) { return shardCache[shardOf(t, m.shards)]; }));
      }).then(function (maps) {
        var counts = {};
        maps.forEach(function (map, i) {
          (map[toks[i]] || []).forEach(function (d) { counts[d] = (counts[d] || 0) + 1; });
        });
        var hits = Object.keys(counts).filter(function (d) { return counts[d] === toks.length; })
          .map(Number).sort(function (a, b) { return a - b; });
        render(m.docs, hits, query);
      });
    }).catch(function () { status.textContent = labels.error || "Search index unavailable."; });
  }

  function render(docs, hits, query) {
    results.innerHTML = "";
    hits.slice(0, 200).forEach(function (d) {
      var doc = docs[d];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = new URL(doc.url, root).href;
      a.textContent = doc.id + " " + doc.title;
      li.appendChild(a);
      var s = document.createElement("span");
      s.className = "status status-" + doc.status;
      var words = labels.status && labels.status[doc.kind];
      s.textContent = " " + (doc.in_notice && labels.in_notice || words && words[doc.status] || doc.status);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(s);
      results.appendChild(li);
    });
    status.textContent = (labels.found || "{n} results").replace("{n}", hits.length).replace("{q}", query);
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); search(input.value); });
  input.addEventListener("input", function () { search(input.value); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(q); }
})();
