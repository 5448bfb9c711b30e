// What an import says about the trace beyond its messages, kept with the run (its params) so the
// analysis of a stored run (`sipkit analyze --run`, the app) reads the trace as `sipkit analyze
// FILE` did: the PBX's own address from its log, and whether the log's times are unknown.
import { formatEndpoint } from '../../shared/diagnostics/address-scope';
import type { AnalyzeOptions } from '../../shared/diagnostics/rule-types';
import type { RunRecord } from '../../shared/trace-types';
import type { TextImport } from '../import/text-trace';

export interface ImportFacts {
  /** "address:port" of the PBX when the trace is the PBX's own log (Asterisk, FreeSWITCH). */
  readonly pbxAddresses?: readonly string[];
  /** The log gave no usable times: interval rules are skipped. */
  readonly timesUnknown?: boolean;
}

export function textImportFacts(r: Pick<TextImport, 'pbx' | 'timesUnknown'>): ImportFacts | undefined {
  if (r.pbx === undefined && r.timesUnknown !== true) return undefined;
  return {
    ...(r.pbx !== undefined ? { pbxAddresses: [formatEndpoint(r.pbx)] } : {}),
    ...(r.timesUnknown === true ? { timesUnknown: true } : {}),
  };
}

/** The facts an import run keeps in its params (written by storeCaptures). */
export function runFacts(run: Pick<RunRecord, 'kind' | 'params'>): ImportFacts {
  if (run.kind !== 'import' || run.params === undefined) return {};
  const p = run.params;
  const pbx = Array.isArray(p['pbxAddresses'])
    ? p['pbxAddresses'].filter((a): a is string => typeof a === 'string')
    : [];
  return {
    ...(pbx.length > 0 ? { pbxAddresses: pbx } : {}),
    ...(p['timesUnknown'] === true ? { timesUnknown: true } : {}),
  };
}

/** The analysis options the facts give, merged with the PBX addresses a user named. */
export function factsOptions(facts: ImportFacts | undefined, named: readonly string[] = []): AnalyzeOptions {
  const pbx = [...named, ...(facts?.pbxAddresses ?? [])];
  return {
    ...(pbx.length > 0 ? { pbxAddresses: pbx } : {}),
    ...(facts?.timesUnknown === true ? { timesUnknown: true } : {}),
  };
}
