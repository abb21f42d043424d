/* What the site needs of Material's JavaScript, in place of its 114 KB bundle (35 KB gzipped),
   which costs a phone a quarter of a second of work before the page answers a tap. Loaded
   with `defer`; without JavaScript the page works as before, in the light palette.

   - the palette switch: the palette the visitor chose (kept under Material's own key, so
     Material's inline script in the head applies it before the first paint), else the one
     matching the system's light or dark setting;
   - "Back to top": shown while scrolling up past the start of the content;
   - the header: a shadow once the page has scrolled, and the page's title in place of the
     site's name once the page's heading has scrolled away.

   `wla_site.mkdocs.theme_speed.needs_material_js` says when a site uses a Material feature
   this does not cover; then Material's bundle is loaded instead (deferred). */
(function () {
  "use strict";

  function get(key) {
    try { return JSON.parse(localStorage.getItem(__md_scope.pathname + "." + key)); } catch (e) { return null; }
  }
  function set(key, value) {
    try { localStorage.setItem(__md_scope.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  /* --- the palette switch ------------------------------------------------------------------ */
  function setupPalette(form) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name=__palette]"));
    if (!inputs.length) return;

    function colour(input) {
      var color = {};
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        color[key] = input.getAttribute("data-md-color-" + key);
      });
      return color;
    }
    function show(index, remember) {
      var input = inputs[index];
      var color = colour(input);
      input.checked = true;
      Object.keys(color).forEach(function (key) { document.body.setAttribute("data-md-color-" + key, color[key]); });
      /* Each option's label switches to the next option: only the current one's is shown. */
      inputs.forEach(function (other, n) {
        var label = other.nextElementSibling;
        if (label && label.tagName === "LABEL") label.hidden = n !== index;
      });
      if (remember) set("__palette", { index: index, color: color });
    }
    function systemIndex() {
      var found = inputs.findIndex(function (input) {
        var media = input.getAttribute("data-md-color-media");
        return media && window.matchMedia(media).matches;
      });
      return Math.max(found, 0);
    }

    var saved = get("__palette");
    var chosen = saved && typeof saved.index === "number" && saved.index >= 0 && saved.index < inputs.length;
    show(chosen ? saved.index : systemIndex(), false);
    inputs.forEach(function (input, index) {
      input.addEventListener("change", function () { if (input.checked) { show(index, true); chosen = true; } });
    });
    /* Until the visitor picks one, follow the system's setting as it changes. */
    inputs.forEach(function (input) {
      var media = input.getAttribute("data-md-color-media");
      if (!media || !window.matchMedia(media).addEventListener) return;
      window.matchMedia(media).addEventListener("change", function () { if (!chosen) show(systemIndex(), false); });
    });
  }

  /* --- the header and "Back to top" --------------------------------------------------------- */
  function setupScrolling() {
    var header = document.querySelector("[data-md-component=header]");
    var title = document.querySelector("[data-md-component=header-title]");
    var top = document.querySelector("[data-md-component=top]");
    var heading = document.querySelector(".md-content h1");
    var main = document.querySelector(".md-main");
    var last = window.scrollY;
    var queued = false;

    function update() {
      queued = false;
      var y = window.scrollY;
      var headerHeight = header ? header.offsetHeight : 0;
      if (header) header.classList.toggle("md-header--shadow", y > 0);
      if (title && heading) {
        title.classList.toggle("md-header__title--active", heading.getBoundingClientRect().bottom < headerHeight);
      }
      if (top) {
        var past = main ? main.getBoundingClientRect().top < headerHeight : y > 0;
        /* A button with the keyboard's focus stays until the focus moves on: taking it away
           would drop the focus on the page itself, and a keyboard user's place with it. */
        top.hidden = !(y < last && y > 0 && past) && !top.contains(document.activeElement);
      }
      last = y;
    }
    window.addEventListener("scroll", function () {
      if (!queued) { queued = true; window.requestAnimationFrame(update); }
    }, { passive: true });
    if (top) {
      top.addEventListener("click", function () {
        top.blur();
        window.scrollTo({ top: 0 });
      });
      top.addEventListener("blur", function () { window.requestAnimationFrame(update); });
    }
    update();
  }

  function init() {
    document.querySelectorAll("[data-md-component=palette]").forEach(setupPalette);
    setupScrolling();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
