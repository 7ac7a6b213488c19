// The room's layout: a dock beside the board (question and notes above, conversation and
// interviewer tools below) that folds, resizes and remembers its state per user, and a
// focus mode in which the board takes the whole window (F, or the toolbar's button; Esc
// leaves). The styles are in static/css/room_layout.css.

export const DOCK_MIN = 240;
export const DOCK_MAX = 640;
// Below this window width the dock starts folded, so the board keeps most of the screen.
export const FOLD_BELOW = 1000;
const VERSION = 1;

/** What a user who never touched the layout gets, for this window width. */
export function layoutDefaults(windowWidth) {
  return {
    v: VERSION,
    dockWidth: clampDockWidth(windowWidth >= 1600 ? 380 : 340, windowWidth),
    folded: windowWidth < FOLD_BELOW,
    topCollapsed: false,
    bottomCollapsed: false,
  };
}

/** The dock never takes more than 45 % of the window, so the board keeps the rest. */
export function clampDockWidth(width, windowWidth) {
  const most = Math.max(DOCK_MIN, Math.min(DOCK_MAX, Math.round(windowWidth * 0.45)));
  const n = Number(width);
  return Math.round(Math.min(most, Math.max(DOCK_MIN, Number.isFinite(n) ? n : DOCK_MIN)));
}

export function layoutKey(userId) {
  return `designroom:room-layout:${userId ?? "anonymous"}`;
}

/** The user's saved layout over the defaults; anything unreadable falls back to them. */
export function layoutLoad(storage, userId, windowWidth) {
  const defaults = layoutDefaults(windowWidth);
  let saved = null;
  try {
    saved = JSON.parse(storage?.getItem(layoutKey(userId)) || "null");
  } catch {
    saved = null;
  }
  if (!saved || saved.v !== VERSION || typeof saved !== "object") return defaults;
  return {
    v: VERSION,
    dockWidth: clampDockWidth(saved.dockWidth ?? defaults.dockWidth, windowWidth),
    folded: typeof saved.folded === "boolean" ? saved.folded : defaults.folded,
    topCollapsed: saved.topCollapsed === true,
    bottomCollapsed: saved.bottomCollapsed === true,
  };
}

export function layoutSave(storage, userId, layout) {
  try {
    storage?.setItem(layoutKey(userId), JSON.stringify({ ...layout, v: VERSION }));
  } catch {
    // Private mode or a full quota: the layout simply is not remembered.
  }
}

/** True when a key press belongs to a text field (the board's shortcuts leave it alone). */
export function isTyping(target) {
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toLowerCase();
  return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable === true;
}

export class RoomLayout {
  constructor(grid, { userId, storage = globalThis.localStorage, onResize = () => {} }) {
    this.grid = grid;
    this.userId = userId;
    this.storage = storage;
    this.onResize = onResize;
    this.top = grid.querySelector(".room-left");
    this.bottom = grid.querySelector(".room-right");
    this.layout = layoutLoad(storage, userId, window.innerWidth);
    this.build();
    this.apply();
  }

  build() {
    this.topToggle = this.addHead(this.top, "Question & notes", "topCollapsed");
    this.bottomToggle = this.addHead(this.bottom, this.bottom?.querySelector("#interviewer-panels") ? "Interviewer & chat" : "Chat", "bottomCollapsed");
    const fold = document.createElement("button");
    fold.type = "button";
    fold.className = "link-button small dock-fold";
    fold.textContent = "Hide panels";
    fold.title = "Fold the side panels into a rail";
    fold.addEventListener("click", () => this.set({ folded: true }));
    this.top?.querySelector(".dock-part-head")?.append(fold);
    this.rail = document.createElement("div");
    this.rail.className = "dock-rail";
    const show = document.createElement("button");
    show.type = "button";
    show.textContent = "Show panels";
    show.addEventListener("click", () => this.set({ folded: false }));
    this.rail.append(show);
    this.handle = document.createElement("div");
    this.handle.className = "dock-handle";
    this.handle.tabIndex = 0;
    this.handle.setAttribute("role", "separator");
    this.handle.setAttribute("aria-orientation", "vertical");
    this.handle.setAttribute("aria-label", "Resize the side panels (arrow keys)");
    this.grid.append(this.handle, this.rail);
    this.bindHandle();
    this.bindFocus();
    window.addEventListener("resize", () => this.apply());
  }

