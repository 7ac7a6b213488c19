// Interviewer-only panels: hints to reveal, this phase's prompts, follow-ups and curveballs,
// the reference outline, private notes per phase and the rubric quick-score. Loaded only on
// the interviewer's page; its data arrives only in the interviewer's snapshot.

const SAVE_NOTE_AFTER_MS = 800;

export class InterviewerPanels {
  constructor(root, { socket, sessionId, phases, toast, quickScoreUrl }) {
    this.root = root;
    // Where quick scores are saved, and those saved so far: the scoring app answers that.
    this.quickScore = null;
    this.quickScoreLoaded = quickScoreUrl ? this.loadQuickScore(quickScoreUrl) : Promise.resolve();
    this.socket = socket;
    this.sessionId = sessionId;
    this.phases = phases;
    this.toast = toast;
    this.data = null;
    this.phaseIndex = 0;
    this.noteTimer = null;
    this.noteArea = root.querySelector("#private-note");
    this.noteStatus = root.querySelector("#private-note-status");
    this.noteArea.addEventListener("input", () => {
      this.noteStatus.textContent = "Typing…";
      clearTimeout(this.noteTimer);
      this.noteTimer = setTimeout(() => this.saveNote(), SAVE_NOTE_AFTER_MS);
    });
    this.noteArea.addEventListener("blur", () => {
      if (this.noteTimer) { clearTimeout(this.noteTimer); this.saveNote(); }
    });
    this.notePhase = root.querySelector("#private-note-phase");
    this.notePhase.addEventListener("change", () => this.showNote(this.notePhase.value));
    this.scoreForm = root.querySelector("#quick-score");
    // Scores save as they change; Enter in a field must not submit (reload) the page.
    this.scoreForm?.addEventListener("submit", (event) => event.preventDefault());
  }

  load(data, timer) {
    this.data = data;
    this.notes = { ...(data.private_notes || {}) };
    this.renderHints();
    this.renderRubric();
    if (timer) this.phaseChanged(timer);
    this.showNote(this.phases[this.phaseIndex]?.slug || this.phases[0].slug);
  }

  phaseChanged(timer) {
    const changed = timer.phase !== this.phaseIndex;
    this.phaseIndex = timer.phase;
    if (!this.data) return;
    this.renderPhasePrompts();
    if (changed) {
      this.showNote(this.phases[this.phaseIndex].slug);
      this.highlightCriteria();
    }
  }

  // ---- hints --------------------------------------------------------------------------

  renderHints() {
    const list = this.root.querySelector("#iv-hints");
    list.innerHTML = "";
    for (const hint of this.data.hints || []) {
      const li = document.createElement("li");
      li.dataset.index = hint.index;
      const text = document.createElement("p");
      text.textContent = hint.text;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button-small secondary";
      button.textContent = "Reveal";
      button.setAttribute("aria-label", `Reveal hint ${hint.index + 1} to the candidate`);
      button.addEventListener("click", () => this.socket.send({ type: "hint.reveal", index: hint.index }));
      li.append(text, button);
      list.append(li);
    }
    this.markRevealed();
  }

  markRevealed() {
    const revealed = window.designroom?.hints?.shown || new Set();
    for (const li of this.root.querySelectorAll("#iv-hints li")) {
      const on = revealed.has(Number(li.dataset.index));
      li.classList.toggle("is-revealed", on);
      const button = li.querySelector("button");
      button.disabled = on;
      button.textContent = on ? "Revealed" : "Reveal";
    }
  }

  // ---- this phase ------------------------------------------------------------------------

  renderPhasePrompts() {
    const phase = this.phases[this.phaseIndex];
    const guidance = (this.data.phase_guidance || []).find((g) => g.slug === phase.slug) || {};
    this.root.querySelector("#iv-phase-name").textContent = phase.name;
    this.root.querySelector("#iv-guidance").textContent = guidance.interviewer_guidance || "";
    fillList(this.root.querySelector("#iv-prompts"), guidance.interviewer_prompts || [], (t) => t);
    const followUps = (this.data.follow_ups || []).filter((f) => f.phase === phase.slug);
    fillList(this.root.querySelector("#iv-followups"), followUps, (f) => f.text, "No follow-ups for this phase.");
    const curve = this.root.querySelector("#iv-curveballs");
    curve.innerHTML = "";
    for (const c of this.data.curveballs || []) {
      const li = document.createElement("li");
      const details = document.createElement("details");
      const summary = document.createElement("summary");
      summary.textContent = c.text;
      const good = document.createElement("p");
      good.className = "muted";
      good.textContent = c.what_good_looks_like ? `Good answer: ${c.what_good_looks_like}` : "";
      details.append(summary, good);
      li.append(details);
      curve.append(li);
    }
    this.markRevealed();
  }

  // ---- private notes ---------------------------------------------------------------------

  showNote(slug) {
    if (this.noteTimer) { clearTimeout(this.noteTimer); this.saveNote(); }
    this.noteSlug = slug;
    this.notePhase.value = slug;
    this.noteArea.value = this.notes?.[slug]?.text || "";
    const at = this.notes?.[slug]?.updated_at;
    this.noteStatus.textContent = at ? `Saved ${time(at)}` : "Only you can see these notes.";
  }

