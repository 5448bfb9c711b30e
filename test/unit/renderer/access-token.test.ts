import { describe, expect, it } from 'vitest';
import { takeAccessToken, type TokenPlace } from '../../../renderer/src/access-token';

/** A tab: its address, its history entries (replaceState only) and its sessionStorage. */
function tab(href: string, stored: Record<string, string> = {}) {
  const state = { href, storage: { ...stored }, replaced: [] as string[] };
  const place: TokenPlace = {
    location: {
      get href() {
        return state.href;
      },
    },
    history: {
      state: null,
      replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => {
        state.href = new URL(String(url), state.href).href;
        state.replaced.push(String(url));
      },
    },
    storage: {
      getItem: (key) => state.storage[key] ?? null,
      setItem: (key, value) => void (state.storage[key] = value),
    },
  };
  return { place, state };
}

describe('takeAccessToken', () => {
  it('takes the token out of the address bar, keeping the rest of the address', () => {
    const { place, state } = tab('http://127.0.0.1:41237/?token=abc-DEF_123&view=traces#run-4');
    expect(takeAccessToken(place)).toBe('abc-DEF_123');
    expect(state.href).toBe('http://127.0.0.1:41237/?view=traces#run-4');
    expect(state.href).not.toContain('abc-DEF_123');
    expect(Object.values(state.storage)).toEqual(['abc-DEF_123']);
  });

  it('after a reload (no token in the address) reads it back from the tab’s sessionStorage', () => {
    const first = tab('http://127.0.0.1:41237/?token=abc-DEF_123');
    takeAccessToken(first.place);
    const reloaded = tab('http://127.0.0.1:41237/', first.state.storage);
    expect(takeAccessToken(reloaded.place)).toBe('abc-DEF_123');
    expect(reloaded.state.replaced).toEqual([]);
  });

  it('gives "" when there is none anywhere, and still works where storage is refused', () => {
    expect(takeAccessToken(tab('http://127.0.0.1:41237/').place)).toBe('');
    const { place, state } = tab('http://127.0.0.1:41237/?token=xyz');
    const refusing: TokenPlace = {
      ...place,
      storage: {
        getItem: () => {
          throw new Error('SecurityError');
        },
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
      },
    };
    expect(takeAccessToken(refusing)).toBe('xyz');
    expect(state.href).toBe('http://127.0.0.1:41237/');
    expect(takeAccessToken({ ...refusing, location: { href: 'http://127.0.0.1:41237/' } })).toBe('');
  });
});
