// The Capture screen, sngrep with the provider rules on top: pick an interface (with its
// addresses), keep or edit the default filter for SIP and RTP, start; or listen for HEP from the
// customer's proxy. The running capture's run shows below as it grows: counters, findings as soon
// as they are proven, and the Traces screen's call list and ladder, updating with each packet.
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { TextField } from '../common/text-field';
import { useAction } from '../common/use-action';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';
import type { Navigate } from '../navigation';
import { FindingCard } from '../traces/finding-card';
import { TracesScreen } from '../traces/traces-screen';
import { useCaptureStatus } from './use-capture-status';
import { useRunFindings } from './use-run-findings';

type Interfaces = ResponseOf<'capture.interfaces'>;
type Status = NonNullable<ResponseOf<'capture.status'>['capture']>;

const FINDINGS_SHOWN = 20;

function StatusLine({
  status,
  testId,
}: {
  readonly status: Status | null | undefined;
  readonly testId: string;
}) {
  if (!status) return null;
  return (
    <p className="muted" data-testid={testId} data-state={status.state}>
      Run {status.runId} · {status.source} · {status.state} · {status.packets.toLocaleString()} packet(s),{' '}
      <span data-testid={`${testId}-messages`}>{status.messages.toLocaleString()}</span> SIP message(s)
      {status.dropped > 0 && ` · ${status.dropped.toLocaleString()} dropped/ignored`}
      {status.rtpStreams !== undefined && (
        <span data-testid={`${testId}-rtp`}>
          {' '}
          · RTP: {status.rtpStreams.toLocaleString()} stream(s), {(status.rtpPackets ?? 0).toLocaleString()}{' '}
          packet(s)
        </span>
      )}
      {status.summary && ` · ${status.summary}`}
    </p>
  );
}

