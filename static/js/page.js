// Small behaviours of server-rendered pages, wired by data attributes so that no page needs
// an inline script or event-handler attribute (the Content-Security-Policy allows neither).
//   data-copy="#input"          copy that input's value to the clipboard
//   data-print                  print the page
//   data-select-on-focus        select an input's text when it gets focus
//   data-pause-while-focused    skip an htmx poll of this element while focus is inside it

document.addEventListener("click", async (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const input = document.querySelector(copy.dataset.copy);
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      document.execCommand("copy");
    }
    const text = copy.textContent;
    copy.textContent = "Copied";
    setTimeout(() => {
      copy.textContent = text;
    }, 1500);
    return;
  }
  if (event.target.closest("[data-print]")) window.print();
});

document.addEventListener("focusin", (event) => {
  if (event.target.matches?.("[data-select-on-focus]")) event.target.select();
});

// htmx cancels a request whose htmx:beforeRequest event is cancelled; this replaces an
// hx-trigger filter expression, which htmx would have to eval.
document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  if (elt?.matches?.("[data-pause-while-focused]") && elt.contains(document.activeElement)) {
    event.preventDefault();
  }
});
