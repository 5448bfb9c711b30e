// Call: an outbound test call through the target (tone both ways, optional DTMF) and inbound
// answering on its registration; every call shows its progress and the media verdict with packet
// counts, and opens its ladder in Traces.
import { useState } from 'react';
import type { CallView } from '../../../shared/ipc/schemas/live';
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import { TargetSelect, useChosenTarget, type TargetScreenProps } from '../common/target-select';
import { TextField } from '../common/text-field';
import { useAction } from '../common/use-action';
import { useLive } from '../common/use-live';
import type { IpcClient } from '../ipc-client';
import type { Navigate } from '../navigation';
import { CallClock } from './call-clock';
import { CallFix } from './call-fix';

export function CallScreen({ client, targets, navigate }: TargetScreenProps) {
  const { list, target, setTargetId } = useChosenTarget(targets);
  const [to, setTo] = useState('');
  const [hold, setHold] = useState('10');
  const [dtmf, setDtmf] = useState('');
  const [echo, setEcho] = useState(true);
  const live = useLive(client);
  const action = useAction();
  const calls = [...(live?.calls ?? [])].reverse();
  const answering = live?.answering ?? [];

  const start = (): void => {
    if (!target) return;
    const holdS = Number(hold);
    action.run(() =>
      client.request('call.start', {
        targetId: target.id,
        to,
        holdS: Number.isFinite(holdS) ? holdS : 10,
        ...(dtmf ? { dtmf } : {}),
      }),
    );
  };

  return (
    <section className="pane screen-pane" data-testid="call-screen">
      <h2>Call</h2>
      <div className="toolbar">
        <TargetSelect targets={list} value={target?.id} onChange={setTargetId} />
      </div>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          start();
        }}
      >
        <TextField
          label="Call"
          data-testid="call-to"
          value={to}
          onChange={setTo}
          placeholder="number"
          required
        />
        <TextField
          label="Hold (s)"
          data-testid="call-hold"
          value={hold}
          onChange={setHold}
          inputMode="decimal"
          size={4}
        />
        <TextField
          label="DTMF"
          data-testid="call-dtmf"
          value={dtmf}
          onChange={setDtmf}
          size={6}
          placeholder="123#"
        />
        <button type="submit" className="primary" data-testid="call-start" disabled={!target || action.busy}>
          Place test call
        </button>
      </form>
      <div className="toolbar">
        <label className="check">
          <input
            type="checkbox"
            data-testid="answer-echo"
            checked={echo}
            onChange={(e) => setEcho(e.target.checked)}
          />
          Echo the caller's audio
        </label>
        <button
          type="button"
          data-testid="answer-start"
          disabled={!target || action.busy}
          onClick={() =>
            target &&
            action.run(() => client.request('answer.start', { targetId: target.id, register: true, echo }))
          }
        >
          Answer inbound calls
        </button>
        <button
          type="button"
          data-testid="answer-stop"
          disabled={!target || action.busy}
          onClick={() => target && action.run(() => client.request('answer.stop', { targetId: target.id }))}
        >
          Stop answering
        </button>
      </div>
      {action.error && (
        <p className="error" role="alert" data-testid="call-error">
          {action.error}
        </p>
      )}
      {answering.map((a) => (
        <p key={a.targetId} className="note" data-testid="answer-row">
          Answering for {list.find((t) => t.id === a.targetId)?.name ?? a.targetId} on{' '}
          <span className="mono">{a.listening}</span>
          {a.echo ? ' · echo on' : ''} — {a.message}
        </p>
      ))}
      <div className="scroll cards">
        {calls.length === 0 ? (
          <p className="empty">No calls yet.</p>
        ) : (
          calls.map((c) => (
            <CallCard
              key={c.key}
              c={c}
              client={client}
              target={list.find((t) => t.id === c.targetId)}
              navigate={navigate}
              onHangup={() => action.run(() => client.request('call.hangup', { key: c.key }))}
            />
          ))
        )}
      </div>
    </section>
  );
}

function CallCard({
  c,
  client,
  target,
  navigate,
  onHangup,
}: {
  c: CallView;
  client: IpcClient;
  target: TargetView | undefined;
  navigate: Navigate;
  onHangup: () => void;
}) {
  const up = c.state === 'calling' || c.state === 'ringing' || c.state === 'answered';
  return (
    <article className="card" data-testid="call-row" data-state={c.state} data-direction={c.direction}>
      <header className="card-head">
        <span className={`badge state-${c.state}`}>{c.state}</span>
        <strong>
          {c.direction === 'out' ? 'Out' : 'In'}: {c.from} → {c.to}
        </strong>
        {up && (
          <button type="button" data-testid="call-hangup" onClick={onHangup}>
            Hang up
          </button>
        )}
        {c.runId !== undefined && (
          <button
            type="button"
            className="link"
            data-testid="call-open-trace"
            onClick={() => navigate.toTrace({ runId: c.runId!, ...(c.callId ? { callId: c.callId } : {}) })}
          >
            Open trace
          </button>
        )}
      </header>
      <p className="mono small" data-testid="call-progress">
        {c.progress.join(' → ') || '…'}
      </p>
      <CallClock call={c} />
      {c.media && (
        <p>
          <span className={`badge media-${c.media.verdict}`} data-testid="call-media-verdict">
            {c.media.verdict}
          </span>{' '}
          <span data-testid="call-packets">
            {c.media.packetsSent} packets sent, {c.media.packetsReceived} received
            {c.media.codec ? ` · ${c.media.codec}` : ''}
          </span>
        </p>
      )}
      <p data-testid="call-message">{c.message}</p>
      <CallFix client={client} call={c} target={target} />
    </article>
  );
}
