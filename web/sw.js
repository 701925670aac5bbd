// Safer Trends' service worker: it keeps this build's files so the app opens without a network
// after the first visit. This file is a template: the build (scripts/precache.mjs, a Trunk
// post-build hook) writes dist/sw.js from it with the two constants below filled in.
//
// - Only the files of this build are cached, each checked against its SHA-256 from the build,
//   so a half-copied deployment cannot leave a mixed cache (the install fails, and is tried
//   again on the next visit).
// - Same-origin GET requests inside the app's folder are answered cache-first; anything else
//   goes to the network untouched and is never cached (the page's policy allows no other
//   origin anyway).
// - The cache is named after the app's folder and the build id, so a new deployment (new id)
//   installs beside the old one, takes over as soon as it is complete, and removes the old
//   cache. A page already open keeps the code it started with.

/** The build's id: a hash of every file below and of this worker, also shown in the footer. */
const BUILD_ID = 'development';
/** Every file of the build, relative to the app's folder, with its subresource-integrity hash. */
const PRECACHE = [];

const SCOPE = self.registration.scope;
// Two copies of the app on one server (say /test/ and /live/) share the origin's caches:
// each only ever touches the caches of its own folder.
const PREFIX = `safer-trends ${new URL(SCOPE).pathname} `;
const CACHE = PREFIX + BUILD_ID;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const results = await Promise.allSettled(
        PRECACHE.map(async ([path, integrity]) => {
          const url = new URL(path, SCOPE);
          // 'no-cache': ask the server (a 304 is fine), never trust a stale HTTP cache.
          const response = await fetch(url, { cache: 'no-cache', integrity });
          if (!response.ok) throw new Error(`${path}: the server answered ${response.status}`);
          await cache.put(url, await servable(response));
        }),
      );
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) {
        // All or nothing: the build in use stays in charge, and the next visit tries again.
        await caches.delete(CACHE);
        throw failed.reason;
      }
      // Take over at once: the next visit (or reload) gets this build.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
      // Control the page that registered this worker too, so it works offline from now on.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  event.respondWith(cacheFirst(request, url));
});

async function cacheFirst(request, url) {
  const navigation = request.mode === 'navigate';
  // A folder's address (the app's own, /dashboards/csp/) is its index.html.
  const key = url.pathname.endsWith('/') ? new URL('index.html', url) : url;
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key, { ignoreSearch: navigation, ignoreVary: true });
  return hit ?? fetch(request);
}

/** A response the browser will accept for any request: a redirected one is not, for pages. */
async function servable(response) {
  if (!response.redirected) return response;
  const { status, statusText, headers } = response;
  return new Response(await response.blob(), { status, statusText, headers });
}
