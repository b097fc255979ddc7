/* The site's service worker: after one visit over http(s), the lesson works offline.
 *
 * site_src/service_worker.py writes this file to <site>/sw.js (its scope is the whole site, also
 * under a sub-path) and fills in MANIFEST:
 *   version   names this build's cache; a new build has a new version and replaces the cache
 *   files     {path: sha256} for every file of the site (paths relative to the site root)
 *   precache  paths cached at install: the pages and their small assets
 *   runtime   paths of the Pyodide runtime: cached as they pass through, and on the page's request
 *
 * Strategy:
 *   pages (navigations)   network first, so a new build is seen online; offline, or when the host
 *                          answers an error or nothing for 4 s, the cached page whatever its query
 *                          string (widget settings live in ?name.param=value)
 *   runtime (pyodide/)    cache first: 23 MB that change only with the runtime
 *   other site files      network first (the HTTP cache keeps them cheap), the cache when offline
 *                          or when the host fails, as for pages
 * Bytes are checked against the manifest's sha256 before they are cached, so an old copy from the
 * HTTP cache never slips into a newer version, and a file that has not changed is copied from the
 * previous version's cache instead of being downloaded again.
 */
"use strict";

const MANIFEST = /*MANIFEST*/null;

// Caches of one origin are shared by every site on it (user.github.io/a/, user.github.io/b/):
// the name carries the scope, and only this scope's older caches are ever deleted.
const SCOPE = self.registration.scope;
const PREFIX = "leccion-offline|";
const CACHE = `${PREFIX}${MANIFEST.version}|${SCOPE}`;
const RUNTIME = new Set(MANIFEST.runtime);
const PARALLEL = 4;
// A host that has not answered a page or asset by then is treated as down where a copy is cached.
const NETWORK_TIMEOUT_MS = 4000;

// A network answer for one of this build's files did not match the manifest: the host (or the
// HTTP cache) has another build, usually a newer one whose sw.js is not active yet. The runtime
// then comes from the network too, so the page gets one build's files, not a mix.
let outdated = false;
let runtimeJob = null;

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(activate());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !(url.origin + url.pathname).startsWith(SCOPE)) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event, pathOf(url)));
    return;
  }
  const path = pathOf(url);
  if (!(path in MANIFEST.files)) return; // not listed (the zip written after sw.js): untouched
  if (RUNTIME.has(path) && !outdated) event.respondWith(cacheFirst(event, path));
  else event.respondWith(networkFirst(event, path));
});

self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "cache-runtime") return;
  runtimeJob = runtimeJob || cacheRuntime().finally(() => { runtimeJob = null; });
  event.waitUntil(runtimeJob.then((report) => event.source && event.source.postMessage(report)));
});

async function install() {
  const cache = await caches.open(CACHE);
  const previous = await previousCaches();
  // Unchanged runtime files come along from the previous build's cache: no download.
  await inParallel(MANIFEST.runtime, (path) => cacheFromPrevious(cache, path, previous));
  await inParallel(MANIFEST.precache, (path) => cacheFile(cache, path, previous));
}

async function activate() {
  const names = await caches.keys();
  await Promise.all(names.filter(isOlderCache).map((name) => caches.delete(name)));
  await self.clients.claim();
}

/* This build's cache, to write to; null once a newer build's worker has deleted it. The older
 * worker may still be answering a page's requests then, and opening its cache would create it
 * again, to stay on the reader's disk for good. Reads go through cachedCopy, which creates nothing. */
async function ownCache() {
  return (await caches.has(CACHE)) ? caches.open(CACHE) : null;
}

function cachedCopy(path) {
  return caches.match(keyFor(path), { cacheName: CACHE });
}

function isOlderCache(name) {
  return name.startsWith(PREFIX) && name.endsWith(`|${SCOPE}`) && name !== CACHE;
}

async function previousCaches() {
  const names = (await caches.keys()).filter(isOlderCache);
  return Promise.all(names.map((name) => caches.open(name)));
}

/* A page: the network's, else the cached one (query ignored), else the cached 404 page. */
async function page(event, path) {
  if (path === "" || path.endsWith("/")) path += "index.html";
  try {
    return await networkElseCache(event, path);
  } catch (error) {
    const missing = await cachedCopy("404.html");
    if (missing) return new Response(missing.body, { status: 404, headers: missing.headers });
    throw error;
  }
}

async function networkFirst(event, path) {
  return networkElseCache(event, path);
}

/* The network's answer, so a new build is seen online; but where this build's copy is cached, a
 * host that fails (an error status such as 503 or 404, no connection) or keeps silent for
 * NETWORK_TIMEOUT_MS gets the copy instead. A late good answer is still cached when it comes. */
