// Starts the WebAssembly app. This lives in its own file, not inline in index.html, so the
// Content-Security-Policy can forbid inline scripts (script-src 'self').
const tag = document.querySelector('script[data-js][data-wasm]');
const bindings = await import(new URL(tag.dataset.js, document.baseURI).href);
await bindings.default({ module_or_path: new URL(tag.dataset.wasm, document.baseURI) });
document.documentElement.dataset.appReady = 'true';

// Keeps this build for offline use (sw.js, written by the build). Registered once the app runs,
// so its downloads never slow the start. The URLs are relative to the page, so the worker and
// its scope are the app's own folder wherever that is (/, /dashboards/csp/, …). Browsers offer
// service workers only over HTTPS or on localhost; elsewhere the app simply stays online-only.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register(new URL('sw.js', document.baseURI), { scope: new URL('./', document.baseURI).href, updateViaCache: 'none' })
    .catch((error) => console.warn(`Safer Trends will not work offline here: ${error.message}`));
}
