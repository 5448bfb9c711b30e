// Identifiers of the load generator's calls. Every call gets a fixed-width id: a 10-digit call
// number then the 7-digit slot of its state in the call table. The Call-ID, From tag and Via
// branches are built from it, so a reply's Call-ID leads straight to the call's slot (the
// Call-ID → slot map costs no hashing) and templates can write it in place.
import { randomBytes } from 'node:crypto';

export const ID_WIDTH = 17;
const SEQ_WIDTH = 10;
export const MAX_SLOTS = 10_000_000;

export function makeRunTag(): string {
  return randomBytes(4).toString('hex');
}

export function callIdentity(seq: number, slot: number): string {
  return `${String(seq % 1e10).padStart(SEQ_WIDTH, '0')}${String(slot).padStart(ID_WIDTH - SEQ_WIDTH, '0')}`;
}

/** The Call-ID: `<id>-<run tag>@<host>`. */
export function callIdOf(id: string, runTag: string, host: string): string {
  return `${id}-${runTag}@${host}`;
}

/** The slot named by a Call-ID of this run, or -1 (another run's call, or not ours). */
export function slotOfCallId(callId: string, runTag: string): number {
  if (callId.length < ID_WIDTH + 10 || callId.charCodeAt(ID_WIDTH) !== 45 /* - */) return -1;
  if (callId.slice(ID_WIDTH + 1, ID_WIDTH + 9) !== runTag) return -1;
  let slot = 0;
  for (let i = SEQ_WIDTH; i < ID_WIDTH; i++) {
    const d = callId.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    slot = slot * 10 + d;
  }
  return slot;
}
