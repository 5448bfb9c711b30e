// The one IPC contract between the UI and the back end, whichever carries it (Electron IPC or the
// web mode's WebSocket). Every request and event payload has a zod schema; both ends validate what
// they receive. Bulk data is paged: the back end announces "store.changed" and the UI asks for the
// page it shows, so a load test never sends one message to the UI per packet.
import { z } from 'zod';
import type { RunKind, RunRecord, StoredMessage } from '../trace-types';
import type { EventChannel, RequestChannel } from './channel-names';
import { acceptanceRunSchema, acceptanceStartSchema } from './schemas/acceptance';
import { captureInterfaceSchema, captureStatusSchema, MAX_FILTER_LENGTH, MAX_RING } from './schemas/capture';
import { emulatorCallPbxSchema, emulatorStartSchema, emulatorStatusSchema } from './schemas/emulator';
import { exportFormatSchema, exportStageSchema, redactOptionsSchema } from './schemas/export';
import { liveStateSchema } from './schemas/live';
import { loadRequestSchema, loadStatusSchema } from './schemas/load';
import { profileSummarySchema, targetFieldsSchema, targetIdSchema, targetSchema } from './schemas/targets';
import {
  callMediaSchema,
  callSummarySchema,
  findingSchema,
  ladderMessageSchema,
  MAX_CALLS_PAGE,
  MAX_IMPORT_BYTES,
  MAX_LADDER_MESSAGES,
} from './schemas/traces';

export const MAX_RUNS_PAGE = 500;
export const MAX_MESSAGES_PAGE = 1000;

