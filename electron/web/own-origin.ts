// The server answers only to its own address. Checking Host defeats DNS rebinding (a web site whose
// name suddenly resolves to 127.0.0.1); checking Origin on the WebSocket defeats other pages in the
// browser opening a socket to us (browsers do not apply the same-origin policy to WebSockets).

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'] as const;

export function isOwnHost(host: string | undefined, port: number): host is string {
  return host !== undefined && LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** The Origin must be this server's own origin, as reached through the Host the request used. */
export function isOwnOrigin(origin: string | undefined, host: string | undefined, port: number): boolean {
  return (
    origin !== undefined && isOwnHost(host, port) && origin.toLowerCase() === `http://${host!.toLowerCase()}`
  );
}
