/* Colour scheme, share, consent-gated comments, videos, search loader, business-page widget: see docs/engage-markup.md */
(function () {
"use strict";
var doc = document, root = doc.documentElement, media = window.matchMedia && matchMedia("(prefers-color-scheme: dark)");
function $(name, el) { return (el || doc).querySelector("[data-" + name + "]"); }
function each(name, fn) { [].forEach.call(doc.querySelectorAll("[data-" + name + "]"), fn); }
function data(el, name) { return el.getAttribute("data-" + name); }
function set(el, name, value) { el.setAttribute(name, value); }
function load(key) { try { return localStorage.getItem(key); } catch (e) {} }
function save(key, value) { try { localStorage.setItem(key, value); } catch (e) {} }
function json(el, name) { try { return JSON.parse(data(el, name)) || {}; } catch (e) { return {}; } }
function make(tag, text, parent, href) {
  var el = parent.appendChild(doc.createElement(tag));
  el.textContent = text;
  if (/^https:\/\//.test(href)) el.href = href;
  return el;
}

/* Colour scheme: the system's until the toggle is used */
var theme = load("cc-theme");
if (/^(light|dark)$/.test(theme)) set(root, "data-theme", theme);
function current() {
  var t = root.getAttribute("data-theme");
  return /^(light|dark)$/.test(t) ? t : media && media.matches ? "dark" : "light";
}
function sync() {
  var t = current(), label = "Switch to " + (t === "dark" ? "light" : "dark") + " theme";
  each("theme-toggle", function (b) {
    set(b, "aria-pressed", t === "dark");
    set(b, "aria-label", b.title = label);
  });
  if (theme && theme !== t) doc.dispatchEvent(new CustomEvent("cc:themechange", { detail: { theme: t } }));
  theme = t;
}
if (media) media.addEventListener ? media.addEventListener("change", sync) : media.addListener(sync);
each("theme-toggle", function (b) {
  b.hidden = false;
  b.onclick = function () {
    set(root, "data-theme", current() === "dark" ? "light" : "dark");
    save("cc-theme", current());
    sync();
  };
});
sync();

/* Share */
function say(text) { $("share-status").textContent = text; }
each("copy-link", function (b) {
  b.hidden = !navigator.clipboard;
  b.onclick = function () {
    say("");
    navigator.clipboard.writeText(data(b, "copy-link")).then(function () { say("Link copied"); },
      function () { say("Could not copy the link"); });
  };
});
each("native-share", function (b) {
  b.hidden = !navigator.share;
  b.onclick = function () {
    navigator.share({ title: data(b, "share-title"), url: data(b, "share-url") })
      .catch(function (e) { if (e.name !== "AbortError") say("Could not share the link"); });
  };
});

var toot = $('share="mastodon"'), form = $("mastodon-form");
if (toot && form) {
  var input = form.querySelector("input");
  var check = function (ok) {
    $("mastodon-error", form).hidden = ok;
    set(input, "aria-invalid", !ok);
    return ok;
  };
  var close = function () {
    check(form.hidden = true);
    toot.focus();
  };
  form.noValidate = true; // our message, not the browser's
  toot.onclick = function (e) {
    e.preventDefault();
    input.value = load("cc-mastodon-instance") || input.value;
    form.hidden = false;
    input.focus();
  };
  form.onsubmit = function (e) {
    e.preventDefault();
    var host = input.value.trim().toLowerCase().replace(/^(https:\/\/|@[^@\/]*@)|\/$/g, "");
    if (!check(/^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{1,63}|[Xx][Nn]--[A-Za-z0-9-]{0,58}[A-Za-z0-9])$/.test(host))) return input.focus();
    save("cc-mastodon-instance", host);
    open("https://" + host + "/share?text=" + encodeURIComponent(data(toot, "share-text")), "_blank", "noopener,noreferrer");
    close();
  };
  $("mastodon-cancel", form).onclick = close;
  form.onkeydown = function (e) { if (e.key === "Escape") close(); };
}

/* Comments: nothing comes from the provider before consent */
each("comments-provider", function (sec) {
  var kind = data(sec, "comments-provider"), cfg = json(sec, "comments-config"), started;
  var thread = $("comments-thread", sec), btn = $("comments-button", sec), box = $("comments-remember", sec);
  var ready = function () { sec.removeAttribute("aria-busy"); };
  var note = function (text, linkText, after) {
    var p = make("p", text, thread);
    if (linkText) make("a", linkText, p, cfg.url).after(after);
    ready();
  };
  var start = function (byUser) {
    if (started) return;
    started = true;
    if (byUser) save("cc-comments-consent", box.checked ? "yes" : "");
    if (byUser || doc.activeElement === btn || doc.activeElement === box) {
      thread.tabIndex = -1;
      thread.focus();
    }
    btn.hidden = $("comments-remember-label", sec).hidden = $("comments-question", sec).hidden = true;
    set(sec, "aria-busy", true);
    if (kind === "mastodon") return replies($("mastodon-replies", thread) || make("ol", "", thread));
    if (kind === "disqus") window.disqus_config = function () {
      this.page.url = cfg.url;
      this.page.identifier = cfg.identifier;
      this.page.title = cfg.title;
    };
    if (kind === "remark42") window.remark_config = cfg;
    var script = doc.createElement("script"), attrs = json(sec, "comments-attrs");
    if (kind === "giscus") attrs["data-theme"] = current();
    if (kind === "utterances") attrs.theme = "github-" + current();
    for (var name in attrs) set(script, name, attrs[name]);
    script.src = data(sec, "comments-script");
    script.onload = ready;
    script.onerror = function () { note("Comments could not be loaded."); };
    thread.appendChild(script);
  };
  var replies = function (list) {
    fetch(cfg.api).then(function (r) {
      if (!r.ok) throw r;
      return r.json();
    }).then(function (context) {
      var all = context.descendants || [];
      all.forEach(function (s) {
        var who = s.account || {}, li = make("li", "", list), head = make("p", "", li);
        make("strong", who.display_name || who.acct, head).after(" ");
        set(make("time", new Date(s.created_at).toLocaleDateString(undefined, { dateStyle: "medium" }),
          make("a", "", head, s.url)), "datetime", s.created_at);
        var body = new DOMParser().parseFromString(s.content || "", "text/html").body, paras = body.querySelectorAll("p");
        [].forEach.call(body.querySelectorAll("br"), function (br) { br.replaceWith("\n"); });
        [].forEach.call(paras.length ? paras : [body], function (p) { make("p", p.textContent, li); });
      });
      list.hidden = !all.length;
      if (all.length) ready();
      else note("No replies yet. ", "Reply on Mastodon", " to join the conversation.");
    }).catch(function () {
      list.hidden = true;
      note("Could not load the replies. ", "Read them on Mastodon", ".");
    });
  };

  btn.hidden = $("comments-remember-label", sec).hidden = $("comments-question", sec).hidden = false;
  btn.onclick = function () { start(true); };
  if (box.checked = load("cc-comments-consent") === "yes") return start();
  if (data(sec, "comments-load") === "visible") {
    if (!window.IntersectionObserver) return start();
    var seen = new IntersectionObserver(function (entries) {
      if (entries[0].isIntersecting) {
        seen.disconnect();
        start();
      }
    }, { rootMargin: "200px" });
    seen.observe(sec);
  }
});
doc.addEventListener("cc:themechange", function (e) {
  var t = e.detail.theme;
  [["giscus", { giscus: { setConfig: { theme: t } } }], ["utterances", { type: "set-theme", theme: "github-" + t }]]
    .forEach(function (m) {
      var frame = doc.querySelector("iframe." + m[0] + "-frame");
      if (frame) frame.contentWindow.postMessage(m[1], new URL(frame.src).origin);
    });
});

/* Videos: the player (privacy-enhanced host) only after the click */
var PLAYERS = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/[\w-]{11}|player\.vimeo\.com\/video\/\d+)\?/;
each("video-src", function (box) {
  var b = $("video-button", box), src = data(box, "video-src");
  if (!b || !PLAYERS.test(src)) return;
  b.hidden = false;
  b.onclick = function () {
    var frame = doc.createElement("iframe");
    set(frame, "src", src);
    set(frame, "title", data(box, "video-title"));
    set(frame, "allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    set(frame, "allowfullscreen", "");
    set(frame, "referrerpolicy", "strict-origin-when-cross-origin");
    box.replaceChildren(frame);
    box.tabIndex = -1;
    box.focus();
  };
});

/* Search: search.js (and Pagefind) only once the reader searches: a query in the address,
   or the field focused. A search sent before the script is in place waits for it; if it
   cannot be loaded, the form is handed back to the web search its note names. */
var finder = $("search-script");
if (finder) {
  var note = $("search-note", finder), script, pending;
  var fetchSearch = function () {
    if (script) return;
    script = doc.head.appendChild(doc.createElement("script"));
    script.onload = function () { if (pending) finder.requestSubmit(); };
    script.onerror = function () { set(finder, "data-search-ready", ""); if (note) note.hidden = false; };
    script.src = data(finder, "search-script");
  };
  if (note) note.hidden = true;
  finder.addEventListener("focusin", fetchSearch);
  finder.addEventListener("submit", function (event) {
    if (finder.hasAttribute("data-search-ready")) return;
    event.preventDefault();
    pending = true;
    fetchSearch();
  });
  if (new URLSearchParams(location.search).get("q")) fetchSearch();
}

/* Business-page widget: nothing comes from the social network before the click */
each("cta-widget", function (box) {
  var b = $("cta-widget-button", box);
  b.hidden = false;
  b.onclick = function () {
    var frame = doc.createElement("iframe");
    ["src", "title", "width", "height"].forEach(function (n) { set(frame, n, data(box, "iframe-" + n)); });
    set(frame, "loading", "lazy");
    box.replaceChild(frame, b);
    box.tabIndex = -1;
    box.focus();
  };
});
}());
