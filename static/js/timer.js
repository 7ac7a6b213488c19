// The phase bar: every phase with its planned minutes, the current one highlighted with a
// live countdown derived from the server's deadline (and the server-clock offset), amber in
// the last minute, red and counting up once over; finished phases show actual vs planned.
// Controls send timer.* intentions; the server's `timer` broadcast is the only truth.

export function formatClock(ms) {
  const sign = ms < 0 ? "-" : "";
  const total = Math.floor(Math.abs(ms) / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${sign}${m}:${String(s).padStart(2, "0")}`;
}

/** Remaining ms in the current phase at `serverNow` (negative once over), or null. */
export function remainingMs(timer, serverNow) {
  if (!timer || !timer.started) return null;
  if (timer.paused || !timer.running) return timer.remaining_ms ?? null;
  if (typeof timer.deadline !== "number") return null;
  return timer.deadline - serverNow;
}

export class PhaseBar {
  /**
   * @param {HTMLElement} root  the .phase-bar element rendered by the template
   * @param {object} options  { phases, serverNow, send, canControl, solo, onPhaseChange }
   */
  constructor(root, { phases, serverNow, send, canControl = false, solo = false, onPhaseChange, onTimeUp }) {
    this.root = root;
    this.phases = phases;
    this.serverNow = serverNow;
    this.send = send;
    this.canControl = canControl;
    this.solo = solo;
    this.onPhaseChange = onPhaseChange;
    this.onTimeUp = onTimeUp;
    this.timer = null;
    this.ended = false;
    this.items = [...root.querySelectorAll("[data-phase-index]")];
    this.clock = root.querySelector(".phase-clock");
    this.clockLabel = root.querySelector(".phase-clock-label");
    this.controls = root.querySelector(".timer-controls");
    this.autoSentFor = null;
    if (this.controls) this.bindControls();
    this.interval = setInterval(() => this.tick(), 250);
  }

  bindControls() {
    for (const button of this.controls.querySelectorAll("[data-timer]")) {
      button.addEventListener("click", () => {
        const type = `timer.${button.dataset.timer}`;
        if (type === "timer.end" && !window.confirm(button.dataset.confirm || "End the session for everyone?")) return;
        const message = { type };
        if (this.timer) message.expected_phase = this.timer.phase;
        this.send(message);
      });
    }
    const auto = this.controls.querySelector("[name=auto_advance]");
    if (auto) auto.addEventListener("change", () => this.send({ type: "timer.auto_advance", enabled: auto.checked }));
  }

  update(timer) {
    const previous = this.timer;
    this.timer = timer;
    if (!previous || previous.phase !== timer.phase || previous.started !== timer.started) {
      this.autoSentFor = null;
      if (this.onPhaseChange) this.onPhaseChange(timer.phase, previous ? previous.phase : null);
    }
    this.render();
  }

  setEnded() {
    this.ended = true;
    clearInterval(this.interval);
    this.render();
  }

  render() {
    const t = this.timer;
    if (!t) return;
    this.items.forEach((li, i) => {
      const state = this.ended || i < t.phase ? "done" : i === t.phase && t.started ? "current" : "upcoming";
      li.dataset.state = t.started || this.ended ? state : "upcoming";
      if (li.dataset.state === "current") li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      const actual = (t.actual_seconds || [])[i] || 0;
      const planned = this.phases[i].planned_seconds;
      const meta = li.querySelector(".phase-meta");
      if (li.dataset.state === "done" || (li.dataset.state === "upcoming" && actual > 0)) {
        meta.textContent = `${formatClock(actual * 1000)} / ${Math.round(planned / 60)} min`;
        li.classList.toggle("was-over", actual > planned + 0.5);
      } else if (li.dataset.state === "upcoming") {
        meta.textContent = `${Math.round(planned / 60)} min`;
      }
    });
    if (this.controls) {
      const set = (name, visible, enabled = true) => {
        const b = this.controls.querySelector(`[data-timer="${name}"]`);
        if (!b) return;
        b.hidden = !visible;
        b.disabled = !enabled || this.ended;
      };
      set("start", !t.started);
      set("pause", t.started && !t.paused);
      set("resume", t.started && t.paused);
      set("previous", t.started, t.phase > 0);
      set("next", t.started, t.phase < this.phases.length - 1);
      set("end", t.started);
      const auto = this.controls.querySelector("[name=auto_advance]");
      if (auto && document.activeElement !== auto) auto.checked = !!t.auto_advance;
    }
    this.tick();
  }

  tick() {
    const t = this.timer;
    if (!t || !this.clock) return;
    const current = this.items[t.phase];
    if (this.ended) {
      this.clock.textContent = "Ended";
      this.root.dataset.clock = "ended";
      this.clockLabel.textContent = "";
      return;
    }
    if (!t.started) {
      this.clock.textContent = formatClock(this.phases[0].planned_seconds * 1000);
      this.root.dataset.clock = "idle";
      this.clockLabel.textContent = "Not started";
      return;
    }
    const left = remainingMs(t, this.serverNow());
    let state = "ok";
    let text;
    if (left === null) {
      text = "–:––";
    } else if (left > 0) {
      text = formatClock(left + 999); // show 0:01 until the last second is fully gone
      if (left <= 60000) state = "warn";
    } else {
      text = `+${formatClock(-left)}`;
      state = "over";
    }
    if (t.paused) state += " paused";
    this.clock.textContent = text;
    this.root.dataset.clock = state;
    this.clockLabel.textContent = t.paused
      ? "Paused"
      : state === "over" ? `Over time in ${this.phases[t.phase].name}` : `Left in ${this.phases[t.phase].name}`;
    if (current) {
      const meta = current.querySelector(".phase-meta");
      meta.textContent = left === null ? "" : left > 0 ? `${formatClock(left + 999)} left` : `+${formatClock(-left)} over`;
      current.dataset.clock = state;
    }
    // Solo practice: the candidate's client advances the phase when its countdown hits zero.
    if (this.solo && t.auto_advance && !t.paused && left !== null && left <= 0
        && t.phase < this.phases.length - 1 && this.autoSentFor !== t.phase) {
      this.autoSentFor = t.phase;
      this.send({ type: "timer.next", expected_phase: t.phase });
    }
    if (left !== null && left <= 0 && this.onTimeUp && this.timeUpFor !== t.phase) {
      this.timeUpFor = t.phase;
      this.onTimeUp(t.phase);
    }
  }
}
