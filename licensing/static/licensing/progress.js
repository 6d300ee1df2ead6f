// A bulk reissue run's progress, kept current without reloading the page: the run's status and
// its failures are fetched again every 5 seconds until the run has finished. It replaces a
// <meta http-equiv="refresh">, which reloaded the page under the reader (WCAG 2.2.1); here focus
// and reading position stay, the status is a polite live region, and "Stop updating" stops it.
(function () {
  "use strict";
  const run = document.querySelector("[data-run][data-refresh]");
  if (!run) return;
  const stop = document.querySelector("[data-refresh-stop]");
  const PERIOD = 5000;
  let timer = null;

  function finish() {
    window.clearTimeout(timer);
    run.removeAttribute("data-refresh");
    if (stop) stop.hidden = true;
  }

  function schedule() {
    timer = window.setTimeout(poll, PERIOD);
  }

  async function poll() {
    let fresh;
    try {
      const response = await fetch(run.dataset.refresh, { credentials: "same-origin" });
      if (!response.ok) return schedule();
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      fresh = page.querySelector("[data-run]");
    } catch (error) {
      return schedule();
    }
    if (!fresh) return schedule();
    // Each part in place, so the live region stays the same element and is announced.
    for (const part of ["[data-run-status]", "[data-run-failed]"]) {
      const here = run.querySelector(part);
      const there = fresh.querySelector(part);
      if (here && there) here.replaceChildren(...there.childNodes);
    }
    if (fresh.hasAttribute("data-refresh")) schedule();
    else finish();
  }

  if (stop) {
    stop.hidden = false;
    stop.addEventListener("click", finish);
  }
  schedule();
})();
