// Where the desktop app's page lives: app://sipkit/, a scheme of our own served from the built
// renderer folder only (app-protocol.ts), instead of file://, which would give the page a path
// into the whole disk and privileges no web page has.

export const APP_SCHEME = 'app';
export const APP_HOST = 'sipkit';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The scheme's privileges, registered before the app is ready (Electron requires it then). */
export const APP_SCHEME_PRIVILEGES = {
  // A real origin (app://sipkit), relative URLs and same-origin rules, like https.
  standard: true,
  // A secure context, so the page keeps every API a https page has.
  secure: true,
  // Module scripts are fetched with the Fetch API (Vite's output is <script type="module">).
  supportFetchAPI: true,
} as const;
