// "Media on" for a load run, kept deliberately small: every answered call gets one second of
// PCMU silence (50 packets, 20 ms apart) from one shared RTP socket toward the address in the
// far side's SDP answer. Received RTP is counted, not analysed. It shows a media path exists and
// puts a realistic packet rate on the far side; it is not a per-call media quality check (use
// `sipkit call` for that).
import { createSocket, type Socket } from 'node:dgram';
import type { Endpoint } from '../../../shared/trace-types';

const PACKETS_PER_CALL = 50;
const PAYLOAD = Buffer.alloc(160, 0xff); // PCMU silence

interface Stream {
  to: Endpoint;
  ssrc: number;
  seq: number;
  ts: number;
  left: number;
}

export class RtpBlaster {
  private readonly streams: Stream[] = [];
  private interval: NodeJS.Timeout | undefined;
  sent = 0;
  received = 0;

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
  ) {
    socket.on('message', () => this.received++);
  }

  static async open(address: string | undefined): Promise<RtpBlaster> {
    const socket = createSocket({ type: 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port: 0, address }, () => resolve());
    });
    socket.on('error', () => undefined);
    return new RtpBlaster(socket, socket.address().port);
  }

  /** Starts a stream toward the media address of an SDP answer (ignored when there is none). */
  startFromSdp(sdp: string): void {
    const c = /^c=IN IP4 ([0-9.]+)/m.exec(sdp);
    const m = /^m=audio (\d+)/m.exec(sdp);
    if (!c || !m || Number(m[1]) === 0) return;
    this.streams.push({
      to: { address: c[1]!, port: Number(m[1]) },
      ssrc: (Math.random() * 0xffffffff) >>> 0,
      seq: 0,
      ts: 0,
      left: PACKETS_PER_CALL,
    });
    if (!this.interval) this.interval = setInterval(() => this.tick(), 20);
  }

  private tick(): void {
    let keep = 0;
    for (const s of this.streams) {
      const pkt = Buffer.allocUnsafe(12 + PAYLOAD.length);
      pkt[0] = 0x80;
      pkt[1] = 0;
      pkt.writeUInt16BE(s.seq & 0xffff, 2);
      pkt.writeUInt32BE(s.ts >>> 0, 4);
      pkt.writeUInt32BE(s.ssrc, 8);
      PAYLOAD.copy(pkt, 12);
      this.socket.send(pkt, s.to.port, s.to.address);
      this.sent++;
      s.seq++;
      s.ts += 160;
      s.left--;
      if (s.left > 0) this.streams[keep++] = s;
    }
    this.streams.length = keep;
    if (keep === 0 && this.interval) {
      clearInterval(this.interval);
      this.interval = undefined;
    }
  }

  close(): Promise<void> {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
