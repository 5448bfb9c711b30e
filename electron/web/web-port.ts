// The port of the web mode: SIPKIT_WEB_PORT when set (a fixed port for bookmarks or a firewall
// rule), otherwise 0, which lets the OS pick a free one.

export function webPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.SIPKIT_WEB_PORT?.trim();
  if (!value) return 0;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new Error(`SIPKIT_WEB_PORT must be a port number from 0 to 65535, not "${value}"`);
  }
  return port;
}
