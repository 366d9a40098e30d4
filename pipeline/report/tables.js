// The report's only script, loaded from beside the pages (nothing from the network). It works on the
// tables marked class="data interactive": a click on a header sorts by that column (again: the other way),
// the filter box above a table keeps the rows that hold its words, and the CSV button saves the rows shown.
// The legend of the text toggles each kind of highlighted mention.
"use strict";

function cellValue(cell) {
  const text = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  const number = Number(text);
  return text !== "" && !Number.isNaN(number) ? number : text.toLowerCase();
}

function sortBy(table, column, header) {
  const body = table.tBodies[0];
  const descending = header.getAttribute("aria-sort") === "ascending";
  for (const th of table.tHead.rows[0].cells) th.removeAttribute("aria-sort");
  header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = cellValue(a.cells[column]), y = cellValue(b.cells[column]);
    const order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) : (typeof x === "number" ? -1 : 1);
    return descending ? -order : order;
  });
  rows.forEach((row) => body.appendChild(row));
}

function filterRows(table, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const row of table.tBodies[0].rows) {
    const text = row.textContent.toLowerCase();
    row.hidden = !words.every((w) => text.includes(w));
    if (!row.hidden) shown += 1;
  }
  const count = document.getElementById(table.id + "-count");
  if (count) count.textContent = shown + " of " + table.tBodies[0].rows.length + " rows";
}

function csvField(text) {
  return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function downloadCsv(table, name) {
  const lines = [Array.from(table.tHead.rows[0].cells, (c) => csvField(c.textContent.trim())).join(",")];
  for (const row of table.tBodies[0].rows) {
    if (!row.hidden) lines.push(Array.from(row.cells, (c) => csvField(c.textContent.trim())).join(","));
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv" }));
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table.data.interactive")) {
    Array.from(table.tHead.rows[0].cells).forEach((header, column) => {
      header.tabIndex = 0;
      header.addEventListener("click", () => sortBy(table, column, header));
    });
  }
  for (const box of document.querySelectorAll("input.filter")) {
    const table = document.getElementById(box.dataset.table);
    box.addEventListener("input", () => filterRows(table, box.value));
  }
  for (const button of document.querySelectorAll("button.csv")) {
    const table = document.getElementById(button.dataset.table);
    button.addEventListener("click", () => downloadCsv(table, button.dataset.name));
  }
  for (const toggle of document.querySelectorAll(".legend input[data-kind]")) {
    toggle.addEventListener("change", () => {
      document.body.classList.toggle("hide-" + toggle.dataset.kind, !toggle.checked);
    });
  }
});
