// The selected message exactly as it was on the wire.
import type { MessageView } from '../../shared/ipc/contract';
import { printableRaw } from './format';

export function RawMessage({ message }: { readonly message: MessageView | undefined }) {
  if (message === undefined) return <p className="empty">Select a message to see its raw text.</p>;
  return (
    <pre className="raw" data-testid="raw-message">
      {printableRaw(message.raw)}
    </pre>
  );
}
