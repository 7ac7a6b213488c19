// The questions the room poses and the hints it gives: the follow-ups posed per phase (in a
// solo session the question's own, fetched as phases start, and the live coach's; in any
// room an interviewer's posed follow-up is announced), and a solo candidate's "Reveal a
// hint" button. room.js forwards the socket's messages here.

const $ = (selector, root = document) => root.querySelector(selector);

export class RoomCoaching {
  /** `room`: phases, the coach URL, `timer()` (the current timer or null), `ended()`,
   * `send(message)`, `toast(text, kind)`, and `hints` (the room's HintList). */
  constructor(room) {
    this.room = room;
    this.followUps = null;
    this.fromSnapshot = false;
    this.ready = false; // the first fetch only fills the list; later ones announce news
    this.hintTotal = 0;
    this.bindHints();
  }

  /** The snapshot's follow-ups (a solo snapshot may carry the ones posed so far). */
  load(snapshot) {
    const posed = snapshot.follow_ups || snapshot.solo?.follow_ups;
    this.followUps = posed || this.followUps || null;
    this.fromSnapshot = Boolean(posed);
    this.hintTotal = snapshot.hints?.total ?? 0;
    this.updateHintButton();
  }

  phaseChanged(index) {
    this.render(index);
    this.fetch();
  }

  /** Ask which follow-ups the room has posed so far (the server decides, by phase). */
  async fetch() {
    const { coachUrl, phases } = this.room;
    if (!coachUrl || this.fromSnapshot) return;
    try {
      const response = await fetch(coachUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const data = await response.json();
      const known = new Set((this.followUps || []).map((f) => f.text));
      const fresh = data.follow_ups.filter((f) => !known.has(f.text));
      this.followUps = data.follow_ups;
      this.renderCurrent();
      const current = phases[this.room.timer()?.phase ?? 0];
      const posed = fresh.filter((f) => f.phase === current?.slug);
      if (this.ready && posed.length) {
        const more = posed.length > 1 ? ` (and ${posed.length - 1} more in “Your interviewer asks”)` : "";
        this.room.toast(`Your interviewer asks: ${posed[0].text}${more}`, "info");
      }
      this.ready = true;
    } catch {
      // Offline: the next phase change asks again.
    }
  }

  /** The follow-ups posed in the phase at `index`, in "Your interviewer asks". */
  render(index) {
    const list = $("#coach-followups");
    if (!list) return;
    const phase = this.room.phases[index];
    const posed = (this.followUps || []).filter((f) => f.phase === phase.slug);
    list.innerHTML = "";
    for (const f of posed) {
      const li = document.createElement("li");
      li.textContent = f.text;
      list.append(li);
    }
    const empty = $("#coach-followups-empty");
    if (empty) empty.hidden = posed.length > 0;
  }

  renderCurrent() {
    const timer = this.room.timer();
    if (timer) this.render(timer.phase);
  }

  add(items) {
    const known = this.followUps || [];
    this.followUps = [...known, ...items.filter((i) => !known.some((f) => f.text === i.text))];
    this.renderCurrent();
  }

  /** A `follow_up` event: a question posed for a phase. */
  posed(msg, { quiet }) {
    this.add([{ phase: msg.phase, text: msg.text }]);
    if (!quiet) this.room.toast(`Interviewer asks: ${msg.text}`, "info");
  }

  /** A `coach` event: the live coach's question, in the current phase. */
  coachAsked(msg) {
    this.add([{ phase: this.room.phases[this.room.timer()?.phase ?? 0]?.slug, text: msg.text }]);
  }

  // ---- hints ------------------------------------------------------------------------------

  bindHints() {
    const button = $("#reveal-hint");
    if (!button) return;
    button.addEventListener("click", () => {
      const next = this.nextHintIndex();
      if (next !== null) this.room.send({ type: "hint.reveal", index: next });
    });
  }

  nextHintIndex() {
    for (let i = 0; i < this.hintTotal; i += 1) if (!this.room.hints.shown.has(i)) return i;
    return null;
  }

  updateHintButton() {
    const button = $("#reveal-hint");
    if (!button) return;
    const next = this.nextHintIndex();
    button.disabled = next === null || this.room.ended() || !this.room.timer()?.started;
    const left = this.hintTotal - this.room.hints.shown.size;
    button.textContent = next === null ? "No more hints" : `Reveal a hint (${left} left)`;
  }
}
