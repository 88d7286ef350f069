/* The catalogue site's search: runs in the browser on the index in
   catalogue-data.js, so that it works opened from the files.  Every word
   typed must be found (without regard to case or accents) in the chosen
   field: titles, authors, topics, or all three. */
(function () {
  "use strict";
  var data = window.PAMPHLETEER_CATALOGUE || [];
  var form = document.getElementById("finder");
  var q = document.getElementById("q");
  var field = document.getElementById("in");
  var lang = document.getElementById("lang");
  var status = document.getElementById("status");
  if (!form || !q) { return; }

  function fold(s) {
    return (s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var items = data.map(function (d) {
    return {
      id: d.id, l: d.l || "",
      t: fold(d.t + " " + (d.s || "")),
      a: fold((d.a || []).join(" ; ")),
      k: fold((d.k || []).join(" ; "))
    };
  });
  var rows = {};
  Array.prototype.forEach.call(document.querySelectorAll("#results > li[data-id]"), function (li) {
    rows[li.getAttribute("data-id")] = li;
  });

  function run() {
    var words = fold(q.value).split(/\s+/).filter(Boolean);
    var where = field ? field.value : "all";
    var language = lang ? lang.value : "";
    var shown = 0;
    items.forEach(function (it) {
      var hay = where === "all" ? it.t + " " + it.a + " " + it.k : it[where];
      var ok = (!language || it.l === language) && words.every(function (w) {
        return hay.indexOf(w) !== -1;
      });
      var row = rows[it.id];
      if (row) { row.hidden = !ok; }
      if (ok) { shown += 1; }
    });
    status.textContent = (words.length || language)
      ? shown + " of " + items.length + " texts found"
      : items.length + " texts";
    var params = new URLSearchParams();
    if (q.value) { params.set("q", q.value); }
    if (where !== "all") { params.set("in", where); }
    if (language) { params.set("lang", language); }
    var hash = params.toString();
    if (history.replaceState) {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname);
    }
  }

  var start = new URLSearchParams(location.hash.slice(1));
  if (start.get("q")) { q.value = start.get("q"); }
  if (start.get("in") && field) { field.value = start.get("in"); }
  if (start.get("lang") && lang) { lang.value = start.get("lang"); }
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  q.addEventListener("input", run);
  if (field) { field.addEventListener("change", run); }
  if (lang) { lang.addEventListener("change", run); }
  run();
}());
