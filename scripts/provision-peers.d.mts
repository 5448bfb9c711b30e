// Types for scripts/provision-peers.mjs (plain JavaScript, so it runs before `npm ci`), for the tests.
import type { Peer } from './peers.mjs';

export const SKIP_ENV: 'SIPKIT_SKIP_PEERS';
export interface Host {
  readonly debian: boolean;
  readonly aptGet: boolean;
  readonly root: boolean;
  readonly sudo: boolean;
}
export type Plan =
  { readonly kind: 'install'; readonly sudo: boolean } | { readonly kind: 'instruct'; readonly line: string };
export function planFor(missing: readonly Peer[], host: Host): Plan;
export function provisionPeers(opts?: {
  env?: Record<string, string | undefined>;
  write?: (s: string) => void;
}): number;
