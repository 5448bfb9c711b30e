// `sipkit export RUN --format F [-o FILE] [--redact …] [--call-id ID …]` and
// `sipkit hep RUN --to HOST:PORT`: a stored run as a file a support desk can open, or sent to the
// team's Homer. Redaction of digest responses, nonces and passwords is always on; the password in
// SIPKIT_PASSWORD (if set) is masked wherever it appears, whatever the options.
import path from 'node:path';
import {
  exportFormatSchema,
  exportStageLabel,
  type ExportFormat,
  type ExportStage,
} from '../../../shared/ipc/schemas/export';
import { ChromiumError } from '../../export/chromium';
import { ExportInputError, prepareExport, readExportInput } from '../../export/export-data';
import { EXPORT_FORMATS, exportRun } from '../../export/export-run';
import { HepError, parseHepTarget, sendHep } from '../../export/hep-send';
import { NO_OPTIONAL_REDACTION, type RedactChoice } from '../../export/redact';
import { writePrivateFile } from '../../export/write-private-file';
import { EXIT_OK, UsageError } from '../cli-error';
import { PASSWORD_ENV } from '../password';
import type { Reporter } from '../reporter';
import { openStore } from '../session';
import { positiveNumber } from '../targets';

export interface ExportFlags {
  readonly format?: string;
  readonly output?: string;
  readonly redact?: string;
  readonly callId?: readonly string[];
}

const REDACT_WORDS: Readonly<Record<string, keyof RedactChoice | 'all' | 'none'>> = {
  phones: 'phoneNumbers',
  'phone-numbers': 'phoneNumbers',
  numbers: 'phoneNumbers',
  ips: 'ipAddresses',
  'ip-addresses': 'ipAddresses',
  addresses: 'ipAddresses',
  users: 'userNames',
  'user-names': 'userNames',
  all: 'all',
  none: 'none',
};

/** "phones,ips,users", "all" or "none" (the always-on redaction only). */
export function parseRedact(value: string | undefined): RedactChoice {
  if (value === undefined) return NO_OPTIONAL_REDACTION;
  const choice = { ...NO_OPTIONAL_REDACTION };
  for (const word of value
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean)) {
    const key = REDACT_WORDS[word];
    if (key === undefined)
      throw new UsageError(`--redact ${value}: expected phones, ips, users, all or none (comma-separated)`);
    if (key === 'all') Object.assign(choice, { phoneNumbers: true, ipAddresses: true, userNames: true });
    else if (key !== 'none') choice[key] = true;
  }
  return choice;
}

function knownSecrets(): string[] {
  const pw = process.env[PASSWORD_ENV];
  return pw ? [pw] : [];
}

export async function runExport(runArg: string, flags: ExportFlags, reporter: Reporter): Promise<number> {
  const runId = positiveNumber('RUN', runArg, { integer: true, min: 1 })!;
  const parsed = exportFormatSchema.safeParse((flags.format ?? '').toLowerCase());
  if (!parsed.success) throw new UsageError(`--format: expected one of ${EXPORT_FORMATS.join(', ')}`);
  const format: ExportFormat = parsed.data;
  const redact = parseRedact(flags.redact);
  const store = openStore(true);
  try {
    const result = await exportRun(store, runId, format, {
      redact,
      secrets: knownSecrets(),
      // PDF and PNG take Chromium several seconds: say what it is doing meanwhile.
      ...(format === 'pdf' || format === 'png'
        ? {
            onStage: (stage: ExportStage) =>
              reporter.progress('export', exportStageLabel(stage, format), { event: 'stage', stage }),
          }
        : {}),
      ...(flags.callId && flags.callId.length > 0 ? { callIds: flags.callId } : {}),
    }).catch(translate);
    const file = path.resolve(flags.output ?? result.fileName);
    try {
      // 0600: a report carries a customer's addresses, numbers and messages.
      await writePrivateFile(file, result.bytes);
    } catch (err) {
      throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    if (!reporter.json) for (const r of result.redacted) reporter.info('redacted', r);
    reporter.result(
      true,
      `run ${runId} as ${format}: ${result.messages} message(s), ${result.bytes.length} bytes → ${file}`,
      {
        runId,
        format,
        file,
        bytes: result.bytes.length,
        messages: result.messages,
        redacted: result.redacted,
      },
    );
    return EXIT_OK;
  } finally {
    store.close();
  }
}

export async function runHep(
  runArg: string,
  flags: { to?: string; redact?: string },
  reporter: Reporter,
): Promise<number> {
  const runId = positiveNumber('RUN', runArg, { integer: true, min: 1 })!;
  if (!flags.to)
    throw new UsageError('--to HOST:PORT is required (the HEP collector, e.g. homer.example.net:9060)');
  const to = translateSync(() => parseHepTarget(flags.to!));
  const store = openStore(true);
  try {
    const data = translateSync(() =>
      prepareExport(readExportInput(store, runId), {
        redact: parseRedact(flags.redact),
        secrets: knownSecrets(),
      }),
    );
    const sent = await sendHep(data.messages, to, {
      onProgress: (n) => {
        if (!reporter.json && n > 0 && n % 1024 === 0)
          reporter.info('hep', `${n} of ${data.messages.length} sent`);
      },
    }).catch(translate);
    reporter.result(true, `run ${runId}: ${sent} message(s) sent to ${to.host}:${to.port} as HEPv3`, {
      runId,
      sent,
      to: `${to.host}:${to.port}`,
    });
    return EXIT_OK;
  } finally {
    store.close();
  }
}

/** Bad input (unknown run, bad target, no Chromium) is a usage error with one line, exit 2. */
function translate(err: unknown): never {
  if (err instanceof ExportInputError || err instanceof HepError) throw new UsageError(err.message);
  if (err instanceof ChromiumError) throw new Error(err.message);
  throw err;
}

function translateSync<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    return translate(err);
  }
}
