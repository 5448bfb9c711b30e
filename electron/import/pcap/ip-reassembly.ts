// Reassembles fragmented IP datagrams (RFC 791 §3.2 for IPv4: by source, destination, protocol
// and identification; RFC 8200 §4.5 for IPv6: by source, destination and identification).
// Fragments may arrive in any order and more than once; the datagram is complete once the last
// fragment (More Fragments clear) is in and the pieces leave no hole before it.
import type { IpFragment } from './ip-datagram';

export interface ReassembledDatagram {
  readonly family: 4 | 6;
  readonly protocol: number;
  readonly addressBytes: Buffer;
  readonly srcAt: number;
  readonly dstAt: number;
  /** The reassembled payload (one new buffer per datagram). */
  readonly bytes: Buffer;
}

interface Piece {
  readonly offset: number;
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

interface Pending {
  readonly first: IpFragment;
  /** IPv6 takes the upper-layer protocol from the offset-0 fragment (RFC 8200 §4.5). */
  protocol: number;
  readonly pieces: Piece[];
  totalLength: number | undefined;
}

// The largest payload a 16-bit length field allows.
const MAX_DATAGRAM = 65535;
// Fragments of datagrams that never complete (lost pieces) must not pile up without bound.
const MAX_PENDING = 4096;

export class IpReassembler {
  private readonly pending = new Map<string, Pending>();
  /** Fragment packets given up on because their datagram did not complete in time. */
  private abandoned = 0;

  /** Adds one fragment; returns the datagram once it is complete, or a reason it was rejected. */
  add(fragment: IpFragment): ReassembledDatagram | 'pending' | string {
    const length = fragment.end - fragment.start;
    if (fragment.offset + length > MAX_DATAGRAM) return 'IP fragment beyond the largest datagram size';
    let entry = this.pending.get(fragment.key);
    if (!entry) {
      if (this.pending.size >= MAX_PENDING) this.evictOldest();
      entry = { first: fragment, protocol: fragment.protocol, pieces: [], totalLength: undefined };
      this.pending.set(fragment.key, entry);
    }
    entry.pieces.push({
      offset: fragment.offset,
      bytes: fragment.bytes,
      start: fragment.start,
      end: fragment.end,
    });
    if (fragment.offset === 0) entry.protocol = fragment.protocol;
    if (!fragment.more) entry.totalLength ??= fragment.offset + length;
    if (entry.totalLength === undefined || !covers(entry.pieces, entry.totalLength)) return 'pending';
    this.pending.delete(fragment.key);
    return assemble(entry, entry.totalLength);
  }

  /** Fragment packets whose datagram never completed (counted once, at the end of the file). */
  incompletePackets(): number {
    let count = this.abandoned;
    for (const entry of this.pending.values()) count += entry.pieces.length;
    return count;
  }

  private evictOldest(): void {
    const oldest = this.pending.keys().next();
    if (oldest.done) return;
    this.abandoned += this.pending.get(oldest.value)?.pieces.length ?? 0;
    this.pending.delete(oldest.value);
  }
}

function covers(pieces: Piece[], total: number): boolean {
  pieces.sort((a, b) => a.offset - b.offset);
  let covered = 0;
  for (const piece of pieces) {
    if (piece.offset > covered) return false;
    covered = Math.max(covered, piece.offset + (piece.end - piece.start));
    if (covered >= total) return true;
  }
  return covered >= total;
}

function assemble(entry: Pending, total: number): ReassembledDatagram {
  const bytes = Buffer.alloc(total);
  for (const piece of entry.pieces) {
    const room = total - piece.offset;
    if (room <= 0) continue;
    const end = Math.min(piece.end, piece.start + room);
    piece.bytes.copy(bytes, piece.offset, piece.start, end);
  }
  const { family, addressBytes, srcAt, dstAt } = entry.first;
  return { family, protocol: entry.protocol, addressBytes, srcAt, dstAt, bytes };
}
