// The audio we send: a steady sine (default 1 kHz, about -13 dBm0, the level of a telephony test
// tone) or encoded silence. Frames are encoded once, up front, for a whole period of the tone, so
// sending a packet only copies bytes.
import { CODECS, type CodecName } from '../sdp/codecs';
import { encodeG711Frame } from './g711';
import { G722Encoder } from './g722';

export type AudioMode = 'tone' | 'silence';

export interface ToneOptions {
  readonly codec: CodecName;
  readonly mode: AudioMode;
  /** Milliseconds of audio per packet (RFC 3551 §4.5: 20 ms is the G.711/G.722 default). */
  readonly frameMs?: number;
  /** Rounded to whole hertz; 50–3500 Hz, inside the telephone band. */
  readonly frequencyHz?: number;
  /** dBm0; G.711 puts 0 dBm0 at 3.17 dB below a full-scale sine (G.711 table 5 "digital milliwatt"). */
  readonly levelDbm0?: number;
}

const FULL_SCALE_DBM0 = 3.17;

export class ToneSource {
  /** Encoded bytes per frame. */
  readonly frameBytes: number;
  /** RTP timestamp units per frame. */
  readonly timestampsPerFrame: number;
  private readonly frames: readonly Uint8Array[];

  private constructor(frames: readonly Uint8Array[], frameBytes: number, timestampsPerFrame: number) {
    this.frames = frames;
    this.frameBytes = frameBytes;
    this.timestampsPerFrame = timestampsPerFrame;
  }

  static create(opts: ToneOptions): ToneSource {
    const codec = CODECS[opts.codec];
    const frameMs = opts.frameMs ?? 20;
    if (!Number.isInteger(frameMs) || frameMs < 10 || frameMs > 60 || frameMs % 10 !== 0) {
      throw new Error(`packet time must be 10–60 ms in steps of 10, not ${frameMs}`);
    }
    const frequency = Math.round(opts.frequencyHz ?? 1000);
    if (frequency < 50 || frequency > 3500)
      throw new Error(`tone frequency must be 50–3500 Hz, not ${frequency}`);
    const samplesPerFrame = (codec.sampleRate * frameMs) / 1000;
    const timestampsPerFrame = (codec.clockRate * frameMs) / 1000;
    // G.722 packs two 16 kHz samples per byte; G.711 one 8 kHz sample per byte.
    const frameBytes = opts.codec === 'G722' ? samplesPerFrame / 2 : samplesPerFrame;

    // The tone advances frequency·frameMs/1000 cycles per frame, so after this many frames it is
    // back in phase and the table can loop seamlessly. Silence is one frame.
    const count = opts.mode === 'silence' ? 1 : 1000 / gcd(frequency * frameMs, 1000);
    const amplitude =
      opts.mode === 'silence' ? 0 : 32767 * 10 ** (((opts.levelDbm0 ?? -13) - FULL_SCALE_DBM0) / 20);
    const pcm = new Int16Array(samplesPerFrame * count);
    for (let i = 0; i < pcm.length; i++) {
      pcm[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequency * i) / codec.sampleRate));
    }

    const bytes = new Uint8Array(frameBytes * count);
    if (opts.codec === 'G722') {
      // ADPCM carries state from frame to frame: run the loop twice and keep the second pass,
      // so the table holds what a warmed-up encoder produces and loops with no start-up glitch.
      const encoder = new G722Encoder();
      encoder.encode(pcm, bytes);
      encoder.encode(pcm, bytes);
    } else {
      encodeG711Frame(opts.codec === 'PCMU' ? 'ulaw' : 'alaw', pcm, bytes);
    }
    const frames: Uint8Array[] = [];
    for (let k = 0; k < count; k++) frames.push(bytes.subarray(k * frameBytes, (k + 1) * frameBytes));
    return new ToneSource(frames, frameBytes, timestampsPerFrame);
  }

  /** The encoded payload of frame `index` (0-based, counting from the start of the stream). */
  frame(index: number): Uint8Array {
    return this.frames[index % this.frames.length] as Uint8Array;
  }

  /** How many distinct frames the table holds (one period of the tone). */
  get period(): number {
    return this.frames.length;
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
