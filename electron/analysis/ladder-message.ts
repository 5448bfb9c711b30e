// A stored message as the ladder draws it: the store's summary plus the two things only the raw
// text knows, the top Via branch and whether an SDP body rides along. The raw text itself stays
// behind; the UI fetches it per message on click (traces.message).
import type { LadderMessage } from '../../shared/ipc/schemas/traces';
import { keepAliveOfText } from '../../shared/sip/keep-alive';
import { splitSections } from '../../shared/sip/message-sections';
import { splitList } from '../../shared/sip/split-outside';
import { readVia } from '../../shared/sip/via';
import type { StoredMessage } from '../../shared/trace-types';

export function toLadderMessage(stored: StoredMessage): LadderMessage {
  const { raw, parseError: _parseError, runId: _runId, ...summary } = stored;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const keepAlive = keepAliveOfText(text);
  if (keepAlive !== undefined) return { ...summary, hasSdp: false, keepAlive };
  const { branch, hasSdp } = readRaw(text);
  return { ...summary, ...(branch !== undefined ? { branch } : {}), hasSdp };
}

function readRaw(text: string): { branch?: string; hasSdp: boolean } {
  const sections = splitSections(text);
  let via: string | undefined;
  let contentType: string | undefined;
  for (const { header } of sections.headers) {
    // RFC 3261 §8.1.1.7 / §17.2.3: the branch of the topmost Via names the transaction.
    if (via === undefined && header.name === 'via') via = splitList(header.value)[0];
    if (contentType === undefined && header.name === 'content-type') contentType = header.value;
  }
  const branch = via === undefined ? undefined : readVia(via).value.branch;
  return { branch: branch === '' ? undefined : branch, hasSdp: carriesSdp(contentType, sections.body) };
}

/** RFC 3264 offers and answers travel as application/sdp, alone or as one part of a multipart body. */
function carriesSdp(contentType: string | undefined, body: string): boolean {
  if (body.trim() === '' || contentType === undefined) return false;
  const type = contentType.toLowerCase();
  if (type.startsWith('application/sdp')) return true;
  return type.startsWith('multipart/') && /content-type:\s*application\/sdp/i.test(body);
}
