#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx: no build step between `npm ci` and `npx sipkit`.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/run.ts');
