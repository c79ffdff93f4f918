// Stream page only: HLS playback and the "starts in" countdown.
// Loaded with `defer` after hls-*.light.min.js (global `Hls`) and htmx.
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text) { return text; };
  var HLS_TYPE = "application/vnd.apple.mpegurl";
  var HLS_ORIGIN = "https://stream.mux.com/";
  var players = new WeakMap();

  // The recovery message: shown once, focused only if the attendee was on the player, and
  // its "Try again" attaches the stream afresh.
  function showError(video) {
    var scope = video.closest(".player") || document;
    var message = scope.querySelector("[data-player-error]");
    if (!message || !message.hidden) {
      return;
    }
    message.hidden = false;
    message.setAttribute("role", "alert");
    if (video.contains(document.activeElement) || document.activeElement === video) {
      message.focus();
    }
  }

  function retry(button) {
    var scope = button.closest(".player") || document;
    var video = scope.querySelector("video[data-hls-src]");
    var message = scope.querySelector("[data-player-error]");
    if (!video) {
      return;
    }
    var hls = players.get(video);
    if (hls) {
      hls.destroy();
      players.delete(video);
    }
    if (message) {
      message.hidden = true;
      message.removeAttribute("role");
    }
    delete video.dataset.hlsReady;
    video.removeAttribute("src");
    video.focus();
    setupVideo(video);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-player-retry]");
    if (button) {
      retry(button);
    }
  });

  function attachHls(video, src) {
    var Hls = window.Hls;
    if (!Hls || !Hls.isSupported()) {
      showError(video);
      return;
    }
    var hls = new Hls({ enableWorker: false });
    var recovered = false;
    hls.on(Hls.Events.ERROR, function (_event, data) {
      if (!data.fatal) {
        return;
      }
      // A decode hiccup is often recoverable once; anything else is final.
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        hls.recoverMediaError();
        return;
      }
      hls.destroy();
      players.delete(video);
      showError(video);
    });
    hls.loadSource(src);
    hls.attachMedia(video);
    players.set(video, hls);
  }

  function setupVideo(video) {
    var src = video.getAttribute("data-hls-src") || "";
    if (video.dataset.hlsReady) {
      return;
    }
    video.dataset.hlsReady = "1";
    if (src.indexOf(HLS_ORIGIN) !== 0) {
      showError(video);
      return;
    }
    if (video.canPlayType(HLS_TYPE)) {
      video.addEventListener("error", function () {
        showError(video);
      });
      video.src = src;
      return;
    }
    attachHls(video, src);
  }

  function formatRemaining(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var days = Math.floor(total / 86400);
    var hours = Math.floor((total % 86400) / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var parts = { d: days, h: hours, min: minutes, s: seconds };
    if (days) {
      return interpolate(gettext("%(d)s d %(h)s h"), parts, true);
    }
    if (hours) {
      return interpolate(gettext("%(h)s h %(min)s min"), parts, true);
    }
    if (minutes) {
      return interpolate(gettext("%(min)s min %(s)s s"), parts, true);
    }
    return interpolate(gettext("%(s)s s"), parts, true);
  }

  function startSlot(countdown) {
    var slot = document.querySelector("[data-player-slot]");
    if (slot && slot.hasAttribute("data-reload-on-start") && window.htmx) {
      countdown.textContent = gettext("Starting now\u2026");
      // The swap that answers "start" brings the live player; then the countdown goes.
      document.addEventListener(
        "htmx:afterSettle",
        function () {
          countdown.hidden = true;
        },
        { once: true }
      );
      window.htmx.trigger(slot, "start");
      return;
    }
    if (slot) {
      slot.hidden = false;
    }
    countdown.hidden = true;
  }

  // The start is on the upstream's clock; `data-now` is that clock when the page was made.
  // Counting against it keeps a wrong device clock (or a skewed upstream) from starting the
  // player early or late.
  function clockOffset(countdown) {
    var serverNow = parseFloat(countdown.getAttribute("data-now") || "");
    return isNaN(serverNow) ? 0 : serverNow * 1000 - Date.now();
  }

  function setupCountdown(countdown) {
    var target = Date.parse(countdown.getAttribute("data-countdown-to") || "");
    if (countdown.dataset.countdownReady || isNaN(target)) {
      return;
    }
    countdown.dataset.countdownReady = "1";
    var offset = clockOffset(countdown);
    var timer = null;
    function tick() {
      var remaining = target - (Date.now() + offset);
      if (remaining <= 0 || !countdown.isConnected) {
        window.clearInterval(timer);
        if (countdown.isConnected) {
          startSlot(countdown);
        }
        return;
      }
      countdown.textContent = interpolate(
        gettext("Starts in %(time)s"), { time: formatRemaining(remaining) }, true
      );
    }
    timer = window.setInterval(tick, 1000);
    tick();
  }

  function init(root) {
    root.querySelectorAll("video[data-hls-src]").forEach(setupVideo);
    root.querySelectorAll("[data-countdown-to]").forEach(setupCountdown);
  }

  // htmx may swap the live player in (hx-trigger="start"); wire whatever arrives.
  document.addEventListener("htmx:load", function (event) {
    init(event.target.parentNode || document);
  });
  // Stop downloading segments for a video htmx is about to remove.
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    var hls = players.get(event.target);
    if (hls) {
      hls.destroy();
      players.delete(event.target);
    }
  });
  init(document);
})();
