// Issue 14: the tolerant parser stays linear on hostile input. Each input is sized so that a linear
// pass takes a fraction of a second and a quadratic one minutes; the 20 s timeout is the only
// bound, and each test checks what was read, so a fast wrong answer fails too.
import { describe, expect, it } from 'vitest';
import { parseSipText } from '../../../../shared/sip/tolerant-parse';
import * as adv from '../../../support/adversarial-sip';

const LIMIT = { timeout: 20_000 };
const MiB = 2 ** 20;

const parserFailure = (problems: readonly { message: string }[]): boolean =>
  problems.some((p) => p.message.startsWith('the parser failed'));

describe('tolerant parser on hostile input', () => {
  it('unfolds 200,000 folded lines of one header', LIMIT, () => {
    const doc = parseSipText(adv.foldedLines(200_000));
    expect(doc.kind).toBe('request');
    expect(doc.first('subject')).toBe(adv.foldedValue(200_000));
    expect(doc.callId).toBe('adv@example.com');
    expect(doc.problems).toEqual([]);
  });

  it('unfolds 200,000 continuation lines that hold only whitespace and a comma', LIMIT, () => {
    const doc = parseSipText(adv.whitespaceFolds(200_000));
    // The base headers' Via, then the folded one: its empty elements are dropped.
    expect(doc.vias).toHaveLength(2);
    expect(doc.vias[1]?.branch).toBe('z9hG4bK-ws');
    expect(parserFailure(doc.problems)).toBe(false);
  });

  it('reads one header of 1 MiB', LIMIT, () => {
    const doc = parseSipText(adv.longHeader(MiB));
    expect(doc.first('x-long')).toHaveLength(MiB);
    expect(doc.problems).toEqual([]);
  });

  it('reads 100,000 headers', LIMIT, () => {
    const doc = parseSipText(adv.manyHeaders(100_000));
    expect(doc.headers).toHaveLength(100_000 + 7);
    expect(doc.values('x-h99999')).toEqual(['v99999']);
    expect(doc.problems).toEqual([]);
  });

  it('splits a Contact of 100,000 bindings at its commas', LIMIT, () => {
    const doc = parseSipText(adv.manyCommas(100_000));
    expect(doc.contacts).toHaveLength(100_000);
    expect(doc.contacts[99_999]?.uri?.user).toBe('u99999');
    expect(doc.problems).toEqual([]);
  });

  it('reads 100,000 semicolons of parameters', LIMIT, () => {
    const doc = parseSipText(adv.manySemicolons(100_000));
    expect(doc.first('x-params')).toHaveLength(1 + 2 * 100_000);
    expect(doc.values('route')).toHaveLength(1);
    expect(doc.problems).toEqual([]);
  });

  it('keeps the commas inside 100,000 quoted display names', LIMIT, () => {
    const doc = parseSipText(adv.manyQuotedStrings(100_000));
    expect(doc.contacts).toHaveLength(100_000);
    expect(doc.contacts[77_777]?.display).toBe('Smith, J77777');
    expect(doc.problems).toEqual([]);
  });

  it('reads a header nested 100,000 angle brackets deep and says it is damaged', LIMIT, () => {
    const doc = parseSipText(adv.nestedAngles(100_000));
    expect(doc.kind).toBe('request');
    expect(doc.problems.some((p) => p.where === 'reply-to')).toBe(true);
    expect(parserFailure(doc.problems)).toBe(false);
  });

  it('reads a body of 10 MiB of CRLF', LIMIT, () => {
    const doc = parseSipText(adv.crlfBody(10 * MiB));
    expect(doc.body).toHaveLength(10 * MiB);
    expect(doc.problems).toEqual([]);
  });

  it('skips 200,000 empty lines before the start line (RFC 3261 §7.5)', LIMIT, () => {
    const doc = parseSipText(`${'\r\n'.repeat(200_000)}${adv.longHeader(10)}`);
    expect(doc.method).toBe('INVITE');
    expect(doc.headers[0]?.line).toBe(200_002);
    expect(doc.problems).toEqual([]);
  });

  it('reads a start line of 1 MiB', LIMIT, () => {
    const doc = parseSipText(adv.longStartLine(MiB));
    expect(doc.requestUri).toHaveLength(MiB + 'sip:@example.com'.length);
    expect(doc.problems).toEqual([]);
  });

  it('reports 20,000 messages run together without blank lines as one damaged message', LIMIT, () => {
    const doc = parseSipText(adv.messagesWithoutBlankLines(20_000));
    expect(doc.method).toBe('OPTIONS');
    expect(parserFailure(doc.problems)).toBe(false);
    expect(doc.problems.some((p) => p.message.includes("'OPTIONS sip' is not a header name"))).toBe(true);
    expect(doc.problems.some((p) => p.message.startsWith('no empty line ends the headers'))).toBe(true);
  });

  it('reads headers holding runs of 1 MiB of whitespace', LIMIT, () => {
    const doc = parseSipText(adv.whitespaceRun(MiB));
    expect(doc.contacts[0]?.params['expires']).toBe('60');
    expect(doc.values('record-route')).toHaveLength(2);
    expect(parserFailure(doc.problems)).toBe(false);
  });
});
