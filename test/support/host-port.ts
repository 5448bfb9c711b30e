export interface HostPort {
  host: string;
  port: number;
}

/** Parses "127.0.0.1:5060" (IPv6 as "[::1]:5060"). */
export function parseHostPort(text: string): HostPort {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text);
  if (!match?.[1] || !match[2]) throw new Error(`expected host:port, got ${JSON.stringify(text)}`);
  return { host: match[1], port: Number(match[2]) };
}
