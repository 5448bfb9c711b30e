// Runnable entry of the web mode: `node --import tsx electron/web/main.ts`. Prints one line with
// the URL, serves until Ctrl-C, and exits 0; on a start-up failure prints one line and exits 1.
import { runWebMode } from './run-web-mode';

runWebMode({ announce: (url) => `SIP Field Kit UI: ${url}` }).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`sipkit web: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
