// Who is in the room: the participant list with online dots, and what changes in it
// (the snapshot's participants, `presence` and `participant` events).

import { displayName } from "./chat.js";

export class RoomPresence {
  /** `onOffline(userId)` hears when a participant's last socket is gone. */
  constructor(list, { me, announce = () => {}, onOffline = () => {} }) {
    this.list = list;
    this.me = me;
    this.announce = announce;
    this.onOffline = onOffline;
    this.participants = [];
  }

  reset(participants) {
    this.participants = participants.map((p) => ({ ...p }));
    this.draw();
  }

  changed(msg) {
    const id = msg.user?.id ?? msg.user;
    let p = this.participants.find((x) => (x.user?.id ?? x.user) === id);
    if (!p) {
      p = { user: msg.user, role: msg.role, online: msg.online };
      this.participants = [...this.participants, p];
    }
    const wasOnline = p.online;
    p.online = msg.online;
    this.draw();
    if (!msg.online) this.onOffline(id);
    if (id !== this.me.id && wasOnline !== msg.online) {
      this.announce(`${displayName(p.user)} (${p.role}) ${msg.online ? "joined" : "left"}.`);
    }
  }

  joined(msg) {
    const id = msg.user?.id;
    if (this.participants.some((x) => x.user?.id === id)) return;
    this.participants = [...this.participants, { user: msg.user, role: msg.role, online: false }];
    this.draw();
    // The interviewer's material is sent once a candidate is in: a fresh page load brings it.
    const withheld = document.getElementById("iv-withheld");
    if (withheld && msg.role === "candidate") {
      const reload = document.createElement("a");
      reload.href = window.location.pathname;
      reload.textContent = "Reload the page to see it.";
      withheld.replaceChildren("Your candidate has joined. ", reload);
    }
  }

  draw() {
    if (!this.list) return;
    this.list.innerHTML = "";
    for (const p of this.participants) {
      const li = document.createElement("li");
      const me = (p.user?.id ?? p.user) === this.me.id;
      li.className = `presence-item ${p.online || me ? "is-online" : "is-offline"}`;
      li.innerHTML = '<span class="presence-dot" aria-hidden="true"></span><span class="presence-name"></span><span class="presence-role"></span>';
      li.querySelector(".presence-name").textContent = me ? "You" : displayName(p.user);
      li.querySelector(".presence-role").textContent = `${p.role}${p.online || me ? "" : " · away"}`;
      li.title = `${displayName(p.user)} — ${p.role}, ${p.online || me ? "online" : "offline"}`;
      this.list.append(li);
    }
  }
}
