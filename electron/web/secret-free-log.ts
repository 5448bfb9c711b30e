// The web mode's log with the access token blanked out. The token is only ever meant for the one
// line the user opens; an error message or a stack trace that happens to quote a request URL
// must not print it again (logs get pasted into tickets).
import type { Log } from '../services/stderr-log';

const MASK = '[access token]';

export function secretFreeLog(log: Log, secret: string): Log {
  const variants = [...new Set([secret, encodeURIComponent(secret)])];
  const scrub = (text: string): string => variants.reduce((t, v) => t.split(v).join(MASK), text);
  return (line, error) => {
    if (error === undefined) return log(scrub(line));
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(scrub(line), scrub(detail));
  };
}
