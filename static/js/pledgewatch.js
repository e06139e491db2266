/* Pledgewatch: the little behaviour HTMX core does not cover. Loaded as a file: the CSP forbids
   inline scripts and handlers. Everything here is an enhancement; pages work without it. */
(function () {
  "use strict";

  // Leave empty filter fields out of GET requests, so pushed URLs stay short permalinks.
  document.addEventListener("htmx:configRequest", function (evt) {
    var elt = evt.detail.elt;
    var data = evt.detail.formData;
    if (!data || evt.detail.verb !== "get" || !elt.closest || !elt.closest("form[data-drop-empty]")) return;
    var empty = [];
    data.forEach(function (value, key) {
      if (value === "" && data.getAll(key).every(function (v) { return v === ""; })) empty.push(key);
    });
    empty.forEach(function (key) { data.delete(key); });
  });

  // Errors are shown where the content would have gone, not silently dropped.
  function showError(target, message) {
    if (!target) target = document.getElementById("main");
    var note = document.createElement("p");
    note.className = "error load-error";
    note.setAttribute("role", "alert");
    note.textContent = message;
    if (target.id === "panel") {
      target.replaceChildren(note);
    } else {
      target.querySelectorAll(":scope > .load-error").forEach(function (old) { old.remove(); });
      target.prepend(note);
    }
  }
  document.addEventListener("htmx:responseError", function (evt) {
    var xhr = evt.detail.xhr;
    var what = xhr.status === 404 ? "It no longer exists." :
      xhr.status === 403 ? "You are not allowed to see it." :
      "The server answered " + xhr.status + ". Try again, or reload the page.";
    showError(evt.detail.target, "Could not load this. " + what);
  });
  document.addEventListener("htmx:sendError", function (evt) {
    showError(evt.detail.target, "Could not reach the server. Check the connection and try again.");
  });
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var target = evt.detail.target;
    if (target && target.querySelectorAll) {
      target.querySelectorAll(":scope > .load-error").forEach(function (old) { old.remove(); });
    }
  });

  // The side panel: remember the mark that opened it, close with the button or Escape.
  var opener = null;
  function closePanel() {
    var panel = document.getElementById("panel");
    if (!panel || !panel.firstChild) return;
    panel.replaceChildren();
    document.querySelectorAll(".mk.selected").forEach(function (m) { m.classList.remove("selected"); });
    if (opener && opener.isConnected) opener.focus();
  }
  document.addEventListener("click", function (evt) {
    if (evt.target.closest("[data-close-panel]")) { closePanel(); return; }
    var mark = evt.target.closest("a.mk");
    if (mark && document.getElementById("panel")) {
      document.querySelectorAll(".mk.selected").forEach(function (m) { m.classList.remove("selected"); });
      mark.classList.add("selected");
      opener = mark;
    }
  });
  document.addEventListener("keydown", function (evt) {
    if (evt.key === "Escape") closePanel();
  });
  document.addEventListener("htmx:afterSwap", function (evt) {
    if (evt.detail.target && evt.detail.target.id === "panel") evt.detail.target.focus();
  });
})();

/* Binned timeline: a cell is a plain link to the filtered list; with HTMX loaded it opens in the
   side panel instead (the server answers HX-Target: panel with the compact list). Delegated here so
   hundreds of cells need no hx-get attribute each. */
(function () {
  "use strict";
  document.addEventListener("click", function (evt) {
    var cell = evt.target.closest && evt.target.closest(".marks.bins a[href]");
    var panel = document.getElementById("panel");
    if (!cell || !panel || !window.htmx || evt.ctrlKey || evt.metaKey || evt.shiftKey || evt.button !== 0) return;
    evt.preventDefault();
    document.querySelectorAll(".marks.bins a.selected").forEach(function (a) { a.classList.remove("selected"); });
    cell.classList.add("selected");
    window.htmx.ajax("GET", cell.getAttribute("href"), { source: cell, target: "#panel", swap: "innerHTML" });
  });
})();

/* Add a pledge from the text: select a passage (mouse or Shift+arrows), or click a sentence, inside an
   element marked data-source-text; a button offers to add a pledge from it and loads the pre-filled
   form into data-add-target. Offsets count characters of the element's text from data-offset, which
   is the article's own text (the server escapes it piece by piece, so textContent is unchanged).
   Without JavaScript the "choose its sentences" link leads to the same form. */
