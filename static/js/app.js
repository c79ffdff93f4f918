// Every page, loaded with `defer` after htmx: viewer-local times, visibility-aware polling and
// tidy GET URLs.
(function () {
  "use strict";

  var MIN_POLL_SECONDS = 2;

  // --- (a) "your time" next to event-zone times --------------------------------------------

  function viewerZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (_error) {
      return "";
    }
  }

  function dayIn(date, zone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, dateStyle: "short" }).format(date);
  }

  function localLabel(date, eventZone, zone) {
    var options = { hour: "numeric", minute: "2-digit" };
    // Crossing midnight changes the day too: say which one.
    if (dayIn(date, eventZone) !== dayIn(date, zone)) {
      options.weekday = "short";
    }
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }

  function localizeTime(el, zone) {
    var eventZone = el.getAttribute("data-event-tz") || "";
    var date = new Date(el.getAttribute("datetime") || "");
    if (el.dataset.localized || !eventZone || eventZone === zone || isNaN(date.getTime())) {
      return;
    }
    el.dataset.localized = "1";
    var label;
    try {
      label = localLabel(date, eventZone, zone);
    } catch (_error) {
      return; // an unknown IANA zone name: leave the event time alone
    }
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = " (your time: " + label + ")";
    el.appendChild(span);
  }

  function localizeTimes() {
    var zone = viewerZone();
    if (!zone) {
      return;
    }
    document.querySelectorAll("time[data-local][datetime]").forEach(function (el) {
      localizeTime(el, zone);
    });
  }

  // --- (b) polling that pauses while the tab is hidden --------------------------------------

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

  // --- (c) tidy URLs: a GET form sends no empty fields --------------------------------------

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

  // --- wiring -------------------------------------------------------------------------------

  function refresh() {
    localizeTimes();
    registerPollers();
  }

  document.addEventListener("visibilitychange", onVisibilityChange);
  document.addEventListener("htmx:configRequest", dropEmptyParams);
  document.addEventListener("htmx:afterSettle", refresh);
  refresh();
})();
