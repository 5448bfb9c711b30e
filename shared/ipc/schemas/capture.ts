// Schemas of the Capture screen: the interfaces dumpcap can capture on, and what the running
// interface capture and HEP listener are doing (counters the screen polls; the run itself reaches
// the screen through store.changed like any other run).
import { z } from 'zod';

export const MAX_FILTER_LENGTH = 1000;
/** The most a ring may keep: a run of a million messages is already a big database. */
export const MAX_RING = 1_000_000;

export const captureInterfaceSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  addresses: z.array(z.string()),
  loopback: z.boolean(),
});

const count = z.int().min(0);

export const captureStateSchema = z.enum(['running', 'stopping', 'stopped', 'failed']);

export const captureStatusSchema = z.object({
  runId: z.int().min(1),
  state: captureStateSchema,
  /** "lo (udp port 5060)", "HEP 0.0.0.0:9060". */
  source: z.string(),
  packets: count,
  /** SIP messages of the run in the store now. */
  messages: count,
  /** Packets dumpcap dropped (known once the capture stopped), or datagrams ignored by the HEP listener. */
  dropped: count,
  /** RTP seen by an interface capture so far: streams and their packets (each call's verdict is in the run's analysis). */
  rtpStreams: count.optional(),
  rtpPackets: count.optional(),
  /** The result line once stopped, or why it failed. */
  summary: z.string().optional(),
});

export type CaptureInterfaceView = z.output<typeof captureInterfaceSchema>;
export type CaptureStatusView = z.output<typeof captureStatusSchema>;
