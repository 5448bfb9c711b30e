// Builds the RTP stream SIPp plays into a call (uac-call.xml's sipkit-call-media.pcap): real
// Ethernet/IPv4/UDP/RTP frames in a libpcap file. Debian's sip-tester ships only PCMA audio
// (g711a.pcap) and one pcap per DTMF digit, each with its own sequence numbers; playing several
// in a row would restart the stream. One generated file gives a single RTP stream (one SSRC,
// continuous sequence numbers and timestamps) of PCMU audio with RFC 4733 events in it.
//
// SIPp replays the frames with the recorded timing, rewriting only the UDP ports (source: its
// -mp port; destination: the port of the far end's SDP) and addresses: payload type, SSRC,
// sequence numbers and timestamps reach the receiver exactly as built here.

export const PCMU_PAYLOAD_TYPE = 0;
export const TELEPHONE_EVENT_PAYLOAD_TYPE = 101;
const SAMPLES_PER_MS = 8; // 8 kHz clock for PCMU and telephone-event
const PACKET_MS = 20;

export interface CallMediaOptions {
  /** DTMF digits sent as RFC 4733 events, in order (default "123#"; 0-9 * # A-D). */
  digits?: string;
  /** Audio before the first digit (default 400 ms). */
  leadMs?: number;
  /** Length of each digit's event (default 100 ms, a multiple of 20). */
  digitMs?: number;
  /** Audio between two digits (default 100 ms). */
  gapMs?: number;
  /** Audio after the last digit (default 400 ms). */
  tailMs?: number;
  /** Frequency of the PCMU test tone (default 440 Hz). */
  toneHz?: number;
  /** Payload type of telephone-event (default 101, as every scenario's SDP says). */
  eventPayloadType?: number;
}

