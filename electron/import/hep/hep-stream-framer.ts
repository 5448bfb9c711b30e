// HEPv3 over a byte stream (TCP or TLS: heplify's -nt tcp/tls, Kamailio siptrace with
// ;transport=tcp, captagent): packets back to back, each carrying its own total length in bytes
// 4–5 of its header ("HEP3", length, chunks). HEPv1/v2 have no total length, so they only travel
// in datagrams. A stream that does not show "HEP3" where a packet should start is not HEP (or has
// lost its framing): the caller drops the connection rather than guess where the next one begins.

const HEP3 = [0x48, 0x45, 0x50, 0x33]; // "HEP3"
const HEADER = 6;

export type HepStreamResult =
  | { readonly ok: true; readonly packets: readonly Uint8Array[] }
  | { readonly ok: false; readonly reason: string; readonly packets: readonly Uint8Array[] };

export class HepStreamFramer {
  // At most one partial packet is held: its length field bounds it to 65,535 bytes.
  private pending: Buffer = Buffer.alloc(0);

  /** Bytes now held that do not yet make a whole packet. */
  get held(): number {
    return this.pending.length;
  }

  push(chunk: Uint8Array): HepStreamResult {
    let buf = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const packets: Uint8Array[] = [];
    while (buf.length > 0) {
      const seen = Math.min(buf.length, HEP3.length);
      for (let i = 0; i < seen; i++)
        if (buf[i] !== HEP3[i]) {
          this.pending = Buffer.alloc(0);
          return { ok: false, reason: 'TCP stream is not HEPv3', packets };
        }
      if (buf.length < HEADER) break;
      const total = buf.readUInt16BE(4);
      if (total < HEADER) {
        this.pending = Buffer.alloc(0);
        return { ok: false, reason: 'HEPv3 length shorter than its header', packets };
      }
      if (buf.length < total) break;
      packets.push(buf.subarray(0, total));
      buf = buf.subarray(total);
    }
    this.pending = Buffer.from(buf);
    return { ok: true, packets };
  }
}
