// The portal's service worker, served at /sw.js (its scope: the whole site). Pages are asked
// from the network first; when the network fails, the last copy kept of that page answers,
// stamped with the time it was kept (static/js/offline.js shows "Offline — as of 14:05").
// It keeps only what the server marks (sessions_app/ops/offline.py): a page whose answer names
// its signed-in owner in {{ header }}, and the static files and JavaScript catalogue those
// pages use. An answer saying "{{ forget }}" (a signed-out visitor's page) deletes everything.
// Writes (any POST) are never touched: they go to the network or fail, and nothing is queued.
// A copy is stored with the page's own security headers (its CSP above all) and nothing
// per-request; what a page marks `<!--offline-omit-->…<!--/offline-omit-->` (the private
// calendar feed's URL) is cut out before it is stored.
"use strict";

var PREFIX = "portal-offline-";
// Copies from a worker before this generation may hold what is no longer kept (the calendar
// feed's URL): deleted when this worker activates, and never answered with.
var GENERATION = PREFIX + "2-";
var HEADER = "{{ header }}";
var FORGET = "{{ forget }}";
var KEPT_HEADERS = "{{ kept_headers }}".split(" ");
var OMITTED = /<!--offline-omit-->[\s\S]*?<!--\/offline-omit-->/g;
var OMIT_MARK = "offline-omit-->";
var INSTEAD = / hidden data-offline-instead/g;
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

// Every cache but this generation's.
function forgetEarlier() {
  return ourCaches().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(GENERATION) !== 0;
    }).map(function (name) {
      return caches.delete(name);
    }));
  });
}

// The one cache there is (the signed-in attendee's), or null.
function ownersCache() {
  return ourCaches().then(function (names) {
    var current = names.filter(function (name) {
      return name.indexOf(GENERATION) === 0;
    });
    return current.length ? caches.open(current[0]) : null;
  });
}

// The cache of `owner`, after deleting any other attendee's.
function cacheOf(owner) {
  var mine = GENERATION + owner;
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

// The page as it may be stored: the marked regions cut out and the lines standing in for them
// shown; null when a region is left open (nothing is kept rather than what it held).
function readableOffline(html) {
  var kept = html.replace(OMITTED, "");
  if (kept.indexOf(OMIT_MARK) !== -1) {
    return null;
  }
  return kept.replace(INSTEAD, " data-offline-instead")
    .replace(STAMP, 'data-offline-copy="' + Date.now() + '"');
}

// The page's own security headers, so the copy runs under the rules the page did; no cookie,
// nothing per-request.
function keptHeaders(response) {
  var headers = new Headers();
  KEPT_HEADERS.forEach(function (name) {
    var value = response.headers.get(name);
    if (value !== null) {
      headers.set(name, value);
    }
  });
  if (!headers.has("Content-Type")) {
    headers.set("Content-Type", "text/html");
  }
  return headers;
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
    var body = readableOffline(html);
    if (body === null) {
      return false;
    }
    var copy = new Response(body, { status: 200, headers: keptHeaders(response) });
    return cacheOf(owner).then(function (cache) {
      // Deleted first, so the page kept last is last in line to be trimmed.
      return cache.delete(url).then(function () {
        return cache.put(url, copy);
      }).then(function () {
        return trimPages(cache);
      });
    }).then(function () { return true; });
  });
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
  event.waitUntil(forgetEarlier().then(function () {
    return self.clients.claim();
  }));
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