export function CaptureScreen({
  client,
  navigate,
}: {
  readonly client: IpcClient;
  readonly navigate: Navigate;
}) {
  const [list, setList] = useState<Interfaces>();
  const [listError, setListError] = useState<string>();
  const [iface, setIface] = useState('any');
  const [filter, setFilter] = useState<string>();
  const [ring, setRing] = useState('');
  const [listen, setListen] = useState('0.0.0.0:9060');
  const [shownRun, setShownRun] = useState<number>();
  const { status, error: statusError, refresh } = useCaptureStatus(client);
  const action = useAction();

  useEffect(() => {
    let active = true;
    client.request('capture.interfaces', {}).then(
      (reply) => {
        if (!active) return;
        setList(reply);
        setFilter((f) => f ?? reply.defaultFilter);
      },
      (e: unknown) => active && setListError(messageOf(e)),
    );
    return () => {
      active = false;
    };
  }, [client]);

  const capture = status?.capture;
  const hep = status?.hep;
  const capturing = capture?.state === 'running' || capture?.state === 'stopping';
  const listening = hep?.state === 'running' || hep?.state === 'stopping';
  // The run shown below: the one last started here, else whichever is running.
  const runId = shownRun ?? capture?.runId ?? hep?.runId;
  // The run's views (calls, ladder, findings) start with its first message: analysing an empty run
  // would only pace the next analysis of a run still capturing (analysis-cache.ts).
  const current = [capture, hep].find((r) => r?.runId === runId);
  const hasMessages = current === undefined || current === null || current.messages > 0;
  const viewRunId = hasMessages ? runId : undefined;
  const findings = useRunFindings(client, viewRunId);
  const ringValue = ring.trim() === '' ? undefined : Number(ring);
  const ringBad = ringValue !== undefined && (!Number.isInteger(ringValue) || ringValue < 1);

  const start = (): void =>
    action.run(async () => {
      const { runId: id } = await client.request('capture.start', {
        iface,
        filter: filter ?? '',
        ...(ringValue !== undefined ? { ring: ringValue } : {}),
      });
      setShownRun(id);
      refresh();
    });
  const startHep = (): void =>
    action.run(async () => {
      const { runId: id } = await client.request('hep.listen', {
        listen,
        ...(ringValue !== undefined ? { ring: ringValue } : {}),
      });
      setShownRun(id);
      refresh();
    });
  const stop = (channel: 'capture.stop' | 'hep.stop'): void =>
    action.run(async () => {
      await client.request(channel, {});
      refresh();
    });

  const problem = listError ?? list?.problem;
  return (
    <section className="capture-screen" data-testid="capture-screen">
      <div className="pane screen-pane">
        <h2>Capture</h2>
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            start();
          }}
        >
          <label className="inline-field">
            <span className="field-label">Interface</span>
            <select data-testid="capture-iface" value={iface} onChange={(e) => setIface(e.target.value)}>
              {(list?.interfaces ?? [{ name: 'any', addresses: [], loopback: false }]).map((i) => (
                <option key={i.name} value={i.name}>
                  {i.name}
                  {i.description ? ` (${i.description})` : ''}
                  {i.addresses.length > 0 ? ` — ${i.addresses.join(', ')}` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="inline-field grow">
            <span className="field-label">Filter</span>
            <input
              data-testid="capture-filter"
              className="mono"
              value={filter ?? ''}
              maxLength={1000}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="BPF, e.g. port 5060"
            />
          </label>
          <TextField
            label="Keep newest"
            data-testid="capture-ring"
            value={ring}
            size={8}
            onChange={setRing}
            placeholder="all"
            aria-invalid={ringBad}
          />
          <button
            type="submit"
            className="primary"
            data-testid="capture-start"
            disabled={capturing || action.busy || ringBad}
          >
            Start capture
          </button>
          <button
            type="button"
            data-testid="capture-stop"
            disabled={!capturing || action.busy}
            onClick={() => stop('capture.stop')}
          >
            Stop
          </button>
        </form>
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            startHep();
          }}
        >
          <TextField
            label="HEP listen (UDP)"
            data-testid="hep-listen"
            className="mono"
            value={listen}
            size={22}
            onChange={setListen}
          />
          <button type="submit" data-testid="hep-start" disabled={listening || action.busy || ringBad}>
            Listen for HEP
          </button>
          <button
            type="button"
            data-testid="hep-stop"
            disabled={!listening || action.busy}
            onClick={() => stop('hep.stop')}
          >
            Stop
          </button>
        </form>
        {problem && (
          <p className="error" role="alert" data-testid="capture-problem">
            {problem}
          </p>
        )}
        {(action.error ?? statusError) && (
          <p className="error" role="alert" data-testid="capture-error">
            {action.error ?? statusError}
          </p>
        )}
        {ringBad && <p className="error">Keep newest: a whole number of messages, at least 1.</p>}
        <StatusLine status={capture} testId="capture-status" />
        <StatusLine status={hep} testId="hep-status" />
      </div>
      {runId !== undefined && !hasMessages && (
        <p className="empty" data-testid="capture-waiting">
          Waiting for the first SIP message…
        </p>
      )}
      {viewRunId !== undefined && (
        <div className="pane" data-testid="capture-findings">
          <h2>
            Findings
            {findings.findings && <span className="muted"> — {findings.findings.length}</span>}
          </h2>
          {findings.error && <p className="error">{findings.error}</p>}
          {findings.findings?.length === 0 && <p className="empty">Nothing wrong proven yet.</p>}
          {findings.findings?.slice(0, FINDINGS_SHOWN).map((f, i) => (
            <FindingCard
              key={`${f.rule}-${i}`}
              finding={f}
              onJump={(e) =>
                navigate.toTrace({
                  runId: viewRunId,
                  messageId: e.messageId,
                  ...(e.callId ? { callId: e.callId } : {}),
                })
              }
            />
          ))}
        </div>
      )}
      {viewRunId !== undefined && (
        <TracesScreen client={client} focus={{ runId: viewRunId }} navigate={navigate} />
      )}
    </section>
  );
}
