/* Filters for the case-study and provider listings.
   Without JavaScript the full list and the browse links are there; with it,
   the filter form appears, hides cards that do not match, keeps the choice in
   the address, and announces the number of results through a live region. */
(function () {
  "use strict";
  function setup(form) {
    var list = document.querySelector("[data-wla-list]");
    var status = document.querySelector("[data-wla-status]");
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var noun = form.getAttribute("data-noun") || "items";
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
    });
    function apply(announce) {
      var shown = 0;
      var active = selects.filter(function (s) { return s.value; });
      items.forEach(function (item) {
        var match = active.every(function (s) {
          var values = (item.getAttribute("data-" + s.getAttribute("data-filter")) || "").split(" ");
          return values.indexOf(s.value) !== -1;
        });
        item.hidden = !match;
        if (match) shown += 1;
      });
      if (status && (announce || active.length)) {
        status.textContent = active.length
          ? "Showing " + shown + " of " + items.length + " " + noun + "."
          : "Showing all " + items.length + " " + noun + ".";
      }
      var query = new URLSearchParams();
      active.forEach(function (s) { query.set(s.name, s.value); });
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }
    form.hidden = false;
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    apply(false);
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-wla-filter]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
