// The web mode's access token. It arrives in the address the server printed; the page takes it
// out of the address bar at once (history.replaceState), so it does not linger on screen, in
// screenshots, in the browser's history or in a bookmark, and keeps it in this tab's
// sessionStorage, so a reload or a reconnect still has it. sessionStorage is per tab and per
// origin (127.0.0.1:PORT) and dies with the tab.

const STORAGE_KEY = 'sipkit-access-token';

export interface TokenPlace {
  readonly location: Pick<Location, 'href'>;
  readonly history: Pick<History, 'replaceState' | 'state'>;
  /** Undefined where the browser refuses storage (some privacy modes). */
  readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
}

/** The token, or '' when the page was opened without one (the server will refuse the socket). */
export function takeAccessToken(place: TokenPlace): string {
  const url = new URL(place.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl === null) return readStored(place.storage) ?? '';
  url.searchParams.delete('token');
  place.history.replaceState(place.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  try {
    place.storage?.setItem(STORAGE_KEY, fromUrl);
  } catch {
    // Storage full or refused: the token stays in memory, so only a reload is lost.
  }
  return fromUrl;
}

function readStored(storage: TokenPlace['storage']): string | undefined {
  try {
    return storage?.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** window.sessionStorage, or undefined where reading it throws (storage disabled). */
export function sessionStorageOf(win: Window): Storage | undefined {
  try {
    return win.sessionStorage;
  } catch {
    return undefined;
  }
}
