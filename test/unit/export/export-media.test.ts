// The reports' RTP section: a capture without any RTP judges no call's audio (the rtp.audio note
// among the findings says why once), while a capture with RTP lists each answered call's verdict.
import { describe, expect, it } from 'vitest';
import { prepareExport, type RawExportInput } from '../../../electron/export/export-data';
import { NO_OPTIONAL_REDACTION } from '../../../electron/export/redact';
import type { CallMediaData } from '../../../shared/ipc/schemas/traces';

const answered = (callId: string, streams: CallMediaData['streams'] = []): CallMediaData => ({
  callId,
  answered: true,
  verdict: streams.length > 0 ? 'one-way-out' : 'none',
  fromCaller: streams.length > 0 ? 250 : 0,
  toCaller: 0,
  ssrcChanges: 0,
  streams,
});

function input(media: readonly CallMediaData[]): RawExportInput {
  return {
    run: { id: 1, kind: 'import', target: 'x.pcap', profile: 'generic', startedAtMicros: 1, messageCount: 0 },
    messages: [],
    findings: [],
    profile: 'generic',
    media,
  };
}

describe('prepareExport: RTP of the calls', () => {
  it('leaves the section out when the capture held no RTP at all', () => {
    const data = prepareExport(input([answered('a'), answered('b')]), { redact: NO_OPTIONAL_REDACTION });
    expect(data.media).toBeUndefined();
  });

  it("keeps every answered call's verdict when the capture held RTP", () => {
    const stream = {
      src: { address: '192.0.2.1', port: 10000 },
      dst: { address: '192.0.2.2', port: 20000 },
      ssrc: '0x1234',
      packets: 250,
    } as unknown as CallMediaData['streams'][number];
    const data = prepareExport(input([answered('a', [stream]), answered('b')]), {
      redact: NO_OPTIONAL_REDACTION,
    });
    expect(data.media?.map((m) => [m.callId, m.verdict])).toEqual([
      ['a', 'one-way-out'],
      ['b', 'none'],
    ]);
  });
});
