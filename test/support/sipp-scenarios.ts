import { fileURLToPath } from 'node:url';

// Our SIPp scenarios (test/support/sipp-scenarios/*.xml) and the -key values each one needs.
// SIPp refuses to load a scenario that uses a key nobody set, so every key has a default here.

export const SIPP_SCENARIO_DIR = fileURLToPath(new URL('./sipp-scenarios/', import.meta.url));

export const SIPP_SCENARIOS = [
  'uas-answer',
  'uas-answer-then-bye',
  'uas-ring-forever',
  'uas-reject',
  'uac-call',
  'uac-call-until-bye',
  'uac-call-rejected',
  'uac-call-cancel',
  'uac-delayed-offer-move',
  'uac-update-move',
] as const;
export type SippScenarioName = (typeof SIPP_SCENARIOS)[number];

/** File SIPp's play_pcap_audio in uac-call*.xml reads, next to the scenario. */
export const CALL_MEDIA_PCAP = 'sipkit-call-media.pcap';

export type SippKeys = Readonly<Record<string, string | number>>;

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  600: 'Busy Everywhere',
  603: 'Decline',
};

const CALLER_KEYS = {
  caller: '+15551230001',
  caller_name: 'Alice Caller',
  from_host: 'sipp.test',
  diversion: '+15559990000',
};

function rejectKeys(keys: SippKeys): Record<string, string> {
  const status = Number(keys.status ?? 486);
  if (!Number.isInteger(status) || status < 300 || status > 699) {
    throw new Error(`uas-reject: status must be a final error status (300-699), got ${String(keys.status)}`);
  }
  const reason = String(keys.reason ?? REASONS[status] ?? 'Rejected');
  return {
    status_line: `SIP/2.0 ${status} ${reason}`,
    retry_after: '120',
    warning: 'Rejected by the SIPp test peer',
  };
}

/**
 * The -key values a scenario runs with: its defaults overridden by `keys`. `mediaDurationMs` is
 * how long uac-call's pcap plays; the call stays up 500 ms longer by default.
 */
export function scenarioKeys(
  name: SippScenarioName,
  keys: SippKeys,
  mediaDurationMs: number,
): Record<string, string> {
  const defaults: Record<SippScenarioName, () => Record<string, string>> = {
    'uas-answer': () => ({ ring_ms: '100' }),
    'uas-answer-then-bye': () => ({ ring_ms: '100', hold_ms: '2000' }),
    'uas-ring-forever': () => ({}),
    'uas-reject': () => rejectKeys(keys),
    'uac-call': () => ({ ...CALLER_KEYS, hold_ms: String(mediaDurationMs + 500) }),
    'uac-call-until-bye': () => ({ ...CALLER_KEYS }),
    'uac-call-rejected': () => ({ ...CALLER_KEYS, expect: '486' }),
    'uac-call-cancel': () => ({ ...CALLER_KEYS, cancel_after_ms: '500' }),
    'uac-delayed-offer-move': () => ({ hold_ms: '2000' }),
    'uac-update-move': () => ({ hold_ms: '2000' }),
  };
  const merged: Record<string, string> = defaults[name]();
  for (const [key, value] of Object.entries(keys)) {
    // uas-reject's status/reason only exist to build status_line.
    if (name === 'uas-reject' && (key === 'status' || key === 'reason')) continue;
    merged[key] = String(value);
  }
  return merged;
}

/** Extra SIPp options a scenario depends on (see the comment at the top of its XML). */
export function scenarioArgs(name: SippScenarioName): string[] {
  return name === 'uac-call-rejected' ? ['-default_behaviors', 'all,-bye'] : [];
}

export function isSippScenarioName(value: string): value is SippScenarioName {
  return (SIPP_SCENARIOS as readonly string[]).includes(value);
}
