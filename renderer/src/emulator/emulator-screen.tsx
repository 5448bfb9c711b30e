// The Emulator screen: be the provider for the customer's PBX before cut-over. Choose the
// provider's profile, where to listen (and a second region), and the target whose user and
// password the PBX will register with; then read the customer the one line that says where to
// point the PBX, and watch its registrations, calls, refusals and findings arrive live.
import { useState } from 'react';
import { TargetSelect, useChosenTarget, type TargetScreenProps } from '../common/target-select';
import { TextField } from '../common/text-field';
import { useAction } from '../common/use-action';
import { useEmulatorStatus } from './use-emulator-status';

const PROFILES = ['skyetel', 'skyswitch', 'generic'] as const;

export function EmulatorScreen({ client, targets, navigate }: TargetScreenProps) {
  const { list, target, setTargetId } = useChosenTarget(targets);
  const [profile, setProfile] = useState<string>('skyetel');
  const [listen, setListen] = useState('127.0.0.1:5060');
  const [region, setRegion] = useState('');
  const [settings, setSettings] = useState('');
  const [did, setDid] = useState('');
  const [caller, setCaller] = useState('');
  const { status, error, refresh } = useEmulatorStatus(client);
  const action = useAction();
  const running = status?.state === 'running';
  const ipTrunk = profile === 'skyswitch';

  const start = (): void =>
    action.run(async () => {
      await client.request('emulator.start', {
        profile,
        listen,
        regions: region.trim() ? [region.trim()] : [],
        ...(ipTrunk || !target ? {} : { targetId: target.id }),
        set: settings
          .split(/\s+/)
          .map((s) => s.trim())
          .filter(Boolean),
      });
      refresh();
    });

  return (
    <section className="pane screen-pane" data-testid="emulator-screen">
      <h2>Provider emulator</h2>
      <div className="toolbar">
        <label className="inline-field">
          <span className="field-label">Provider</span>
          <select data-testid="emulator-profile" value={profile} onChange={(e) => setProfile(e.target.value)}>
            {PROFILES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <TextField label="Listen" data-testid="emulator-listen" value={listen} onChange={setListen} />
        <TextField
          label="Second region"
          data-testid="emulator-region"
          placeholder="ADDR:PORT (optional)"
          value={region}
          onChange={setRegion}
        />
        {!ipTrunk && <TargetSelect targets={list} value={target?.id} onChange={setTargetId} />}
        <TextField
          label="Profile values"
          data-testid="emulator-set"
          placeholder="min_register_interval=100 …"
          value={settings}
          onChange={setSettings}
        />
        <button
          type="button"
          className="primary"
          data-testid="emulator-start"
          disabled={action.busy || running}
          onClick={start}
        >
          Start
        </button>
        <button
          type="button"
          data-testid="emulator-stop"
          disabled={action.busy || !running}
          onClick={() =>
            action.run(async () => {
              await client.request('emulator.stop', {});
              refresh();
            })
          }
        >
          Stop
        </button>
      </div>
      {(action.error ?? error) && (
        <p className="error" role="alert" data-testid="emulator-error">
          {action.error ?? error}
        </p>
      )}
      {status && (
        <div data-testid="emulator-status" data-state={status.state}>
          <p className="banner" data-testid="emulator-instructions">
            {status.state === 'running' ? status.instructions : `Stopped. ${status.instructions}`}
          </p>
          <p className="muted">
            {status.profile} (
            {status.kind === 'ip-authenticated' ? 'IP-authenticated trunk' : 'registration trunk'}) · run{' '}
            {status.runId} · <span data-testid="emulator-messages">{status.messages}</span> messages ·{' '}
            {status.counts.registrations} registrations, {status.counts.refusedRegistrations} refused ·{' '}
            {status.counts.callsFromPbx} calls from the PBX, {status.counts.refusedCalls} refused ·{' '}
            {status.callsUp} up
            {status.lockedOut.length > 0 &&
              ` · locked out: ${status.lockedOut.map((l) => l.address).join(', ')}`}{' '}
            <button type="button" onClick={() => navigate.toTrace({ runId: status.runId })}>
              Open the trace
            </button>
          </p>
          <h3>Registered PBXs</h3>
          {status.bindings.length === 0 ? (
            <p className="empty">No PBX is registered.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>User</th>
                  <th>Region</th>
                  <th>From</th>
                  <th>Contact</th>
                  <th>Expires in</th>
                </tr>
              </thead>
              <tbody>
                {status.bindings.map((b) => (
                  <tr key={`${b.user}-${b.region}-${b.contact}`} data-testid="emulator-binding">
                    <td>{b.user}</td>
                    <td>{b.region + 1}</td>
                    <td className="mono">
                      {b.source.address}:{b.source.port}
                    </td>
                    <td className="mono">{b.contact}</td>
                    <td>{b.expiresInS} s</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="toolbar" data-testid="emulator-call-pbx">
            <TextField
              label="DID"
              data-testid="emulator-did"
              placeholder="+15550123456"
              value={did}
              onChange={setDid}
            />
            <TextField
              label="Caller"
              data-testid="emulator-caller"
              placeholder="+15550100001"
              value={caller}
              onChange={setCaller}
            />
            <button
              type="button"
              data-testid="emulator-call"
              disabled={action.busy || !running || status.bindings.length === 0 || did.trim() === ''}
              title={
                status.bindings.length === 0
                  ? 'No PBX is registered: nowhere to deliver the call'
                  : 'Deliver an inbound call to the registered PBX, as the provider would'
              }
              onClick={() =>
                action.run(async () => {
                  await client.request('emulator.call-pbx', {
                    did: did.trim(),
                    ...(caller.trim() ? { caller: caller.trim() } : {}),
                  });
                  refresh();
                })
              }
            >
              Call the PBX
            </button>
          </div>
          <h3>Findings</h3>
          {status.findings.length === 0 ? (
            <p className="empty">No rule broken so far.</p>
          ) : (
            <ul>
              {status.findings.map((f) => (
                <li key={`${f.rule}-${f.title}`} data-testid="emulator-finding" data-rule={f.rule}>
                  <span className={`pill ${f.severity}`}>{f.severity}</span>{' '}
                  <span className="mono">{f.rule}</span> {f.title}
                </li>
              ))}
            </ul>
          )}
          <h3>What happened</h3>
          <ul className="mono">
            {[...status.events].reverse().map((e, i) => (
              <li
                key={`${e.atMs}-${i}`}
                data-testid="emulator-event"
                data-kind={e.kind}
                data-status={e.status ?? ''}
              >
                {new Date(e.atMs).toLocaleTimeString()} {e.kind} {e.text}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
