// Bits of `call` and `answer` output and input they share.
import type { MediaMode, MediaReport } from '../../engine/call/call-media';
import { UsageError } from '../cli-error';
import type { Reporter } from '../reporter';

export function parseMediaMode(value: string | undefined): MediaMode {
  const v = (value ?? 'tone').toLowerCase();
  if (v !== 'tone' && v !== 'silence' && v !== 'none')
    throw new UsageError(`--media ${value}: use tone, silence or none`);
  return v;
}

/** `--header 'Name: value'`, repeatable. */
export function parseHeaders(values: readonly string[]): [string, string][] {
  return values.map((h) => {
    const m = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.+)$/.exec(h);
    if (!m) throw new UsageError(`--header ${h}: expected "Name: value"`);
    if (/[\r\n]/.test(h)) throw new UsageError('--header: no line breaks');
    return [m[1]!, m[2]!.trim()];
  });
}

export function printMediaReport(media: MediaReport, reporter: Reporter): void {
  const data = {
    verdict: media.verdict,
    sent: media.packetsSent,
    received: media.packetsReceived,
    lost: media.packetsLost,
    jitterMs: media.jitterMs,
    firstPacketMs: media.firstPacketMs,
    dtmfReceived: media.dtmfReceived,
  };
  if (media.verdict === 'two-way') reporter.info('media', media.message, data);
  else reporter.warn('media', media.message, data);
  if (media.dtmfReceived)
    reporter.info('dtmf', `received ${media.dtmfReceived}`, { digits: media.dtmfReceived });
}
