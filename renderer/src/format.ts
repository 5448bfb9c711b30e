// How traces read on screen: local times, addresses, results and raw SIP text.
import type { MessageView, RunView } from '../../shared/ipc/contract';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** "2025-11-25 14:03:07", local time. */
export function formatDateTime(micros: number): string {
  const d = new Date(Math.floor(micros / 1000));
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "11-25 14:03:07": the runs list is narrow, and the year rarely tells runs apart. */
export function formatRunStart(micros: number): string {
  return formatDateTime(micros).slice(5);
}

/** "14:03:07.123", local time: SIP timing problems show at millisecond scale. */
export function formatMessageTime(micros: number): string {
  const d = new Date(Math.floor(micros / 1000));
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatEndpoint(endpoint: { readonly address: string; readonly port: number }): string {
  return endpoint.address.includes(':')
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}

export type RunResult = 'ok' | 'failed' | 'running' | 'interrupted';

export function runResult(run: RunView): RunResult {
  // Interrupted: its process was killed or crashed; the next start marked it.
  if (run.interrupted) return 'interrupted';
  return run.ok === undefined ? 'running' : run.ok ? 'ok' : 'failed';
}

/** "REGISTER", "401 Unauthorized", or "unparsed". */
export function messageLabel(message: MessageView): string {
  if (!message.parsed) return 'unparsed';
  if (message.method) return message.method;
  return `${message.status ?? '???'} ${message.reason ?? ''}`.trim();
}

/**
 * The raw text for display: CRLF as line breaks, other control bytes as \xNN so a garbled packet
 * shows what it contains instead of breaking the layout.
 */
export function printableRaw(raw: string): string {
  return (
    raw
      .replace(/\r\n/g, '\n')
      .replace(/\n+$/, '')
      // eslint-disable-next-line no-control-regex -- finding control bytes is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  );
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
