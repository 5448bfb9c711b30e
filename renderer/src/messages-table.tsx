// The messages of one run in capture order: when, which way, between which addresses, what.
import type { MessageView } from '../../shared/ipc/contract';
import { formatEndpoint, formatMessageTime, messageLabel } from './format';
import { selectOnKey } from './select-on-key';

export interface MessagesTableProps {
  readonly messages: readonly MessageView[];
  readonly selectedId: number | undefined;
  readonly onSelect: (id: number) => void;
}

export function MessagesTable({ messages, selectedId, onSelect }: MessagesTableProps) {
  return (
    <table className="grid" data-testid="messages-table">
      <thead>
        <tr>
          <th>Time</th>
          <th>Local</th>
          <th aria-label="Direction" />
          <th>Remote</th>
          <th>Message</th>
          <th>Call-ID</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((message) => (
          <tr
            key={message.id}
            data-testid="message-row"
            data-message-id={message.id}
            aria-selected={message.id === selectedId}
            tabIndex={0}
            onClick={() => onSelect(message.id)}
            onKeyDown={selectOnKey(() => onSelect(message.id))}
          >
            <td className="mono">{formatMessageTime(message.tsMicros)}</td>
            <td className="mono">{formatEndpoint(message.local)}</td>
            <td
              className={`arrow ${message.direction}`}
              title={message.direction === 'out' ? 'sent' : 'received'}
            >
              {message.direction === 'out' ? '→' : '←'}
            </td>
            <td className="mono">
              {formatEndpoint(message.remote)}{' '}
              <span className="muted">{message.transport.toUpperCase()}</span>
            </td>
            <td className={message.parsed ? 'mono' : 'mono unparsed'} title={message.parseError}>
              {messageLabel(message)}
            </td>
            <td className="mono ellipsis" title={message.callId}>
              {message.callId ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
