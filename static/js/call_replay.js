// The recorded call in the replay: each person's segments as <audio>, kept on the
// replay's clock (window.designroomReplay: its start, scrubber, speed and play state).
// Segments are placed by their server-clock start, the same clock as the event log.

const SYNC_EVERY_MS = 200;
const MAX_RATE = 16; // browsers refuse faster playback

class CallReplay {
  constructor(root) {
    this.root = root;
    this.tracks = [];
    this.load();
  }

  async load() {
    const response = await fetch(this.root.dataset.recordingsUrl, { credentials: "same-origin" });
    if (!response.ok) return;
    const body = await response.json();
    const byUser = new Map();
    for (const recording of body.results || []) {
      for (const segment of recording.segments || []) {
        if (!segment.started_at || !segment.duration_ms) continue;
        if (!byUser.has(segment.user)) byUser.set(segment.user, { name: segment.user_name, segments: [] });
        byUser.get(segment.user).segments.push(segment);
      }
    }
    if (!byUser.size) return;
    if (this.root.dataset.canDelete) this.deleteButtons(body.results || []);
    const list = this.root.querySelector("[data-replay=tracks]");
    for (const [user, { name, segments }] of byUser) list.append(this.row(user, name, segments));
    this.root.hidden = false;
    setInterval(() => this.sync(), SYNC_EVERY_MS);
  }

  /** Either recorded person may delete a recording: its audio files go with it. */
  deleteButtons(recordings) {
    const box = this.root.querySelector("[data-replay=recordings]");
    recordings.forEach((recording, i) => {
      if (!recording.segments?.length) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button-small secondary";
      button.textContent = recordings.length > 1 ? `Delete recording ${i + 1}` : "Delete the recording";
      button.addEventListener("click", async () => {
        if (!window.confirm("Delete this recording for both of you? Its audio cannot be recovered.")) return;
        const token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
        const response = await fetch(`${this.root.dataset.recordingsUrl}${recording.id}/`, {
          method: "DELETE",
          credentials: "same-origin",
          headers: { "X-CSRFToken": token },
        });
        if (response.ok) window.location.reload();
        else button.textContent = "Could not delete it: reload and try again";
      });
      box.append(button);
    });
  }

  row(user, name, segments) {
    const item = document.createElement("li");
    item.className = "replay-track";
    item.dataset.trackUser = String(user);
    const label = document.createElement("label");
    const mute = document.createElement("input");
    mute.type = "checkbox";
    mute.checked = true;
    label.append(mute, ` ${name}`);
    item.append(label);
    const audios = [];
    for (const segment of segments) {
      const audio = document.createElement("audio");
      audio.preload = "auto";
      audio.src = segment.audio_url;
      audio.dataset.trackUser = String(user);
      fixDuration(audio);
      item.append(audio);
      const track = { user, audio, startMs: Date.parse(segment.started_at), durationMs: segment.duration_ms };
      this.tracks.push(track);
      audios.push(audio);
    }
    mute.addEventListener("change", () => {
      for (const audio of audios) audio.muted = !mute.checked;
    });
    mute.setAttribute("aria-label", `Play ${name}'s audio`);
    return item;
  }

  replay() {
    const r = window.designroomReplay;
    return r && typeof r.start === "number" ? r : null;
  }

  /** The replay's moment, on the server's clock (epoch ms). */
  now(r) {
    const offset = r.position ?? Number(r.scrubber.value) * 1000;
    return r.start + offset;
  }

  sync() {
    const r = this.replay();
    if (!r) return;
    const t = this.now(r);
    const playing = Boolean(r.timer);
    const rate = Math.min(MAX_RATE, Number(r.speed.value) || 1);
    for (const track of this.tracks) {
      const at = (t - track.startMs) / 1000;
      const inside = at >= 0 && at * 1000 < track.durationMs;
      const audio = track.audio;
      if (!inside || !playing) {
        if (!audio.paused) audio.pause();
        if (inside && Math.abs(audio.currentTime - at) > 0.25) audio.currentTime = at;
        continue;
      }
      audio.playbackRate = rate;
      if (Math.abs(audio.currentTime - at) > 0.35 * rate) audio.currentTime = at;
      if (audio.paused) audio.play().catch(() => {});
    }
  }

  /** Where the first recorded audio starts, from the replay's start (ms). */
  firstOffsetMs() {
    const r = this.replay();
    return Math.max(0, Math.min(...this.tracks.map((x) => x.startMs)) - r.start);
  }

  /** How many tracks are playing now. */
  playingCount() {
    return this.tracks.filter((t) => !t.audio.paused).length;
  }

  /** How far the playing audio is from the replay's clock (ms), the worst track. */
  maxDriftMs() {
    const r = this.replay();
    const t = this.now(r);
    let worst = 0;
    for (const track of this.tracks) {
      if (track.audio.paused) continue;
      worst = Math.max(worst, Math.abs(track.audio.currentTime * 1000 - (t - track.startMs)));
    }
    return worst;
  }
}

// MediaRecorder's WebM carries no duration: seek far once so the browser measures it.
function fixDuration(audio) {
  audio.addEventListener("loadedmetadata", () => {
    if (audio.duration !== Infinity) return;
    const back = () => {
      if (!Number.isFinite(audio.duration)) return;
      audio.removeEventListener("durationchange", back);
      audio.currentTime = 0;
    };
    audio.addEventListener("durationchange", back);
    audio.currentTime = 1e101;
  });
}

const root = typeof document !== "undefined" && document.getElementById("replay-audio");
if (root) window.designroomCallReplay = new CallReplay(root);
