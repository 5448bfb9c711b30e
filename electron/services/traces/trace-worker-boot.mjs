// Entry of the trace thread when running from TypeScript sources: a new thread does not inherit
// tsx's loader, so register it here (as bin/sipkit.mjs does), then run the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./trace-worker.ts');
