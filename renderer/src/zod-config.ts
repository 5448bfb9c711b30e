// Must be the first import of main.tsx: zod reads this when each schema is built. Without it zod
// probes `new Function` for its JIT, which the CSP (rightly) blocks and reports as a violation on
// every page load; the interpreted parser is fast enough for the UI's pages.
import { z } from 'zod';

z.config({ jitless: true });
