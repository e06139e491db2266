/* Review queue keyboard shortcuts: j/k move between pledges, c confirm, r reject, e edit, u undo,
   x select.
   Loaded with the page's CSP nonce; no inline handlers. Keys are ignored while typing in a field. */
(function () {
  "use strict";

  function cards() {
    return Array.prototype.slice.call(document.querySelectorAll(".review-card"));
  }

  function current() {
    var active = document.activeElement;
    return active && active.closest ? active.closest(".review-card") : null;
  }

  function move(step) {
    var list = cards();
    if (!list.length) return;
    var index = list.indexOf(current());
    var next = list[Math.max(0, Math.min(list.length - 1, index + step))] || list[0];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  function press(card, key) {
    var target = card && card.querySelector('[data-key="' + key + '"]');
    if (!target) return false;
    target.click();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) return;
    var card = current();
    switch (event.key) {
      case "j":
      case "n":
        move(1);
        break;
      case "k":
      case "p":
        move(-1);
        break;
      case "c":
        if (!press(card, "confirm")) return;
        break;
      case "r":
        if (!press(card, "reject")) return;
        break;
      case "e":
        if (!press(card, "edit")) return;
        break;
      case "u":
        if (!press(card, "undo")) return;
        break;
      case "x":
        var box = card && card.querySelector("input.select");
        if (!box) return;
        box.checked = !box.checked;
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  /* After an action replaces a card, keep the focus on that card so "j" continues from there. */
  document.addEventListener("htmx:afterSwap", function (event) {
    var card = event.detail && event.detail.target;
    if (card && card.id) {
      var replaced = document.getElementById(card.id);
      if (replaced && replaced.classList.contains("review-card")) replaced.focus();
    }
  });
})();
