// Defence in depth: whatever a caller passes, a SIP password must never reach the trace database.
// Run parameters are free-form, so refuse any key that looks like a secret, at any depth, and any
// target that carries a password in its user part (sip:alice:pw@host).
import { TraceStoreError } from './trace-store-error';

/** Key fragments that mean "secret" wherever they appear (e.g. "sipPassword", "clientsecret"). */
const SECRET_FRAGMENTS = ['password', 'passwd', 'passphrase', 'secret'];
/** Short words that mean "secret" only as a whole word, so "passive" or "bypass" stay allowed. */
const SECRET_WORDS = new Set(['pass', 'pwd', 'pw']);

export function looksLikeSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  if (SECRET_FRAGMENTS.some((fragment) => lower.includes(fragment))) return true;
  return wordsOf(key).some((word) => SECRET_WORDS.has(word));
}

/** Throws when any key of params, nested in objects or arrays, looks like a secret. */
export function assertNoSecretKeys(params: unknown): void {
  const found = findSecretKey(params, '', new Set());
  if (found !== undefined) {
    throw new TraceStoreError(
      'secret-in-params',
      `refusing to store run parameter "${found}": it looks like a password or secret, and secrets are never written to the trace database`,
    );
  }
}

/** Throws when a target such as "sip:alice:pw@pbx" carries a password. */
export function assertNoPasswordInTarget(target: string): void {
  const withoutScheme = target.trim().replace(/^sips?:/i, '');
  if (/^[^@:/?;]*:[^@]*@/.test(withoutScheme)) {
    throw new TraceStoreError(
      'secret-in-params',
      'refusing to store a run target that contains a password (user:password@host); pass the password separately',
    );
  }
}

function findSecretKey(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (value === null || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && looksLikeSecretKey(key)) return childPath;
    const nested = findSecretKey(child, childPath, seen);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/** Splits camelCase, snake_case, kebab-case and dotted keys into lower-case words. */
function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}
