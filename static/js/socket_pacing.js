// Client-side pacing of board ops, under the server's flood limit (docs/protocol.md,
// Limits: 40 messages a second per socket, bursts of 80, over every message type). A large
// group action (moving, pasting, deleting or undoing a hundred elements) goes out at most
// OP_BURST at once and then OP_RATE a second, which leaves room for the socket's other
// messages (cursors, awareness, chat, pings). One op a message, as the protocol has it.

export const OP_RATE = 20;
export const OP_BURST = 40;

export class OpPacer {
  constructor(send, { rate = OP_RATE, burst = OP_BURST, now = () => performance.now(), schedule = (fn, ms) => setTimeout(fn, ms), cancel = (t) => clearTimeout(t) } = {}) {
    this.send = send; // (message) => void
    this.rate = rate;
    this.burst = burst;
    this.now = now;
    this.schedule = schedule;
    this.cancel = cancel;
    this.tokens = burst;
    this.stamp = now();
    this.queue = [];
    this.timer = null;
  }

  get waiting() {
    return this.queue.length;
  }

  push(message) {
    this.queue.push(message);
    this.drain();
  }

  drain() {
    this.timer = null;
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.stamp) * this.rate) / 1000);
    this.stamp = now;
    while (this.queue.length && this.tokens >= 1) {
      this.tokens -= 1;
      this.send(this.queue.shift());
    }
    if (this.queue.length && !this.timer) {
      this.timer = this.schedule(() => this.drain(), Math.ceil(((1 - this.tokens) * 1000) / this.rate));
    }
  }

  /** Drop what waits (the socket closed: its pending ops are resent after the reconnect). */
  clear() {
    this.queue = [];
    if (this.timer) this.cancel(this.timer);
    this.timer = null;
  }
}
