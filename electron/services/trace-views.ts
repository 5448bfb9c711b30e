// Store records as the contract's views. The raw bytes become latin1 text: one character per byte,
// so the exact bytes survive JSON and the UI can still show them as text.
import type { MessageView, RunView } from '../../shared/ipc/contract';
import type { RunRecord, StoredMessage } from '../../shared/trace-types';

export function toRunView(run: RunRecord): RunView {
  return { ...run, params: run.params === undefined ? undefined : { ...run.params } };
}

export function toMessageView(message: StoredMessage): MessageView {
  const { raw, ...summary } = message;
  return { ...summary, raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1') };
}
