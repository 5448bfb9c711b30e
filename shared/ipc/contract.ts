// The one IPC contract between the UI and the back end, whichever carries it (Electron IPC or the
// web mode's WebSocket). Every request and event payload has a zod schema; both ends validate what
// they receive. Bulk data is paged: the back end announces "store.changed" and the UI asks for the
// page it shows, so a load test never sends one message to the UI per packet.
import { z } from 'zod';
import type { RunKind, RunRecord, StoredMessage } from '../trace-types';
import type { EventChannel, RequestChannel } from './channel-names';

export const MAX_RUNS_PAGE = 500;
export const MAX_MESSAGES_PAGE = 1000;

const RUN_KINDS = [
  'register',
  'options',
  'call',
  'answer',
  'import',
  'load',
] as const satisfies readonly RunKind[];

const count = z.int().min(0);
const rowId = z.int().min(1);
const endpointSchema = z.object({ address: z.string(), port: z.int().min(0).max(65535) });

export const runSchema = z.object({
  id: rowId,
  kind: z.enum(RUN_KINDS),
  target: z.string(),
  profile: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  startedAtMicros: z.number(),
  endedAtMicros: z.number().optional(),
  ok: z.boolean().optional(),
  summary: z.string().optional(),
  messageCount: count,
});

export const messageSchema = z.object({
  id: rowId,
  runId: rowId,
  tsMicros: z.number(),
  direction: z.enum(['in', 'out']),
  transport: z.enum(['udp', 'tcp']),
  local: endpointSchema,
  remote: endpointSchema,
  parsed: z.boolean(),
  parseError: z.string().optional(),
  callId: z.string().optional(),
  cseqSeq: z.number().optional(),
  cseqMethod: z.string().optional(),
  method: z.string().optional(),
  status: z.int().optional(),
  reason: z.string().optional(),
  /** The bytes as latin1 (one character per byte): JSON-safe, and exactly the bytes that were on the wire. */
  raw: z.string(),
});

export type RunView = z.output<typeof runSchema>;
export type MessageView = z.output<typeof messageSchema>;

/** Request channels: the request schema (strict: unknown keys are a mistake) and the response schema. */
export const requestContract = {
  'app.info': {
    request: z.strictObject({}),
    response: z.object({
      version: z.string(),
      mode: z.enum(['electron', 'web']),
      /** The trace database the UI reads, so a technician can tell which one it is. */
      dataFile: z.string(),
    }),
  },
  'runs.list': {
    request: z.strictObject({
      limit: z.int().min(1).max(MAX_RUNS_PAGE).default(100),
      offset: count.default(0),
    }),
    /** Newest first. */
    response: z.object({ runs: z.array(runSchema) }),
  },
  'runs.messages': {
    request: z.strictObject({
      runId: rowId,
      offset: count.default(0),
      limit: z.int().min(1).max(MAX_MESSAGES_PAGE).default(200),
    }),
    /** One page in capture order; total is the run's message count, for paging. */
    response: z.object({ total: count, messages: z.array(messageSchema) }),
  },
} as const satisfies {
  readonly [C in RequestChannel]: { readonly request: z.ZodType; readonly response: z.ZodType };
};

export const eventContract = {
  /** Something was written to this run (a new run, new messages, or its result); the UI re-reads what it shows. */
  'store.changed': z.object({ runId: rowId }),
} as const satisfies { readonly [E in EventChannel]: z.ZodType };

/** What a caller sends (fields with defaults may be left out). */
export type RequestOf<C extends RequestChannel> = z.input<(typeof requestContract)[C]['request']>;
/** What a handler receives: validated, defaults filled in. */
export type ParsedRequestOf<C extends RequestChannel> = z.output<(typeof requestContract)[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requestContract)[C]['response']>;
export type EventOf<E extends EventChannel> = z.output<(typeof eventContract)[E]>;

/** One event, with its channel: what the back end publishes and the transports carry. */
export type IpcEvent = {
  readonly [E in EventChannel]: { readonly channel: E; readonly payload: EventOf<E> };
}[EventChannel];

/** The back end: one function per request channel. */
export type RequestHandlers = {
  readonly [C in RequestChannel]: (request: ParsedRequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
};

export function isRequestChannel(name: string): name is RequestChannel {
  return Object.hasOwn(requestContract, name);
}

export function isEventChannel(name: string): name is EventChannel {
  return Object.hasOwn(eventContract, name);
}

// Compile-time checks, so the contract cannot drift from the store's types: every run kind is
// listed (the UI would otherwise reject such runs), and the views fit the store's records (minus the
// raw bytes, which travel as text).
type Holds<T extends true> = T;
type _ContractMatchesStore = [
  Holds<[Exclude<RunKind, (typeof RUN_KINDS)[number]>] extends [never] ? true : false>,
  Holds<RunView extends RunRecord ? true : false>,
  Holds<MessageView extends Omit<StoredMessage, 'raw'> ? true : false>,
];
