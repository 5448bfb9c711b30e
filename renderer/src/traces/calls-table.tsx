// The calls of the run, sngrep-style: one row per Call-ID with when, what, between whom, how it
// ended and what the rules found. Click, Ctrl/Cmd-click and Shift-click select; Up/Down move the
// selection (Shift extends it); Enter goes to the ladder. The next page loads when the list is
// scrolled near its end.
import { verdictText } from '../../../shared/diagnostics/media-view';
import { audioShort } from './rtp-streams';
import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { CallSummary } from '../../../shared/ipc/schemas/traces';
import { useNow } from '../common/use-now';
import { formatMessageTime } from '../format';
import { callResult, formatDuration, shortParty } from './call-format';
import type { ClickModifiers } from './call-selection';
import { CALL_COLOURS } from './ladder-row';

/** Within this many pixels of the end, the next page is asked for. */
const LOAD_AHEAD_PX = 300;

function CallDot({ index }: { readonly index: number | undefined }) {
  if (index === undefined) return <span className="call-dot none" aria-hidden="true" />;
  return <span className={`call-dot call-c${index % CALL_COLOURS}`} title="Its colour in the call flow" />;
}

/**
 * A call still up in a run still capturing: its duration counts on from its first message, since
 * nothing else is captured while it is up (media is not stored) and the last message is its ACK.
 */
function LiveDuration({ firstTsMicros }: { readonly firstTsMicros: number }) {
  const now = useNow();
  return <>{formatDuration(now * 1000 - firstTsMicros)}</>;
}

export interface CallsTableProps {
  readonly calls: readonly CallSummary[];
  readonly selected: ReadonlySet<string>;
  /** The row keyboard moves start from (focused). */
  readonly cursor: string | undefined;
  readonly hasMore: boolean;
  /** The colour index of each call drawn in the ladder, so rows and arrows match. */
  readonly colours: ReadonlyMap<string, number>;
  /** The run is still capturing: a call "in call" has its duration counted live. */
  readonly live?: boolean;
  readonly onClick: (callId: string, mods: ClickModifiers) => void;
  readonly onStep: (step: 1 | -1, extend: boolean) => void;
  readonly onEnter: () => void;
  readonly onNearEnd: () => void;
}

export function CallsTable({
  calls,
  selected,
  cursor,
  hasMore,
  colours,
  live = false,
  onClick,
  onStep,
  onEnter,
  onNearEnd,
}: CallsTableProps) {
  const scroller = useRef<HTMLDivElement>(null);

  const checkEnd = (): void => {
    const el = scroller.current;
    if (el && hasMore && el.scrollTop + el.clientHeight >= el.scrollHeight - LOAD_AHEAD_PX) onNearEnd();
  };
  // A first page shorter than the view cannot be scrolled: ask for more until it fills.
  useEffect(checkEnd);

  // The cursor row follows the keyboard (or a jump) into view once, as soon as it is listed.
  const revealed = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (cursor === undefined || revealed.current === cursor) return;
    const row = scroller.current?.querySelector<HTMLElement>(`tr[data-call-id="${CSS.escape(cursor)}"]`);
    if (!row) return;
    row.scrollIntoView({ block: 'nearest' });
    revealed.current = cursor;
  });

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      onStep(event.key === 'ArrowDown' ? 1 : -1, event.shiftKey);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onEnter();
    }
  };
  const click =
    (callId: string) =>
    (event: MouseEvent): void => {
      onClick(callId, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey });
    };
  // The browser extends the text selection on a Shift-mousedown, before any click: a range click
  // selects calls, not the page's text. The table still takes the focus for Up/Down.
  const mouseDown = (event: MouseEvent<HTMLTableElement>): void => {
    if (!event.shiftKey) return;
    event.preventDefault();
    event.currentTarget.focus({ preventScroll: true });
    window.getSelection()?.removeAllRanges();
  };

  return (
    <div className="calls-scroll" ref={scroller} onScroll={checkEnd}>
      <table
        className="grid calls-table"
        data-testid="calls-table"
        tabIndex={0}
        aria-multiselectable="true"
        aria-label="Calls: Up and Down select, Shift extends, Enter opens the ladder"
        onKeyDown={onKeyDown}
        onMouseDown={mouseDown}
      >
        <thead>
          <tr>
            <th>Time</th>
            <th>Method</th>
            <th>From</th>
            <th>To</th>
            <th className="num">Status</th>
            <th title="The INVITE dialog's state, as sngrep says it">State</th>
            <th title="Which way RTP flowed, for a capture that held RTP">Audio</th>
            <th className="num">Duration</th>
            <th className="num" title="Messages">
              Msgs
            </th>
            <th title="Findings: errors and warnings">Findings</th>
            <th>Call-ID</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr
              key={call.callId}
              data-testid="call-list-row"
              data-call-id={call.callId}
              data-method={call.method}
              aria-selected={selected.has(call.callId)}
              className={call.callId === cursor ? 'cursor' : undefined}
              onClick={click(call.callId)}
            >
              <td className="mono">
                <CallDot index={selected.has(call.callId) ? colours.get(call.callId) : undefined} />
                {formatMessageTime(call.firstTsMicros)}
              </td>
              <td className="mono method">{call.method || '—'}</td>
              <td className="mono party" title={call.from}>
                {shortParty(call.from)}
              </td>
              <td className="mono party" title={call.to}>
                {shortParty(call.to)}
              </td>
              <td className={`num mono status ${callResult(call)}`}>{call.status ?? '…'}</td>
              <td className={`call-state ${(call.state ?? '').replace(' ', '-')}`} data-testid="call-state">
                {call.state ?? ''}
              </td>
              <td
                className={`call-audio ${call.audio?.verdict ?? ''}`}
                data-testid="call-audio"
                title={
                  call.audio
                    ? `${verdictText(call.audio.verdict)}: ${call.audio.fromCaller} RTP packets from the caller, ${call.audio.toCaller} to it (${call.audio.streams} stream(s))`
                    : undefined
                }
              >
                {call.audio ? audioShort(call.audio.verdict) : ''}
              </td>
              <td className="num mono" data-testid="call-duration">
                {live && call.state === 'in call' ? (
                  <LiveDuration firstTsMicros={call.firstTsMicros} />
                ) : (
                  formatDuration(call.lastTsMicros - call.firstTsMicros)
                )}
              </td>
              <td className="num mono">{call.messageCount}</td>
              <td>
                <span className="counts">
                  {call.errors > 0 && (
                    <span
                      className="count error"
                      title={call.errors === 1 ? '1 error' : `${call.errors} errors`}
                    >
                      {call.errors} err
                    </span>
                  )}
                  {call.warnings > 0 && (
                    <span
                      className="count warning"
                      title={call.warnings === 1 ? '1 warning' : `${call.warnings} warnings`}
                    >
                      {call.warnings} warn
                    </span>
                  )}
                </span>
              </td>
              <td className="mono callid" title={call.callId}>
                {call.callId || '(no Call-ID)'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasMore && <p className="empty more-hint">Scroll for more calls…</p>}
    </div>
  );
}
