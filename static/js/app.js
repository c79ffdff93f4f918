// Every page, loaded with `defer` after htmx and the JavaScript catalog (/jsi18n/): the
// viewer's own times, polling that never takes focus away, announces a change once and costs a
// bodyless 304 when nothing changed, focus moved deliberately after every swap, the phone's
// filter panel, and tidy GET URLs.
(function () {
  "use strict";

  var MIN_POLL_SECONDS = 2;
  var WIDE = window.matchMedia("(min-width: 48rem)");
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text) { return text; };
  var lang = document.documentElement.lang || undefined;
  var hourStyle = document.documentElement.getAttribute("data-hour-style") || "numeric";

  // --- (a) the viewer's own zone, named once, and their times in grey ---------------------

  function viewerZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (_error) {
      return "";
    }
  }

  function zoneName(zone, date) {
    var parts = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: "short" })
      .formatToParts(date);
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].type === "timeZoneName") {
        return parts[i].value;
      }
    }
    return zone;
  }

  function dayIn(date, zone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, dateStyle: "short" }).format(date);
  }

  function timeIn(date, zone, withDay) {
    var options = { hour: hourStyle, minute: "2-digit", timeZone: zone };
    if (withDay) {
      options.weekday = "short";
    }
    return new Intl.DateTimeFormat(lang, options).format(date);
  }

  function addLocal(el, text) {
    var span = document.createElement("span");
    span.className = "local-time";
    var label = document.createElement("span");
    label.className = "sr-only";
    label.textContent = gettext("your time:") + " ";
    span.appendChild(document.createTextNode(" · "));
    span.appendChild(label);
    span.appendChild(document.createTextNode(text));
    el.appendChild(span);
    el.dataset.localized = "1";
  }

  function localizeRange(el, zone) {
    var eventZone = el.getAttribute("data-event-tz") || "";
    var start = new Date(el.getAttribute("data-start") || "");
    var end = new Date(el.getAttribute("data-end") || "");
    if (el.dataset.localized || !eventZone || eventZone === zone || isNaN(start.getTime())) {
      return;
    }
    // Crossing midnight changes the day too: say which one.
    var otherDay = dayIn(start, eventZone) !== dayIn(start, zone);
    var text = timeIn(start, zone, otherDay);
    if (!isNaN(end.getTime())) {
      text += "\u2013" + timeIn(end, zone, dayIn(end, zone) !== dayIn(start, zone));
    }
    addLocal(el, text);
  }

  function localizeTimes() {
    var zone = viewerZone();
    if (!zone) {
      return;
    }
    try {
      document.querySelectorAll("[data-local-range]").forEach(function (el) {
        localizeRange(el, zone);
      });
      document.querySelectorAll("[data-zone-note]").forEach(function (note) {
        var slot = (note.closest(".zone-line") || note).querySelector("[data-viewer-zone]");
        if (!slot || slot.textContent || note.getAttribute("data-event-tz") === zone) {
          return;
        }
        var text = gettext("your time: %(zone)s, shown in grey");
        slot.textContent = " · " + interpolate(text, { zone: zoneName(zone, new Date()) }, true);
      });
    } catch (_error) {
      // an unknown IANA zone name: leave the event's times alone
    }
  }

  // --- (b) one polite live region, each text once --------------------------------------------

  var lastAnnounced = "";

  function announce(text) {
    var region = document.getElementById("page-notice");
    if (!region || !text || text === lastAnnounced) {
      return;
    }
    lastAnnounced = text;
    var line = document.getElementById("announcer");
    if (!line) {
      line = document.createElement("p");
      line.id = "announcer";
      line.className = "sr-only";
      region.appendChild(line);
    }
    line.textContent = text;
  }

  // --- (c) the status poll: never under the focus, a change said once ------------------------

  function sameContent(target, fragment) {
    var incoming = fragment.firstElementChild;
    return !!incoming && incoming.innerHTML.trim() === target.innerHTML.trim();
  }

  function stateChange(target, fragment) {
    var incoming = fragment.firstElementChild;
    var before = target.getAttribute("data-state");
    var after = incoming && incoming.getAttribute("data-state");
    if (!before || !after || before === after) {
      return "";
    }
    var said = incoming.querySelector(".refusal__sentence, .card-reason") ||
      incoming.querySelector(".badge");
    return (target.getAttribute("data-title") || "") + ": " + (said ? said.textContent : "");
  }

  var pendingAnnouncements = [];
  var CONTROLS = "a[href], button, input, select, textarea, summary";
  var refocus = [];
  var statusAsker = null; // an element (not the poller) that asked for the status fragments

  function onBeforeRequest(event) {
    var elt = event.detail.elt;
    var path = (event.detail.requestConfig && event.detail.requestConfig.path) || "";
    if (path.indexOf("/agenda/status/") === 0 && !elt.hasAttribute("data-poll-interval")) {
      statusAsker = elt;
    }
  }

  function restoreFocus() {
    refocus.forEach(function (id) {
      var block = document.getElementById(id);
      if (!block) {
        return;
      }
      var control = block.querySelector("a[href], button:not([disabled])");
      if (!control) {
        block.setAttribute("tabindex", "-1");
      }
      (control || block).focus();
    });
    refocus = [];
    statusAsker = null;
  }

  function onOobBeforeSwap(event) {
    var target = event.detail.target;
    var fragment = event.detail.fragment;
    var incoming = fragment.firstElementChild;
    if (incoming && incoming.hasAttribute("data-with-answer")) {
      return; // part of the attendee's own answer (My sessions after a leave): always swapped
    }
    if (target.id === "portal-notices") {
      // Sent once per change: always shown, and said. One notice per kind: a newer one (it
      // lists every session of its kind) takes the place of the earlier instead of stacking.
      fragment.querySelectorAll(".portal-notice").forEach(function (notice) {
        var kind = notice.getAttribute("data-kind");
        var earlier = kind && target.querySelector('.portal-notice[data-kind="' + kind + '"]');
        if (earlier) {
          if (earlier.contains(document.activeElement)) {
            setTimeout(function () {
              var fresh = target.querySelector('.portal-notice[data-kind="' + kind + '"] [data-dismiss]');
              (fresh || document.getElementById("main")).focus();
            }, 0);
          }
          earlier.remove();
        }
        var line = notice.querySelector("p");
        if (line) {
          pendingAnnouncements.push(line.textContent.trim());
        }
      });
      return;
    }
    var busy = target.classList.contains("htmx-request") || target.querySelector(".htmx-request");
    var asked = statusAsker && target.contains(statusAsker); // e.g. the overlap question's Cancel
    var active = document.activeElement;
    var focusInside = target.contains(active);
    var operating = focusInside && active.matches(CONTROLS);
    // On a message the page put the focus on: only a new state (live, full…) replaces it.
    var settled = focusInside && !operating && !stateChange(target, fragment);
    var same = sameContent(target, fragment);
    // An answer of the attendee's own is being settled (its focus not moved yet), or the block
    // asks them something (the overlap question): the poll must not take it away.
    var settling = swapFrom !== null && Date.now() - swapFrom.at < 1000; // (a swap that never
    // settled, say an error answer htmx did not swap, stops counting after a second)
    var mine = settling || target.hasAttribute("data-poll-keeps");
    if (!asked && (busy || operating || settled || same || mine)) {
      // The attendee is on a control in it, or their click on it is under way (its answer
      // replaces it), or nothing changed: the next poll brings it again.
      event.detail.shouldSwap = false;
      heldBack = heldBack || !same;
      return;
    }
    if (focusInside) {
      refocus.push(target.id); // a message we had put the focus on: it goes to the new block
    }
    var change = stateChange(target, fragment);
    if (change) {
      pendingAnnouncements.push(change);
    }
  }

  function flushAnnouncements() {
    restoreFocus();
    if (pendingAnnouncements.length) {
      announce(pendingAnnouncements.join(". "));
      pendingAnnouncements = [];
    }
  }

  // An unchanged poll is a bodyless 304. Signed-in pages are no-store, so the browser keeps no
  // copy to revalidate and never sends If-None-Match: each poller remembers the ETag of the
  // last answer the page shows in full and sends it back itself. An answer held back (above)
  // is not shown, and any other request (a join, a new list) may change what the page shows:
  // the next poll then asks without a tag and brings everything again.
  var shownTags = new WeakMap();
  var heldBack = false;

  function isPoller(elt) {
    return !!(elt && elt.hasAttribute && elt.hasAttribute("data-poll-interval"));
  }

  function sendShownTag(event) {
    var tag = isPoller(event.detail.elt) && shownTags.get(event.detail.elt);
    if (tag) {
      event.detail.headers["If-None-Match"] = tag;
    }
  }

  function keepShownTag(event) {
    var elt = event.detail.elt;
    var xhr = event.detail.xhr;
    var tag = xhr && xhr.status === 200 && xhr.getResponseHeader("ETag");
    if (!isPoller(elt)) {
      shownTags = new WeakMap();
    } else if (tag && !heldBack) {
      shownTags.set(elt, tag);
    } else if (!xhr || xhr.status !== 304) {
      shownTags.delete(elt);
    }
    heldBack = false;
  }

  var pollers = [];
  var seen = new WeakSet();

  function isVisible() {
    return document.visibilityState === "visible";
  }

  function poll(poller) {
    if (poller.el.isConnected && window.htmx) {
      window.htmx.trigger(poller.el, "poll");
    }
  }

  function startPoller(poller) {
    window.clearInterval(poller.timer);
    poller.timer = window.setInterval(function () {
      if (isVisible()) {
        poll(poller);
      }
    }, poller.seconds * 1000);
  }

  function prunePollers() {
    pollers = pollers.filter(function (poller) {
      if (!poller.el.isConnected) {
        window.clearInterval(poller.timer);
      }
      return poller.el.isConnected;
    });
  }

  function registerPollers() {
    prunePollers();
    document.querySelectorAll("[data-poll-interval]").forEach(function (el) {
      var seconds = parseFloat(el.getAttribute("data-poll-interval"));
      if (seen.has(el) || !(seconds > 0)) {
        return;
      }
      seen.add(el);
      var poller = { el: el, seconds: Math.max(seconds, MIN_POLL_SECONDS), timer: null };
      pollers.push(poller);
      if (isVisible()) {
        startPoller(poller);
      }
    });
  }

  function onVisibilityChange() {
    prunePollers();
    pollers.forEach(function (poller) {
      window.clearInterval(poller.timer);
      if (isVisible()) {
        poll(poller); // catch up at once, then resume the normal rhythm
        startPoller(poller);
      }
    });
  }

  // --- (d) focus after a swap: the result's message, the new list's heading, or stays ------

  // The swap under way: its request, and whether the element that asked for it was inside its
  // target. A status poll that settles in between (its out-of-band blocks fire afterSettle too)
  // must not take it away.
  var swapFrom = null;

  function onBeforeSwap(event) {
    var asker = event.detail.requestConfig && event.detail.requestConfig.elt;
    var target = event.detail.target;
    if (event.detail.xhr && event.detail.xhr.status === 304) {
      event.detail.shouldSwap = false; // the page has it already (htmx 2 would swap a 304)
      return;
    }
    if (event.detail.requestConfig && event.detail.requestConfig.verb === "get" &&
        target && target.id !== "agenda-list") {
      return; // the status poll (hx-swap none) and other GETs: handled out of band
    }
    swapFrom = {
      xhr: event.detail.xhr,
      at: Date.now(),
      inside: !!(asker && target && target.contains(asker)),
    };
  }

  // After the settle, when htmx has wired the new content (a control focused before that
  // could be used before htmx handles it).
  function onAfterSettle(event) {
    var swapped = event.target;
    if (!swapped || !swapped.isConnected || !swapFrom || event.detail.xhr !== swapFrom.xhr) {
      return;
    }
    if (swapped.hasAttribute("data-with-answer")) {
      return; // an out-of-band part of the answer: the focus is the main block's to place
    }
    if (swapped.hasAttribute("data-announce")) {
      // A star: htmx keeps the focus on its button (same id); the change is said once.
      announce(swapped.getAttribute("data-announce"));
      swapped.removeAttribute("data-announce");
    }
    var explain = swapped.querySelector("[data-focus-after-swap]") ||
      (swapped.hasAttribute("data-focus-after-swap") ? swapped : null);
    if (explain) {
      explain.removeAttribute("data-focus-after-swap");
      explain.focus();
      swapFrom = null;
      return;
    }
    if (swapped.id === "agenda-list") {
      syncFilters(swapped);
      var heading = document.getElementById("agenda-heading");
      if (swapFrom && swapFrom.inside && heading) {
        heading.focus(); // a tab, a page or a wider view: start reading the new list
      } else if (heading) {
        announce(heading.textContent.trim()); // a filter: focus stays where the attendee is
      }
    }
    swapFrom = null;
  }

  // --- (e) the phone's filter panel --------------------------------------------------------

  function syncFilterPanel() {
    document.querySelectorAll("[data-filters-panel]").forEach(function (panel) {
      if (WIDE.matches) {
        panel.open = true;
      }
    });
  }

  function countFilters(form) {
    var count = 0;
    form.querySelectorAll("[data-filters-panel] select").forEach(function (select) {
      if (select.value !== (select.getAttribute("data-default") || "")) {
        count += 1;
      }
    });
    form.querySelectorAll("[data-filters-panel] .filters__check:checked").forEach(function () {
      count += 1;
    });
    form.querySelectorAll("[data-filter-count]").forEach(function (el) {
      el.textContent = String(count);
    });
  }

  // A tab, a page or a wider view swaps the list from inside it: the filter form (outside the
  // list) then shows what the new list is filtered by, so the next change starts from there.
  function syncFilters(list) {
    var form = document.getElementById("agenda-filters");
    if (!form) {
      return;
    }
    ["q", "format", "day", "track", "tag"].forEach(function (name) {
      var field = form.elements[name];
      var value = list.getAttribute("data-filter-" + name);
      if (field && value !== null && field !== document.activeElement && field.value !== value) {
        field.value = value;
      }
    });
    ["mine", "joinable"].forEach(function (name) {
      var box = form.elements[name];
      var value = list.getAttribute("data-filter-" + name);
      if (box && value !== null && box !== document.activeElement) {
        box.checked = value === "1";
      }
    });
    countFilters(form);
  }

  function onFilterChange(event) {
    var form = event.target.closest && event.target.closest("#agenda-filters");
    if (form) {
      countFilters(form);
    }
  }

  // --- (f) tidy URLs: a GET form sends no empty fields ---------------------------------------

  // `?q=&day=&track=` in the address bar (and in shared links) says nothing the server's
  // defaults don't; hx-push-url pushes the URL built from what is left.
  function dropEmptyParams(event) {
    var detail = event.detail;
    if (detail.verb !== "get" || !detail.formData || detail.elt.tagName !== "FORM") {
      return;
    }
    var empty = [];
    detail.formData.forEach(function (value, name) {
      if (value === "") {
        empty.push(name);
      }
    });
    empty.forEach(function (name) {
      detail.formData.delete(name);
    });
  }

  // --- (g) the zone switch: the browser names its zone; the page comes back, focus kept ------

  function nameBrowserZone() {
    var zone = viewerZone();
    if (!zone) {
      return; // the server then uses the zone last named, or offers the list
    }
    document.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
      input.value = zone;
    });
    document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
      var known = select.querySelector('option[value="' + zone.replace(/"/g, "") + '"]');
      if (!select.getAttribute("data-chosen") && known && !select.value) {
        select.value = zone;
      }
    });
  }

  // Picking a zone in the list means "my own time, in this zone".
  function onZonePicked(event) {
    var own = document.getElementById("zone-viewer");
    if (own && event.target && event.target.id === "zone-list" && event.target.value) {
      own.checked = true;
    }
  }

  var zoneRequest = null; // the switch's request, while its answer is on its way

  function onZoneRequest(event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-zone-switch")) {
      zoneRequest = event.detail.xhr;
    }
  }

  // The whole page came back in the other zone: the focus goes back to the switch (it stays
  // where the attendee was), and the zone it now shows is said once.
  function afterZoneSwitch(event) {
    if (!zoneRequest || event.detail.xhr !== zoneRequest) {
      return; // a poll settling meanwhile, or another swap
    }
    zoneRequest = null;
    var button = document.getElementById("zone-switch");
    var note = document.querySelector("[data-zone-note]");
    if (!button || !note) {
      return; // the list of zones came instead: its message has the focus
    }
    var root = document.documentElement;
    root.setAttribute("data-event-tz", note.getAttribute("data-event-tz") || "");
    root.classList.toggle("viewer-zone-differs", note.getAttribute("data-event-tz") !== viewerZone());
    button.focus();
    var said = note.textContent.trim();
    setTimeout(function () {
      announce(said); // once the new live region is in place
    }, 100);
  }

  // --- wiring -------------------------------------------------------------------------------

  function refresh() {
    nameBrowserZone();
    localizeTimes();
    registerPollers();
    flushAnnouncements();
  }

  document.addEventListener("visibilitychange", onVisibilityChange);
  // Other scripts (the stream page's player) say things through the one live region too.
  document.addEventListener("portal:announce", function (event) {
    announce(event.detail);
  });
  document.addEventListener("htmx:configRequest", dropEmptyParams);
  document.addEventListener("htmx:configRequest", sendShownTag);
  document.addEventListener("htmx:afterRequest", keepShownTag);
  document.addEventListener("htmx:oobBeforeSwap", onOobBeforeSwap);
  document.addEventListener("htmx:beforeSwap", onBeforeSwap);
  document.addEventListener("htmx:beforeRequest", onBeforeRequest);
  document.addEventListener("htmx:afterSettle", onAfterSettle);
  document.addEventListener("htmx:beforeRequest", onZoneRequest);
  document.addEventListener("htmx:afterSettle", afterZoneSwitch);
  document.addEventListener("htmx:afterSettle", refresh);
  document.addEventListener("htmx:afterRequest", flushAnnouncements);
  document.addEventListener("change", onFilterChange);
  document.addEventListener("change", onZonePicked);
  if (WIDE.addEventListener) {
    WIDE.addEventListener("change", syncFilterPanel);
  }
  syncFilterPanel();
  refresh();
  // No scroll on load: the page's top says what is on now, with a "Jump to now" link.
})();
