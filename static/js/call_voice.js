// Voice activity from microphone levels: "speaking" after a short run of voice, "silent"
// after a longer run of quiet (the hangover keeps pauses between words from flickering).
// Pure logic: the call panel feeds it levels from an AnalyserNode; node tests feed numbers.

/** Root-mean-square level of time-domain samples in [-1, 1]. */
export function rmsLevel(samples) {
  if (!samples || samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i += 1) sum += samples[i] * samples[i];
  return Math.sqrt(sum / samples.length);
}

/** Map an RMS level to 0..1 for a meter (logarithmic: -60 dBFS is empty, 0 dBFS full). */
export function meterValue(level) {
  if (level <= 0) return 0;
  const db = 20 * Math.log10(level);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

export class VoiceActivity {
  /**
   * @param {object} options threshold (RMS), onMs (voice needed to start), offMs (quiet to stop)
   */
  constructor({ threshold = 0.02, onMs = 250, offMs = 900 } = {}) {
    this.threshold = threshold;
    this.onMs = onMs;
    this.offMs = offMs;
    this.speaking = false;
    this.since = null; // when the level last crossed to the other side
  }

  /** Feed one level at time `now` (ms); returns true/false on a change, else null. */
  update(level, now) {
    const loud = level >= this.threshold;
    if (loud === this.speaking) {
      this.since = null;
      return null;
    }
    if (this.since === null) this.since = now;
    if (now - this.since >= (loud ? this.onMs : this.offMs)) {
      this.speaking = loud;
      this.since = null;
      return loud;
    }
    return null;
  }

  /** Force silence (muting): returns false if that is a change, else null. */
  silence() {
    this.since = null;
    if (!this.speaking) return null;
    this.speaking = false;
    return false;
  }
}
