/* Filters for the listings, and the search page.
   Without JavaScript every listing is complete (the directory in pages) and
   the browse links stand in for the filters. With it, the filter form appears,
   hides cards that do not match, keeps the choice in the address, and
   announces the number of results through a live region. A directory of
   several pages filters every provider from a compact index, fetched from
   this site on first use. The search page loads Pagefind's index from this
   site, in small pieces, only when someone searches. */
(function () {
  "use strict";
  var SHOWN = 50;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plural(count, noun) {
    return count + " " + (count === 1 ? noun.replace(/ies$/, "y").replace(/s$/, "") : noun);
  }

  /* --- listings ------------------------------------------------------------------------ */

  function providerCard(row, data, base) {
    var labels = data.labels;
    var li = el("li", "wla-card");
    var h3 = el("h3", "wla-card__title");
    var a = el("a", "", row[1]);
    a.href = base + row[0] + "/";
    h3.appendChild(a);
    if (row[7]) { h3.appendChild(document.createTextNode(" ")); h3.appendChild(el("span", "wla-badge", "National")); }
    li.appendChild(h3);
    var meta = el("p", "wla-card__meta", (row[2] ? row[2] + " · " : "") +
      row[5].map(function (i) { return labels.delivery[i]; }).join(", "));
    if (row[6]) { meta.appendChild(document.createTextNode(" · ")); meta.appendChild(el("strong", "", "Free or funded courses")); }
    li.appendChild(meta);
    var offers = el("p", "wla-card__themes");
    offers.appendChild(el("span", "wla-visually-hidden", "Offers: "));
    row[4].forEach(function (i) { offers.appendChild(el("span", "wla-chip", labels.offers[i])); });
    li.appendChild(offers);
    return li;
  }

  function setupFilter(form) {
    var list = document.querySelector("[data-wla-list]");
    var status = document.querySelector("[data-wla-status]");
    if (!list) return;
    var pager = document.querySelector("[data-wla-pager]");
    var cards = Array.prototype.slice.call(list.children);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var noun = form.getAttribute("data-noun") || "items";
    var indexUrl = form.getAttribute("data-index");
    var base = form.getAttribute("data-base") || "";
    var index = null;
    var more = null;
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
    });

    function say(text) { if (status) status.textContent = text; }

    function remember(active) {
      var query = new URLSearchParams();
      active.forEach(function (s) { query.set(s.name, s.value); });
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    function filterPage(active, announce, note) {
      var shown = 0;
      cards.forEach(function (item) {
        var match = active.every(function (s) {
          var values = (item.getAttribute("data-" + s.getAttribute("data-filter")) || "").split(" ");
          return values.indexOf(s.value) !== -1;
        });
        item.hidden = !match;
        if (match) shown += 1;
      });
      if (announce || active.length) {
        say((active.length ? "Showing " + shown + " of " + cards.length + " " + noun + "."
                           : "Showing all " + cards.length + " " + noun + ".") + (note || ""));
      }
    }

    function restorePage() {
      if (list.firstChild !== cards[0] || list.children.length !== cards.length) {
        list.textContent = "";
        cards.forEach(function (card) { card.hidden = false; list.appendChild(card); });
      }
      if (pager) pager.hidden = false;
      if (more) more.hidden = true;
    }

    function loadIndex() {
      if (!index) {
        index = fetch(indexUrl, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        });
      }
      return index;
    }

    function filterAll(active, data) {
      var keys = data.keys;
      var wanted = active.map(function (s) {
        var field = s.getAttribute("data-filter");
        return { column: data.fields.indexOf(field), value: keys[field].indexOf(s.value) };
      });
      var matches = data.items.filter(function (row) {
        return wanted.every(function (w) { return row[w.column].indexOf(w.value) !== -1; });
      });
      var count = 0;
      function showMore() {
        var next = matches.slice(count, count + SHOWN);
        next.forEach(function (row) { list.appendChild(providerCard(row, data, base)); });
        count += next.length;
        more.hidden = count >= matches.length;
        return next.length;
      }
      list.textContent = "";
      if (pager) pager.hidden = true;
      if (!more) {
        more = el("button", "md-button", "Show more " + noun);
        more.type = "button";
        more.addEventListener("click", function () {
          var first = list.children.length;
          showMore();
          say("Showing " + count + " of " + plural(matches.length, noun) + ".");
          var link = list.children[first] && list.children[first].querySelector("a");
          if (link) link.focus();
        });
        list.parentNode.insertBefore(more, list.nextSibling);
      }
      showMore();
      say(matches.length > count ? "Showing " + count + " of " + plural(matches.length, noun) + " that match."
                                 : "Showing " + plural(matches.length, noun) + " that match" + (matches.length ? "." : ": none."));
    }

    function apply(announce) {
      var active = selects.filter(function (s) { return s.value; });
      remember(active);
      if (!indexUrl || !active.length) {
        restorePage();
        if (indexUrl && announce) say("Showing " + cards.length + " " + noun + " on this page; use the pages below for the rest.");
        else filterPage(active, announce);
        return;
      }
      say("Finding " + noun + "…");
      loadIndex().then(function (data) {
        filterAll(active, data);
      }, function () {
        index = null;
        restorePage();
        filterPage(active, true, " (this page only: the full list could not be loaded)");
      });
    }

    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }

  /* --- search -------------------------------------------------------------------------- */

  function setupSearch(form) {
    var input = form.querySelector("input[name=q]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var status = document.querySelector("[data-wla-search-status]");
    var results = document.querySelector("[data-wla-results]");
    var more = document.querySelector("[data-wla-more]");
    var nojs = document.querySelector("[data-wla-nojs]");
    var bundle = new URL(form.getAttribute("data-bundle"), window.location.href).href;
    var root = new URL(form.getAttribute("data-root"), window.location.href).pathname;
    var pagefind = null;
    var current = null;
    var shown = 0;
    var timer = null;
    var latest = 0; /* each search's number: a slower, older search never overwrites a newer one */
    var PAGE = 10;

    function load() {
      if (!pagefind) {
        pagefind = import(bundle + "pagefind.js").then(function (module) {
          return Promise.resolve(module.options({ baseUrl: root })).then(function () { return module; });
        });
      }
      return pagefind;
    }

    function render(data) {
      var li = el("li", "wla-result");
      var h2 = el("h2", "wla-result__title");
      var a = el("a", "", (data.meta && data.meta.title) || data.url);
      a.href = data.url;
      h2.appendChild(a);
      li.appendChild(h2);
      var about = [].concat((data.filters && data.filters.kind) || [], (data.filters && data.filters.region) || []);
      if (about.length) li.appendChild(el("p", "wla-result__meta", about.join(" · ")));
      var excerpt = el("p", "wla-result__excerpt");
      excerpt.innerHTML = data.excerpt; /* Pagefind's excerpt: the page's text, escaped, with <mark> around matches */
      li.appendChild(excerpt);
      return li;
    }

    function showNext(run) {
      var batch = current.results.slice(shown, shown + PAGE);
      shown += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
        if (run !== latest) return;
        items.forEach(function (data) { results.appendChild(render(data)); });
        more.hidden = shown >= current.results.length;
      });
    }

    function run(pushState) {
      var mine = ++latest;
      var query = input.value.trim();
      var filters = {};
      var params = new URLSearchParams();
      if (query) params.set("q", query);
      selects.forEach(function (s) { if (s.value) { filters[s.name] = s.value; params.set(s.name, s.value); } });
      var search = params.toString();
      window.history[pushState ? "pushState" : "replaceState"](null, "", window.location.pathname + (search ? "?" + search : ""));
      if (!query && !Object.keys(filters).length) {
        results.textContent = "";
        more.hidden = true;
        status.textContent = "";
        return Promise.resolve();
      }
      status.textContent = "Searching…";
      return load().then(function (pf) {
        return pf.search(query || null, { filters: filters });
      }).then(function (found) {
        if (found === null || mine !== latest) return; /* a newer search replaced this one */
        current = found;
        shown = 0;
        results.textContent = "";
        return showNext(mine).then(function () {
          if (mine !== latest) return;
          var count = found.results.length;
          var what = query ? " for “" + query + "”" : "";
          status.textContent = count ? plural(count, "results") + what + "." : "No results" + what + ". Try another word, or fewer filters.";
        });
      }, function () {
        status.textContent = "Search is not available right now. Browse the listings instead.";
        if (nojs) nojs.hidden = false;
      });
    }

    form.hidden = false;
    if (nojs) nojs.hidden = true;
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    selects.forEach(function (s) {
      var wanted = params.get(s.name);
      if (wanted && s.querySelector('option[value="' + CSS.escape(wanted) + '"]')) s.value = wanted;
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); window.clearTimeout(timer); run(true); });
    form.addEventListener("change", function () { window.clearTimeout(timer); run(false); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { run(false); }, 400);
    });
    more.addEventListener("click", function () {
      var first = results.children.length;
      showNext(latest).then(function () {
        status.textContent = "Showing " + shown + " of " + plural(current.results.length, "results") + ".";
        var link = results.children[first] && results.children[first].querySelector("a");
        if (link) link.focus();
      });
    });
    if (input.value || selects.some(function (s) { return s.value; })) run(false);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-wla-filter]"), setupFilter);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-wla-search]"), setupSearch);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