(function () {
  "use strict";
  var SENTENCE_END = /[.!?]["'\u201d\u2019)\]]*\s+|\n+/g;
  var button = null;
  var pending = null;

  function offsetIn(root, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(root);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function sentenceAround(text, at) {
    var start = 0, end = text.length, match;
    SENTENCE_END.lastIndex = 0;
    while ((match = SENTENCE_END.exec(text)) !== null) {
      var stop = match.index + match[0].length;
      if (stop <= at) { start = stop; continue; }
      end = match.index + match[0].replace(/\s+$/, "").length;
      break;
    }
    return [start, end];
  }

  function chosenSpan() {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount) return null;
    var range = sel.getRangeAt(0);
    var node = range.commonAncestorContainer;
    var root = (node.nodeType === 1 ? node : node.parentElement).closest("[data-source-text]");
    if (!root) return null;
    var text = root.textContent;
    var start = offsetIn(root, range.startContainer, range.startOffset);
    var end = offsetIn(root, range.endContainer, range.endOffset);
    if (start === end) {  // a click: the sentence under the pointer
      var around = sentenceAround(text, start);
      start = around[0];
      end = around[1];
    }
    while (start < end && /\s/.test(text.charAt(start))) start++;
    while (end > start && /\s/.test(text.charAt(end - 1))) end--;
    if (end <= start) return null;
    var base = parseInt(root.getAttribute("data-offset") || "0", 10);
    return { root: root, start: base + start, end: base + end, rect: range.getBoundingClientRect() };
  }

  function hide() {
    if (button) button.hidden = true;
    pending = null;
  }

  function offer() {
    var span = chosenSpan();
    if (!span) { hide(); return; }
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.id = "add-from-selection";
      button.className = "add-from-selection";
      button.textContent = "Add pledge from this passage";
      button.addEventListener("mousedown", function (evt) { evt.preventDefault(); });  // keep the selection
      button.addEventListener("click", load);
      document.body.appendChild(button);
    }
    pending = span;
    button.hidden = false;
    button.style.top = (window.scrollY + span.rect.bottom + 6) + "px";
    button.style.left = (window.scrollX + Math.max(8, span.rect.left)) + "px";
  }

  function load() {
    if (!pending || !window.htmx) return;
    var root = pending.root;
    var url = root.getAttribute("data-add-url") + "?start=" + pending.start + "&end=" + pending.end;
    var target = document.querySelector(root.getAttribute("data-add-target"));
    hide();
    if (!target) { window.location.href = url; return; }
    window.htmx.ajax("GET", url, { source: root, target: target, swap: "innerHTML" }).then(function () {
      var first = target.querySelector("select, input:not([type=hidden]), textarea");
      target.scrollIntoView({ block: "nearest" });
      if (first) first.focus();
    });
  }

  document.addEventListener("mouseup", function (evt) {
    if (button && evt.target === button) return;
    window.setTimeout(offer, 0);
  });
  document.addEventListener("keyup", function (evt) {
    if (evt.shiftKey || evt.key === "Shift") offer();
    if (evt.key === "Escape") hide();
  });
  document.addEventListener("click", function (evt) {
    var cancel = evt.target.closest && evt.target.closest("[data-close-add]");
    var box = cancel && cancel.closest(".add-pledge");
    if (box && box.id) { evt.preventDefault(); box.replaceChildren(); }
  });
})();
/* Zoom links (presets, zoom out, axis ticks, the nearest pledges, the lane toggle) carry the search
   as it was drawn; an analyst may have typed another term since without applying it. Carry the
   term in the box, so the pushed URL and the page agree. */
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (evt) {
    var elt = evt.detail.elt;
    if (evt.detail.verb !== "get" || !elt.closest || !elt.closest("[data-keep-search]")) return;
    var box = document.querySelector("#lanes input[name=q]");
    if (!box) return;
    var url = new URL(evt.detail.path, window.location.href);
    var term = box.value.trim();
    if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
    evt.detail.path = url.pathname + url.search;
  });
})();

/* Pickers: typing in a name box asks for suggestions (htmx on the box itself); leaving the box must
   not also submit the half-typed name as a filter. Enter still submits, and the server reads a name. */
(function () {
  "use strict";
  document.addEventListener("change", function (evt) {
    if (evt.target.matches && evt.target.matches("[data-picker]")) evt.stopPropagation();
  }, true);
})();
