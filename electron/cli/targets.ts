// Turns --server into the targets to talk to, printing each discovery step.
import type { TransportName } from '../../shared/trace-types';
import { discoverTargets } from '../engine/discovery/discover-targets';
import { createDnsClient } from '../engine/discovery/dns-client';
import type { Discovery } from '../engine/discovery/discovery-types';
import { parseServerSpec, type ServerSpec } from '../engine/discovery/parse-server';
import { UsageError } from './cli-error';
import type { Reporter } from './reporter';

export function parseServer(value: string): ServerSpec {
  try {
    return parseServerSpec(value);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export async function findTargets(
  spec: ServerSpec,
  transport: TransportName | undefined,
  reporter: Reporter,
): Promise<Discovery> {
  const discovery = await discoverTargets(spec, { dns: createDnsClient(), transport });
  for (const step of discovery.steps) reporter.info('discover', step);
  return discovery;
}

export function parseTransport(value: string | undefined): TransportName | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v !== 'udp' && v !== 'tcp') throw new UsageError(`--transport ${value}: use udp or tcp`);
  return v;
}

export function positiveNumber(
  flag: string,
  value: string | undefined,
  opts: { integer?: boolean; min?: number } = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const min = opts.min ?? 0;
  if (!Number.isFinite(n) || n < min || (opts.integer && !Number.isInteger(n))) {
    throw new UsageError(
      `${flag} ${value}: expected ${opts.integer ? 'a whole number' : 'a number'} of at least ${min}`,
    );
  }
  return n;
}
