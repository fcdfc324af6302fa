/// The fixed style sheet and script of the HTML report, written inline so the page is one self-contained
/// file (its Content-Security-Policy allows nothing else). Neither holds report data: the script reads the
/// table's `data-*` attributes, so no value ever has to be escaped for a script context.
enum HTMLReportAssets {
  /// The Content-Security-Policy of the page: inline style and script only, images only as data URLs.
  static let contentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    + "base-uri 'none'; form-action 'none'"

  /// The style sheet (light and dark, system fonts only).
  static let style = """
    :root{color-scheme:light dark;--bg:#f5f6f8;--panel:#fff;--text:#1f2328;--muted:#5f6b76;--border:#d8dee4;
    --soft:#eef1f4;--accent:#0969da;--critical:#b42318;--high:#e0620d;--medium:#c99a06;--low:#3c7be0;
    --info:#8c959f;--kubernetes:#326ce5;--terraform:#7b42bc;--cloudformation:#d9730d;--ok:#1a7f37;
    --add-bg:#e6ffec;--add:#116329;--del-bg:#ffebe9;--del:#a40e26;--hunk:#0550ae;--hunk-bg:#ddf4ff;
    --mark:#fff5b1;--mono:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace}
    @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--panel:#161b22;--text:#e6edf3;--muted:#9198a1;
    --border:#30363d;--soft:#1f252d;--accent:#4493f8;--critical:#f0524a;--high:#f0883e;--ok:#3fb950;--add-bg:#12261e;--add:#3fb950;--del-bg:#2d1418;
    --del:#f85149;--hunk:#79c0ff;--hunk-bg:#121d2f;--mark:#3b2e05}}
    *{box-sizing:border-box}
    [hidden]{display:none!important}
    body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI",
    Roboto,"Noto Sans","Liberation Sans",sans-serif}
    .page{max-width:1280px;margin:0 auto;padding:20px 24px 40px}
    code,pre,.mono{font-family:var(--mono);font-size:12.5px}
    a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
    h1{font-size:22px;margin:0 0 2px}h2{font-size:17px;margin:28px 0 10px}h3{font-size:13px;margin:0 0 6px;
    color:var(--muted);font-weight:600}
    header.top{display:flex;flex-wrap:wrap;align-items:flex-end;justify-content:space-between;gap:12px;
    padding-bottom:14px;border-bottom:1px solid var(--border)}
    .meta{color:var(--muted);margin:0}.meta b{color:var(--text);font-weight:600}
    .verdict{padding:7px 14px;border-radius:999px;font-weight:600;border:1px solid}
    .verdict.bad{color:var(--critical);border-color:var(--critical);background:var(--del-bg)}
    .verdict.good{color:var(--ok);border-color:var(--ok);background:var(--add-bg)}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:10px;margin:18px 0}
    .card{background:var(--panel);border:1px solid var(--border);border-radius:8px;padding:10px 14px}
    .card .n{display:block;font-size:26px;font-weight:650;line-height:1.15}
    .card .l{color:var(--muted);font-size:12.5px}
    .card.warn .n{color:var(--high)}.card.bad .n{color:var(--critical)}.card.ok .n{color:var(--ok)}
    .charts{display:grid;grid-template-columns:minmax(0,360px) minmax(0,360px) minmax(0,1fr);gap:10px}
    figure{margin:0;background:var(--panel);border:1px solid var(--border);border-radius:8px;padding:12px 14px;
    overflow-x:auto}
    figcaption{font-weight:600;margin-bottom:8px}figcaption small{color:var(--muted);font-weight:400}
    svg.chart{max-width:100%;height:auto;display:block;font-family:system-ui,sans-serif}
    svg text{font-size:12px;fill:var(--text)}svg .axis{fill:var(--muted);font-size:11px}
    svg .count,svg .total{font-weight:600}svg .grid{stroke:var(--border);stroke-width:1}
    svg .callout{fill:var(--critical);font-size:11px;font-weight:600}
    svg .current .total{fill:var(--accent)}
    .legend{display:flex;flex-wrap:wrap;gap:4px 12px;color:var(--muted);font-size:12px;margin-top:6px}
    .legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
    .s-critical{fill:var(--critical);background:var(--critical)}.s-high{fill:var(--high);background:var(--high)}
    .s-medium{fill:var(--medium);background:var(--medium)}.s-low{fill:var(--low);background:var(--low)}
    .s-info{fill:var(--info);background:var(--info)}.e-kubernetes{fill:var(--kubernetes);background:var(--kubernetes)}
    .e-terraform{fill:var(--terraform);background:var(--terraform)}
    .e-cloudformation{fill:var(--cloudformation);background:var(--cloudformation)}
    .a-backport{fill:var(--ok);background:var(--ok)}.a-revert{fill:var(--critical);background:var(--critical)}
    .a-review{fill:var(--medium);background:var(--medium)}
    .filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:0 0 10px}
    .filters input[type=search]{flex:1 1 240px;min-width:200px}
    .filters input,.filters select,.filters button{font:inherit;padding:5px 8px;border:1px solid var(--border);
    border-radius:6px;background:var(--panel);color:var(--text)}
    .filters label.check{color:var(--muted);white-space:nowrap}
    .shown{color:var(--muted);margin-left:auto;font-size:13px}
    .tablewrap{overflow-x:auto;background:var(--panel);border:1px solid var(--border);border-radius:8px}
    table{border-collapse:collapse;width:100%;font-size:13px}
    th{position:sticky;top:0;background:var(--soft);text-align:left;font-weight:600;color:var(--muted);
    font-size:12px;text-transform:uppercase;letter-spacing:.03em}
    th,td{padding:6px 10px;border-bottom:1px solid var(--border);vertical-align:top}
    [data-js=on] th[data-sort]{cursor:pointer;user-select:none;white-space:nowrap}
    [data-js=on] th[data-sort]:after{content:" \\2195";opacity:.35}
    th[aria-sort=ascending]:after{content:" \\2191"!important;opacity:.8!important}
    th[aria-sort=descending]:after{content:" \\2193"!important;opacity:.8!important}
    tbody tr:last-child td{border-bottom:0}tbody tr:hover{background:var(--soft)}
    td.res,td.path{font-family:var(--mono);font-size:12.5px;overflow-wrap:break-word}
    table.findings{table-layout:fixed}.c-sev{width:8.5%}.c-kind{width:10.5%}.c-res{width:20.5%}.c-path{width:23%}
    .c-act{width:13%}.c-age{width:6.5%}.c-src{width:18%}td.act{white-space:nowrap}
    td.src{font-family:var(--mono);font-size:12px;overflow-wrap:break-word}
    td.src .dir{display:block;color:var(--muted);font-size:11px}
    td.age{white-space:nowrap;color:var(--muted)}
    tr.suppressed td{opacity:.6}
    .badge{display:inline-block;min-width:58px;text-align:center;padding:1px 7px;border-radius:999px;
    color:#fff;font-size:11.5px;font-weight:600}
    .badge.s-medium{color:#1f2328}
    .eco{display:inline-block;white-space:nowrap;font-family:system-ui,sans-serif;font-size:10.5px;font-weight:700;color:#fff;
    border-radius:3px;padding:0 4px;margin-right:6px;vertical-align:1px}
    .act{font-weight:600}.act.a-backport{color:var(--ok);background:none}
    .act.a-revert{color:var(--critical);background:none}.act.a-review{color:var(--medium);background:none}
    .tag{display:inline-block;font-size:11px;border:1px solid var(--border);border-radius:4px;padding:0 5px;
    color:var(--muted);margin-left:4px;white-space:nowrap}
    .tag.weak{color:var(--critical);border-color:var(--critical)}.tag.hard{color:var(--ok);border-color:var(--ok)}
    details.finding{background:var(--panel);border:1px solid var(--border);border-radius:8px;margin:0 0 8px}
    details.finding>summary{cursor:pointer;padding:8px 12px;list-style-position:outside;margin-left:14px}
    details.finding>summary code{font-size:12.5px}
    details.finding[open]>summary{border-bottom:1px solid var(--border)}
    details.finding:target{outline:2px solid var(--accent)}
    .body{padding:10px 14px 14px}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:0 0 12px}
    dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
    .values{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:10px;margin-bottom:12px}
    pre{margin:0;padding:8px 10px;background:var(--soft);border:1px solid var(--border);border-radius:6px;
    overflow:auto;max-height:360px;line-height:1.4}
    pre .chg{background:var(--mark);display:inline-block;min-width:100%}
    .absent{color:var(--muted);font-style:italic}
    pre.diff span{display:inline-block;min-width:100%}
    pre.diff .add{background:var(--add-bg);color:var(--add)}pre.diff .del{background:var(--del-bg);color:var(--del)}
    pre.diff .hunk{background:var(--hunk-bg);color:var(--hunk)}pre.diff .file{color:var(--muted);font-weight:600}
    .reason{margin:6px 0 0;color:var(--muted)}
    .toolbar{display:flex;gap:8px;margin:0 0 8px}
    .toolbar button{font:inherit;font-size:12.5px;padding:3px 10px;border:1px solid var(--border);border-radius:6px;
    background:var(--panel);color:var(--text);cursor:pointer}
    ul.plain{margin:0;padding-left:18px}ul.plain li{margin:2px 0}
    footer{margin-top:30px;color:var(--muted);font-size:12.5px;border-top:1px solid var(--border);padding-top:10px}
    @media (max-width:1000px){.charts{grid-template-columns:1fr}.values{grid-template-columns:1fr}
    table.findings{table-layout:auto}}
    @media print{.filters,.toolbar{display:none!important}details.finding{break-inside:avoid}}
    """