  addHead(part, title, key) {
    if (!part) return null;
    part.classList.add("dock-part");
    const head = document.createElement("div");
    head.className = "dock-part-head";
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "dock-toggle";
    toggle.textContent = title;
    if (!part.id) part.id = `dock-${key}`;
    toggle.setAttribute("aria-controls", part.id);
    toggle.addEventListener("click", () => this.set({ [key]: !this.layout[key] }));
    head.append(toggle);
    part.prepend(head);
    return toggle;
  }

  set(changes) {
    this.layout = { ...this.layout, ...changes };
    layoutSave(this.storage, this.userId, this.layout);
    this.apply();
  }

  apply() {
    const { layout, grid } = this;
    const width = clampDockWidth(layout.dockWidth, window.innerWidth);
    grid.style.setProperty("--dock-w", `${width}px`);
    grid.classList.toggle("dock-folded", layout.folded);
    grid.classList.toggle("top-collapsed", layout.topCollapsed);
    grid.classList.toggle("bottom-collapsed", layout.bottomCollapsed);
    this.top?.classList.toggle("is-collapsed", layout.topCollapsed);
    this.bottom?.classList.toggle("is-collapsed", layout.bottomCollapsed);
    this.topToggle?.setAttribute("aria-expanded", String(!layout.topCollapsed));
    this.bottomToggle?.setAttribute("aria-expanded", String(!layout.bottomCollapsed));
    this.handle.hidden = layout.folded;
    this.handle.setAttribute("aria-valuenow", String(width));
    this.handle.setAttribute("aria-valuemin", String(DOCK_MIN));
    this.handle.setAttribute("aria-valuemax", String(clampDockWidth(DOCK_MAX, window.innerWidth)));
    this.onResize();
  }

  bindHandle() {
    const handle = this.handle;
    handle.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      handle.setPointerCapture(event.pointerId);
      const right = this.grid.getBoundingClientRect().right;
      const move = (e) => {
        this.layout.dockWidth = clampDockWidth(right - e.clientX, window.innerWidth);
        this.grid.style.setProperty("--dock-w", `${this.layout.dockWidth}px`);
      };
      const up = () => {
        handle.removeEventListener("pointermove", move);
        this.set({});
      };
      handle.addEventListener("pointermove", move);
      handle.addEventListener("pointerup", up, { once: true });
      handle.addEventListener("pointercancel", up, { once: true });
    });
    handle.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? 80 : 20;
      const delta = { ArrowLeft: step, ArrowRight: -step }[event.key];
      if (delta === undefined) return;
      event.preventDefault();
      this.set({ dockWidth: clampDockWidth(this.layout.dockWidth + delta, window.innerWidth) });
    });
  }

  bindFocus() {
    this.focusButton = document.querySelector("#board [data-board-action=focus]");
    this.focusButton?.addEventListener("click", () => this.setFocus(!this.focused));
    document.addEventListener("keydown", (event) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if ((event.key === "f" || event.key === "F") && !event.repeat) {
        event.preventDefault();
        this.setFocus(!this.focused);
      } else if (event.key === "Escape" && this.focused) {
        this.setFocus(false);
      }
    });
  }

  setFocus(on) {
    this.focused = on;
    document.body.classList.toggle("board-focus", on);
    this.focusButton?.setAttribute("aria-pressed", String(on));
    this.onResize();
  }

  /** The interviewer's tools follow the phase: open this phase's section and bring it into view. */
  followPhase() {
    const section = document.querySelector("#interviewer-panels .iv-section");
    if (!section) return;
    section.open = true;
    if (this.layout.bottomCollapsed || this.layout.folded) return;
    const dock = this.bottom;
    const top = section.getBoundingClientRect().top - dock.getBoundingClientRect().top + dock.scrollTop;
    dock.scrollTo({ top: Math.max(0, top - 30), behavior: "smooth" });
  }
}
