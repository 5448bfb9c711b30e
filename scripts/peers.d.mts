// Types for scripts/peers.mjs (plain JavaScript, so it runs before `npm ci`), for the tests.
export interface Peer {
  readonly command: string;
  readonly debian: string;
}
export const PEERS: readonly Peer[];
export function findCommand(
  name: string,
  pathEnv?: string,
  extraDirs?: readonly string[],
): string | undefined;
export function missingPeers(pathEnv?: string, peers?: readonly Peer[]): Peer[];
export function packagesOf(peers: readonly Peer[]): string[];
