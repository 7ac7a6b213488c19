// The theme script (a classic script, run here in a sandbox with a fake page): the system's
// choice by default, the user's pick remembered, and the button cycling auto → dark → light.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const SOURCE = readFileSync(new URL("../theme.js", import.meta.url), "utf8");

function page({ systemDark = false, stored = null, storageThrows = false } = {}) {
  const listeners = {};
  const mediaListeners = [];
  const store = new Map(stored ? [["designroom.theme", stored]] : []);
  const button = { hidden: true, textContent: "", title: "", click: null, addEventListener: (_, fn) => { button.click = fn; } };
  const media = { matches: systemDark, addEventListener: (_, fn) => mediaListeners.push(fn) };
  const window = {
    document: {
      documentElement: { dataset: {} },
      addEventListener: (name, fn) => { listeners[name] = fn; },
      getElementById: (id) => (id === "theme-toggle" ? button : null),
    },
    matchMedia: () => media,
    localStorage: {
      getItem: (k) => { if (storageThrows) throw new Error("denied"); return store.get(k) ?? null; },
      setItem: (k, v) => { if (storageThrows) throw new Error("denied"); store.set(k, v); },
    },
  };
  vm.runInNewContext(SOURCE, { globalThis: window });
  listeners.DOMContentLoaded();
  const systemChanges = (dark) => { media.matches = dark; mediaListeners.forEach((fn) => fn()); };
  return { root: window.document.documentElement, button, store, systemChanges };
}

test("with no choice made, the theme follows the system, live", () => {
  const p = page({ systemDark: true });
  assert.equal(p.root.dataset.theme, "dark");
  assert.equal(p.button.textContent, "Theme: Auto");
  assert.equal(p.button.hidden, false);
  p.systemChanges(false);
  assert.equal(p.root.dataset.theme, "light");
});

test("the button cycles auto, dark, light and remembers the pick", () => {
  const p = page({ systemDark: false });
  p.button.click();
  assert.equal(p.root.dataset.theme, "dark");
  assert.equal(p.store.get("designroom.theme"), "dark");
  assert.equal(p.button.textContent, "Theme: Dark");
  p.systemChanges(false);
  assert.equal(p.root.dataset.theme, "dark", "a pick outlasts system changes");
  p.button.click();
  assert.equal(p.root.dataset.theme, "light");
  p.button.click();
  assert.equal(p.store.get("designroom.theme"), "auto");
});

test("a remembered pick applies on the next page; junk or refused storage means auto", () => {
  assert.equal(page({ systemDark: false, stored: "dark" }).root.dataset.theme, "dark");
  assert.equal(page({ systemDark: true, stored: "purple" }).root.dataset.theme, "dark");
  const refused = page({ systemDark: true, storageThrows: true });
  assert.equal(refused.root.dataset.theme, "dark");
  refused.button.click(); // nothing stored, nothing thrown
  assert.equal(refused.button.textContent, "Theme: Auto");
});
