// Stream page only: a provider's embed that never loads is not left as a grey box.
// Loaded without `defer`, in <head>, so the capturing listener below is in place before any
// iframe can fire its load event. A cross-origin frame's failure cannot be seen from here;
// what can be seen is that its load event has not come within PORTAL_STREAM_LOAD_SECONDS,
// and then the failure panel in the player's box says so. "Stream not working?" opens the
// same panel at any time (and, as #player-failure, works without JavaScript).
(function () {
  "use strict";

  // The catalogue loads later (deferred); look it up when a text is needed.
  function gettext(text) {
    return window.gettext ? window.gettext(text) : text;
  }
  var timers = new WeakMap();

  document.addEventListener("load", function (event) {
    var frame = event.target;
    if (frame.tagName !== "IFRAME" || !frame.hasAttribute("data-player-frame")) {
      return;
    }
    frame.dataset.loaded = "1";
    var player = frame.closest(".player");
    var panel = player && player.querySelector("[data-player-failure]");
    // A late load hides the panel again, unless the attendee is already using it.
    if (panel && !panel.contains(document.activeElement) && !isTarget(panel)) {
      player.classList.remove("player--failed");
    }
  }, true);

  function isTarget(panel) {
    return window.location.hash === "#" + panel.id;
  }

  function showFailure(player, announce) {
    var panel = player.querySelector("[data-player-failure]");
    if (!panel || player.classList.contains("player--failed")) {
      return;
    }
    player.classList.add("player--failed");
    var frame = player.querySelector("iframe,video");
    if (frame && (frame === document.activeElement || frame.contains(document.activeElement))) {
      panel.focus();
    }
    if (announce) {
      document.dispatchEvent(new CustomEvent("portal:announce", {
        detail: gettext("The stream didn't load.")
      }));
    }
  }
  window.portalShowStreamFailure = showFailure;

  // Opened as #player-failure (a link followed before this script ran, or a reload), the panel
  // shows through :target, which only a fragment navigation clears (not replaceState); the
  // status line just above the player is where the attendee then is anyway.
  function clearFailureTarget() {
    if (window.location.hash === "#player-failure") {
      window.location.replace("#stream-status");
    }
  }
  window.portalClearStreamFailure = clearFailureTarget;

  function watch(frame) {
    var player = frame.closest(".player");
    if (!player || timers.has(frame) || frame.closest("[hidden]")) {
      return;
    }
    var seconds = parseFloat(player.getAttribute("data-load-seconds") || "") || 15;
    timers.set(frame, window.setTimeout(function () {
      timers.delete(frame);
      if (!frame.dataset.loaded && frame.isConnected) {
        showFailure(player, true);
      }
    }, seconds * 1000));
  }

  function retry(player, frame) {
    window.clearTimeout(timers.get(frame));
    timers.delete(frame);
    player.classList.remove("player--failed");
    clearFailureTarget();
    delete frame.dataset.loaded;
    frame.src = frame.src; // asks the provider again
    frame.focus();
    watch(frame);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    var player = target && target.closest(".player");
    var frame = player && player.querySelector("iframe[data-player-frame]");
    if (target && target.closest("[data-player-trouble]") && player) {
      event.preventDefault();
      showFailure(player, false);
      player.querySelector("[data-player-failure]").focus();
    } else if (frame && target.closest("[data-player-retry]")) {
      event.preventDefault();
      retry(player, frame);
    }
  });

  function init(root) {
    root.querySelectorAll("iframe[data-player-frame]").forEach(watch);
  }

  // htmx may swap the live player in at the start; player.js unhides a waiting one.
  document.addEventListener("htmx:load", function (event) {
    init(event.target.parentNode || document);
  });
  document.addEventListener("player:shown", function (event) {
    init(event.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
