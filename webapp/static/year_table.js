// The co-financing year table, made quicker to fill: column totals as you type, and a button
// per year that copies its running costs and gains to the later years. The table works without
// this script; the server reads and checks every cell.
(function () {
  "use strict";

  var MILLIONS = /(mill\.?|millioner|millions?|mnok|mio\.?)/;
  var UNITS = /(kroner|kr\.?|nok|,-|\.-)/g;

  // Whole kroner from what people type ("12 500 000", "12.500.000", "12,5 mill."); null when
  // the script cannot tell (the server then explains on submit).
  function parseAmount(raw) {
    var text = raw.toLowerCase().replace(/[\s\u00a0\u202f\u2009\u2007']/g, "");
    if (text === "") return 0;
    var millions = MILLIONS.test(text);
    text = text.replace(MILLIONS, "").replace(UNITS, "");
    if (!/^[0-9.,]+$/.test(text)) return null;
    var marks = text.replace(/[0-9]/g, "");
    var number;
    if (marks.length === 0) {
      number = Number(text);
    } else if (new Set(marks).size === 2) {
      var decimal = text[Math.max(text.lastIndexOf("."), text.lastIndexOf(","))];
      var grouping = decimal === "," ? "." : ",";
      number = Number(text.split(grouping).join("").replace(decimal, "."));
    } else if (marks.length > 1 || /[.,][0-9]{3}$/.test(text)) {
      number = Number(text.replace(/[.,]/g, ""));
    } else {
      number = Number(text.replace(",", "."));
    }
    if (!isFinite(number)) return null;
    number = millions ? number * 1000000 : number;
    return Math.round(number) === number ? number : null;
  }

  function formatter() {
    var lang = document.documentElement.lang || "nb";
    var locale = lang === "en" ? "en-GB" : "nb-NO";
    return new Intl.NumberFormat(locale, {
      style: "currency", currency: "NOK", currencyDisplay: lang === "en" ? "code" : "symbol",
      maximumFractionDigits: 0, minimumFractionDigits: 0,
    });
  }

  function enhance(table) {
    var format = formatter();
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));

    function updateTotals() {
      table.querySelectorAll("[data-total-for]").forEach(function (output) {
        var column = output.getAttribute("data-total-for");
        var sum = 0;
        var known = true;
        table.querySelectorAll('tbody input[data-column="' + column + '"]').forEach(function (input) {
          var value = parseAmount(input.value);
          if (value === null) known = false; else sum += value;
        });
        output.textContent = known ? format.format(sum).replace(/\s/g, "\u00a0") : "…";
      });
    }

    rows.forEach(function (row, index) {
      if (index === rows.length - 1) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary year-table__copy";
      button.textContent = table.getAttribute("data-copy-label");
      var year = row.querySelector("th").textContent.trim();
      button.setAttribute("aria-label", table.getAttribute("data-copy-label-long").replace("{year}", year));
      button.addEventListener("click", function () {
        rows.slice(index + 1).forEach(function (later) {
          row.querySelectorAll("input[data-column]").forEach(function (input) {
            var column = input.getAttribute("data-column");
            if (column === "investment_cost") return;  // investments are one-off
            later.querySelector('input[data-column="' + column + '"]').value = input.value;
          });
        });
        updateTotals();
        var status = table.querySelector(".year-table__status");
        status.textContent = table.getAttribute("data-copied-label").replace("{year}", year);
      });
      row.querySelector("th").appendChild(button);
    });

    var status = document.createElement("p");
    status.className = "year-table__status visually-hidden";
    status.setAttribute("role", "status");
    table.appendChild(status);
    table.addEventListener("input", updateTotals);
    updateTotals();
  }

  document.querySelectorAll("[data-year-table]").forEach(enhance);
})();
