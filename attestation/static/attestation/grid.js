// The results grid: keyboard only, each cell saved on its own as soon as it is complete.
//
// A cell remembers the version it was read at (data-version). A save sends that version; if
// another member wrote the cell meanwhile the server answers 409 with their value, the cell is
// marked and keeps what this member typed, and pressing Enter again overwrites knowingly.
// Values are checked as typed (data-min..data-max). A column copied from a spreadsheet and
// pasted into a cell fills that cell and the ones below it.
(function () {
  "use strict";
  const grid = document.getElementById("results-grid");
  if (!grid) return;
  const status = document.getElementById("grid-status");
  const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
  const cells = Array.from(grid.querySelectorAll("input.grid-cell"));
  const columns = Array.from(new Set(cells.map((c) => c.dataset.column)));
  const byColumn = {};
  columns.forEach((name) => { byColumn[name] = cells.filter((c) => c.dataset.column === name); });
  const timers = new WeakMap();
  const queue = new Map(); // cell -> pending promise, so one cell never has two saves in flight

  function say(text) { status.textContent = text; }

  function normalise(cell) {
    let text = cell.value.trim();
    if (cell.dataset.column === "absent" && /^(x|х|н|н\/я|\+)$/i.test(text)) text = "1";
    return text;
  }

  function valid(cell) {
    const text = normalise(cell);
    if (text === "") return true;
    if (!/^\d{1,3}$/.test(text)) return false;
    const n = Number(text);
    return n >= Number(cell.dataset.min) && n <= Number(cell.dataset.max);
  }

  function mark(cell, state, message) {
    cell.classList.remove("is-invalid", "is-saved", "is-conflict", "is-saving", "is-error");
    if (state) cell.classList.add(state);
    cell.setAttribute("aria-invalid", state === "is-invalid" || state === "is-conflict" ? "true" : "false");
    if (message) { cell.title = message; say(message); } else { cell.removeAttribute("title"); }
  }

  function fillRow(row, results, pending) {
    if (!row) return;
    const show = (value) => (value === null || value === undefined ? "—" : String(value).replace(".", grid.dataset.decimal || "."));
    const set = (field, value, failure) => {
      const el = row.querySelector(`[data-field="${field}"]`);
      if (!el) return;
      el.textContent = show(value);
      if (failure) el.className = results.failures.includes(failure) ? "text-danger" : "text-success";
    };
    set("sample", results.sample); set("took_part", results.took_part); set("positive", results.positive);
    set("participation", results.participation_percent, "participation");
    set("positive_share", results.positive_percent, "positive_share");
    set("pending", pending);
  }

  let figuresAsOf = 0;
  function figures(data) {
    // Answers to saves sent together arrive in any order: keep the latest count.
    if (!data || data.as_of < figuresAsOf) return;
    figuresAsOf = data.as_of;
    fillRow(document.querySelector("[data-figures-total]"), data.total, data.pending);
    document.querySelectorAll("tr[data-cohort]").forEach((row) => {
      const part = data.cohorts.find((c) => c.name === row.dataset.cohort);
      if (part) fillRow(row, part, part.pending);
    });
  }

  function save(cell, force) {
    const text = normalise(cell);
    if (!valid(cell)) { mark(cell, "is-invalid", grid.dataset.msgInvalid); return Promise.resolve(false); }
    if (!force && text === cell.dataset.saved && !cell.classList.contains("is-conflict")) return Promise.resolve(true);
    const previous = queue.get(cell) || Promise.resolve();
    // Decided when the save's turn comes: a save queued behind one that met a conflict (the
    // blur after Enter, say) must not send again with the other member's version, which
    // would overwrite their value silently. Only an explicit Enter on the marked cell does.
    const next = previous.then(() => {
      if (force) return send(cell, text);
      if (cell.classList.contains("is-conflict")) return false;
      if (text === cell.dataset.saved) return true;
      return send(cell, text);
    });
    queue.set(cell, next);
    return next;
  }

  function send(cell, text) {
    mark(cell, "is-saving");
    return fetch(grid.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify({
        student: Number(cell.dataset.student), column: cell.dataset.column,
        value: text === "" ? null : text, version: Number(cell.dataset.version),
      }),
    }).then((response) => response.json().then((body) => ({ response, body }))).then(({ response, body }) => {
      if (response.ok) {
        cell.dataset.version = body.cell.version;
        cell.dataset.saved = body.cell.value === null ? "" : String(body.cell.value);
        if (normalise(cell) === text) { cell.value = cell.dataset.saved; mark(cell, "is-saved"); say(grid.dataset.msgSaved); }
        figures(body.figures);
        return true;
      }
      if (response.status === 409 && body.cell) {
        // Someone else's value is the current one; ours stays typed until the member decides.
        cell.dataset.version = body.cell.version;
        cell.dataset.saved = body.cell.value === null ? "" : String(body.cell.value);
        mark(cell, "is-conflict", body.detail);
        return false;
      }
      mark(cell, response.status === 400 ? "is-invalid" : "is-error", body.detail || grid.dataset.msgError);
      return false;
    }).catch(() => { mark(cell, "is-error", grid.dataset.msgError); return false; });
  }

  function neighbour(cell, dRow, dCol) {
    const column = byColumn[cell.dataset.column];
    if (dRow) return column[column.indexOf(cell) + dRow] || null;
    const index = columns.indexOf(cell.dataset.column) + dCol;
    if (index < 0 || index >= columns.length) return null;
    const row = column.indexOf(cell);
    return byColumn[columns[index]][row] || null;
  }

  function go(target) { if (target) { target.focus(); target.select(); } }

  cells.forEach((cell) => {
    if (cell.readOnly) return;
    cell.addEventListener("input", () => {
      mark(cell, valid(cell) ? null : "is-invalid", valid(cell) ? null : grid.dataset.msgInvalid);
      clearTimeout(timers.get(cell));
      timers.set(cell, setTimeout(() => { if (valid(cell)) save(cell, false); }, 800));
    });
    cell.addEventListener("blur", () => { clearTimeout(timers.get(cell)); save(cell, false); });
    cell.addEventListener("keydown", (event) => {
      const atStart = cell.selectionStart === 0 && cell.selectionEnd === 0;
      const atEnd = cell.selectionStart === cell.value.length;
      const whole = cell.selectionStart === 0 && cell.selectionEnd === cell.value.length;
      switch (event.key) {
        case "Enter":
          event.preventDefault();
          clearTimeout(timers.get(cell));
          save(cell, cell.classList.contains("is-conflict") || cell.classList.contains("is-error"));
          go(neighbour(cell, event.shiftKey ? -1 : 1, 0));
          break;
        case "ArrowDown": event.preventDefault(); go(neighbour(cell, 1, 0)); break;
        case "ArrowUp": event.preventDefault(); go(neighbour(cell, -1, 0)); break;
        case "ArrowRight": if (atEnd || whole) { event.preventDefault(); go(neighbour(cell, 0, 1)); } break;
        case "ArrowLeft": if (atStart || whole) { event.preventDefault(); go(neighbour(cell, 0, -1)); } break;
        case "Escape":
          event.preventDefault(); clearTimeout(timers.get(cell));
          cell.value = cell.dataset.saved; mark(cell, null); break;
        default:
      }
    });
    cell.addEventListener("paste", (event) => {
      const text = (event.clipboardData || window.clipboardData).getData("text");
      const lines = text.replace(/\r/g, "").split("\n");
      if (lines.length && lines[lines.length - 1] === "") lines.pop();
      if (lines.length < 2) return; // one value: the browser pastes it as usual
      event.preventDefault();
      const column = byColumn[cell.dataset.column];
      let index = column.indexOf(cell);
      lines.forEach((line) => {
        const target = column[index++];
        if (!target || target.readOnly) return;
        target.value = line.split("\t")[0].trim();
        if (valid(target)) save(target, false); else mark(target, "is-invalid", grid.dataset.msgInvalid);
      });
      go(column[Math.min(index, column.length) - 1]);
    });
  });
  go(cells.find((c) => !c.readOnly && c.value === "") || cells[0]);
})();
