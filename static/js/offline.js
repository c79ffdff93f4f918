// Every signed-in page, loaded with `defer` after app.js: registers the service worker
// (/sw.js, templates/offline/service_worker.js), says "Offline — as of 14:05" on a copy it
// kept, refuses writes while offline (nothing is queued to be sent later), and asks it to
// forget everything when the attendee signs out.
(function () {
  "use strict";

  var banner = document.getElementById("offline-banner");
  if (!banner) {
    return; // signed out: no worker, nothing kept
  }
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text) { return text; };
  var lang = document.documentElement.lang || undefined;
  var hourStyle = document.documentElement.getAttribute("data-hour-style") || "numeric";

  function announce(text) {
    document.dispatchEvent(new CustomEvent("portal:announce", { detail: text }));
  }

  function offline() {
    return navigator.onLine === false;
  }

  // --- a copy kept earlier: say so, with the time it was kept -------------------------------

  function sameDay(a, b) {
    return a.toDateString() === b.toDateString();
  }

  function showCopyTime() {
    var saved = new Date(Number(banner.getAttribute("data-offline-copy") || "NaN"));
    if (isNaN(saved.getTime())) {
      return;
    }
    var options = { hour: hourStyle, minute: "2-digit" };
    if (!sameDay(saved, new Date())) {
      options.weekday = "short";
    }
    var time = new Intl.DateTimeFormat(lang, options).format(saved);
    var text = interpolate(gettext("Offline — as of %(time)s"), { time: time }, true);
    banner.textContent = text;
    banner.hidden = false;
    announce(text);
  }

  // --- writes need the network ---------------------------------------------------------------

  function needsConnection() {
    var region = document.getElementById("page-notice");
    var line = document.getElementById("offline-write");
    if (!region) {
      return;
    }
    if (!line) {
      line = document.createElement("p");
      line.id = "offline-write";
      line.classList.add("notice", "notice--warn");
      region.appendChild(line);
    }
    // The same words again are not said again: the region announces a change once.
    line.textContent = gettext("You're offline: this needs a connection. Nothing was sent.");
  }

  function isSignOut(form) {
    var action = form.getAttribute("action") || "";
    return action === banner.getAttribute("data-sign-out");
  }

  function tellWorker(message) {
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) {
      worker.postMessage(message);
    }
  }

  // In the capture phase on the document, before htmx's own listener on the form: a refused
  // write is neither posted nor sent by htmx.
  function onSubmit(event) {
    var form = event.target;
    if (!form || (form.getAttribute("method") || "get").toLowerCase() !== "post") {
      return;
    }
    if (isSignOut(form)) {
      tellWorker({ type: "forget" });
    }
    if (offline()) {
      event.preventDefault();
      event.stopPropagation();
      needsConnection();
    }
  }

  // Anything htmx would send while offline (the status poll included) is not sent; a write
  // says why.
  function onBeforeRequest(event) {
    if (!offline()) {
      return;
    }
    event.preventDefault();
    var verb = event.detail.requestConfig && event.detail.requestConfig.verb;
    if (verb && verb !== "get") {
      needsConnection();
    }
  }

  function onSendError(event) {
    var verb = event.detail.requestConfig && event.detail.requestConfig.verb;
    if (verb && verb !== "get") {
      needsConnection();
    }
  }

  // --- the worker ----------------------------------------------------------------------------

  function register() {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    var controlled = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.register(banner.getAttribute("data-worker")).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (controlled || !registration.active) {
        return;
      }
      // This page came before the worker did: ask it to keep the page and its files now (it
      // keeps them only if the server marks the page as this attendee's to keep).
      var assets = [];
      document.querySelectorAll("script[src], link[rel=stylesheet][href]").forEach(function (el) {
        assets.push(el.src || el.href);
      });
      registration.active.postMessage({ type: "keep", page: location.href, assets: assets });
    }).catch(function () {
      // no worker (a private window, an old browser): the portal works as before, online
    });
  }

  document.addEventListener("submit", onSubmit, true);
  document.addEventListener("htmx:beforeRequest", onBeforeRequest);
  document.addEventListener("htmx:sendError", onSendError);
  showCopyTime();
  register();
})();
