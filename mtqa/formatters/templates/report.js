(function () {
  "use strict";
  var body = document.body;
  var hiddenSeverities = {};
  var hiddenCodes = {};
  var each = function (selector, fn, root) { Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn); };

  function findingShown(el) {
    return !hiddenSeverities[el.getAttribute("data-sev")] && !hiddenCodes[el.getAttribute("data-code")];
  }

  function applyFilters() {
    var shown = 0;
    each("[data-code][data-sev]", function (el) {
      var on = findingShown(el);
      el.classList.toggle("off", !on);
      if (on && el.classList.contains("fi-count")) { shown += 1; }
    });
    each(".fw", function (fw) {
      var flag = fw.querySelector(".flag");
      var on = fw.querySelector(".tip-item:not(.off)") !== null;
      flag.classList.toggle("off", !on);
      flag.setAttribute("tabindex", on ? "0" : "-1");
    });
    each(".seg", function (seg) {
      seg.classList.toggle("shown-findings", seg.querySelector(".fi-count:not(.off)") !== null);
    });
    var counter = document.getElementById("shown-count");
    if (counter) { counter.textContent = String(shown); }
  }

  var controls = document.getElementById("controls");
  if (controls) { controls.hidden = false; }
  each("input[data-filter-sev]", function (box) {
    box.addEventListener("change", function () {
      hiddenSeverities[box.getAttribute("data-filter-sev")] = !box.checked;
      applyFilters();
    });
  });
  each("input[data-filter-code]", function (box) {
    box.hidden = false;
    box.addEventListener("change", function () {
      hiddenCodes[box.getAttribute("data-filter-code")] = !box.checked;
      applyFilters();
    });
  });
  var only = document.getElementById("only-flagged");
  if (only) {
    only.addEventListener("change", function () { body.classList.toggle("only-flagged", only.checked); });
  }
  applyFilters();

  var sortButton = document.getElementById("sort-worst");
  var worstFirst = false;
  if (sortButton) {
    sortButton.addEventListener("click", function () {
      worstFirst = !worstFirst;
      each(".segs", function (list) {
        var items = Array.prototype.slice.call(list.children);
        items.sort(function (a, b) {
          var byIndex = Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
          if (!worstFirst) { return byIndex; }
          return (Number(a.getAttribute("data-fluency")) - Number(b.getAttribute("data-fluency"))) || byIndex;
        });
        items.forEach(function (item) { list.appendChild(item); });
      });
      sortButton.textContent = worstFirst ? "File order" : "Worst sentences first";
      sortButton.setAttribute("aria-pressed", worstFirst ? "true" : "false");
    });
  }

  // Keep a popover inside the viewport: on a phone a word near the right edge would push it off screen.
  function placeTip(fw) {
    var tip = fw.querySelector(".tip");
    if (!tip) { return; }
    tip.style.left = "0px";
    var rect = tip.getBoundingClientRect();
    var overflow = rect.right - (document.documentElement.clientWidth - 8);
    if (overflow > 0) { tip.style.left = String(-Math.min(overflow, rect.left - 8)) + "px"; }
  }
  each(".fw", function (fw) {
    fw.addEventListener("mouseenter", function () { placeTip(fw); });
    fw.addEventListener("focusin", function () { placeTip(fw); });
  });

  // j/n and k/p move between the findings that are currently visible, in reading order.
  function visibleFlags() {
    return Array.prototype.filter.call(document.querySelectorAll("main .flag:not(.off)"), function (el) {
      return el.getClientRects().length > 0;
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) { return; }
    var step = { j: 1, n: 1, k: -1, p: -1 }[event.key];
    if (event.key === "Escape" && document.activeElement && document.activeElement.classList.contains("flag")) {
      document.activeElement.blur();
      return;
    }
    if (!step) { return; }
    var flags = visibleFlags();
    if (!flags.length) { return; }
    var current = flags.indexOf(document.activeElement);
    var next = current < 0 ? (step > 0 ? 0 : flags.length - 1) : (current + step + flags.length) % flags.length;
    flags[next].focus();
    flags[next].scrollIntoView({ block: "center" });
    event.preventDefault();
  });
}());
