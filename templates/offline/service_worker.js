// The portal's service worker, served at /sw.js (its scope: the whole site). Pages are asked
// from the network first; when the network fails, the last copy kept of that page answers,
// stamped with the time it was kept (static/js/offline.js shows "Offline — as of 14:05").
// It keeps only what the server marks (sessions_app/ops/offline.py): a page whose answer names
// its signed-in owner in {{ header }}, and the static files and JavaScript catalogue those
// pages use. An answer saying "{{ forget }}" (a signed-out visitor's page) deletes everything.
// Writes (any POST) are never touched: they go to the network or fail, and nothing is queued.
"use strict";

var PREFIX = "portal-offline-";
var HEADER = "{{ header }}";
var FORGET = "{{ forget }}";
var ASSETS = ["{{ static_prefix }}", "{{ catalogue }}"];
var PASSED_BY = ["{{ admin_prefix }}"];
var STAMP = 'data-offline-copy=""';
var MAX_PAGES = 40;

function startsWithAny(path, prefixes) {
  return prefixes.some(function (prefix) {
    return path.indexOf(prefix) === 0;
  });
}

function ourCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) {
      return name.indexOf(PREFIX) === 0;
    });
  });
}

function forget() {
  return ourCaches().then(function (names) {
    return Promise.all(names.map(function (name) {
      return caches.delete(name);
    }));
  });
}

// The one cache there is (the signed-in attendee's), or null.
function ownersCache() {
  return ourCaches().then(function (names) {
    return names.length ? caches.open(names[0]) : null;
  });
}

// The cache of `owner`, after deleting any other attendee's.
function cacheOf(owner) {
  var mine = PREFIX + owner;
  return ourCaches().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name !== mine;
    }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () {
    return caches.open(mine);
  });
}

function trimPages(cache) {
  return cache.keys().then(function (requests) {
    var pages = requests.filter(function (request) {
      return !startsWithAny(new URL(request.url).pathname, ASSETS);
    });
    return Promise.all(pages.slice(0, Math.max(0, pages.length - MAX_PAGES)).map(function (r) {
      return cache.delete(r);
    }));
  });
}

// Keeps a page its answer marks as the signed-in attendee's; resolves to whether it did.
function keepPage(url, response) {
  var owner = response.headers.get(HEADER);
  if (owner === FORGET) {
    return forget().then(function () { return false; });
  }
  if (!owner || response.status !== 200) {
    return Promise.resolve(false);
  }
  return response.clone().text().then(function (html) {
    var copy = new Response(html.replace(STAMP, 'data-offline-copy="' + Date.now() + '"'), {
      status: 200,
      headers: { "Content-Type": response.headers.get("Content-Type") || "text/html" },
    });
    return cacheOf(owner).then(function (cache) {
      // Deleted first, so the page kept last is last in line to be trimmed.
      return cache.delete(url).then(function () {
        return cache.put(url, copy);
      }).then(function () {
        return trimPages(cache);
      });
    });
  }).then(function () { return true; });
}

function keepAsset(request, response) {
  return ownersCache().then(function (cache) {
    return cache && cache.put(request, response);
  });
}

function savedCopy(request) {
  return ownersCache().then(function (cache) {
    if (!cache) {
      return null;
    }
    // Kept without the request's headers: whatever the answer varied on, it is this copy.
    return cache.match(request.url, { ignoreVary: true }).then(function (copy) {
      return copy || cache.match(request.url, { ignoreVary: true, ignoreSearch: true });
    });
  });
}

function fromNetworkElseCopy(event, keep) {
  var request = event.request;
  return fetch(request).then(function (response) {
    event.waitUntil(keep(request, response.clone()));
    return response;
  }, function (error) {
    return savedCopy(request).then(function (copy) {
      if (copy) {
        return copy;
      }
      throw error;
    });
  });
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin ||
      startsWithAny(url.pathname, PASSED_BY)) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(fromNetworkElseCopy(event, function (req, response) {
      return keepPage(req.url, response);
    }));
  } else if (startsWithAny(url.pathname, ASSETS)) {
    event.respondWith(fromNetworkElseCopy(event, function (req, response) {
      return response.ok ? keepAsset(req, response) : null;
    }));
  }
});

// From static/js/offline.js: a page loaded before this worker controlled it asks to be kept
// with its files; signing out asks to forget.
function keepFromPage(data) {
  var page = new URL(data.page, self.location.origin);
  if (page.origin !== self.location.origin || startsWithAny(page.pathname, PASSED_BY)) {
    return Promise.resolve();
  }
  return fetch(page.href, { credentials: "same-origin" }).then(function (response) {
    return keepPage(page.href, response);
  }).then(function (kept) {
    if (!kept) {
      return null;
    }
    return Promise.all((data.assets || []).map(function (href) {
      var asset = new URL(href, self.location.origin);
      if (asset.origin !== self.location.origin || !startsWithAny(asset.pathname, ASSETS)) {
        return null;
      }
      return fetch(asset.href).then(function (response) {
        return response.ok ? keepAsset(new Request(asset.href), response) : null;
      });
    }));
  }).catch(function () {
    return null; // offline already: nothing to keep
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep") {
    event.waitUntil(keepFromPage(data));
  } else if (data.type === "forget") {
    event.waitUntil(forget());
  }
});
