// Loaded in <head>, before the first paint: when the viewer's zone is not the event's, app.js
// will add their own times beside the event's, so the page gets their room from the start
// (no layout shift when they arrive). Pages without an event zone are left alone.
(function () {
  "use strict";
  var root = document.documentElement;
  var eventZone = root.getAttribute("data-event-tz");
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (_error) {
    return;
  }
  if (eventZone && zone && zone !== eventZone) {
    root.classList.add("viewer-zone-differs");
  }
})();
