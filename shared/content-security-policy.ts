// The UI's Content-Security-Policy, one builder for both shells. Scripts, styles and images come
// from the app itself; no plugin (<object>), no <base> rewrite, no form posting anywhere. The only
// connection is the web mode's WebSocket, to the very host:port that served the page; the desktop
// app talks through the preload and opens none.

export type CspShell =
  /** Electron: the page at app://sipkit/ (header from the protocol handler, <meta> from the build). */
  | { readonly kind: 'desktop' }
  /** Web mode: `host` is the Host the page was served under (127.0.0.1:PORT or localhost:PORT). */
  | { readonly kind: 'web'; readonly host: string };

/**
 * The policy for a shell. `meta` leaves out frame-ancestors, which browsers ignore (with a console
 * error) in a <meta> tag; the header form carries it.
 */
export function contentSecurityPolicy(shell: CspShell, form: 'header' | 'meta' = 'header'): string {
  // The host comes from a request header the server has already matched against its own names;
  // anything else still never reaches the policy text.
  const connect =
    shell.kind === 'web' && /^[a-z0-9.-]+:\d{1,5}$/i.test(shell.host)
      ? `'self' ws://${shell.host}`
      : "'self'";
  const directives = [
    "default-src 'self'",
    `connect-src ${connect}`,
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(form === 'header' ? ["frame-ancestors 'none'"] : []),
  ];
  return directives.join('; ');
}