const RUN_KINDS = [
  'register',
  'options',
  'call',
  'answer',
  'import',
  'load',
  'hangup',
  'capture',
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
  interrupted: z.boolean().optional(),
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

const empty = z.strictObject({});
const done = z.object({});

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

  // Targets (saved test targets and their passwords).
  'profiles.list': { request: empty, response: z.object({ profiles: z.array(profileSummarySchema) }) },
  'targets.list': {
    request: empty,
    response: z.object({
      targets: z.array(targetSchema),
      /** Where a password typed now would be kept. */
      passwordStorage: z.enum(['safe-storage', 'memory']),
      /** Why it is kept in memory in the desktop app (no keychain on this system). */
      passwordStorageNote: z.string().max(200).optional(),
    }),
  },
  'targets.save': {
    request: z.strictObject({
      /** Absent: a new target. */
      id: targetIdSchema.optional(),
      fields: targetFieldsSchema,
      /** Only when the user typed one; never sent back. */
      password: z.string().min(1).max(256).optional(),
      clearPassword: z.boolean().default(false),
    }),
    response: z.object({ target: targetSchema }),
  },
  'targets.delete': { request: z.strictObject({ id: targetIdSchema }), response: done },

  // Live: registrations, calls, answering. live.changed pushes the same state, throttled.
  'live.state': { request: empty, response: liveStateSchema },
  'register.start': {
    request: z.strictObject({ targetId: targetIdSchema, allTargets: z.boolean().default(false) }),
    response: done,
  },
  'register.stop': { request: z.strictObject({ targetId: targetIdSchema }), response: done },
  'call.start': {
    request: z.strictObject({
      targetId: targetIdSchema,
      to: z.string().trim().min(1).max(80),
      holdS: z.number().min(0).max(3600).default(10),
      dtmf: z
        .string()
        .regex(/^[0-9*#A-D]{0,32}$/)
        .optional(),
    }),
    response: z.object({ key: z.string() }),
  },
  'call.hangup': { request: z.strictObject({ key: z.string().min(1).max(100) }), response: done },
  'answer.start': {
    request: z.strictObject({
      targetId: targetIdSchema,
      /** Register so calls to the target's number reach us. */
      register: z.boolean().default(true),
      echo: z.boolean().default(true),
      /** Calls in progress at once; a further INVITE gets 486 Busy Here (as `sipkit answer --max-calls`). */
      maxCalls: z.int().min(1).max(500).default(4),
    }),
    response: done,
  },
  'answer.stop': { request: z.strictObject({ targetId: targetIdSchema }), response: done },

  // Traces and findings.
  'traces.calls': {
    request: z.strictObject({
      runId: rowId,
      /** Hide OPTIONS and REGISTER dialogs: the one-toggle noise filter. */
      hideNoise: z.boolean().default(true),
      /** Matches Call-ID, From, To, method or status. */
      search: z.string().max(200).default(''),
      offset: count.default(0),
      limit: z.int().min(1).max(MAX_CALLS_PAGE).default(200),
    }),
    /** Ordered by first message time. */
    response: z.object({ total: count, calls: z.array(callSummarySchema) }),
  },
  'traces.ladder': {
    request: z.strictObject({
      runId: rowId,
      callIds: z.array(z.string().max(500)).min(1).max(500),
      /** The first N messages only (a long call's first screenful, drawn while the rest loads). */
      limit: z.int().min(1).max(MAX_LADDER_MESSAGES).optional(),
    }),
    response: z.object({
      messages: z.array(ladderMessageSchema),
      /** More messages than the ladder draws at once (MAX_LADDER_MESSAGES). */
      truncated: z.boolean(),
      /** Findings whose evidence is among these messages. */
      findings: z.array(findingSchema),
      /** The RTP streams of these calls, when the run is a capture that held RTP. */
      media: z.array(callMediaSchema).optional(),
    }),
  },
  'traces.message': {
    request: z.strictObject({ messageId: rowId }),
    response: z.object({ message: messageSchema }),
  },
  'traces.findings': {
    request: z.strictObject({
      runId: rowId,
      /** A built-in profile name; the run's own profile when absent. */
      profile: z.string().max(40).optional(),
    }),
    response: z.object({ profile: z.string(), messageCount: count, findings: z.array(findingSchema) }),
  },
  'traces.import': {
    request: z
      .strictObject({
        /** The file name the user picked or dropped; "pasted text" for a paste. */
        name: z.string().min(1).max(255),
        /** pcap, pcapng or a text log, base64. */
        dataBase64: z
          .string()
          .max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4)
          .optional(),
        /** Pasted SIP text. */
        text: z.string().max(MAX_IMPORT_BYTES).optional(),
        profile: z.string().max(40).optional(),
      })
      .refine((r) => (r.dataBase64 === undefined) !== (r.text === undefined), {
        message: 'send either dataBase64 or text',
      }),
    response: z.object({ runId: rowId, messageCount: count, findingCount: count }),
  },

  // Load tests (issue 7).
  'load.start': { request: loadRequestSchema, response: z.object({ runId: rowId.optional() }) },
  'load.abort': { request: empty, response: done },
  'load.status': { request: empty, response: z.object({ status: loadStatusSchema.nullable() }) },

  // Exports (issue 8). The file comes back as base64 and the UI saves it (a download).
  'export.run': {
    request: z.strictObject({
      runId: rowId,
      format: exportFormatSchema,
      redact: redactOptionsSchema.default({ phoneNumbers: false, ipAddresses: false, userNames: false }),
      /** Only these calls; the whole run when absent. */
      callIds: z.array(z.string().max(500)).max(500).optional(),
    }),
    response: z.object({
      fileName: z.string(),
      mime: z.string(),
      dataBase64: z.string(),
      /** What was redacted, in words, for the UI to show. */
      redacted: z.array(z.string()),
    }),
  },
  'hep.send': {
    request: z.strictObject({ runId: rowId, to: z.string().min(1).max(260) }),
    response: z.object({ sent: count }),
  },

  // Live capture and the HEP listener (issue 17): one of each at a time, stored as 'capture' runs.
  'capture.interfaces': {
    request: empty,
    response: z.object({
      interfaces: z.array(captureInterfaceSchema),
      /** SIP and the usual RTP ports. */
      defaultFilter: z.string(),
      /** Why the list is empty (dumpcap missing, not allowed), in one line with the fix. */
      problem: z.string().optional(),
    }),
  },
  'capture.start': {
    request: z.strictObject({
      iface: z.string().trim().min(1).max(100),
      filter: z.string().max(MAX_FILTER_LENGTH),
      ring: z.int().min(1).max(MAX_RING).optional(),
      profile: z.string().max(40).optional(),
    }),
    response: z.object({ runId: rowId }),
  },
  'capture.stop': { request: empty, response: done },
  'capture.status': {
    request: empty,
    response: z.object({ capture: captureStatusSchema.nullable(), hep: captureStatusSchema.nullable() }),
  },
  'hep.listen': {
    request: z.strictObject({
      /** ADDR:PORT, ADDR or :PORT (9060 when absent). */
      listen: z.string().trim().max(100).default(''),
      ring: z.int().min(1).max(MAX_RING).optional(),
      profile: z.string().max(40).optional(),
    }),
    response: z.object({ runId: rowId, address: z.string(), port: z.int().min(0).max(65535) }),
  },
  'hep.stop': { request: empty, response: done },

  // The provider emulator (issue 17): one at a time, stored as an 'answer' run with params.emulate.
  'emulator.start': {
    request: emulatorStartSchema,
    response: z.object({ runId: rowId, regions: z.array(endpointSchema) }),
  },
  'emulator.stop': { request: empty, response: done },
  /** Places one DID call to the registered PBX; its outcome arrives as a 'to-pbx' event in the status. */
  'emulator.call-pbx': { request: emulatorCallPbxSchema, response: done },
  'emulator.status': { request: empty, response: z.object({ emulator: emulatorStatusSchema.nullable() }) },

  // The acceptance test (issue 20): one at a time; its checklist is saved with its run (params.acceptance).
  'acceptance.start': { request: acceptanceStartSchema, response: z.object({ runId: rowId }) },
  'acceptance.status': {
    request: empty,
    response: z.object({ acceptance: acceptanceRunSchema.nullable() }),
  },
  'acceptance.abort': { request: empty, response: done },
} as const satisfies {
  readonly [C in RequestChannel]: { readonly request: z.ZodType; readonly response: z.ZodType };
};

export const eventContract = {
  /** Something was written to this run (a new run, new messages, or its result); the UI re-reads what it shows. */
  'store.changed': z.object({ runId: rowId }),
  /** The whole live state (registrations, calls, answering), at most a few times a second. */
  'live.changed': liveStateSchema,
  /** A load run's status, at most a few times a second. */
  'load.progress': z.object({ status: loadStatusSchema }),
  /** The stage an export of this run is in (PDF and PNG take Chromium several seconds). */
  'export.progress': z.object({ runId: rowId, format: exportFormatSchema, stage: exportStageSchema }),
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
