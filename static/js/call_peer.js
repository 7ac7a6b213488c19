// One peer-to-peer connection of the call mesh: this page <-> one other page.
//
// "Perfect negotiation" (the W3C pattern): either side may (re)negotiate at any time;
// when two offers cross, the polite side (the smaller peer id) yields. ICE restarts
// after a network change; the state shown is connecting / connected / poor / failed.

const POOR_LOSS = 0.05; // 5 % packets lost in the last interval
const POOR_RTT_S = 0.4;
const STATS_EVERY_MS = 2000;
const DISCONNECTED_RESTART_MS = 3000;
// Still not connected this long after the link was made: a signal was lost or refused on
// the way (a page reloading, a socket reconnecting), so negotiate again, a few times.
export const CONNECT_WATCH_MS = 8000;
export const CONNECT_RETRIES = 3;

export class PeerLink extends EventTarget {
  /**
   * @param {object} o
   *   selfPeer, remote {user, peer, role}, iceServers, send(signal without `to`),
   *   audioTrack (null for a listen-only page), videoTrack (optional),
   *   RTCPeerConnectionImpl (tests)
   */
  constructor({ selfPeer, remote, iceServers = [], send, audioTrack = null, videoTrack = null, muted = false, RTCPeerConnectionImpl = globalThis.RTCPeerConnection }) {
    super();
    this.remote = remote;
    this.polite = selfPeer < remote.peer;
    this.send = send;
    this.makingOffer = false;
    this.ignoreOffer = false;
    this.state = "connecting";
    this.closed = false;
    this.stream = new MediaStream();
    this.pc = new RTCPeerConnectionImpl({ iceServers });
    this.audioSender = null;
    this.videoSender = null;
    this.muted = muted;
    this.audioTrack = audioTrack;
    this.lastLoss = null;
    this.bind();
    if (audioTrack) this.audioSender = this.pc.addTrack(audioTrack, new MediaStream([audioTrack]));
    if (videoTrack) this.setVideo(videoTrack);
    if (muted && this.audioSender) this.audioSender.replaceTrack(null);
    this.connectTimer = setTimeout(() => this.connectWatch(1), CONNECT_WATCH_MS);
  }

  connectWatch(attempt) {
    if (this.closed || this.pc.connectionState === "connected") return;
    if (attempt > CONNECT_RETRIES) {
      this.setState("failed");
      return;
    }
    this.renegotiate();
    this.connectTimer = setTimeout(() => this.connectWatch(attempt + 1), CONNECT_WATCH_MS);
  }

  /** A fresh offer, even if an offer of ours is still waiting for its (lost) answer. */
  async renegotiate() {
    try {
      if (this.pc.signalingState === "have-local-offer") await this.pc.setLocalDescription({ type: "rollback" });
      this.restartIce();
    } catch (err) {
      console.warn("call: renegotiation failed", err);
    }
  }

  /** Start negotiating from this side (the page that was in the call first does). */
  start() {
    // A listen-only page has no track to trigger negotiation: ask to receive audio.
    if (!this.audioSender) this.pc.addTransceiver("audio", { direction: "recvonly" });
  }

  bind() {
    const pc = this.pc;
    pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await pc.setLocalDescription();
        this.send({ kind: "offer", description: plain(pc.localDescription) });
      } catch (err) {
        console.warn("call: offer failed", err);
      } finally {
        this.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      this.send({ kind: "ice", candidate: candidate ? candidate.toJSON() : null });
    };
    pc.ontrack = ({ track }) => {
      this.stream.addTrack(track);
      track.addEventListener("ended", () => this.stream.removeTrack(track));
      this.dispatchEvent(new CustomEvent("track", { detail: { track, stream: this.stream } }));
    };
    pc.onconnectionstatechange = () => this.connectionChanged();
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === "failed") this.restartIce();
      if (pc.iceConnectionState === "disconnected") {
        clearTimeout(this.restartTimer);
        this.restartTimer = setTimeout(() => {
          if (pc.iceConnectionState === "disconnected") this.restartIce();
        }, DISCONNECTED_RESTART_MS);
      }
    };
    this.statsTimer = setInterval(() => this.checkQuality(), STATS_EVERY_MS);
  }

  /** An offer, answer or candidate from the other page. */
  async receive(signal) {
    const pc = this.pc;
    try {
      if (signal.description) {
        const description = signal.description;
        const collision = description.type === "offer" && (this.makingOffer || pc.signalingState !== "stable");
        this.ignoreOffer = !this.polite && collision;
        if (this.ignoreOffer) return;
        await pc.setRemoteDescription(description);
        if (description.type === "offer") {
          await pc.setLocalDescription();
          this.send({ kind: "answer", description: plain(pc.localDescription) });
        }
      } else if (signal.kind === "ice") {
        try {
          await pc.addIceCandidate(signal.candidate || undefined);
        } catch (err) {
          if (!this.ignoreOffer) throw err;
        }
      }
    } catch (err) {
      console.warn("call: signal failed", err);
    }
  }

  restartIce() {
    if (this.closed) return;
    this.setState("connecting");
    this.pc.restartIce(); // fires negotiationneeded: a new offer with fresh credentials
  }

  connectionChanged() {
    const s = this.pc.connectionState;
    if (s === "connected") this.setState("connected");
    else if (s === "failed") {
      this.setState("failed");
      this.restartIce();
    } else if (s === "connecting" || s === "new") this.setState("connecting");
    else if (s === "disconnected") this.setState("poor");
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.dispatchEvent(new CustomEvent("state", { detail: { state } }));
  }

  /** Mute by sending no audio at all (the sender's track is removed, not just silenced). */
  async setMuted(muted) {
    this.muted = muted;
    if (this.audioSender) await this.audioSender.replaceTrack(muted ? null : this.audioTrack);
  }

  async setAudioTrack(track) {
    this.audioTrack = track;
    if (this.audioSender && !this.muted) await this.audioSender.replaceTrack(track);
  }

  setVideo(track) {
    if (track && !this.videoSender) this.videoSender = this.pc.addTrack(track, new MediaStream([track]));
    else if (track) this.videoSender.replaceTrack(track);
    else if (this.videoSender) {
      this.pc.removeTrack(this.videoSender);
      this.videoSender = null;
    }
  }

  async checkQuality() {
    if (this.closed || this.pc.connectionState !== "connected") return;
    let lost = 0;
    let received = 0;
    let rtt = 0;
    const stats = await this.pc.getStats();
    stats.forEach((report) => {
      if (report.type === "inbound-rtp" && report.kind === "audio") {
        lost += report.packetsLost || 0;
        received += report.packetsReceived || 0;
      }
      if (report.type === "candidate-pair" && report.nominated && report.currentRoundTripTime) rtt = report.currentRoundTripTime;
    });
    const previous = this.lastLoss || { lost: 0, received: 0 };
    this.lastLoss = { lost, received };
    const dLost = lost - previous.lost;
    const dTotal = dLost + (received - previous.received);
    const poor = (dTotal > 0 && dLost / dTotal > POOR_LOSS) || rtt > POOR_RTT_S;
    this.setState(poor ? "poor" : "connected");
  }

  close() {
    this.closed = true;
    clearInterval(this.statsTimer);
    clearTimeout(this.restartTimer);
    clearTimeout(this.connectTimer);
    this.pc.close();
    this.dispatchEvent(new CustomEvent("closed"));
  }
}

function plain(description) {
  return { type: description.type, sdp: description.sdp };
}
