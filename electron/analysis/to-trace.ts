// Builds the rules engine's trace from what the store holds or what an import read, so live runs
// and customer captures are analysed by exactly the same code.
import type { TraceMessage } from '../../shared/diagnostics/trace-model';
import { keepAliveOfText } from '../../shared/sip/keep-alive';
import { parseSipText } from '../../shared/sip/tolerant-parse';
import type { StoredMessage } from '../../shared/trace-types';
import type { ImportedMessage } from '../import/imported-message';

export function traceFromImported(messages: readonly ImportedMessage[]): TraceMessage[] {
  return messages.map((m, index) => {
    const keepAlive = keepAliveOfText(m.text);
    return {
      index,
      tsMicros: m.tsMicros,
      transport: m.transport,
      src: m.src,
      dst: m.dst,
      text: m.text,
      doc: parseSipText(m.text, { transport: m.transport }),
      ...(keepAlive !== undefined ? { keepAlive } : {}),
    };
  });
}

export function traceFromStored(messages: readonly StoredMessage[]): TraceMessage[] {
  return messages.map((m, index) => {
    const text = Buffer.from(m.raw).toString('latin1');
    const out = m.direction === 'out';
    const keepAlive = keepAliveOfText(text);
    return {
      index,
      tsMicros: m.tsMicros,
      transport: m.transport,
      src: out ? m.local : m.remote,
      dst: out ? m.remote : m.local,
      text,
      doc: parseSipText(text, { transport: m.transport }),
      storedId: m.id,
      ...(keepAlive !== undefined ? { keepAlive } : {}),
    };
  });
}
