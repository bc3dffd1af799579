/* Career Connections: colour-scheme toggle (progressive enhancement).
   Without JavaScript the site follows prefers-color-scheme. */
(function () {
  "use strict";
  var KEY = "cc-theme";
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  var buttons = document.querySelectorAll("[data-theme-toggle]");

  function load() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function save(value) {
    try { window.localStorage.setItem(KEY, value); } catch (e) { /* private mode: not remembered */ }
  }
  function current() {
    var set = root.getAttribute("data-theme");
    if (set === "light" || set === "dark") { return set; }
    return media && media.matches ? "dark" : "light";
  }
  function sync() {
    var dark = current() === "dark";
    var label = dark ? "Switch to light theme" : "Switch to dark theme";
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", dark ? "true" : "false");
      buttons[i].setAttribute("aria-label", label);
      buttons[i].setAttribute("title", label);
    }
  }
  function toggle() {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    save(next);
    sync();
  }

  var saved = load();
  if (saved === "light" || saved === "dark") { root.setAttribute("data-theme", saved); }
  if (media) {
    if (media.addEventListener) { media.addEventListener("change", sync); }
    else if (media.addListener) { media.addListener(sync); }
  }
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", toggle);
    buttons[i].hidden = false;
  }
  sync();
}());
