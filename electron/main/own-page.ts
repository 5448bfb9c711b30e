// Whether an IPC sender is SIP Field Kit's own page: the top frame showing our index.html from
// file://. Anything else (a page the window was somehow navigated to, an iframe) gets no data.

export function isOwnPageUrl(frameUrl: string, ownPageUrl: string): boolean {
  let frame: URL;
  let own: URL;
  try {
    frame = new URL(frameUrl);
    own = new URL(ownPageUrl);
  } catch {
    return false;
  }
  return (
    frame.protocol === 'file:' &&
    own.protocol === 'file:' &&
    frame.host === own.host &&
    // Chromium and Node may percent-encode the same path differently (spaces in "SIP Field Kit").
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
