// The call's recording: either side asks, both must agree each time, either can stop.
// While it runs, this browser records its own microphone (MediaRecorder, Opus in WebM) and
// uploads a chunk every few seconds (call_uploader.js). A reload starts a new segment of
// the same recording: what was uploaded stays, and recording resumes.
//
// The state is the server's: every `recording_*` call event makes this re-read the list.

import { ChunkUploader } from "./call_uploader.js";

const CHUNK_MS = 3000;
const OPEN = new Set(["requested", "recording"]);

function csrfToken() {
  return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
}

function mimeType() {
  const preferred = "audio/webm;codecs=opus";
  return globalThis.MediaRecorder?.isTypeSupported?.(preferred) ? preferred : "audio/webm";
}

export class RecordingControl {
  constructor(root, { listUrl, me, toast, localTrack }) {
    this.root = root;
    this.listUrl = listUrl;
    this.me = me;
    this.toast = toast;
    this.localTrack = localTrack;
    this.current = null; // the open recording, as the server lists it
    this.recorder = null;
    this.uploader = null;
    this.el = (name) => root.querySelector(`[data-rec="${name}"]`);
    this.el("ask").addEventListener("click", () => this.post(this.listUrl, null, "Could not ask to record"));
    this.el("allow").addEventListener("click", () => this.answer(true));
    this.el("decline").addEventListener("click", () => this.answer(false));
    this.el("stop").addEventListener("click", () => this.stop());
    this.el("cancel").addEventListener("click", () => this.stop());
  }

  onEvent(msg) {
    if (msg.action === "recording_requested" && msg.user?.id !== this.me.id) {
      this.toast(`${msg.user.name} asks to record the call.`, "info");
    }
    if (msg.action === "recording_stopped" && msg.user?.id !== this.me.id) {
      this.toast(`${msg.user.name} stopped the recording.`, "info");
    }
    this.refresh();
  }

  async refresh() {
    let body;
    try {
      const response = await fetch(this.listUrl, { credentials: "same-origin" });
      if (!response.ok) return;
      body = await response.json();
    } catch (err) {
      return;
    }
    const open = (body.results || []).find((r) => OPEN.has(r.status)) || null;
    this.current = open;
    this.render();
    if (open?.status === "recording" && open.consented.includes(this.me.id)) this.startRecorder(open);
    else this.stopRecorder();
  }

  render() {
    const r = this.current;
    const mine = r && r.consented.includes(this.me.id);
    const recording = r?.status === "recording";
    this.el("indicator").hidden = !recording;
    this.el("stop").hidden = !recording;
    this.el("ask").hidden = Boolean(r);
    this.el("waiting").hidden = !(r?.status === "requested" && mine);
    this.el("prompt").hidden = !(r?.status === "requested" && !mine);
    if (r?.status === "requested" && !mine) this.el("prompt-text").textContent = "The other side asks to record this call (each of you records your own microphone).";
    this.root.dataset.recording = recording ? "on" : "off";
  }

  async answer(consent) {
    if (!this.current) return;
    await this.post(`${this.listUrl}${this.current.id}/consent/`, { consent }, "Could not answer");
  }

  async stop() {
    if (!this.current) return;
    this.stopRecorder();
    await this.post(`${this.listUrl}${this.current.id}/stop/`, null, "Could not stop the recording");
  }

  async post(url, body, failure) {
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: body ? JSON.stringify(body) : "{}",
      });
      if (!response.ok) {
        const error = await response.json().catch(() => ({}));
        this.toast(`${failure}: ${error?.error?.message || response.status}`, "error");
      }
    } catch (err) {
      this.toast(`${failure}: the connection failed.`, "error");
    }
    await this.refresh();
  }

  /** The call joined (or rejoined): start recording if a recording is waiting for us. */
  trackReady() {
    if (this.current?.status === "recording" && this.current.consented.includes(this.me.id)) this.startRecorder(this.current);
  }

  /** The microphone changed: the running segment ends and a new one starts with it. */
  trackChanged() {
    if (!this.recorder) return;
    const current = this.current;
    this.stopRecorder();
    if (current) this.startRecorder(current);
  }

  startRecorder(recording) {
    if (this.recorder && this.recordingId === recording.id) return;
    const track = this.localTrack();
    const note = this.el("note");
    if (!track || !globalThis.MediaRecorder) {
      note.textContent = track ? "This browser cannot record." : "Your microphone is recorded once you join the call.";
      return;
    }
    const mine = recording.segments.filter((s) => s.user === this.me.id);
    const segment = Math.max(-1, ...mine.map((s) => s.number), this.lastSegment ?? -1) + 1;
    this.lastSegment = segment;
    this.recordingId = recording.id;
    const base = `${this.listUrl}${recording.id}/segments/${segment}/chunks/`;
    this.uploader = new ChunkUploader({
      url: (index) => `${base}${index}/`,
      headers: () => ({ "X-CSRFToken": csrfToken() }),
      onStopped: () => this.stopRecorder(),
      onUploaded: () => { note.textContent = `Uploaded ${this.uploader?.uploaded || 0} chunk(s) of your audio.`; },
    });
    const recorder = new MediaRecorder(new MediaStream([track]), { mimeType: mimeType(), audioBitsPerSecond: 32000 });
    let last = performance.now();
    const uploader = this.uploader;
    recorder.ondataavailable = (event) => {
      const now = performance.now();
      uploader.enqueue(event.data, now - last);
      last = now;
    };
    recorder.start(CHUNK_MS);
    this.recorder = recorder;
    note.textContent = "Recording your microphone.";
  }

  stopRecorder() {
    if (!this.recorder) return;
    if (this.recorder.state !== "inactive") this.recorder.stop(); // flushes a last chunk
    this.recorder = null;
    this.recordingId = null;
  }
}
