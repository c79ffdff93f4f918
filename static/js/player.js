// Stream page only: HLS playback, the "starts in" countdown and Leave's question.
// Loaded with `defer` after hls-*.light.min.js (global `Hls`) and htmx.
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (text) { return text; };
  var HLS_TYPE = "application/vnd.apple.mpegurl";
  var HLS_ORIGIN = "https://stream.mux.com/";
  var players = new WeakMap();

  // The failure panel in the player's box (stream_frames.js shows it and says it once).
  function showError(video) {
    var player = video.closest(".player");
    if (player && window.portalShowStreamFailure) {
      window.portalShowStreamFailure(player, true);
    }
  }

  function retry(button) {
    var player = button.closest(".player");
    var video = player && player.querySelector("video[data-hls-src]");
    if (!video) {
      return false;
    }
    var hls = players.get(video);
    if (hls) {
      hls.destroy();
      players.delete(video);
    }
    player.classList.remove("player--failed");
    if (window.portalClearStreamFailure) {
      window.portalClearStreamFailure();
    }
    delete video.dataset.hlsReady;
    video.removeAttribute("src");
    video.focus();
    setupVideo(video);
    return true;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-player-retry]");
    if (button && retry(button)) {
      event.preventDefault(); // without JavaScript it reloads the page
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

  // A playlist that never answers raises no error: after the page's bounded wait, a video
  // with nothing loaded says so, as an embed does.
  function watchVideo(video) {
    var player = video.closest(".player");
    var seconds = parseFloat((player && player.getAttribute("data-load-seconds")) || "") || 15;
    window.setTimeout(function () {
      if (video.isConnected && video.readyState === 0 && !video.closest("[hidden]")) {
        showError(video);
      }
    }, seconds * 1000);
  }

  function setupVideo(video) {
    var src = video.getAttribute("data-hls-src") || "";
    if (video.dataset.hlsReady) {
      return;
    }
    video.dataset.hlsReady = "1";
    watchVideo(video);
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
      slot.dispatchEvent(new CustomEvent("player:shown", { bubbles: true }));
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

  // "Keep my seat" closes Leave's question; without JavaScript its summary does, so the
  // button only shows where it works.
  function setupLeave(details) {
    var cancel = details.querySelector("[data-leave-cancel]");
    if (!cancel || cancel.dataset.ready) {
      return;
    }
    cancel.dataset.ready = "1";
    cancel.hidden = false;
    cancel.addEventListener("click", function () {
      details.open = false;
      details.querySelector("summary").focus();
    });
  }

  function init(root) {
    root.querySelectorAll("video[data-hls-src]").forEach(setupVideo);
    root.querySelectorAll("[data-leave-confirm]").forEach(setupLeave);
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
