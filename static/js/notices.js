// Notices the status poll appends to #portal-notices (a seat freed in a watched session, one of
// the attendee's sessions starting): a system notification too when the attendee allowed it
// (asked only when they click "Tell me when a seat frees"), and a Dismiss button.
(function () {
  "use strict";

  function canNotify() {
    return "Notification" in window && Notification.permission === "granted";
  }

  function askOnWatch(event) {
    var form = event.target.closest && event.target.closest("form[data-asks-notifications]");
    if (form && "Notification" in window && Notification.permission === "default") {
      Notification.requestPermission();
    }
  }

  function notifyAbout(node) {
    if (!canNotify() || !node.getAttribute || !node.getAttribute("data-notify")) {
      return;
    }
    try {
      new Notification(node.getAttribute("data-notify"));
    } catch (_error) {
      // some browsers allow notifications only from a service worker: the notice is enough
    }
  }

  function dismiss(event) {
    var button = event.target.closest && event.target.closest("[data-dismiss]");
    var notice = button && button.closest(".portal-notice");
    if (notice) {
      var region = notice.parentNode;
      notice.remove();
      var next = region && region.querySelector("[data-dismiss]");
      (next || document.getElementById("main")).focus();
    }
  }

  function watchRegion() {
    var region = document.getElementById("portal-notices");
    if (!region || !("MutationObserver" in window)) {
      return;
    }
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(notifyAbout);
      });
    }).observe(region, { childList: true });
  }

  document.addEventListener("submit", askOnWatch, true);
  document.addEventListener("click", dismiss);
  watchRegion();
})();
