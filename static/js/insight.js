// The live analysis in the room: the interviewer's coverage panel (with ticks, claims,
// capacity and suggested questions), drills with their highlights and response timer on
// both pages, capacity badges, and the solo coach's questions.
//
// Everything here renders what the server sent (`insight`, `drill`, `coach` messages);
// what a role may see was decided on the server (protocol.md, "Live analysis").

const STATUS_TEXT = { covered: "covered", partly: "partly", missing: "missing" };

function el(doc, tag, attrs = {}, text = "") {
  const node = doc.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

/** "1:05" from milliseconds (never negative). */
export function formatCountdown(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/** Node ids to highlight for a drill's blast radius: {failed, affected}. */
export function drillHighlights(drill) {
  const failed = new Set(drill?.failed || []);
  const affected = new Set([...(drill?.affected || [])].filter((id) => !failed.has(id)));
  for (const id of drill?.queues_absorbing || []) affected.add(id);
  return { failed, affected };
}

/** A unit finding as the interviewer reads it: the message and the lines it cites. */
export function unitText(finding) {
  const lines = (finding.lines || []).map((l) => `${l.section}, line ${l.line}: “${l.text}”`);
  return lines.length ? `${finding.message} (${lines.join("; ")})` : finding.message;
}

export class InsightView {
  constructor(doc, { socket, store, boardRoot, role, solo, toast, announce }) {
    this.doc = doc;
    this.socket = socket;
    this.role = role;
    this.solo = solo;
    this.toast = toast;
    this.announce = announce;
    this.boardRoot = boardRoot;
    this.store = store;
    this.panel = doc.getElementById("iv-insight");
    this.shared = doc.getElementById("shared-coverage");
    this.banner = doc.getElementById("drill-banner");
    this.last = null;
    this.drill = null; // the active drill event (from the log) and its blast radius
    this.ticker = null;
    store?.addEventListener("change", () => this.highlight());
    this.bindControls();
  }

  /** A component's label (its id when it has none, or is gone). */
  nameOf(id) {
    const node = (this.store?.view?.nodes || []).find((n) => n.id === id);
    return node?.label || id;
  }

  describe(target) {
    if (target.kind === "surge") return `${target.factor}× traffic on ${this.nameOf(target.id)}`;
    if (target.kind === "zone") return `zone ${target.id} failed`;
    return `${this.nameOf(target.id)} failed`;
  }

  // ---- messages --------------------------------------------------------------------------

  insight(msg) {
    this.last = msg;
    const radius = (msg.drills || [])[0];
    if (radius && this.drill) this.drill.radius = radius;
    else if (radius) this.drillStarted({ target: radius.target, started_at: radius.started_at, ends_at: radius.started_at + (radius.seconds || 120) * 1000 }, { quiet: true }, radius);
    if (this.panel) this.renderPanel(msg);
    if (this.shared && msg.coverage) this.renderCoverage(this.shared.querySelector(".coverage"), msg.coverage, { ticks: false });
    if (this.shared) this.shared.hidden = !msg.coverage;
    this.highlight();
  }

  drillStarted(msg, { quiet } = {}, radius = null) {
    if (msg.ends_at && msg.ends_at <= this.socket.serverNow()) return;
    this.drill = { ...msg, radius: radius || this.drill?.radius || null };
    if (!quiet) {
      this.toast(`Drill: ${this.describe(msg.target)}. You have ${formatCountdown(msg.ends_at - msg.started_at)} to respond.`, "warn");
    }
    this.tick();
    clearInterval(this.ticker);
    this.ticker = setInterval(() => this.tick(), 1000);
  }

  coachAsked(msg, { quiet } = {}) {
    if (!quiet) this.toast(`Your interviewer asks: ${msg.text}`, "info");
  }

  // ---- drill banner and board highlights -------------------------------------------------

  tick() {
    if (!this.banner) return;
    const left = this.drill ? this.drill.ends_at - this.socket.serverNow() : 0;
    if (!this.drill || left <= 0) {
      this.banner.hidden = true;
      clearInterval(this.ticker);
      if (this.drill) this.announce("The drill's time is up.");
      this.drill = null;
      this.highlight();
      return;
    }
    this.banner.hidden = false;
    this.banner.querySelector(".drill-what").textContent = `Drill: ${this.describe(this.drill.target)}`;
    this.banner.querySelector(".drill-time").textContent = formatCountdown(left);
  }

  highlight() {
    if (!this.boardRoot) return;
    const { failed, affected } = drillHighlights(this.drill?.radius);
    const over = new Set(this.last?.capacity?.over_capacity || []);
    for (const g of this.boardRoot.querySelectorAll("g.board-node")) {
      const id = g.dataset.id;
      g.classList.toggle("is-drill-failed", failed.has(id));
      g.classList.toggle("is-drill-affected", affected.has(id));
      g.classList.toggle("is-over-capacity", over.has(id));
      if (over.has(id)) g.setAttribute("data-over-capacity", "over capacity at the estimated peak");
      else g.removeAttribute("data-over-capacity");
    }
  }

  // ---- the interviewer's panel -------------------------------------------------------------

  bindControls() {
    if (!this.panel) return;
    const share = this.panel.querySelector("#insight-share");
    share?.addEventListener("change", () => this.socket.send({ type: "insight.share", enabled: share.checked }));
    const form = this.panel.querySelector(".drill-form");
    form?.addEventListener("submit", (event) => {
      event.preventDefault();
      const kind = form.elements.kind.value;
      const typed = form.elements.target.value.trim();
      // A component may be named by its label; the server takes ids.
      const byLabel = (this.store?.view?.nodes || []).find((n) => n.id !== typed && n.label === typed);
      const target = { kind, id: kind !== "zone" && byLabel ? byLabel.id : typed };
      if (!target.id) return this.toast("Name the component or zone the drill is about.", "error");
      if (kind === "surge") target.factor = 10;
      if (!this.socket.send({ type: "drill.start", target })) this.toast("Not connected: try again in a moment.");
    });
  }

  renderPanel(msg) {
    const share = this.panel.querySelector("#insight-share");
    if (share) share.checked = Boolean(msg.share);
    const coverage = this.panel.querySelector(".coverage");
    if (coverage?.contains(this.doc.activeElement)) {
      // The interviewer is writing a note: redraw once they leave it, not under their caret.
      coverage.addEventListener("focusout", () => setTimeout(() => this.last && this.renderPanel(this.last)), { once: true });
    } else {
      this.renderCoverage(coverage, msg.coverage || [], { ticks: true });
    }
    this.renderList(this.panel.querySelector(".claims"), msg.claims || [], (c) => `${c.message} (${c.requirement.section}, line ${c.requirement.line}: “${c.requirement.text}”)`);
    this.renderList(this.panel.querySelector(".suggestions"), msg.suggestions || [], (s) => s.text);
    this.renderList(this.panel.querySelector(".capacity"), msg.capacity?.findings || [], (f) => f.message);
    this.renderList(this.panel.querySelector(".units"), msg.units || [], unitText);
    const options = this.panel.querySelector("#drill-targets");
    if (options) {
      options.innerHTML = "";
      for (const node of this.store?.view?.nodes || []) options.append(el(this.doc, "option", { value: node.id, label: node.label || node.kind }));
    }
  }

  renderList(root, items, text) {
    if (!root) return;
    root.innerHTML = "";
    for (const item of items) root.append(el(this.doc, "li", {}, text(item)));
    const empty = root.nextElementSibling;
    if (empty?.classList.contains("insight-empty")) empty.hidden = items.length > 0;
  }

  renderCoverage(root, categories, { ticks }) {
    if (!root) return;
    root.innerHTML = "";
    for (const category of categories) {
      const li = el(this.doc, "li", { class: `coverage-category status-${category.status}`, "data-category": category.slug });
      li.append(el(this.doc, "strong", {}, category.name), el(this.doc, "span", { class: `badge status-${category.status}` }, STATUS_TEXT[category.status] || category.status));
      const items = el(this.doc, "ul", { class: "coverage-items" });
      for (const item of category.items) items.append(this.coverageItem(category, item, ticks));
      li.append(items);
      root.append(li);
    }
  }

  coverageItem(category, item, ticks) {
    const li = el(this.doc, "li", { class: `coverage-item status-${item.status}`, "data-item": `${category.slug}/${item.slug}`, "data-status": item.status });
    li.append(el(this.doc, "span", { class: `cell cell-${item.status}` }, STATUS_TEXT[item.status] || item.status), el(this.doc, "span", { class: "statement" }, ` ${item.statement}`));
    for (const evidence of item.evidence || []) {
      const where = evidence.source === "notes" ? `${evidence.section}, line ${evidence.line}` : evidence.source === "diagram" ? `diagram: ${(evidence.nodes || []).join(", ")}` : evidence.source;
      li.append(el(this.doc, "q", { class: "evidence", title: where }, evidence.text || evidence.pattern || where));
    }
    if (ticks) li.append(this.tickControls(category, item));
    return li;
  }

  tickControls(category, item) {
    const wrap = el(this.doc, "span", { class: "tick" });
    const mine = item.interviewer?.verdict || null;
    if (mine) wrap.append(el(this.doc, "span", { class: `badge verdict-${mine}${item.disagrees ? " disagrees" : ""}` }, `you: ${mine}${item.disagrees ? " (the analysis disagrees)" : ""}`));
    const note = el(this.doc, "input", { type: "text", maxlength: "280", class: "tick-note", placeholder: "note (optional)", "aria-label": `Note on: ${item.statement}` });
    note.value = item.interviewer?.note || "";
    wrap.append(note);
    for (const verdict of ["covered", "missing", null]) {
      if (verdict === null && !mine) continue;
      const button = el(this.doc, "button", { type: "button", class: "link-button", "data-verdict": String(verdict) }, verdict === null ? "untick" : `tick ${verdict}`);
      button.addEventListener("click", () => {
        const text = verdict === null ? "" : note.value.trim().slice(0, 280);
        this.socket.send({ type: "nfr.tick", category: category.slug, item: item.slug, verdict, note: text });
      });
      wrap.append(button);
    }
    return wrap;
  }
}
