// Chat between candidate and interviewer, and the list of revealed hints.

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

export class ChatPanel {
  constructor(root, { send, me, readOnly = false }) {
    this.root = root;
    this.send = send;
    this.me = me;
    this.log = root.querySelector(".chat-log");
    this.form = root.querySelector("form");
    this.empty = root.querySelector(".chat-empty");
    this.seen = new Set();
    if (this.form) {
      if (readOnly) this.form.hidden = true;
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        const input = this.form.elements.text;
        const text = input.value.trim();
        if (!text) return;
        this.send({ type: "chat", text: text.slice(0, 2000) });
        input.value = "";
        input.focus();
      });
      this.form.elements.text.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && !event.shiftKey) {
          event.preventDefault();
          this.form.requestSubmit();
        }
      });
    }
  }

  reset(messages) {
    this.log.innerHTML = "";
    this.seen.clear();
    for (const m of messages || []) this.add(m, { quiet: true });
    this.scroll();
  }

  add(message, { quiet = false } = {}) {
    if (message.seq && this.seen.has(message.seq)) return;
    if (message.seq) this.seen.add(message.seq);
    const from = message.from || {};
    const li = document.createElement("li");
    const mine = from.user && this.me && (from.user.id === this.me.id || from.user === this.me.id);
    li.className = `chat-message role-${from.role || "system"}${mine ? " is-mine" : ""}`;
    if (message.seq) li.dataset.seq = String(message.seq);
    const head = document.createElement("div");
    head.className = "chat-head";
    const who = document.createElement("strong");
    who.textContent = mine ? "You" : displayName(from.user) || "Someone";
    const role = document.createElement("span");
    role.className = "chat-role";
    role.textContent = from.role || "";
    const at = document.createElement("time");
    const when = message.at ? new Date(message.at) : null;
    if (when && !Number.isNaN(when.getTime())) {
      at.dateTime = when.toISOString();
      at.textContent = timeFormat.format(when);
    }
    head.append(who, role, at);
    const body = document.createElement("p");
    body.textContent = message.text;
    li.append(head, body);
    this.log.append(li);
    if (this.empty) this.empty.hidden = true;
    if (!quiet) this.scroll();
  }

  scroll() {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

export function displayName(user) {
  if (!user) return "";
  if (typeof user === "string") return user;
  return user.display_name || user.username || user.name || "";
}

export class HintList {
  constructor(root, { onReveal } = {}) {
    this.root = root;
    this.list = root.querySelector(".hint-list");
    this.empty = root.querySelector(".hints-empty");
    this.onReveal = onReveal;
    this.shown = new Set();
  }

  reset(hints) {
    this.list.innerHTML = "";
    this.shown.clear();
    for (const h of hints || []) this.add(h, { quiet: true });
  }

  add(hint, { quiet = false } = {}) {
    if (this.shown.has(hint.index)) return;
    this.shown.add(hint.index);
    const li = document.createElement("li");
    li.dataset.index = hint.index;
    li.textContent = hint.text;
    const items = [...this.list.children];
    const after = items.find((x) => Number(x.dataset.index) > hint.index);
    this.list.insertBefore(li, after || null);
    if (this.empty) this.empty.hidden = true;
    if (!quiet) {
      li.classList.add("is-new");
      setTimeout(() => li.classList.remove("is-new"), 4000);
      if (this.onReveal) this.onReveal(hint);
    }
  }
}
