// The call panel of the room: join with one click, mute (button and M), devices, a level
// meter and speaking indicator per person, per-peer connection state, optional camera
// tiles (in the side column: never over the board), rejoin after a reload and after the
// socket reconnects. Media flows peer to peer (call_peer.js); the session socket carries
// the call's events and signals (docs/protocol.md, "Call").

import { PeerLink } from "./call_peer.js";
import { RecordingControl } from "./call_recording.js";
import { cameraTrack, fetchIceServers, fillDevicePickers, microphone } from "./call_media.js";
import { CallTiles } from "./call_tiles.js";
import { VoiceActivity } from "./call_voice.js";

const METER_EVERY_MS = 100;
const DISCONNECT_GRACE_MS = 10000; // a page whose socket dropped may come back with it
// Pages already in the call connect to a newcomer when its join arrives; if a join event
// was missed or crossed ours, nobody would. Past this, connect to anyone still unlinked.
const LINK_MISSING_MS = 3000;

export function mountCall(root, options) {
  return new CallPanel(root, options);
}

function randomPeerId() {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function typingTarget(el) {
  return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

class CallPanel {
  constructor(root, { socket, me, role, sessionId, toast }) {
    this.root = root;
    this.socket = socket;
    this.me = me;
    this.listenOnly = role === "observer";
    this.toast = toast || (() => {});
    this.storeKey = `designroom:call:${sessionId}`;
    this.peer = randomPeerId(); // one per page load: survives socket reconnects, not reloads
    this.links = new Map(); // user id -> PeerLink
    this.graceTimers = new Map();
    this.members = new Map(); // user id -> {user, role, peer, muted, speaking}
    this.joined = false;
    this.muted = false;
    this.localStream = null;
    this.cameraTrack = null;
    this.iceServers = [];
    this.vad = new VoiceActivity();
    this.el = (name) => root.querySelector(`[data-call="${name}"]`);
    this.tiles = new CallTiles(this.el("people"), { onAudioBlocked: () => { this.el("unblock").hidden = false; } });
    this.saved = this.load();
    this.bind();
    const recordingRoot = this.el("recording");
    if (recordingRoot) {
      this.recording = new RecordingControl(recordingRoot, {
        listUrl: root.dataset.recordingsUrl,
        me,
        toast: this.toast,
        localTrack: () => (this.joined && this.localStream ? this.localStream.getAudioTracks()[0] : null),
      });
    }
  }

  // ---- wiring ---------------------------------------------------------------------------

  bind() {
    this.el("join").addEventListener("click", () => this.join());
    this.el("leave").addEventListener("click", () => this.leave());
    this.el("mute")?.addEventListener("click", () => this.setMuted(!this.muted));
    this.el("camera")?.addEventListener("click", () => this.toggleCamera());
    this.el("unblock").addEventListener("click", () => this.unblockAudio());
    this.el("mic")?.addEventListener("change", (e) => this.switchMic(e.target.value));
    this.el("speaker").addEventListener("change", (e) => this.switchSpeaker(e.target.value));
    document.addEventListener("keydown", (e) => {
      if (e.key !== "m" && e.key !== "M") return;
      if (e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
      if (!this.joined || this.listenOnly) return;
      e.preventDefault();
      this.setMuted(!this.muted);
    });
    navigator.mediaDevices?.addEventListener?.("devicechange", () => this.listDevices());
    this.socket.addEventListener("message", (event) => this.receive(event.detail));
    window.addEventListener("pagehide", () => {
      if (this.joined) this.recording?.stopRecorder();
    });
  }

  load() {
    try {
      return JSON.parse(sessionStorage.getItem(this.storeKey) || "null");
    } catch (err) {
      return null;
    }
  }

  save() {
    const state = { joined: this.joined, muted: this.muted, mic: this.micId || "", speaker: this.speakerId || "" };
    try {
      sessionStorage.setItem(this.storeKey, JSON.stringify(state));
    } catch (err) {
      /* private mode: no rejoin after reload */
    }
  }

  // ---- messages -------------------------------------------------------------------------

  receive(msg) {
    switch (msg.type) {
      case "snapshot":
        this.ended = msg.session?.status === "ended" || msg.session?.status === "abandoned";
        this.roster(msg.call?.members || []);
        this.recording?.refresh();
        if (this.ended) return this.leave({ quiet: true });
        if (this.joined) return this.sendJoin(); // the socket reconnected: same page, same call
        if (this.saved?.joined) {
          const saved = this.saved;
          this.saved = null;
          this.join({ muted: saved.muted, mic: saved.mic, speaker: saved.speaker });
        }
        return;
      case "replay":
        if (this.joined) this.sendJoin();
        for (const event of msg.events || []) if (event.type === "call") this.callEvent(event);
        this.recording?.refresh();
        return;
      case "call":
        return this.callEvent(msg);
      case "call.joined":
        return this.roster(msg.members || []);
      case "call.signal":
        return this.signal(msg);
      case "ended":
        return this.leave({ quiet: true });
      default:
        return;
    }
  }

  callEvent(msg) {
    const id = msg.user?.id;
    if (msg.action?.startsWith("recording_")) return this.recording?.onEvent(msg);
    if (msg.action === "join") {
      if (id === this.me.id) {
        if (this.joined && msg.peer !== this.peer) this.replacedElsewhere();
        return;
      }
      this.members.set(id, { user: msg.user, role: msg.role, peer: msg.peer, muted: false, speaking: false });
      this.renderPerson(id);
      if (this.joined) this.link({ user: msg.user, peer: msg.peer, role: msg.role }, { initiate: true });
    } else if (msg.action === "leave") {
      if (id === this.me.id) return; // our socket dropped; we rejoin when it is back
      const member = this.members.get(id);
      if (!member || member.peer !== msg.peer) return;
      if (msg.reason === "disconnected") this.graceClose(id);
      else this.dropPerson(id);
    } else if (msg.action === "mute" || msg.action === "speaking") {
      const member = this.members.get(id);
      if (!member) return;
      if (msg.action === "mute") member.muted = msg.muted;
      else member.speaking = msg.speaking;
      this.renderPerson(id);
    } else if (msg.action === "end") {
      for (const other of [...this.members.keys()]) if (other !== this.me.id) this.dropPerson(other);
    }
  }

  roster(members) {
    for (const m of members) {
      if (m.user.id === this.me.id) continue;
      const known = this.members.get(m.user.id);
      this.members.set(m.user.id, { ...m, speaking: known?.speaking || false });
      this.renderPerson(m.user.id);
    }
  }

  signal(msg) {
    if (!this.joined) return;
    const from = msg.from;
    let link = this.links.get(from.user.id);
    if (!link || link.remote.peer !== from.peer) {
      if (msg.kind !== "offer") return; // a stale candidate of a connection already replaced
      link = this.link({ user: from.user, peer: from.peer, role: from.role }, { initiate: false });
    }
    link.receive(msg);
  }

  // ---- joining --------------------------------------------------------------------------

  async join({ muted = false, mic = "", speaker = "" } = {}) {
    if (this.joined || this.joining || this.ended) return;
    this.joining = true;
    this.setStatus("Joining…");
    try {
      if (!this.listenOnly) {
        this.micId = mic;
        this.localStream = await microphone(mic);
      }
      this.iceServers = await fetchIceServers(this.root.dataset.iceUrl);
    } catch (err) {
      this.joining = false;
      this.setStatus(err?.name === "NotAllowedError" ? "The microphone is blocked: allow it in the browser's address bar, then join again." : `Could not join: ${err?.message || err}`);
      return;
    } finally {
      this.joining = false;
    }
    this.joined = true;
    this.speakerId = speaker;
    this.tiles.speakerId = speaker;
    this.sendJoin();
    clearTimeout(this.linkTimer);
    this.linkTimer = setTimeout(() => this.linkMissing(), LINK_MISSING_MS);
    if (muted) this.setMuted(true);
    this.save();
    this.startMeters();
    this.showControls();
    this.listDevices();
    this.renderSelf();
    this.setStatus(this.listenOnly ? "Listening in." : "In the call.");
    this.recording?.trackReady();
  }

  /** Connect to every member of the call this page has no connection with yet (perfect
   * negotiation settles it if the other page starts one at the same time). */
  linkMissing() {
    if (!this.joined) return;
    for (const [id, m] of this.members) {
      if (id !== this.me.id && m.peer && !this.links.has(id)) this.link({ user: m.user, peer: m.peer, role: m.role }, { initiate: true });
    }
  }

  sendJoin() {
    this.socket.send({ type: "call.join", peer: this.peer, camera: Boolean(this.cameraTrack) });
  }

  leave({ quiet = false } = {}) {
    if (!this.joined) return;
    if (!quiet) this.socket.send({ type: "call.leave" });
    this.recording?.stopRecorder();
    this.stopLocal();
    this.save();
    this.setStatus(quiet ? "The call is over." : "You left the call.");
  }

  replacedElsewhere() {
    this.recording?.stopRecorder();
    this.stopLocal();
    this.setStatus("You joined the call from another tab; this one left it.");
  }

  stopLocal() {
    this.joined = false;
    clearTimeout(this.linkTimer);
    for (const id of [...this.links.keys()]) this.closeLink(id);
    for (const track of this.localStream?.getTracks() || []) track.stop();
    this.cameraTrack?.stop();
    this.cameraTrack = null;
    this.localStream = null;
    clearInterval(this.meterTimer);
    this.tiles.stopAudio();
    this.showControls();
    this.renderSelf();
  }

  // ---- links ----------------------------------------------------------------------------

  link(remote, { initiate }) {
    const id = remote.user.id;
    const existing = this.links.get(id);
    clearTimeout(this.graceTimers.get(id));
    if (existing && existing.remote.peer === remote.peer) return existing;
    if (existing) this.closeLink(id);
    const link = new PeerLink({
      selfPeer: this.peer,
      remote,
      iceServers: this.iceServers,
      send: (signal) => this.socket.send({ type: "call.signal", to: { user: id, peer: remote.peer }, ...signal }),
      audioTrack: this.localStream?.getAudioTracks()[0] || null,
      videoTrack: this.cameraTrack,
      muted: this.muted,
    });
    link.addEventListener("track", (e) => this.tiles.remoteTrack(id, e.detail.track, e.detail.stream));
    link.addEventListener("state", () => this.renderPerson(id));
    this.links.set(id, link);
    if (initiate) link.start();
    this.renderPerson(id);
    return link;
  }

  closeLink(id) {
    const link = this.links.get(id);
    if (!link) return;
    link.close();
    this.links.delete(id);
    this.tiles.clearMedia(id);
  }

  graceClose(id) {
    clearTimeout(this.graceTimers.get(id));
    this.graceTimers.set(id, setTimeout(() => this.dropPerson(id), DISCONNECT_GRACE_MS));
  }

  dropPerson(id) {
    clearTimeout(this.graceTimers.get(id));
    this.closeLink(id);
    this.members.delete(id);
    this.tiles.remove(id);
  }

  unblockAudio() {
    this.tiles.unblock();
    this.el("unblock").hidden = true;
  }

  // ---- mute, camera, devices --------------------------------------------------------------

  setMuted(muted) {
    if (this.listenOnly || !this.joined) return;
    this.muted = muted;
    for (const track of this.localStream?.getAudioTracks() || []) track.enabled = !muted;
    for (const link of this.links.values()) link.setMuted(muted);
    this.socket.send({ type: "call.mute", muted });
    if (muted && this.vad.silence() === false) this.socket.send({ type: "call.speaking", speaking: false });
    const button = this.el("mute");
    button.setAttribute("aria-pressed", String(muted));
    button.textContent = muted ? "Unmute" : "Mute";
    this.save();
    this.renderSelf();
  }

  async toggleCamera() {
    const button = this.el("camera");
    if (this.cameraTrack) {
      this.cameraTrack.stop();
      this.cameraTrack = null;
      for (const link of this.links.values()) link.setVideo(null);
      this.tiles.showCamera(this.me.id, null);
      button.setAttribute("aria-pressed", "false");
      return;
    }
    try {
      this.cameraTrack = await cameraTrack();
    } catch (err) {
      this.toast("The camera is unavailable or blocked.", "error");
      return;
    }
    for (const link of this.links.values()) link.setVideo(this.cameraTrack);
    this.tiles.showCamera(this.me.id, this.cameraTrack);
    button.setAttribute("aria-pressed", "true");
  }

  async listDevices() {
    await fillDevicePickers({ mic: this.el("mic"), speaker: this.el("speaker"), micId: this.micId, speakerId: this.speakerId });
    this.el("devices").hidden = !this.joined;
  }

  async switchMic(deviceId) {
    if (!this.joined || this.listenOnly) return;
    let stream;
    try {
      stream = await microphone(deviceId);
    } catch (err) {
      this.toast("That microphone is unavailable.", "error");
      return;
    }
    const track = stream.getAudioTracks()[0];
    track.enabled = !this.muted;
    for (const old of this.localStream.getAudioTracks()) old.stop();
    this.localStream = stream;
    this.micId = deviceId;
    for (const link of this.links.values()) await link.setAudioTrack(track);
    this.tiles.listen(this.me.id, stream);
    this.recording?.trackChanged();
    this.save();
  }

  switchSpeaker(deviceId) {
    this.speakerId = deviceId;
    this.tiles.setSpeaker(deviceId);
    this.save();
  }

  // ---- meters and tiles ------------------------------------------------------------------

  startMeters() {
    if (this.localStream) this.tiles.listen(this.me.id, this.localStream);
    clearInterval(this.meterTimer);
    this.meterTimer = setInterval(() => this.tick(), METER_EVERY_MS);
  }

  tick() {
    const mine = this.muted ? 0 : this.tiles.level(this.me.id);
    this.tiles.meter(this.me.id, mine);
    if (!this.muted && !this.listenOnly) {
      const change = this.vad.update(mine, performance.now());
      if (change !== null) {
        this.socket.send({ type: "call.speaking", speaking: change });
        this.tiles.speaking(this.me.id, change);
      }
    }
    this.tiles.metersExcept(this.me.id);
  }

  renderSelf() {
    this.tiles.renderSelf(this.me, { joined: this.joined, listenOnly: this.listenOnly, muted: this.muted });
  }

  renderPerson(id) {
    const member = this.members.get(id);
    if (member) this.tiles.renderPerson(id, member, this.links.get(id)?.state, this.joined);
  }

  showControls() {
    const inCall = this.joined;
    this.el("join").hidden = inCall;
    this.el("leave").hidden = !inCall;
    if (this.el("mute")) this.el("mute").hidden = !inCall;
    if (this.el("camera")) this.el("camera").hidden = !inCall;
    this.el("devices").hidden = !inCall;
  }

  setStatus(text) {
    this.el("status").textContent = text;
  }
}
