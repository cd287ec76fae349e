/* The early copy of a widget page (caserate_kit.course.widgets._early): usable at once.
   When the page's widgets are drawn below it, with the same controls in the same
   order, they take over: what the learner typed or chose, where the focus was and
   any button pressed meanwhile; then the copy goes. Called with the copy's id. */
(function (id) {
  "use strict";
  var box = document.getElementById(id);
  if (!box || !window.MutationObserver) { return; }
  var CONTROLS = "input, select, textarea, button";
  var FOCUSABLE = "a[href], button, input, textarea, select, [tabindex]";
  var GIVE_UP_MS = 15000;
  var all = function (node, selector) {
    return Array.prototype.slice.call(node.querySelectorAll(selector));
  };
  var kinds = function (controls) {
    return controls.map(function (el) { return el.tagName + ":" + (el.type || ""); }).join(" ");
  };
  var copy = box.querySelector(".ck-early-root");
  var area = box.closest(".jp-OutputArea-child") || box.parentElement;
  if (!copy || !area) { return; }
  var mine = all(copy, CONTROLS);
  var signature = kinds(mine);
  var changed = [];
  var pressed = [];

  var note = function (event) {
    var at = mine.indexOf(event.target);
    if (at >= 0 && changed.indexOf(at) < 0) { changed.push(at); }
  };
  /* A form in the copy is sent by its widget, once drawn (its button counts as pressed). */
  copy.addEventListener("submit", function (event) { event.preventDefault(); }, true);
  copy.addEventListener("input", note, true);
  copy.addEventListener("change", note, true);
  copy.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    var at = mine.indexOf(button);
    if (at >= 0 && !button.disabled) {
      pressed.push(at);
      button.setAttribute("aria-busy", "true");
    }
  });

  /* Put the copy's value into the widget's control, as the learner's own input would. */
  var carry = function (from, to, typing) {
    if (from.type === "radio" || from.type === "checkbox") {
      if (from.checked && !to.checked) { to.click(); }
      return;
    }
    if (to.value === from.value) { return; }
    to.value = from.value;
    to.dispatchEvent(new Event("input", { bubbles: true }));
    if (!typing) { to.dispatchEvent(new Event("change", { bubbles: true })); }
  };

  var takeOver = function (root, live) {
    watch.disconnect();
    var active = document.activeElement;
    var focusAt = copy.contains(active) ? all(copy, FOCUSABLE).indexOf(active) : -1;
    var controlAt = mine.indexOf(active);
    var caret = null;
    try {
      if (active && typeof active.selectionStart === "number") {
        caret = [active.selectionStart, active.selectionEnd];
      }
    } catch (e) { caret = null; }  /* number inputs have no caret to read */
    changed.forEach(function (at) { carry(mine[at], live[at], mine[at] === active); });
    (box.closest(".ck-early-output") || box).remove();
    var targets = all(root, FOCUSABLE);
    var target = controlAt >= 0 ? live[controlAt] : focusAt >= 0 ? targets[focusAt] : null;
    if (target) {
      target.focus({ preventScroll: true });
      if (caret) {
        try { target.setSelectionRange(caret[0], caret[1]); } catch (e) { /* not a text box */ }
      }
    }
    pressed.forEach(function (at) { live[at].click(); });
  };

  var firstSeen = 0;
  var look = function () {
    var root = all(area, ".ck-early-root").filter(function (el) { return !box.contains(el); })[0];
    if (!root || !box.isConnected) { return; }
    var live = all(root, CONTROLS);
    if (kinds(live) === signature) { takeOver(root, live); return; }
    if (!firstSeen) {
      firstSeen = window.performance.now();
      window.setTimeout(look, GIVE_UP_MS + 50);
    }
    if (window.performance.now() - firstSeen > GIVE_UP_MS) {
      /* The widgets no longer match the copy (the page changed meanwhile): keep the widgets. */
      watch.disconnect();
      (box.closest(".ck-early-output") || box).remove();
    }
  };
  var queued = false;
  var watch = new MutationObserver(function () {
    if (queued) { return; }
    queued = true;
    window.requestAnimationFrame(function () { queued = false; look(); });
  });
  watch.observe(area, { childList: true, subtree: true });
})
