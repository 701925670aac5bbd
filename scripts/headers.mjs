// The HTTP headers every file of the app is served with: one list, used by scripts/serve.mjs
// and by the test that the ready-made server configurations in hosting/ send the same
// (docs/HOSTING.md explains each one).

/** The Content-Security-Policy of a page's meta tag. */
export function metaPolicy(html, name = 'the page') {
  const match = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  if (!match) throw new Error(`${name} has no Content-Security-Policy meta tag`);
  return match[1];
}

/** The policy as a header: the meta tag's, plus frame-ancestors, which only works as a header. */
export const headerPolicy = (meta) => `${meta}; frame-ancestors 'none'`;

/** Browser features the app never uses, switched off for it and anything it could embed. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=()';

export function securityHeaders(meta) {
  return {
    'Content-Security-Policy': headerPolicy(meta),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': PERMISSIONS_POLICY,
  };
}
