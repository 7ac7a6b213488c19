// The call's people list: one tile per person (name, state, voice meter, their audio and
// optional camera), and the audio analysers behind the meters. It knows nothing of the
// socket or of WebRTC: call.js decides what happens, this module shows it.
import { meterValue, rmsLevel } from "./call_voice.js";

const STATE_TEXT = { connecting: "connecting…", connected: "connected", poor: "poor connection", failed: "failed: retrying" };

function mediaElement(tag) {
  const el = document.createElement(tag);
  el.autoplay = true;
  if (tag === "video") {
    el.muted = true; // a person's sound plays through their audio element
    el.playsInline = true;
    el.className = "call-video";
  }
  return el;
}

export class CallTiles {
  constructor(list, { onAudioBlocked }) {
    this.list = list;
    this.onAudioBlocked = onAudioBlocked;
    this.tiles = new Map(); // user id -> <li>
    this.audioContext = null;
    this.speakerId = "";
  }

  tile(id) {
    let tile = this.tiles.get(id);
    if (!tile) {
      tile = document.createElement("li");
      tile.className = "call-person";
      tile.dataset.userId = String(id);
      const name = document.createElement("span");
      name.className = "call-name";
      const state = document.createElement("span");
      state.className = "call-state";
      const meter = document.createElement("meter");
      meter.min = 0;
      meter.max = 1;
      meter.value = 0;
      meter.setAttribute("aria-label", "voice level");
      tile.append(name, state, meter);
      this.list.append(tile);
      this.tiles.set(id, tile);
    }
    return tile;
  }

  remove(id) {
    this.tiles.get(id)?.remove();
    this.tiles.delete(id);
  }

  /** The person's link closed: their media goes, the tile stays while they may return. */
  clearMedia(id) {
    const tile = this.tiles.get(id);
    if (!tile) return;
    tile.querySelector("audio")?.remove();
    tile.querySelector("video")?.remove();
    tile.analyser = null;
  }

  remoteTrack(id, track, stream) {
    const tile = this.tile(id);
    if (track.kind === "audio") {
      let audio = tile.querySelector("audio");
      if (!audio) {
        audio = mediaElement("audio");
        audio.dataset.userId = String(id);
        tile.append(audio);
      }
      audio.srcObject = stream;
      if (this.speakerId && audio.setSinkId) audio.setSinkId(this.speakerId).catch(() => {});
      audio.play().catch(() => this.onAudioBlocked());
      tile.analyser = this.analyse(stream);
      return;
    }
    let video = tile.querySelector("video");
    if (!video) {
      video = mediaElement("video");
      tile.append(video);
    }
    video.srcObject = new MediaStream([track]);
    track.addEventListener("ended", () => video.remove());
    track.addEventListener("mute", () => { video.hidden = true; });
    track.addEventListener("unmute", () => { video.hidden = false; });
  }

  showCamera(id, track) {
    const tile = this.tile(id);
    tile.querySelector("video")?.remove();
    if (!track) return;
    const video = mediaElement("video");
    video.srcObject = new MediaStream([track]);
    tile.append(video);
  }

  /** Play every remote audio again (after the browser blocked autoplay). */
  unblock() {
    for (const audio of this.list.querySelectorAll("audio")) audio.play().catch(() => {});
    this.audioContext?.resume();
  }

  setSpeaker(deviceId) {
    this.speakerId = deviceId;
    for (const audio of this.list.querySelectorAll("audio")) audio.setSinkId?.(deviceId).catch(() => {});
  }

  // ---- meters ---------------------------------------------------------------------------

  analyse(stream) {
    if (!this.audioContext) this.audioContext = new AudioContext();
    const analyser = this.audioContext.createAnalyser();
    analyser.fftSize = 512;
    this.audioContext.createMediaStreamSource(stream).connect(analyser);
    return { analyser, samples: new Float32Array(analyser.fftSize) };
  }

  listen(id, stream) {
    this.tile(id).analyser = this.analyse(stream);
  }

  level(id) {
    const tile = this.tiles.get(id);
    if (!tile?.analyser) return 0;
    tile.analyser.analyser.getFloatTimeDomainData(tile.analyser.samples);
    return rmsLevel(tile.analyser.samples);
  }

  /** Show a level on one tile's meter (0..1 in, the meter's scale out). */
  meter(id, level) {
    const meter = this.tiles.get(id)?.querySelector("meter");
    if (meter) meter.value = meterValue(level);
  }

  metersExcept(selfId) {
    for (const id of this.tiles.keys()) if (id !== selfId) this.meter(id, this.level(id));
  }

  stopAudio() {
    this.audioContext?.close();
    this.audioContext = null;
  }

  // ---- rendering ------------------------------------------------------------------------

  renderSelf(me, { joined, listenOnly, muted }) {
    const tile = this.tile(me.id);
    tile.hidden = !joined;
    tile.querySelector(".call-name").textContent = `${me.name} (you)`;
    tile.querySelector(".call-state").textContent = listenOnly ? "listening" : muted ? "muted" : "";
    tile.dataset.muted = String(muted);
  }

  speaking(id, on) {
    this.tile(id).classList.toggle("speaking", on);
  }

  renderPerson(id, member, linkState, joined) {
    const tile = this.tile(id);
    const state = linkState || "not connected";
    tile.dataset.state = linkState || "idle";
    tile.dataset.muted = String(Boolean(member.muted));
    tile.classList.toggle("speaking", Boolean(member.speaking) && !member.muted);
    tile.querySelector(".call-name").textContent = `${member.user.name} · ${member.role}`;
    const notes = [STATE_TEXT[state] || (joined ? state : "in the call")];
    if (member.role === "observer") notes.push("listening");
    else if (member.muted) notes.push("muted");
    tile.querySelector(".call-state").textContent = notes.join(", ");
  }
}
