// Uploads a recording's chunks one at a time, in order, each PUT at its index (the server
// stores an index once, so a resend after a lost answer is harmless). Retries with
// backoff on network errors and 5xx/429; stops for good when the server says the
// recording no longer takes chunks (stopped, consent withdrawn, deleted).

const FINAL_STATUSES = new Set([400, 403, 404, 409, 413, 415]);

export class ChunkUploader {
  /**
   * @param {object} options
   *   url(index) -> string; fetchImpl; headers() -> object (CSRF);
   *   onStopped(reason) called once when the server refuses for good;
   *   wait(ms) -> Promise (tests pass a fast one)
   */
  constructor({ url, fetchImpl = globalThis.fetch.bind(globalThis), headers = () => ({}), onStopped = () => {}, onUploaded = () => {}, wait, maxDelay = 15000 }) {
    this.url = url;
    this.fetchImpl = fetchImpl;
    this.headers = headers;
    this.onStopped = onStopped;
    this.onUploaded = onUploaded;
    this.wait = wait || ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxDelay = maxDelay;
    this.queue = []; // {index, blob, durationMs}
    this.nextIndex = 0;
    this.uploaded = 0;
    this.stopped = false;
    this.running = null;
  }

  /** Queue the next chunk of this segment. */
  enqueue(blob, durationMs) {
    if (this.stopped || !blob || blob.size === 0) return;
    this.queue.push({ index: this.nextIndex, blob, durationMs: Math.max(1, Math.min(60000, Math.round(durationMs))) });
    this.nextIndex += 1;
    if (!this.running) this.running = this.drain().finally(() => { this.running = null; });
  }

  /** Resolves once everything queued so far is uploaded (or the uploader stopped). */
  async flush() {
    while (this.running) await this.running;
  }

  async drain() {
    let delay = 500;
    while (this.queue.length && !this.stopped) {
      const chunk = this.queue[0];
      let status = 0;
      let code = "";
      try {
        const response = await this.fetchImpl(this.url(chunk.index), {
          method: "PUT",
          body: chunk.blob,
          credentials: "same-origin",
          headers: { "Content-Type": "audio/webm", "X-Chunk-Duration-Ms": String(chunk.durationMs), ...this.headers() },
        });
        status = response.status;
        if (!response.ok) code = await errorCode(response);
      } catch (err) {
        status = 0; // the network: retry
      }
      if (status === 200 || status === 201) {
        this.queue.shift();
        this.uploaded += 1;
        this.onUploaded(chunk.index);
        delay = 500;
      } else if (FINAL_STATUSES.has(status)) {
        this.stopped = true;
        this.queue = [];
        this.onStopped(code || `http_${status}`);
      } else {
        await this.wait(delay);
        delay = Math.min(this.maxDelay, delay * 2);
      }
    }
  }
}

async function errorCode(response) {
  try {
    const body = await response.json();
    return body?.error?.code || "";
  } catch (err) {
    return "";
  }
}