  /// The script: marks the page (`data-js="on"`), shows the filters (starting from any given in the query
  /// string), filters the table and the details by the `data-*` attributes of each row, counts what is
  /// shown, sorts by a clicked column header (or `?sort=`), opens a finding named by the URL fragment.
  static let script = """
    (function () {
      "use strict";
      var root = document.documentElement;
      root.setAttribute("data-js", "on");
      var form = document.getElementById("filters");
      var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));
      var counter = document.getElementById("shown");
      var none = document.getElementById("no-match");
      var names = ["severity", "kind", "ecosystem", "action"];
      function detailsOf(row) { return document.getElementById("f-" + row.getAttribute("data-id")); }
      function apply() {
        var terms = form.elements.q.value.toLowerCase().split(/\\s+/).filter(Boolean);
        var hideSuppressed = form.elements.hideSuppressed.checked;
        var shown = 0;
        rows.forEach(function (row) {
          var match = names.every(function (name) {
            var wanted = form.elements[name].value;
            return !wanted || row.getAttribute("data-" + name) === wanted;
          });
          match = match && !(hideSuppressed && row.getAttribute("data-suppressed") === "true");
          var text = row.getAttribute("data-text");
          match = match && terms.every(function (term) { return text.indexOf(term) >= 0; });
          row.hidden = !match;
          var details = detailsOf(row);
          if (details) { details.hidden = !match; }
          if (match) { shown += 1; }
        });
        counter.textContent = shown + " of " + rows.length + " findings shown";
        none.hidden = shown > 0 || rows.length === 0;
      }
      function openFromHash() {
        var target = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
        if (target && target.tagName === "DETAILS") { target.open = true; }
      }
      function setAll(open) {
        Array.prototype.forEach.call(document.querySelectorAll("details.finding"), function (details) {
          if (!details.hidden) { details.open = open; }
        });
      }
      if (form) {
        form.hidden = false;
        // A link can carry filters: report.html?severity=critical&q=shop
        try {
          var params = new URLSearchParams(location.search);
          ["q"].concat(names).forEach(function (name) {
            var value = params.get(name);
            if (value !== null && form.elements[name]) { form.elements[name].value = value; }
          });
        } catch (error) { /* no query string support: start unfiltered */ }
        form.addEventListener("input", apply);
        form.addEventListener("change", apply);
        form.addEventListener("submit", function (event) { event.preventDefault(); });
        form.addEventListener("reset", function () { setTimeout(apply, 0); });
        apply();
      }
      var toolbar = document.getElementById("toolbar");
      if (toolbar) {
        toolbar.hidden = false;
        document.getElementById("expand").addEventListener("click", function () { setAll(true); });
        document.getElementById("collapse").addEventListener("click", function () { setAll(false); });
      }
      rows.forEach(function (row) {
        row.addEventListener("click", function (event) {
          if (event.target.closest("a")) { return; }
          var details = detailsOf(row);
          if (details) { details.open = true; details.scrollIntoView({ block: "start" }); }
        });
      });
      // Sorting: a click on a column header sorts by it, a second click reverses; `?sort=age` or
      // `?sort=-severity` in a link does the same on load. Ties keep the report's order.
      var body = rows.length ? rows[0].parentNode : null;
      var headers = Array.prototype.slice.call(document.querySelectorAll("th[data-sort]"));
      function key(row, column) {
        if (column === "severity") { return Number(row.getAttribute("data-rank")); }
        if (column === "age") { return row.getAttribute("data-first-seen") || ""; }
        if (column === "resource") { return row.getAttribute("data-resource") || ""; }
        var index = headers.findIndex(function (th) { return th.getAttribute("data-sort") === column; });
        var cell = row.cells[index];
        return cell ? cell.textContent.trim().toLowerCase() : "";
      }
      function sortBy(column, descending) {
        if (!body) { return; }
        var order = rows.map(function (row, index) { return { row: row, index: index, key: key(row, column) }; });
        // The youngest finding has the latest first capture: ascending age is descending time.
        var flip = (column === "age") !== descending;
        order.sort(function (a, b) {
          var result = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
          return (flip ? -result : result) || a.index - b.index;
        });
        order.forEach(function (item) { body.appendChild(item.row); });
        var none = document.getElementById("no-match");
        if (none && none.parentNode === body) { body.appendChild(none); }
        headers.forEach(function (th) {
          var sorted = th.getAttribute("data-sort") === column;
          if (sorted) { th.setAttribute("aria-sort", descending ? "descending" : "ascending"); }
          else { th.removeAttribute("aria-sort"); }
        });
      }
      headers.forEach(function (th) {
        th.tabIndex = 0;
        function toggle() {
          sortBy(th.getAttribute("data-sort"), th.getAttribute("aria-sort") === "ascending");
        }
        th.addEventListener("click", toggle);
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle(); }
        });
      });
      try {
        var sort = new URLSearchParams(location.search).get("sort");
        if (sort) { sortBy(sort.replace(/^-/, ""), sort.charAt(0) === "-"); }
      } catch (error) { /* no query string support: keep the report's order */ }
      window.addEventListener("hashchange", openFromHash);
      openFromHash();
    })();
    """
}
