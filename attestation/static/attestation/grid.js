// The results grid: keyboard only, each cell saved on its own as soon as it is complete.
//
// A cell remembers the version it was read at (data-version). A save sends that version; if
// another member wrote the cell meanwhile the server answers 409 with their value, the cell is
// marked and keeps what this member typed, and pressing Enter again overwrites knowingly.
// Values are checked as typed (data-min..data-max). A column copied from a spreadsheet and
// pasted into a cell fills that cell and the ones below it. "Absent" is a checkbox.
//
// The status line never says "Saved" while a cell is refused: it names the cell and value that
// were NOT saved, and every refused cell keeps its typed value, outlined, with the reason under it.
//
// Once a member has signed the conclusion, a change of any result voids the signatures (cl. 31):
// the page names the signers before the first change, and every save carries the member's
// confirmation (#grid-void-signatures), ticked once for the rest of the page's life. A save the
// server refused for want of it (attestation.a31.void_unconfirmed: someone signed after the page
// was opened) shows the warning with the server's names; ticking it saves the cells it held back.
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
  const unsaved = new Map(); // cell -> the sentence saying why it is not saved
  const voidBox = document.getElementById("grid-void");
  const voidConfirm = document.getElementById("grid-void-signatures");
  const VOID_UNCONFIRMED = "attestation.a31.void_unconfirmed";
  const heldForVoid = new Set(); // cells refused until the member confirms the voiding
  const bands = (grid.dataset.gradeBands || "").split("|").filter(Boolean).map((part) => {
    const [low, code, label] = part.split("=");
    return { low: Number(low), code, label };
  });

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_m, name) => (name in values ? String(values[name]) : ""));
  }
  const isBox = (cell) => cell.type === "checkbox";
  function describe(cell) {
    if (isBox(cell)) return cell.labels[0].textContent.trim();
    return cell.getAttribute("aria-label");
  }
  function shown(cell) { return isBox(cell) ? (cell.checked ? "✓" : "—") : cell.value.trim(); }

  function report(last, bad) {
    // The last event first, then what is still not saved: never a bare "Saved" over a refusal.
    status.textContent = "";
    const add = (text, error) => {
      const span = document.createElement("span");
      span.textContent = text + " ";
      if (error) span.className = "grid-status-error";
      status.appendChild(span);
    };
    if (last) add(last, bad);
    const others = Array.from(unsaved.values()).filter((text) => text !== last);
    if (others.length === 1) add(others[0], true);
    else if (others.length > 1) add(fill(grid.dataset.msgMore, { count: unsaved.size }), true);
  }

  function normalise(cell) {
    if (isBox(cell)) return cell.checked ? "1" : "";
    return cell.value.trim();
  }

  function problem(cell) {
    const text = normalise(cell);
    if (text === "" || isBox(cell)) return null;
    const n = Number(text);
    if (!/^\d{1,3}$/.test(text) || n < Number(cell.dataset.min) || n > Number(cell.dataset.max)) {
      return fill(grid.dataset.msgRange, { min: cell.dataset.min, max: cell.dataset.max });
    }
    return null;
  }

  function feedback(cell) { return document.getElementById(cell.getAttribute("aria-describedby")); }

  function mark(cell, state, reason) {
    cell.classList.remove("is-invalid", "is-saved", "is-conflict", "is-saving", "is-error");
    if (state) cell.classList.add(state);
    const bad = state === "is-invalid" || state === "is-conflict" || state === "is-error";
    cell.setAttribute("aria-invalid", bad ? "true" : "false");
    const box = feedback(cell);
    if (bad) {
      const sentence = fill(grid.dataset.msgNotSaved, { cell: describe(cell), value: shown(cell), reason });
      unsaved.set(cell, sentence);
      if (box) box.textContent = reason;
      report(sentence, true);
    } else {
      unsaved.delete(cell);
      if (box) box.textContent = "";
    }
  }

  function grade(cell) {
    if (cell.dataset.column !== "test") return;
    const target = grid.querySelector(`[data-grade-for="${cell.dataset.student}"]`);
    if (!target) return;
    const saved = cell.dataset.saved;
    if (saved === "") { target.textContent = "—"; target.dataset.grade = ""; return; }
    const band = bands.find((b) => Number(saved) >= b.low);
    target.textContent = band ? band.label : grid.dataset.gradeFailed;
    target.dataset.grade = band ? band.code : "unsatisfactory";
  }

  function fillRow(row, results, pending) {
    if (!row) return;
    const show = (value) => (value === null || value === undefined ? "—" : String(value).replace(".", grid.dataset.decimal || "."));
    const set = (field, value, failure) => {
      const el = row.querySelector(`[data-field="${field}"]`);
      if (!el) return;
      el.textContent = show(value);
      if (failure) el.className = results.failures.includes(failure) ? "text-danger-emphasis" : "text-success-emphasis";
    };
    set("sample", results.sample); set("took_part", results.took_part); set("positive", results.positive);
    set("participation", results.participation_percent, "participation");
    set("positive_share", results.positive_percent, "positive_share");
    set("pending", pending);
    Object.entries(results.grades || {}).forEach(([name, count]) => {
      const el = row.querySelector(`[data-grade="${name}"] [data-count]`);
      if (el) el.textContent = count;
    });
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
    const wrong = problem(cell);
    if (wrong) { mark(cell, "is-invalid", wrong); return Promise.resolve(false); }
    if (!force && text === cell.dataset.saved && !cell.classList.contains("is-conflict")) {
      if (unsaved.has(cell)) mark(cell, null);
      return Promise.resolve(true);
    }
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
    cell.classList.add("is-saving");
    return fetch(grid.dataset.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify({
        student: Number(cell.dataset.student), column: cell.dataset.column,
        value: text === "" ? null : text, version: Number(cell.dataset.version),
        void_signatures: Boolean(voidConfirm && voidConfirm.checked),
      }),
    }).then((response) => response.json().then((body) => ({ response, body }))).then(({ response, body }) => {
      if (response.ok) {
        heldForVoid.delete(cell);
        if (voidConfirm && voidConfirm.checked && !voidBox.hidden) {
          document.getElementById("grid-void-text").textContent = voidBox.dataset.msgVoided;
        }
        cell.dataset.version = body.cell.version;
        cell.dataset.saved = body.cell.value === null ? "" : String(body.cell.value);
        if (normalise(cell) === text) {
          if (!isBox(cell)) cell.value = cell.dataset.saved;
          mark(cell, "is-saved");
          const template = cell.dataset.saved === "" ? grid.dataset.msgCleared : grid.dataset.msgSaved;
          report(fill(template, { cell: describe(cell), value: shown(cell) }));
        }
        grade(cell);
        figures(body.figures);
        return true;
      }
      if (response.status === 409 && body.cell) {
        // Someone else's value is the current one; ours stays typed until the member decides.
        cell.dataset.version = body.cell.version;
        cell.dataset.saved = body.cell.value === null ? "" : String(body.cell.value);
        grade(cell); // the grade shown is the saved value's, whatever stays typed
        mark(cell, "is-conflict", body.detail);
        return false;
      }
      if (body.code === VOID_UNCONFIRMED && voidBox) {
        // Nothing was saved; the value (a tick too) stays until the member confirms.
        document.getElementById("grid-void-text").textContent = body.detail;
        voidBox.hidden = false;
        heldForVoid.add(cell);
        mark(cell, "is-invalid", body.detail);
        return false;
      }
      if (isBox(cell)) {
        // A refused tick goes back to what is saved; the reason stays beside it.
        const reason = body.detail || grid.dataset.msgError;
        mark(cell, "is-invalid", reason);
        cell.checked = cell.dataset.saved === "1";
        return false;
      }
      mark(cell, response.status >= 500 ? "is-error" : "is-invalid", body.detail || grid.dataset.msgError);
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

  function go(target) { if (target) { target.focus(); if (!isBox(target)) target.select(); } }

  if (voidConfirm) {
    voidConfirm.addEventListener("change", () => {
      if (!voidConfirm.checked) return;
      Array.from(heldForVoid).forEach((cell) => { heldForVoid.delete(cell); save(cell, false); });
    });
  }

  cells.forEach((cell) => {
    if (cell.readOnly || cell.disabled) return;
    if (isBox(cell)) {
      cell.addEventListener("change", () => save(cell, true));
    } else {
      cell.addEventListener("input", () => {
        const wrong = problem(cell);
        if (wrong) mark(cell, "is-invalid", wrong); else if (unsaved.has(cell)) mark(cell, null);
        clearTimeout(timers.get(cell));
        timers.set(cell, setTimeout(() => { if (!problem(cell)) save(cell, false); }, 800));
      });
      cell.addEventListener("blur", () => { clearTimeout(timers.get(cell)); save(cell, false); });
    }
    cell.addEventListener("keydown", (event) => {
      const text = isBox(cell);
      const atStart = text || (cell.selectionStart === 0 && cell.selectionEnd === 0);
      const atEnd = text || cell.selectionStart === cell.value.length;
      const whole = text || (cell.selectionStart === 0 && cell.selectionEnd === cell.value.length);
      switch (event.key) {
        case "Enter":
          event.preventDefault();
          clearTimeout(timers.get(cell));
          if (!isBox(cell)) save(cell, cell.classList.contains("is-conflict") || cell.classList.contains("is-error"));
          go(neighbour(cell, event.shiftKey ? -1 : 1, 0));
          break;
        case "ArrowDown": event.preventDefault(); go(neighbour(cell, 1, 0)); break;
        case "ArrowUp": event.preventDefault(); go(neighbour(cell, -1, 0)); break;
        case "ArrowRight": if (atEnd || whole) { event.preventDefault(); go(neighbour(cell, 0, 1)); } break;
        case "ArrowLeft": if (atStart || whole) { event.preventDefault(); go(neighbour(cell, 0, -1)); } break;
        case "Escape":
          event.preventDefault(); clearTimeout(timers.get(cell));
          if (isBox(cell)) cell.checked = cell.dataset.saved === "1"; else cell.value = cell.dataset.saved;
          mark(cell, null); report(""); break;
        default:
      }
    });
    cell.addEventListener("paste", (event) => {
      if (isBox(cell)) return;
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
        const wrong = problem(target);
        if (wrong) mark(target, "is-invalid", wrong); else save(target, false);
      });
      go(column[Math.min(index, column.length) - 1]);
    });
  });
  go(cells.find((c) => !c.readOnly && !c.disabled && !isBox(c) && c.value === ""));
})();
