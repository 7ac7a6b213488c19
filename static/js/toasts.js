// One quiet stack of toasts in a corner of the board (never over an input): at most
// MAX_VISIBLE at a time, the oldest leaving first; the same text again refreshes the toast
// already shown (with a count) instead of stacking a copy. A toast may carry one action
// button ("Undo").

export const MAX_VISIBLE = 3;
const LIFETIME_MS = { error: 7000, warn: 6000, info: 4500, ok: 3500 };

/** The stack's model, without the DOM: which toasts show after `text` arrives. */
export function toastPush(items, { text, kind = "info", action = null }, now, nextId) {
  const same = items.find((t) => t.text === text && t.kind === kind && !t.action && !action);
  if (same) {
    const refreshed = { ...same, count: same.count + 1, at: now };
    return { items: items.map((t) => (t === same ? refreshed : t)), shown: refreshed, dropped: [] };
  }
  const toast = { id: nextId, text, kind, action, count: 1, at: now };
  const all = [...items, toast];
  const dropped = all.slice(0, Math.max(0, all.length - MAX_VISIBLE));
  return { items: all.slice(dropped.length), shown: toast, dropped };
}

export class ToastStack {
  constructor(list) {
    this.list = list;
    this.items = [];
    this.els = new Map();
    this.nextId = 1;
  }

  show(text, kind = "info", action = null) {
    if (!this.list) return;
    const { items, shown, dropped } = toastPush(this.items, { text, kind, action }, Date.now(), this.nextId);
    this.nextId += 1;
    this.items = items;
    for (const toast of dropped) this.remove(toast.id);
    this.render(shown);
  }

  render(toast) {
    let li = this.els.get(toast.id);
    if (!li) {
      li = document.createElement("li");
      li.className = `toast toast-${toast.kind}`;
      li.append(document.createElement("span"));
      if (toast.action) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "toast-action";
        button.textContent = toast.action.label;
        button.addEventListener("click", () => {
          toast.action.run();
          this.remove(toast.id);
        });
        li.append(button);
      }
      this.list.append(li);
      this.els.set(toast.id, li);
    }
    li.firstChild.textContent = toast.count > 1 ? `${toast.text} (×${toast.count})` : toast.text;
    clearTimeout(li.timer);
    li.timer = setTimeout(() => this.remove(toast.id), LIFETIME_MS[toast.kind] || LIFETIME_MS.info);
  }

  remove(id) {
    const li = this.els.get(id);
    if (li) {
      clearTimeout(li.timer);
      li.remove();
    }
    this.els.delete(id);
    this.items = this.items.filter((t) => t.id !== id);
  }
}
