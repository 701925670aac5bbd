// Starts the WebAssembly app. This lives in its own file, not inline in index.html, so the
// Content-Security-Policy can forbid inline scripts (script-src 'self').
const tag = document.querySelector('script[data-js][data-wasm]');
const bindings = await import(new URL(tag.dataset.js, document.baseURI).href);
await bindings.default({ module_or_path: new URL(tag.dataset.wasm, document.baseURI) });
document.documentElement.dataset.appReady = 'true';