export interface RtpPacketSpec {
  /** When the packet leaves, from the start of the stream. */
  offsetMs: number;
  payloadType: number;
  marker: boolean;
  seq: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

export interface CallMedia {
  packets: RtpPacketSpec[];
  /** Offset of the last packet + one packet time. */
  durationMs: number;
  digits: string;
  ssrc: number;
  audioPayloadType: number;
  eventPayloadType: number;
}

/** "SIPK": fixed so tests can tell this stream from anything else on the port. */
export const CALL_MEDIA_SSRC = 0x5349504b;
const FIRST_SEQ = 1000;
const FIRST_TIMESTAMP = 16000;

/** The DTMF digits in RFC 4733 event code order (0-15). */
export const DTMF_DIGITS = '0123456789*#ABCD';

/** RFC 4733 event code of a DTMF digit. */
export function dtmfEventCode(digit: string): number {
  const code = DTMF_DIGITS.indexOf(digit.toUpperCase());
  if (digit.length !== 1 || code < 0) throw new Error(`not a DTMF digit: ${JSON.stringify(digit)}`);
  return code;
}

/** G.711 mu-law encoding of one 16-bit linear sample. */
export function linearToMulaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let value = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = value < 0 ? 0x80 : 0;
  if (sign) value = -value;
  value = Math.min(value, CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (value & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (value >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function tonePayload(startSample: number, toneHz: number): Buffer {
  const payload = Buffer.alloc(PACKET_MS * SAMPLES_PER_MS);
  for (let i = 0; i < payload.length; i++) {
    // About -10 dBFS: loud enough to see, far from clipping.
    const sample = 10000 * Math.sin((2 * Math.PI * toneHz * (startSample + i)) / 8000);
    payload[i] = linearToMulaw(sample);
  }
  return payload;
}

function eventPayload(event: number, end: boolean, durationSamples: number): Buffer {
  const payload = Buffer.alloc(4);
  payload[0] = event;
  payload[1] = (end ? 0x80 : 0) | 10; // E bit, volume 10 (-10 dBm0)
  payload.writeUInt16BE(durationSamples, 2);
  return payload;
}

function positiveMultipleOf20(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value % PACKET_MS !== 0) {
    throw new Error(`${what} must be a non-negative multiple of ${PACKET_MS} ms, got ${value}`);
  }
  return value;
}

/**
 * The stream: `leadMs` of tone, then per digit an RFC 4733 event (updates every 20 ms, the final
 * one with the E bit sent three times, same sequence number, as RFC 4733 2.5.1.4 asks) with
 * `gapMs` of tone between digits, then `tailMs` of tone. Audio pauses while an event runs.
 */
export function buildCallMedia(opts: CallMediaOptions = {}): CallMedia {
  const digits = opts.digits ?? '123#';
  const leadMs = positiveMultipleOf20(opts.leadMs ?? 400, 'leadMs');
  const digitMs = positiveMultipleOf20(opts.digitMs ?? 100, 'digitMs');
  const gapMs = positiveMultipleOf20(opts.gapMs ?? 100, 'gapMs');
  const tailMs = positiveMultipleOf20(opts.tailMs ?? 400, 'tailMs');
  if (digitMs === 0) throw new Error('digitMs must be at least 20 ms');
  const toneHz = opts.toneHz ?? 440;
  const eventPayloadType = opts.eventPayloadType ?? TELEPHONE_EVENT_PAYLOAD_TYPE;
  const packets: RtpPacketSpec[] = [];
  let seq = FIRST_SEQ;
  let offsetMs = 0;
  const timestampAt = (ms: number) => FIRST_TIMESTAMP + ms * SAMPLES_PER_MS;
  const push = (payloadType: number, marker: boolean, timestamp: number, payload: Buffer, newSeq = true) => {
    if (newSeq) seq++;
    packets.push({
      offsetMs,
      payloadType,
      marker,
      seq: seq & 0xffff,
      timestamp,
      ssrc: CALL_MEDIA_SSRC,
      payload,
    });
    offsetMs += PACKET_MS;
  };
  const audio = (ms: number) => {
    for (let t = 0; t < ms; t += PACKET_MS) {
      push(
        PCMU_PAYLOAD_TYPE,
        packets.length === 0,
        timestampAt(offsetMs),
        tonePayload(offsetMs * SAMPLES_PER_MS, toneHz),
      );
    }
  };

  audio(leadMs);
  [...digits].forEach((digit, index) => {
    if (index > 0) audio(gapMs);
    const event = dtmfEventCode(digit);
    const eventTimestamp = timestampAt(offsetMs);
    const updates = digitMs / PACKET_MS;
    for (let k = 1; k <= updates; k++) {
      const end = k === updates;
      push(
        eventPayloadType,
        k === 1,
        eventTimestamp,
        eventPayload(event, end, k * PACKET_MS * SAMPLES_PER_MS),
      );
    }
    const last = packets[packets.length - 1];
    // Two retransmissions of the end packet: identical, including the sequence number.
    if (last) for (let r = 0; r < 2; r++) push(eventPayloadType, false, eventTimestamp, last.payload, false);
  });
  audio(tailMs);

  return {
    packets,
    durationMs: offsetMs,
    digits,
    ssrc: CALL_MEDIA_SSRC,
    audioPayloadType: PCMU_PAYLOAD_TYPE,
    eventPayloadType,
  };
}

/** RTP fixed header (RFC 3550 5.1, no CSRC or extension) + payload. */
export function encodeRtp(packet: RtpPacketSpec): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80; // version 2
  header[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  header.writeUInt16BE(packet.seq & 0xffff, 2);
  header.writeUInt32BE(packet.timestamp >>> 0, 4);
  header.writeUInt32BE(packet.ssrc >>> 0, 8);
  return Buffer.concat([header, packet.payload]);
}

function ipv4Checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < header.length; i += 2) sum += header.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

// Addresses and ports of the recording; SIPp replaces all of them when it plays the file.
const SRC_IP = [192, 0, 2, 1];
const DST_IP = [192, 0, 2, 2];
const SRC_PORT = 40000;
const DST_PORT = 50000;

function ethernetFrame(udpPayload: Buffer, id: number): Buffer {
  const ethernet = Buffer.from([0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00]);
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(SRC_PORT, 0);
  udp.writeUInt16BE(DST_PORT, 2);
  udp.writeUInt16BE(8 + udpPayload.length, 4);
  udp.writeUInt16BE(0, 6); // no checksum (allowed for IPv4); SIPp computes its own anyway
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + udp.length + udpPayload.length, 2);
  ip.writeUInt16BE(id & 0xffff, 4);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip[8] = 64;
  ip[9] = 17; // UDP
  Buffer.from(SRC_IP).copy(ip, 12);
  Buffer.from(DST_IP).copy(ip, 16);
  ip.writeUInt16BE(ipv4Checksum(ip), 10);
  return Buffer.concat([ethernet, ip, udp, udpPayload]);
}

/** A libpcap file (Ethernet link type) with one frame per packet at its offset. */
export function encodePcap(packets: readonly { offsetMs: number; udpPayload: Buffer }[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16); // snaplen
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const startSeconds = 1_700_000_000;
  const records = packets.map(({ offsetMs, udpPayload }, i) => {
    const frame = ethernetFrame(udpPayload, i + 1);
    const record = Buffer.alloc(16);
    const micros = Math.round(offsetMs * 1000);
    record.writeUInt32LE(startSeconds + Math.floor(micros / 1_000_000), 0);
    record.writeUInt32LE(micros % 1_000_000, 4);
    record.writeUInt32LE(frame.length, 8);
    record.writeUInt32LE(frame.length, 12);
    return Buffer.concat([record, frame]);
  });
  return Buffer.concat([header, ...records]);
}

/** The pcap file of a stream built by buildCallMedia(). */
export function callMediaPcap(media: CallMedia = buildCallMedia()): Buffer {
  return encodePcap(media.packets.map((p) => ({ offsetMs: p.offsetMs, udpPayload: encodeRtp(p) })));
}
