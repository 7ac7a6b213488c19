// The room: wires the socket to the widgets. Configuration comes from the page
// (<script type="application/json" id="room-config">); state comes from the server.

import { BoardEditor } from "./board.js";
import { BoardCursors } from "./board_cursors.js";
import { BoardHistory } from "./board_history.js";
import { mountUndo } from "./board_keys.js";
import { BoardStore } from "./board_model.js";
import { BoardTextView } from "./board_text.js";
import { ChatPanel, HintList } from "./chat.js";
import { ERROR_CODES, ERROR_TEXT } from "./errors.js";
import { estimateValues, estimatorDefaults, mountEstimator } from "./estimator.js";
import { InsightView } from "./insight.js";
import { NotesWidget } from "./notes.js";
import { RoomSocket, sessionSocketUrl } from "./socket.js";
import { PhaseBar } from "./timer.js";
import { RoomLayout } from "./room_layout.js";
import { RoomCoaching } from "./room_coaching.js";
import { RoomPresence } from "./room_presence.js";
import { ToastStack } from "./toasts.js";

const config = JSON.parse(document.getElementById("room-config").textContent);
const $ = (selector, root = document) => root.querySelector(selector);

class Room {
  constructor() {
    this.role = config.role;
    this.solo = config.mode === "solo";
    this.canControl = false; // the snapshot says (you.controls_timer): the server's rule
    this.readOnly = this.role === "observer";
    this.myOps = new Set();
    this.ended = config.status === "ended" || config.status === "abandoned";

    this.socket = new RoomSocket(sessionSocketUrl(config.ws_path));
    this.store = new BoardStore();
    this.toasts = new ToastStack($("#room-toasts"));
    this.announcer = $("#room-announcer");
    this.layout = new RoomLayout($(".room-grid"), { userId: config.me?.id });
    this.history = new BoardHistory();

    // Every board change goes out here; the user's own are recorded for undo (an undo's
    // inverse ops are sent with record: false, so they move along the history instead).
    const sendOp = (op, { record = true } = {}) => {
      if (record && op.kind !== "notes.update") this.recordChange(op);
      const opId = this.socket.sendOp(op, this.store.version);
      this.myOps.add(opId);
      if (op.kind !== "notes.update") this.store.addPending(opId, op);
      if (this.socket.status !== "online") this.showConnection();
      return opId;
    };
    // One action on several elements (a group move, a paste, an align): one undo step.
    const sendOps = (ops) => {
      this.history.recordMany(this.store.view, ops);
      for (const op of ops) sendOp(op, { record: false });
      const deleted = ops.filter((op) => op.kind.endsWith(".delete")).length;
      if (deleted > 1) this.toast(`${deleted} elements deleted. Ctrl+Z brings them back.`, "info", { label: "Undo", run: () => this.undo() });
    };
    this.board = new BoardEditor($("#board"), {
      store: this.store,
      sendOp,
      sendOps,
      readOnly: this.readOnly || this.ended,
      announce: (text) => this.announce(text),
    });
    this.sendBoardOp = sendOp;
    this.cursors = new BoardCursors(this.board, {
      send: (message) => this.socket.send(message), // ephemeral: dropped offline
      canSend: !this.readOnly && !this.ended,
      announce: (text) => this.announce(text),
      toolbar: $("#board .board-tools"),
    });
    this.presence = new RoomPresence($("#presence"), {
      me: config.me,
      announce: (text) => this.announce(text),
      onOffline: (userId) => this.cursors.forgetUser(userId),
    });
    this.socket.addEventListener("status", (event) => {
      if (event.detail.status === "online") this.cursors.online();
    });
    this.boardText = new BoardTextView($("#board-text"), { store: this.store, sendOp, boardRoot: $("#board"), announce: (text) => this.announce(text) });
    mountUndo($("#board"), { history: this.history, undo: () => this.undo(), redo: () => this.redo() });
    this.notes = new NotesWidget($("#notes"), {
      sendOp,
      sendAwareness: (message) => this.socket.send(message), // ephemeral: dropped offline
      readOnly: this.readOnly || this.ended,
      onDropped: (text) => this.toast(text, "error"),
    });
    // The board's export carries the notes: keep the store's copy of their text current.
    this.notes.notes.onChange(() => this.store.notesSet(this.notes.texts()));
    const estimator = $("#estimator");
    if (estimator && !this.readOnly) {
      const mounted = mountEstimator(estimator, {
        initial: estimatorDefaults(config.estimation_inputs),
        onInsert: (text) => {
          this.notes.selectTab("estimates");
          this.notes.insert("estimates", text);
          // The figures also become the session's structured estimates (capacity, coach).
          if (mounted.result) this.socket.send({ type: "estimates.set", values: estimateValues(mounted.result) });
          this.announce("Estimate inserted into the notes.");
        },
      });
    }
    this.insight = new InsightView(document, {
      socket: this.socket,
      store: this.store,
      boardRoot: $("#board"),
      role: this.role,
      solo: this.solo,
      toast: (text, kind) => this.toast(text, kind),
      announce: (text) => this.announce(text),
    });
    this.chat = new ChatPanel($("#chat"), {
      send: (message) => {
        if (!this.socket.send(message, { queue: true })) this.toast("Offline: your message will be sent when the connection is back.");
      },
      me: config.me,
      readOnly: this.readOnly,
    });
    this.hints = new HintList($("#hints"), {
      onReveal: (hint) => this.toast(`Hint revealed: ${hint.text}`, "info"),
    });
    this.phaseBar = new PhaseBar($("#phase-bar"), {
      phases: config.phases,
      serverNow: () => this.socket.serverNow(),
      send: (message) => {
        if (!this.socket.send(message)) this.toast("Not connected: try again in a moment.");
      },
      canControl: this.canControl,
      solo: this.solo,
      onPhaseChange: (index, previous) => this.phaseChanged(index, previous),
      onTimeUp: (index) => this.timeUp(index),
    });
    this.coaching = new RoomCoaching({
      phases: config.phases,
      coachUrl: config.coach_url,
      timer: () => this.timer,
      ended: () => Boolean(this.ended),
      send: (message) => this.socket.send(message),
      toast: (text, kind) => this.toast(text, kind),
      hints: this.hints,
    });
    this.bindConnectionIndicator();
    this.socket.addEventListener("message", (event) => this.receive(event.detail));
    this.socket.connect();
    window.addEventListener("online", () => this.socket.retryNow());
    window.addEventListener("beforeunload", (event) => {
      if (this.socket.pending.size) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    const callPanel = $("#call");
    if (callPanel) {
      import("./call.js").then(({ mountCall }) => {
        this.call = mountCall(callPanel, {
          socket: this.socket,
          me: config.me,
          role: this.role,
          sessionId: config.session_id,
          toast: (text, kind) => this.toast(text, kind),
        });
      });
    }
    if (config.role === "interviewer") {
      import("./interviewer.js").then(({ InterviewerPanels }) => {
        this.interviewer = new InterviewerPanels($("#interviewer-panels"), {
          socket: this.socket,
          sessionId: config.session_id,
          phases: config.phases,
          quickScoreUrl: config.quick_score_url,
          toast: (text, kind) => this.toast(text, kind),
        });
        if (this.pendingInterviewer) this.interviewer.load(this.pendingInterviewer, this.timer);
      });
    }
  }

  // ---- messages -------------------------------------------------------------------------

  receive(msg) {
    switch (msg.type) {
      case "snapshot":
        return this.loadSnapshot(msg);
      case "replay":
        for (const event of msg.events || []) this.apply(event, { replay: true });
        if (msg.timer) this.setTimer(msg.timer);
        return;
      default:
        return this.apply(msg, { replay: false });
    }
  }

  loadSnapshot(s) {
    this.canControl = Boolean(s.you?.controls_timer);
    this.phaseBar.canControl = this.canControl;
    this.store.reset(s.board);
    this.notes.load(s.board);
    this.chat.reset(s.chat);
    this.hints.reset(s.hints?.revealed || []);
    this.coaching.load(s);
    this.presence.reset(s.participants || []);
    this.cursors.participants(s.participants || []);
    this.setTimer(s.timer);
    if (s.session?.status === "ended" || s.session?.status === "abandoned") this.showEnded(s.session.end_reason);
    if (s.interviewer) {
      if (this.interviewer) this.interviewer.load(s.interviewer, s.timer);
      else this.pendingInterviewer = s.interviewer;
    }
    if (!this.fitted) {
      this.fitted = true;
      requestAnimationFrame(() => this.store.view.nodes.length && this.board.fit());
    }
  }

  apply(msg, { replay }) {
    switch (msg.type) {
      case "op.ack":
        this.myOps.delete(msg.op_id);
        return this.opAcked(msg);
      case "op":
        if (this.myOps.has(msg.op_id)) {
          // Our own op, seen in a replay after a reconnect: it was applied.
          this.myOps.delete(msg.op_id);
          return this.opAcked(msg);
        }
        this.store.remote(msg.op, msg.version);
        if (msg.op.kind === "notes.update") this.notes.remote(msg.op);
        else if (!replay) this.flashRemote(msg.op);
        return;
      case "timer":
        return this.setTimer(msg.timer, msg);
      case "chat":
        return this.chat.add(msg, { quiet: replay });
      case "hint":
        this.hints.add(msg, { quiet: replay });
        if (this.interviewer) this.interviewer.markRevealed();
        return this.coaching.updateHintButton();
      case "presence":
        return this.presence.changed(msg);
      case "participant":
        return this.presence.joined(msg);
      case "private_note":
      case "private_note.saved":
        if (this.interviewer) this.interviewer.noteSaved(msg);
        return;
      case "follow_up":
        return this.coaching.posed(msg, { quiet: replay });
      case "insight":
        return this.insight.insight(msg);
      case "drill":
        return this.insight.drillStarted(msg, { quiet: replay });
      case "coach":
        this.coaching.coachAsked(msg);
        return this.insight.coachAsked(msg, { quiet: replay });
      case "notes.awareness":
        return this.notes.awareness(msg);
      case "board.cursor":
        return this.cursors.receive(msg);
      case "ended":
        return this.showEnded(msg.reason);
      case "error":
        return this.refused(msg);
      default:
        return;
    }
  }

  opAcked(msg) {
    if (msg.op.kind === "notes.update") this.notes.acked(msg.op_id, msg.op);
    this.store.acknowledge(msg.op_id, msg.op, msg.version);
  }

  refused(msg) {
    if (msg.op_id) {
      this.myOps.delete(msg.op_id);
      // The notes widget answers its own refusals (resend, or rebase and tell the user).
      if (this.notes.refused(msg.op_id, msg.code, msg.message)) return;
      this.store.refuse(msg.op_id);
    }
    if (msg.code === ERROR_CODES.STALE_PHASE && this.solo) return; // auto-advance raced the server
    this.toast(ERROR_TEXT[msg.code] || msg.message || "The server refused that.", "error");
  }

  setTimer(timer, event) {
    if (!timer) return;
    this.timer = timer;
    this.setEditable(Boolean(timer.started) && !this.ended);
    this.coaching.updateHintButton();
    this.phaseBar.update(timer);
    if (this.interviewer) this.interviewer.phaseChanged(timer);
    if (event && event.follow_ups) this.addFollowUps(event.follow_ups);
    if (event && event.action === "start") this.announce("The session has started.");
  }

  /** The board and notes take edits only while the session is live (the server agrees). */
  setEditable(on) {
    const editable = on && !this.readOnly;
    this.board.readOnly = !editable;
    this.board.root.classList.toggle("is-readonly", !editable);
    this.board.root.classList.toggle("is-waiting", !on && !this.ended);
    this.notes.setReadOnly(!editable);
  }

  // ---- phases --------------------------------------------------------------

  phaseChanged(index, previous) {
    const phase = config.phases[index];
    if (!phase) return;
    for (const el of document.querySelectorAll("[data-phase-guidance]")) {
      el.hidden = Number(el.dataset.phaseGuidance) !== index;
    }
    const current = $("#current-phase-name");
    if (current) current.textContent = phase.name;
    if (previous !== null && previous !== index) {
      this.announce(`Phase: ${phase.name}.`);
      this.layout.followPhase();
      if (this.solo) this.toast(`${phase.name}: ${phase.goal || ""}`, "info");
    }
    if (this.solo) this.coaching.phaseChanged(index);
  }

  timeUp(index) {
    if (this.canControl && !this.solo) this.toast(`Time is up for ${config.phases[index].name}.`, "warn");
  }

  // ---- connection ----------------------------------------------------------------------

  bindConnectionIndicator() {
    const box = $("#connection");
    const label = $(".connection-label", box);
    const retry = $("[data-action=retry]", box);
    retry.addEventListener("click", () => this.socket.retryNow());
    this.showConnection = (detail = this.connectionDetail) => {
      const status = this.socket.status;
      this.connectionDetail = detail;
      box.dataset.status = status;
      const unsaved = this.socket.pending.size;
      const texts = {
        connecting: "Connecting…",
        online: "Connected",
        reconnecting: `Reconnecting…${unsaved ? ` ${unsaved} change${unsaved === 1 ? "" : "s"} kept until then` : ""}`,
        refused: detail || "Disconnected",
        ended: "Session ended",
      };
      label.textContent = texts[status] || status;
      retry.hidden = status !== "reconnecting";
    };
    this.socket.addEventListener("status", (event) => {
      const { status, detail } = event.detail;
      this.showConnection(detail);
      if (status === "online" && this.wasDown) this.toast("Back online. Everything is in sync.", "ok");
      this.wasDown = status === "reconnecting";
    });
  }

  // ---- end -------------------------------------------------------------------------------

  showEnded(reason) {
    if (this.endShown) return;
    this.endShown = true;
    this.ended = true;
    this.phaseBar.setEnded();
    this.cursors.stop();
    document.body.classList.add("room-ended");
    this.board.readOnly = true;
    this.board.root.classList.add("is-readonly");
    for (const area of document.querySelectorAll("#notes textarea, #chat textarea")) area.readOnly = true;
    const dialog = $("#ended-dialog");
    if (dialog) {
      const why = $(".ended-reason", dialog);
      if (why && reason && reason !== "ended") why.textContent = `Reason: ${reason}.`;
      if (!dialog.open) dialog.showModal();
    }
    this.coaching.updateHintButton();
    setTimeout(() => this.socket.close(), 500);
  }

  // ---- feedback --------------------------------------------------------------------------

  flashRemote(op) {
    const id = op.kind === "node.add" ? op.node.id : op.kind.startsWith("node.") ? op.id : null;
    const g = id && this.board.nodeEls.get(id);
    if (g) {
      g.classList.add("is-remote");
      setTimeout(() => g.classList.remove("is-remote"), 1200);
    }
  }

  toast(text, kind = "info", action = null) {
    this.toasts.show(text, kind, action);
  }

  // ---- undo ------------------------------------------------------------------------------

  recordChange(op) {
    this.history.record(this.store.view, op);
    if (op.kind === "node.delete") {
      const node = this.store.view.nodes.find((n) => n.id === op.id);
      const name = node?.label ? `“${node.label}”` : "Component";
      this.toast(`${name} deleted. Ctrl+Z brings it back.`, "info", { label: "Undo", run: () => this.undo() });
    }
  }

  undo() {
    if (this.board.readOnly) return;
    const had = this.history.canUndo;
    const ops = this.history.undo(this.store.view);
    for (const op of ops) this.sendBoardOp(op, { record: false });
    this.announce(had ? (ops.length ? "Undone." : "That change was already gone.") : "Nothing to undo.");
  }

  redo() {
    if (this.board.readOnly) return;
    const had = this.history.canRedo;
    const ops = this.history.redo(this.store.view);
    for (const op of ops) this.sendBoardOp(op, { record: false });
    this.announce(had ? "Redone." : "Nothing to redo.");
  }

  announce(text) {
    if (!this.announcer) return;
    this.announcer.textContent = "";
    requestAnimationFrame(() => { this.announcer.textContent = text; });
  }
}

window.designroom = new Room();
