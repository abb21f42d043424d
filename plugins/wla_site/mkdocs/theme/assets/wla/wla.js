/* Filters for the listings, and the search page.
   Without JavaScript every listing is complete (a long one in pages) and
   the browse links stand in for the filters. With it, the filter form appears,
   hides cards that do not match, keeps the choice in the address, and
   announces the number of results through a live region. A listing of
   several pages (the case studies, the directory) filters every item from a
   compact index, fetched from this site on first use. The search page loads
   the site's own search index from this site, in small pieces, only when
   someone searches. */
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

  /* A card drawn from a listing's filter index (wla_site/render/pages.py, filter_index): each row is
     [slug, title, badge, facts, note, then each filter's values as indexes into its keys]. */
  function indexCard(row, data, itemUrl) {
    var li = el("li", "wla-card");
    var heading = el("h3", "wla-card__title");
    var a = el("a", "", row[1]);
    a.href = itemUrl.replace("{slug}", encodeURIComponent(row[0]));
    heading.appendChild(a);
    if (row[2]) { heading.appendChild(document.createTextNode(" ")); heading.appendChild(el("span", "wla-badge", row[2])); }
    li.appendChild(heading);
    var meta = el("p", "wla-card__meta", row[3]);
    if (row[4]) { meta.appendChild(document.createTextNode(" · ")); meta.appendChild(el("strong", "", row[4])); }
    li.appendChild(meta);
    var chips = el("p", "wla-card__themes");
    chips.appendChild(el("span", "wla-visually-hidden", data.chips.title + ": "));
    row[data.fields.indexOf(data.chips.field)].forEach(function (i) { chips.appendChild(el("span", "wla-chip", data.chips.labels[i])); });
    li.appendChild(chips);
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
    var itemUrl = form.getAttribute("data-item") || "";
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
        next.forEach(function (row) { list.appendChild(indexCard(row, data, itemUrl)); });
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
    /* A page opened with filters in its address applies them; one without has nothing to do. */
    if (selects.some(function (s) { return s.value; })) apply(false);
  }

  /* --- search -------------------------------------------------------------------------- */

  /* The index (wla_site/search.py) is a folder of small JSON files: meta.json, then one token
     shard per two-letter prefix of a query word, the document chunks of the results shown, and
     the region filter's file only when that filter is used. Words are folded as the index
     folds them: accents off, lowercase, split on anything but letters and digits. */

  function queryWords(text, stop) {
    var folded = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    var words = [];
    (folded.match(/[\p{L}\p{N}]+/gu) || []).forEach(function (word) {
      if (Array.from(word).length > 1 && stop.indexOf(word) === -1 && words.indexOf(word) === -1) words.push(word);
    });
    return words;
  }

  function shardKey(word, length) {
    return Array.from(word).slice(0, length).map(function (c) { return /[a-z0-9]/.test(c) ? c : "_"; }).join("");
  }

  function undelta(gaps) {
    var ids = new Array(gaps.length);
    var id = 0;
    for (var i = 0; i < gaps.length; i++) { id += gaps[i]; ids[i] = id; }
    return ids;
  }

  function setupSearch(form) {
    var input = form.querySelector("input[name=q]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var status = document.querySelector("[data-wla-search-status]");
    var results = document.querySelector("[data-wla-results]");
    var more = document.querySelector("[data-wla-more]");
    var nojs = document.querySelector("[data-wla-nojs]");
    var indexUrl = new URL(form.getAttribute("data-index"), window.location.href).href;
    var root = form.getAttribute("data-root") || "";
    var files = {};
    var current = null;
    var shown = 0;
    var timer = null;
    var latest = 0; /* each search's number: a slower, older search never overwrites a newer one */
    var PAGE = 20;

    function getJSON(name, meta) {
      if (!files[name]) {
        var url = indexUrl + name + (meta ? "?v=" + encodeURIComponent(meta.hash) : "");
        files[name] = fetch(url, { credentials: "same-origin", cache: meta ? "default" : "no-cache" }).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        });
        files[name].catch(function () { delete files[name]; });
      }
      return files[name];
    }

    function wordMatches(meta, word) {
      var key = shardKey(word, meta.prefix);
      if (meta.shards.indexOf(key) === -1) return Promise.resolve(new Uint8Array(meta.count));
      return getJSON("t-" + key + ".json", meta).then(function (shard) {
        var found = new Uint8Array(meta.count);
        Object.keys(shard).forEach(function (token) {
          if (token.lastIndexOf(word, 0) === 0) undelta(shard[token]).forEach(function (id) { found[id] = 1; });
        });
        return found;
      });
    }

    function filterMatches(meta, name, value) {
      if (name === "kind") {
        var found = new Uint8Array(meta.count);
        meta.kinds.forEach(function (kind) { if (kind[0] === value) found.fill(1, kind[1], kind[2]); });
        return Promise.resolve(found);
      }
      return getJSON("f-" + name + ".json", meta).then(function (postings) {
        var found = new Uint8Array(meta.count);
        undelta(postings[value] || []).forEach(function (id) { found[id] = 1; });
        return found;
      });
    }

    /* Every document matching all the words and all the filters, in the index's order. */
    function find(meta, words, filters) {
      var sets = words.map(function (word) { return wordMatches(meta, word); });
      Object.keys(filters).forEach(function (name) { sets.push(filterMatches(meta, name, filters[name])); });
      return Promise.all(sets).then(function (all) {
        var ids = [];
        for (var id = 0; id < meta.count; id++) {
          if (all.every(function (set) { return set[id]; })) ids.push(id);
        }
        return ids;
      });
    }

    function render(meta, doc) {
      var li = el("li", "wla-result");
      var h2 = el("h2", "wla-result__title");
      var a = el("a", "", doc[0]);
      a.href = root + doc[1];
      h2.appendChild(a);
      li.appendChild(h2);
      var regions = doc[3].map(function (r) { return meta.regions[r]; }).join(", ");
      li.appendChild(el("p", "wla-result__meta", meta.kinds[doc[2]][0] + (regions ? " · " + regions : "")));
      if (doc[4]) li.appendChild(el("p", "wla-result__excerpt", doc[4]));
      return li;
    }

    function showNext(run) {
      var meta = current.meta;
      var batch = current.ids.slice(shown, shown + PAGE);
      shown += batch.length;
      var chunks = [];
      batch.forEach(function (id) {
        var name = "d-" + Math.floor(id / meta.chunk) + ".json";
        if (chunks.indexOf(name) === -1) chunks.push(name);
      });
      return Promise.all(chunks.map(function (name) { return getJSON(name, meta); })).then(function (loaded) {
        if (run !== latest) return;
        batch.forEach(function (id) {
          var chunk = loaded[chunks.indexOf("d-" + Math.floor(id / meta.chunk) + ".json")];
          results.appendChild(render(meta, chunk[id % meta.chunk]));
        });
        more.hidden = shown >= current.ids.length;
      });
    }

    function unavailable() {
      status.textContent = "Search is not available right now. Browse the listings instead.";
      if (nojs) { nojs.hidden = false; nojs.setAttribute("data-wla-failed", ""); }
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
      return getJSON("meta.json").then(function (meta) {
        var words = queryWords(query, meta.stop);
        if (query && !words.length) return { meta: meta, ids: [], words: words };
        return find(meta, words, filters).then(function (ids) { return { meta: meta, ids: ids, words: words }; });
      }).then(function (found) {
        if (mine !== latest) return; /* a newer search replaced this one */
        current = found;
        shown = 0;
        results.textContent = "";
        more.hidden = true;
        return showNext(mine).then(function () {
          if (mine !== latest) return;
          var count = found.ids.length;
          var what = query ? " for “" + query + "”" : "";
          var hint = query && !found.words.length ? " Type a word of two letters or more." : " Try another word, or fewer filters.";
          status.textContent = count ? plural(count, "results") + what + "." : "No results" + what + "." + hint;
        });
      }).catch(function () {
        if (mine === latest) unavailable();
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
      var mine = latest;
      showNext(mine).then(function () {
        if (mine !== latest) return;
        status.textContent = "Showing " + shown + " of " + plural(current.ids.length, "results") + ".";
        var link = results.children[first] && results.children[first].querySelector("a");
        if (link) link.focus();
      }, function () {
        if (mine === latest) unavailable();
      });
    });
    if (input.value || selects.some(function (s) { return s.value; })) run(false);
  }

  /* --- the navigation drawer on narrow screens ------------------------------------------ */

  /* Material opens its drawer when the menu button (a label for a hidden checkbox) is clicked.
     The button takes focus (partials/header.html); Enter or Space opens the drawer and moves
     focus into it, Escape or leaving it closes it, and focus goes back to the button. */
  function setupMenu(button) {
    var toggle = document.getElementById(button.getAttribute("for"));
    var drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !drawer) return;

    function setOpen(open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
    }

    button.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      setOpen(true);
      var first = drawer.querySelector("a[href], [tabindex='0']");
      if (first) first.focus();
    });
    drawer.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) { setOpen(false); button.focus(); }
    });
    drawer.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (toggle.checked && next && !drawer.contains(next)) setOpen(false);
    });
  }

  function init() {
    var menu = document.querySelector("label.wla-menu-button");
    if (menu) setupMenu(menu);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-wla-filter]"), setupFilter);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-wla-search]"), setupSearch);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