async function networkElseCache(event, path) {
  const network = fetch(event.request);
  const cached = await cachedCopy(path);
  if (!cached) {
    const response = await network; // nothing better to offer: whatever the host answers
    if (path in MANIFEST.files) event.waitUntil(remember(path, response.clone()));
    return response;
  }
  const rememberGood = network.then((response) => {
    if (response.status >= 400) return null;
    event.waitUntil(remember(path, response.clone()));
    return response;
  }, () => null);
  event.waitUntil(rememberGood);
  let timer;
  const silence = new Promise((resolve) => { timer = setTimeout(resolve, NETWORK_TIMEOUT_MS, null); });
  const answer = await Promise.race([rememberGood, silence]);
  clearTimeout(timer);
  // status < 400 includes a redirect of a navigation (an "opaqueredirect" answer, status 0).
  return answer || cached;
}

async function cacheFirst(event, path) {
  const cached = await cachedCopy(path);
  if (cached) return cached;
  const response = await fetch(event.request);
  event.waitUntil(ownCache().then((cache) => cache && store(cache, path, response.clone())).catch(() => false));
  return response;
}

/* After a network answer: cache it if it is this build's file and not cached yet; notice when
 * the host serves another build. */
async function remember(path, response) {
  try {
    if (response.status !== 200) return;
    const body = await response.arrayBuffer();
    if (await sha256(body) !== MANIFEST.files[path]) {
      outdated = true;
      return;
    }
    const cache = await ownCache();
    if (cache && !(await cache.match(keyFor(path)))) await cache.put(keyFor(path), copyOf(response, body));
  } catch (error) {
    // Caching is best effort: the page already has its answer.
  }
}

/* The page's Python is ready: make sure every runtime file is cached. On a first visit the runtime
 * was fetched before this worker controlled the page, so the files are taken from the previous
 * cache or from the HTTP cache only: never downloaded a second time. */
async function cacheRuntime() {
  const cache = await ownCache();
  if (!cache) return { type: "runtime-cached", version: MANIFEST.version, missing: [...MANIFEST.runtime] };
  const previous = await previousCaches();
  const missing = [];
  await inParallel(MANIFEST.runtime, async (path) => {
    if (await cache.match(keyFor(path))) return;
    if (await cacheFromPrevious(cache, path, previous)) return;
    const stored = await fetch(keyFor(path), { cache: "only-if-cached", mode: "same-origin" })
      .then((response) => store(cache, path, response), () => false);
    if (!stored) missing.push(path);
  });
  return { type: "runtime-cached", version: MANIFEST.version, missing: missing.sort() };
}

/* Precaching one file: the previous build's copy if unchanged, else the HTTP cache's if it is
 * this build's, else the network's (what the host serves now, even if its hash differs: a host
 * may rewrite a file, and a newer build's copy is reused by the next version). */
async function cacheFile(cache, path, previous) {
  try {
    if (await cache.match(keyFor(path))) return;
    if (await cacheFromPrevious(cache, path, previous)) return;
    if (await store(cache, path, await fetch(keyFor(path), { cache: "force-cache" }))) return;
    await store(cache, path, await fetch(keyFor(path), { cache: "no-cache" }), false);
  } catch (error) {
    // Offline or refused by the host: the file is cached when it is next fetched.
  }
}

async function cacheFromPrevious(cache, path, previous) {
  for (const old of previous) {
    const cached = await old.match(keyFor(path));
    if (cached && await store(cache, path, cached)) return true;
  }
  return false;
}

/* Caches a 200 answer for `path`; unless told otherwise, only if its bytes are this build's. */
async function store(cache, path, response, mustMatch = true) {
  if (!response || response.status !== 200) return false;
  const body = await response.arrayBuffer();
  if (mustMatch && await sha256(body) !== MANIFEST.files[path]) return false;
  await cache.put(keyFor(path), copyOf(response, body));
  return true;
}

/* A plain copy: no redirect flag (a redirected answer cannot serve a navigation) and no
 * transfer headers that no longer describe the decoded body. */
function copyOf(response, body) {
  const headers = new Headers();
  const type = response.headers.get("content-type");
  if (type) headers.set("content-type", type);
  return new Response(body, { status: 200, headers });
}

async function sha256(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/* "pyodide/numpy-….whl" for <scope>pyodide/numpy-….whl (query and fragment dropped). */
function pathOf(url) {
  const relative = (url.origin + url.pathname).slice(SCOPE.length);
  try {
    return decodeURIComponent(relative);
  } catch (error) {
    return relative;
  }
}

/* The cache key of a site file: its URL under the scope, without a query. */
function keyFor(path) {
  return new URL(path.replace(/[%?#]/g, encodeURIComponent), SCOPE).href;
}

async function inParallel(items, task) {
  const queue = [...items];
  const lane = async () => {
    while (queue.length) await task(queue.shift());
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, lane));
}
