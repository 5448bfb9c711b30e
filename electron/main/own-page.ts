// Whether an IPC sender is SIP Field Kit's own page: the top frame showing our index.html from
// app://sipkit/. Anything else (a page the window was somehow navigated to, an iframe, a file://
// page) gets no data.
import { APP_INDEX_URL } from './app-origin';

export function isOwnPageUrl(frameUrl: string, ownPageUrl: string = APP_INDEX_URL): boolean {
  let frame: URL;
  let own: URL;
  try {
    frame = new URL(frameUrl);
    own = new URL(ownPageUrl);
  } catch {
    return false;
  }
  return (
    frame.protocol === own.protocol &&
    frame.host === own.host &&
    // Chromium and Node may percent-encode the same path differently.
    safeDecode(frame.pathname) !== undefined &&
    safeDecode(frame.pathname) === safeDecode(own.pathname)
  );
}

function safeDecode(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}
