// disclose default theme: progressive enhancement only. Every page is complete without
// this script; it adds the large-text switch and filtering/sorting of record tables.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "disclose-large-text";
  try { if (localStorage.getItem(KEY) === "1") root.classList.add("large-text"); } catch (e) {}

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var toggle = document.querySelector("[data-large-text]");
    if (toggle) {
      toggle.hidden = false;
      toggle.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false");
      toggle.addEventListener("click", function () {
        var on = root.classList.toggle("large-text");
        toggle.setAttribute("aria-pressed", on ? "true" : "false");
        try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) {}
      });
    }

    var box = document.querySelector("[data-filters]");
    var table = document.querySelector("table[data-records]");
    if (!box || !table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows).filter(function (r) { return r.dataset.status; });
    var labels = JSON.parse(box.getAttribute("data-labels") || "{}");

    function field(name, text, options) {
      var label = document.createElement("label");
      label.textContent = text;
      var input;
      if (options) {
        input = document.createElement("select");
        var all = document.createElement("option");
        all.value = ""; all.textContent = labels.all || "—";
        input.appendChild(all);
        options.forEach(function (o) {
          var opt = document.createElement("option");
          opt.value = o[0]; opt.textContent = o[1];
          input.appendChild(opt);
        });
      } else {
        input = document.createElement("input");
        input.type = "search";
      }
      input.name = name;
      label.appendChild(input);
      box.appendChild(label);
      return input;
    }

    // `names` (key → label) names an option when given: a status cell reads in its
    // record's kind's words (已办结, 销号公示中), the option in the vocabulary's.
    function distinct(attr, cellIndex, names) {
      var seen = {}, out = [];
      rows.forEach(function (r) {
        (r.dataset[attr] || "").split(" ").forEach(function (v) {
          if (v && !seen[v]) {
            seen[v] = 1;
            var text = v;
            if (names && names[v]) text = names[v];
            else if (cellIndex !== undefined) text = r.cells[cellIndex].textContent.trim();
            out.push([v, text]);
          }
        });
      });
      return out;
    }

    var text = field("q", labels.text || "Keyword");
    var status = field("status", labels.status || "Status", distinct("status", 6, labels.statuses));
    var region = field("region", labels.region || "Region", distinct("region"));
    var kind = field("kind", labels.kind || "Kind", distinct("kind", 2));
    var inspection = field("inspection", labels.inspection || "Inspection", distinct("inspection"));
    var type = field("type", labels.type || "Type", distinct("types"));
    box.hidden = false;

    function apply() {
      var q = text.value.trim().toLowerCase();
      rows.forEach(function (r) {
        var ok = (!q || r.textContent.toLowerCase().indexOf(q) >= 0) &&
          (!status.value || r.dataset.status === status.value) &&
          (!region.value || r.dataset.region === region.value) &&
          (!kind.value || r.dataset.kind === kind.value) &&
          (!inspection.value || r.dataset.inspection === inspection.value) &&
          (!type.value || (" " + r.dataset.types + " ").indexOf(" " + type.value + " ") >= 0);
        r.hidden = !ok;
      });
    }
    [text, status, region, kind, inspection, type].forEach(function (el) {
      el.addEventListener("input", apply);
      el.addEventListener("change", apply);
    });

    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
          return asc ? x.localeCompare(y, "zh-CN") : y.localeCompare(x, "zh-CN");
        });
        sorted.forEach(function (r) { table.tBodies[0].appendChild(r); });
      });
    });
  });
})();
