/* Kommunal utveckling – small progressive enhancements; the pages work without them. */
(function () {
  "use strict";

  /* A table wider than the screen scrolls sideways inside .table-wrap. Keyboard users
     can only scroll it when it takes the focus (WCAG 2.1.1), and screen readers need a
     name for it: so a wrapper that actually scrolls becomes a named, focusable region. */
  function tableName(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    for (var node = wrap; node && node !== document.body; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) {
          return prev.textContent.trim();
        }
      }
    }
    return "";
  }

  /* The region is named after its table plus the word "table", so it never has the same
     name as the section around it (which is often labelled by the same heading). */
  var TABLE_WORD = { sv: "tabell", en: "table" };
  function regionName(wrap) {
    var lang = (document.documentElement.lang || "sv").slice(0, 2);
    var name = tableName(wrap) || document.title;
    return name + " (" + (TABLE_WORD[lang] || TABLE_WORD.sv) + ")";
  }

  function updateScrollRegions() {
    var wraps = document.querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      var ours = wrap.hasAttribute("data-scroll-region");
      if (wrap.hasAttribute("tabindex") && !ours) {
        continue; /* the template made it a region itself */
      }
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("data-scroll-region", "");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", regionName(wrap));
      } else if (ours) {
        wrap.removeAttribute("data-scroll-region");
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  }

  var resizeTimer = null;
  function onResize() {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(updateScrollRegions, 150);
  }

  /* On a phone the menu is one row that scrolls sideways: bring the current page's item
     into sight. */
  function showCurrentMenuItem() {
    var current = document.querySelector(".site-nav [aria-current='page']");
    var list = current && current.closest("ul");
    if (list && list.scrollWidth > list.clientWidth + 1) {
      var offset = current.getBoundingClientRect().left - list.getBoundingClientRect().left;
      list.scrollLeft += offset - 16;
    }
  }

  /* A PDF takes a few seconds to make: a link marked data-busy-text says so while it loads,
     in a status region read out by screen readers. */
  function showBusy(event) {
    var link = event.target.closest && event.target.closest("a[data-busy-text]");
    if (!link) {
      return;
    }
    var status = document.getElementById(link.getAttribute("data-busy-status"));
    if (status) {
      status.textContent = link.getAttribute("data-busy-text");
      status.hidden = false;
    }
    link.setAttribute("aria-busy", "true");
  }

  updateScrollRegions();
  showCurrentMenuItem();
  document.addEventListener("click", showBusy);
  window.addEventListener("resize", onResize);
  /* <details> hide tables until opened; check them again when one opens. */
  document.addEventListener("toggle", updateScrollRegions, true);
})();
