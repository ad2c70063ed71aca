/* Sortable tables: the part of tablesort 5.7.1 (MIT, Tristen Brown) liim.js uses, as a global
 * Tablesort: new Tablesort(table) and .refresh(). Each header of the thead's last row gets
 * role="columnheader" and tabindex 0; a click or Enter sorts the tbody's rows by its column, first
 * ascending, then the other way (aria-sort says which; the previous header loses its aria-sort).
 * A cell's value is its data-sort, else its text. A column with data-sort-method="number", or whose
 * first three values look numeric, compares the number in the value (none: 0); others compare the
 * lower-case text. Equal values come in the reverse of their order before the sort, as in
 * tablesort. tests/test_browser_dropins.py compares the orders with tablesort's. */
(function (root) {
  var NUMBER = /^[-+]?[£\x24Û¢´€]?\d+\s*([,.]\d{0,2})|^[-+]?\d+\s*([,.]\d{0,2})?[£\x24Û¢´€]|^[-+]?(\d)*-?([,.]){0,1}-?(\d)+([Ee][-+][\d]+)?%?$/;

  function value(cell) {
    return !cell ? "" : cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent || "";
  }

  function number(text) {
    var n = parseFloat(text.replace(/[^\-?0-9.]/g, ""));
    return isNaN(n) ? 0 : n;
  }

  function text(a, b) {
    a = a.trim().toLowerCase();
    b = b.trim().toLowerCase();
    return a === b ? 0 : a < b ? -1 : 1;
  }

  function Tablesort(table) {
    var self = this, head = table.tHead, start = null;
    self.table = table;
    if (!head || !head.rows.length) { return; }
    var row = head.rows[head.rows.length - 1];
    Array.prototype.forEach.call(row.cells, function (th) {
      th.setAttribute("role", "columnheader");
      th.tabIndex = 0;
      th.addEventListener("click", function () { self.pick(th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); self.pick(th); }
      });
      if (th.hasAttribute("data-sort-default")) { start = th; }
    });
    if (start) { self.pick(start); }
  }

  Tablesort.prototype.pick = function (th) {
    if (this.current && this.current !== th) { this.current.removeAttribute("aria-sort"); }
    this.current = th;
    this.sortTable(th);
  };

  /* Whether the column sorts as numbers: its method, else its first three non-empty values. */
  function numeric(th, rows) {
    var seen = [];
    for (var r = 0; seen.length < 3 && r < rows.length; r++) {
      var v = value(rows[r].cells[th.cellIndex]).trim();
      if (v) { seen.push(v); }
    }
    var method = th.getAttribute("data-sort-method");
    return method ? method === "number" : seen.every(function (v) { return NUMBER.test(v); });
  }

  Tablesort.prototype.sortTable = function (th, keep) {
    var body = this.table.tBodies[0], order = th.getAttribute("aria-sort");
    if (!keep) {
      order = order === "ascending" ? "descending" : "ascending";
      th.setAttribute("aria-sort", order);
    }
    if (!body || body.rows.length < 2) { return; }
    var isNumber = numeric(th, body.rows), sign = order === "descending" ? -1 : 1;
    var items = Array.prototype.map.call(body.rows, function (tr, index) {
      return { tr: tr, v: value(tr.cells[th.cellIndex]), index: index };
    });
    items.sort(function (a, b) {
      var c = isNumber ? number(a.v) - number(b.v) : text(a.v, b.v);
      return sign * c || b.index - a.index;
    });
    items.forEach(function (item) { body.appendChild(item.tr); });
  };

  Tablesort.prototype.refresh = function () {
    if (this.current) { this.sortTable(this.current, true); }
  };

  root.Tablesort = Tablesort;
})(typeof window !== "undefined" ? window : globalThis);
