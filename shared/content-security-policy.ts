// The one Content-Security-Policy of the UI, applied by the web server's header and by the <meta>
// tag the build puts in index.html (what Electron's file:// page gets). Scripts only from the app
// itself; the only connection is the web mode's own WebSocket.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; connect-src 'self' ws://127.0.0.1:*; img-src 'self' data:; style-src 'self' 'unsafe-inline'";
