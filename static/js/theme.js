// The colour theme: the system's (prefers-color-scheme) unless the user picked light or dark
// with the header's Theme button, remembered in this browser's localStorage. A classic
// script loaded in <head> (not deferred): <html data-theme> is set before the page paints,
// so it never flashes the other theme. static/css/theme.css holds the colours.
(function theme(window) {
  const KEY = "designroom.theme";
  const ORDER = ["auto", "dark", "light"];
  const NAMES = { auto: "Auto", dark: "Dark", light: "Light" };
  const root = window.document.documentElement;
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  const chosen = () => {
    try {
      const value = window.localStorage.getItem(KEY);
      return ORDER.includes(value) ? value : "auto";
    } catch {
      return "auto"; // storage refused (privacy mode): follow the system
    }
  };
  const apply = () => {
    const choice = chosen();
    root.dataset.theme = choice === "auto" ? (media.matches ? "dark" : "light") : choice;
    root.dataset.themeChoice = choice;
  };
  apply();
  media.addEventListener("change", apply);
  window.document.addEventListener("DOMContentLoaded", () => {
    const button = window.document.getElementById("theme-toggle");
    if (!button) return;
    const label = () => {
      const choice = chosen();
      button.textContent = `Theme: ${NAMES[choice]}`;
      button.title = choice === "auto" ? "Follows your system; click for dark" : `Click for ${NAMES[ORDER[(ORDER.indexOf(choice) + 1) % 3]].toLowerCase()}`;
    };
    label();
    button.hidden = false;
    button.addEventListener("click", () => {
      const next = ORDER[(ORDER.indexOf(chosen()) + 1) % ORDER.length];
      try { window.localStorage.setItem(KEY, next); } catch { /* nowhere to keep it: the system's theme stays */ }
      apply();
      label();
    });
  });
})(globalThis);