  saveNote() {
    this.noteTimer = null;
    const slug = this.noteSlug;
    const text = this.noteArea.value.slice(0, 20000);
    this.notes[slug] = { ...(this.notes[slug] || {}), text };
    if (this.socket.send({ type: "private_note", phase: slug, text })) {
      this.noteStatus.textContent = "Saving…";
    } else {
      this.noteStatus.textContent = "Offline — will save when reconnected.";
      this.socket.outbox.push({ type: "private_note", phase: slug, text });
    }
  }

  noteSaved(msg) {
    this.notes[msg.phase] = { ...(this.notes[msg.phase] || {}), updated_at: msg.updated_at };
    if (typeof msg.text === "string") this.notes[msg.phase].text = msg.text;
    if (msg.phase === this.noteSlug && !this.noteTimer) this.noteStatus.textContent = `Saved ${time(msg.updated_at)}`;
  }

  // ---- rubric quick-score ------------------------------------------------------------------

  async loadQuickScore(url) {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      this.quickScore = await response.json();
    } catch {
      return; // offline: scores are kept in this browser until the page is reloaded
    }
    if (this.data) this.renderRubric();
  }

  renderRubric() {
    const rubric = this.data.rubric;
    const box = this.scoreForm;
    const list = box.querySelector(".criteria");
    list.innerHTML = "";
    const title = box.querySelector(".rubric-title");
    if (!rubric) {
      title.textContent = this.data.material === "withheld"
        ? "The rubric appears once your candidate has joined."
        : "No rubric for this level.";
      return;
    }
    title.textContent = rubric.title;
    const full = box.querySelector(".scorecard-link");
    if (full && this.quickScore?.scorecard_url) {
      full.href = this.quickScore.scorecard_url;
      full.hidden = false;
    }
    const saved = this.loadScores();
    for (const c of rubric.criteria) {
      const fieldset = document.createElement("fieldset");
      fieldset.className = "criterion";
      fieldset.dataset.phase = c.phase || "";
      const legend = document.createElement("legend");
      legend.textContent = `${c.title}${c.weight > 1 ? ` ×${c.weight}` : ""}`;
      legend.title = c.assesses;
      fieldset.append(legend);
      const scale = document.createElement("div");
      scale.className = "score-scale";
      c.anchors.forEach((anchor, i) => {
        const id = `score-${c.slug}-${i + 1}`;
        const label = document.createElement("label");
        label.htmlFor = id;
        label.title = anchor;
        const input = document.createElement("input");
        input.type = "radio";
        input.name = c.slug;
        input.value = String(i + 1);
        input.id = id;
        input.checked = saved[c.slug] === i + 1;
        input.addEventListener("change", () => this.scoreChanged(c, i + 1));
        label.append(input, document.createTextNode(String(i + 1)));
        scale.append(label);
      });
      const anchor = document.createElement("p");
      anchor.className = "anchor-text muted";
      anchor.textContent = saved[c.slug] ? c.anchors[saved[c.slug] - 1] : c.assesses;
      fieldset.append(scale, anchor);
      list.append(fieldset);
    }
    this.highlightCriteria();
  }

  highlightCriteria() {
    const slug = this.phases[this.phaseIndex]?.slug;
    for (const fs of this.scoreForm.querySelectorAll(".criterion")) {
      fs.classList.toggle("is-current", fs.dataset.phase === slug);
    }
  }

  async scoreChanged(criterion, value) {
    const scores = this.loadScores();
    scores[criterion.slug] = value;
    localStorage.setItem(this.scoreKey(), JSON.stringify(scores));
    const fs = this.scoreForm.querySelector(`input[name="${criterion.slug}"]`).closest("fieldset");
    fs.querySelector(".anchor-text").textContent = criterion.anchors[value - 1];
    const status = this.scoreForm.querySelector(".score-status");
    await this.quickScoreLoaded;
    const url = this.quickScore?.urls?.[criterion.slug];
    if (!url) {
      status.textContent = `Kept in this browser (${time(Date.now())}).`;
      return;
    }
    status.textContent = "Saving…";
    try {
      const body = new FormData();
      body.append("score", String(value));
      const response = await fetch(url, { method: "POST", body, headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" } });
      status.textContent = response.ok
        ? `Saved to your scorecard at ${time(Date.now())}.`
        : "Could not save to the scorecard; kept in this browser.";
    } catch {
      status.textContent = "Offline: kept in this browser; pick the score again when back online.";
    }
  }

  scoreKey() {
    return `designroom:scores:${this.sessionId}`;
  }

  loadScores() {
    let local = {};
    try {
      local = JSON.parse(localStorage.getItem(this.scoreKey()) || "{}");
    } catch {
      local = {};
    }
    return { ...(this.quickScore?.scores || {}), ...local };
  }
}

function fillList(list, items, text, emptyText = "") {
  list.innerHTML = "";
  for (const item of items) {
    const li = document.createElement("li");
    li.textContent = text(item);
    list.append(li);
  }
  if (!items.length && emptyText) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = emptyText;
    list.append(li);
  }
}

function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

function time(ms) {
  return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" }).format(new Date(ms));
}
