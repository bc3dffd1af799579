/* Site search with our own Pagefind index (theme/templates/search.html), loaded by site.js
   once the reader searches; a progressive enhancement: without JavaScript, or when the index cannot be loaded, the form searches
   the site with DuckDuckGo instead. Nothing here requests anything from another host.
   Results are built as DOM nodes from text: titles with textContent, and of Pagefind's
   excerpt HTML only its <mark> elements are kept, as new elements. */
(function () {
"use strict";
var doc = document, form = doc.querySelector("[data-search]");
if (!form || !window.URL || !window.DOMParser || !window.fetch) return;
var input = form.querySelector("input[name=q]"), note = form.querySelector("[data-search-note]");
var status = doc.querySelector("[data-search-status]"), list = doc.querySelector("[data-search-results]");
var more = doc.querySelector("[data-search-more]"), moreButton = more.querySelector("button");
var title = doc.title, PAGE = 10, loading, results = [], shown = 0, current = 0;

function say(text) { status.textContent = text; }
function make(tag, parent) { return parent.appendChild(doc.createElement(tag)); }
function queryInUrl() { return (new URLSearchParams(location.search).get("q") || "").trim(); }

var OPTIONS = { excerptLength: 24 };
/* A large site's index comes in shards (the search plugin's SEARCH_SHARD_PAGES), listed in
   the index's own shards.json, fetched beside Pagefind's script: Pagefind merges the
   others into the first, and a shard that cannot be loaded fails the whole load. */
function shardUrls(script) {
  return fetch(new URL("shards.json", script).href).then(function (response) {
    if (!response.ok) throw new Error("shards.json: " + response.status);
    return response.json();
  }).then(function (list) {
    return list.shards.filter(function (shard) { return shard.folder; })
      .map(function (shard) { return new URL(shard.folder, script).href; });
  });
}
function load() {
  if (!loading) {
    var script = new URL(form.getAttribute("data-search-index"), location.href).href;
    loading = Promise.all([import(script), shardUrls(script)]).then(function (found) {
      var pagefind = found[0];
      return Promise.resolve(pagefind.options(OPTIONS)).then(function () {
        return Promise.all(found[1].map(function (url) { return pagefind.mergeIndex(url, OPTIONS); }));
      }).then(function () { return pagefind; });
    });
  }
  return loading;
}

/* Pagefind's excerpts are HTML: escaped text with <mark> around the matched words. */
function text(html) { return new DOMParser().parseFromString("<body>" + html, "text/html").body.textContent; }
function excerpt(html, parent) {
  String(html).split(/<mark>([\s\S]*?)<\/mark>/).forEach(function (part, i) {
    if (i % 2) make("mark", parent).textContent = text(part);
    else if (part) parent.appendChild(doc.createTextNode(text(part)));
  });
}
function href(url) {
  try {
    var link = new URL(url, location.href);
    return /^https?:$/.test(link.protocol) ? link.href : null;
  } catch (e) { return null; }
}
function render(data) {
  var item = make("li", list), link = make("a", make("h2", item)), url = href(data.url);
  link.textContent = (data.meta && data.meta.title) || data.url;
  if (url) link.href = url;
  excerpt(data.excerpt || "", make("p", item));
  return link;
}

function showMore(run) {
  var batch = results.slice(shown, shown + PAGE);
  shown += batch.length;
  return Promise.all(batch.map(function (result) { return result.data(); })).then(function (found) {
    if (run !== current) return null;
    var links = found.map(render);
    list.hidden = !results.length;
    more.hidden = shown >= results.length;
    return links[0];
  });
}

function summary(count, query) {
  var what = "“" + query + "”";
  return count ? count + (count === 1 ? " result for " : " results for ") + what : "No results for " + what;
}

/* history: "push" for a new search, "replace" to fix up the address, "none" for Back/Forward. */
function search(query, history) {
  var run = ++current;
  if (history !== "none") {
    var url = new URL(location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    if (url.href !== location.href) window.history[history + "State"](null, "", url.href);
  }
  doc.title = query ? query + " – " + title : title;
  list.textContent = "";
  list.hidden = more.hidden = true;
  results = [];
  shown = 0;
  if (!query) return say("");
  say("Searching…");
  /* Only an index that cannot be loaded hands the form back to DuckDuckGo; a search that
     fails once (a fragment not fetched...) says so and the next one tries again. */
  load().then(function (pagefind) {
    return pagefind.search(query).then(function (found) {
      if (run !== current) return null;
      results = (found && found.results) || [];
      say(summary(results.length, query));
      return showMore(run);
    }).catch(function () { if (run === current) say("The search failed. Please try again."); });
  }, fallBack);
}

function onSubmit(event) {
  event.preventDefault();
  search(input.value.trim(), "push");
}

/* The index could not be loaded (not built, blocked...): hand the form back to the web search. */
function fallBack() {
  current++;
  form.removeEventListener("submit", onSubmit);
  list.hidden = more.hidden = true;
  note.hidden = false;
  say("The site's own search could not be loaded. The Search button searches with DuckDuckGo instead.");
}

note.hidden = true;
form.addEventListener("submit", onSubmit);
form.setAttribute("data-search-ready", "");  /* site.js stops holding the form back */
function preload() { load().catch(function () {}); }
if (doc.activeElement === input) preload();  /* site.js loads this script on focus */
else input.addEventListener("focus", preload, { once: true });
moreButton.addEventListener("click", function () {
  showMore(current).then(function (first) { if (first) first.focus(); })
    .catch(function () { say("More results could not be loaded. Please try again."); });
});
window.addEventListener("popstate", function () {
  input.value = queryInUrl();
  search(input.value, "none");
});
if (queryInUrl()) {
  input.value = queryInUrl();
  search(input.value, "replace");
}
}());
