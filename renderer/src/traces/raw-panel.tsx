// The selected message beside the ladder: first the findings about it with their fix (what the
// technician came for), then the message as it was on the wire: numbered lines in monospace,
// wrapped, header names set apart, the lines the findings point at highlighted.
import { useEffect, useMemo, useRef } from 'react';
import type { FindingView } from '../../../shared/ipc/schemas/traces';
import { formatEndpoint, formatMessageTime } from '../format';
import type { IpcClient } from '../ipc-client';
import { rawLines, splitHeader, type RawLine } from './raw-lines';
import { findingsOfMessage, SEVERITY_LABEL } from './severity';
import { useMessage } from './use-message';

export interface RawPanelProps {
  readonly client: IpcClient;
  readonly messageId: number;
  /** The findings of the ladder's calls; those about this message are listed. */
  readonly findings: readonly FindingView[];
  readonly onClose: () => void;
}

function LineText({ line }: { readonly line: RawLine }) {
  if (line.part === 'start') return <strong>{line.text}</strong>;
  const header = line.part === 'header' ? splitHeader(line.text) : undefined;
  if (!header) return <>{line.text || ' '}</>;
  return (
    <>
      <span className="raw-name">{header.name}</span>
      {header.rest}
    </>
  );
}

export function RawLines({ lines }: { readonly lines: readonly RawLine[] }) {
  return (
    <pre className="raw raw-lines" data-testid="raw-message">
      {lines.map((line) => (
        <span
          key={line.number}
          className={line.highlight ? 'raw-line highlight' : 'raw-line'}
          data-testid={line.highlight ? 'raw-highlight' : undefined}
          data-line={line.number}
        >
          <LineText line={line} />
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

export function RawPanel({ client, messageId, findings, onClose }: RawPanelProps) {
  const { message, loading, error } = useMessage(client, messageId);
  const own = useMemo(() => findingsOfMessage(findings, messageId), [findings, messageId]);
  const lines = useMemo(() => (message ? rawLines(message.raw, own.lines) : []), [message, own.lines]);
  const body = useRef<HTMLDivElement>(null);

  // The panel opens at its top: the findings and their fix come first, and each names its line.
  // Scrolled down for the highlighted line only if that line would be cut off at the bottom and
  // there is no finding above to read first.
  useEffect(() => {
    const el = body.current;
    if (!el) return;
    el.scrollTop = 0;
    if (own.findings.length === 0)
      el.querySelector('.raw-line.highlight')?.scrollIntoView({ block: 'nearest' });
  }, [lines, own.findings.length]);

  return (
    <aside
      className="raw-panel"
      aria-label="Raw message"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="raw-panel-head">
        <h3>
          {message ? (
            <>
              {message.direction === 'out' ? 'Sent' : 'Received'} {formatMessageTime(message.tsMicros)}{' '}
              <span className="muted mono">
                {message.direction === 'out'
                  ? `${formatEndpoint(message.local)} → ${formatEndpoint(message.remote)}`
                  : `${formatEndpoint(message.remote)} → ${formatEndpoint(message.local)}`}{' '}
                {message.transport.toUpperCase()}
              </span>
            </>
          ) : (
            'Raw message'
          )}
        </h3>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          title="Close (Esc)"
          data-testid="raw-close"
        >
          ×
        </button>
      </header>
      <div className="raw-panel-body" ref={body}>
        {/* The fix first: what is wrong with this message and what to change, then the proof. */}
        {own.findings.length > 0 && (
          <section
            className="raw-findings"
            aria-label="Findings about this message"
            data-testid="raw-findings"
          >
            <h4>Findings about this message</h4>
            {own.findings.map((finding, i) => (
              <article
                key={`${finding.rule}-${i}`}
                className={`raw-finding ${finding.severity}`}
                data-rule={finding.rule}
              >
                <p className="raw-finding-title">
                  <span className={`sev-chip ${finding.severity}`}>{SEVERITY_LABEL[finding.severity]}</span>{' '}
                  {finding.title} <code className="muted">{finding.rule}</code>
                </p>
                <p className="raw-finding-fix">
                  <strong>Fix:</strong> {finding.fix}
                </p>
              </article>
            ))}
          </section>
        )}
        {error ? (
          <p className="error" role="alert">
            Could not read message {messageId}: {error}
          </p>
        ) : !message ? (
          <p className="empty">{loading ? 'Loading…' : 'No such message.'}</p>
        ) : (
          <>
            {message.parseError && (
              <p className="error">This message could not be read as SIP: {message.parseError}</p>
            )}
            <RawLines lines={lines} />
          </>
        )}
      </div>
    </aside>
  );
}
