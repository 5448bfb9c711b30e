// Issue 14: the engine's parser (npm `sip` behind parseWire) stays linear on hostile messages. npm
// `sip` searches for a parameter from where it stands to the end of the text, so a long list or a
// long run of whitespace made it quadratic; each input here is sized so that a linear pass takes
// well under a second and a quadratic one minutes, with a 20 s timeout as the only bound.
import { describe, expect, it } from 'vitest';
import { parseWire, type ParsedSip } from '../../../../electron/engine/sip/parse-message';
import * as adv from '../../../support/adversarial-sip';

const LIMIT = { timeout: 20_000 };
const MiB = 2 ** 20;

function parsed(text: string): ParsedSip {
  const r = parseWire(Buffer.from(text, 'latin1'));
  if (!r.ok) throw new Error(`expected the message to parse: ${r.error}`);
  return r.sip;
}

interface Aor {
  readonly name?: string;
  readonly uri: string;
  readonly params: Record<string, string | null>;
}
const contacts = (sip: ParsedSip): Aor[] => sip.message.headers.contact as Aor[];

describe('parseWire on hostile messages', () => {
  it('unfolds 200,000 folded lines of one header', LIMIT, () => {
    const sip = parsed(adv.foldedLines(200_000));
    expect(sip.first('subject')).toBe(adv.foldedValue(200_000));
    expect(sip.callId).toBe('adv@example.com');
  });

  it('reads a Via folded over 200,000 lines of whitespace and commas', LIMIT, () => {
    const sip = parsed(adv.whitespaceFolds(200_000));
    expect(sip.vias).toHaveLength(2);
    expect(sip.vias[1]?.params.branch).toBe('z9hG4bK-ws');
  });

  it('reads one header of 1 MiB and 100,000 headers', LIMIT, () => {
    expect(parsed(adv.longHeader(MiB)).first('x-long')).toHaveLength(MiB);
    expect(parsed(adv.manyHeaders(100_000)).header('x-h99999')).toEqual(['v99999']);
  });

  it('reads a Contact of 100,000 bindings', LIMIT, () => {
    const list = contacts(parsed(adv.manyCommas(100_000)));
    expect(list).toHaveLength(100_000);
    expect(list[99_999]?.uri).toBe('sip:u99999@192.0.2.20');
  });

  it('reads 100,000 quoted display names with commas inside', LIMIT, () => {
    const list = contacts(parsed(adv.manyQuotedStrings(100_000)));
    expect(list).toHaveLength(100_000);
    expect(list[77_777]?.name).toBe('"Smith, J77777"');
  });

  it('reads 100,000 semicolons of parameters', LIMIT, () => {
    const sip = parsed(adv.manySemicolons(100_000));
    const route = sip.message.headers.route as { uri: { host: string } }[];
    expect(route[0]?.uri.host).toBe('192.0.2.30');
  });

  it('reads headers holding runs of 1 MiB of whitespace', LIMIT, () => {
    const sip = parsed(adv.whitespaceRun(MiB));
    expect(contacts(sip)[0]?.params.expires).toBe('60');
    expect(sip.message.headers['record-route']).toHaveLength(2);
  });

  it('reads 10,000 challenges in one WWW-Authenticate row', LIMIT, () => {
    const sip = parsed(adv.manyChallenges(10_000));
    const challenges = sip.message.headers['www-authenticate'] as Record<string, string>[];
    expect(challenges).toHaveLength(10_000);
    expect(challenges[9_999]?.realm).toBe('"r9999"');
  });

  it('reads a header nested 100,000 angle brackets deep', LIMIT, () => {
    expect(parsed(adv.nestedAngles(100_000)).first('reply-to')).toHaveLength(2 * 100_000 + 20);
  });

  it('reads a body of 10 MiB of CRLF', LIMIT, () => {
    expect(parsed(adv.crlfBody(10 * MiB)).message.content).toHaveLength(10 * MiB);
  });

  it('reads a message followed by 200,000 empty lines, and a start line of 1 MiB', LIMIT, () => {
    expect(parsed(`${adv.longHeader(10)}${'\r\n'.repeat(200_000)}`).callId).toBe('adv@example.com');
    expect(parsed(adv.longStartLine(MiB)).requestUri).toHaveLength(MiB + 'sip:@example.com'.length);
  });

  it('refuses 20,000 messages run together without blank lines in one line', LIMIT, () => {
    const r = parseWire(Buffer.from(adv.messagesWithoutBlankLines(20_000), 'latin1'));
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(/no blank line after the headers/);
  });
});
