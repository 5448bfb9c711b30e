// Register: start and stop a registration per target, and read what the registrar granted and
// saw: expiry, the next refresh, bindings (ours and other devices'), our public address, and a 429
// block with its Retry-After counting down.
import { useState } from 'react';
import type { RegistrationView } from '../../../shared/ipc/schemas/live';
import { TargetSelect, useChosenTarget, type TargetScreenProps } from '../common/target-select';
import { useAction } from '../common/use-action';
import { useLive } from '../common/use-live';
import { countdown, useNow } from '../common/use-now';
import type { Navigate } from '../navigation';

const ACTIVE_STATES: ReadonlySet<RegistrationView['state']> = new Set([
  'starting',
  'registering',
  'registered',
  'blocked',
  'stopping',
]);

export function RegisterScreen({ client, targets, navigate }: TargetScreenProps) {
  const { list, target, setTargetId } = useChosenTarget(targets);
  const [allTargets, setAllTargets] = useState(false);
  const live = useLive(client);
  const action = useAction();
  const rows = live?.registrations ?? [];
  // A target registered (or on its way) is not offered Register again: Stop first.
  const active = rows.find((r) => r.targetId === target?.id && ACTIVE_STATES.has(r.state));

  return (
    <section className="pane screen-pane" data-testid="register-screen">
      <h2>Register</h2>
      <div className="toolbar">
        <TargetSelect targets={list} value={target?.id} onChange={setTargetId} />
        <label className="check">
          <input
            type="checkbox"
            data-testid="register-all-targets"
            checked={allTargets}
            onChange={(e) => setAllTargets(e.target.checked)}
          />
          Every region behind the SRV name
        </label>
        <button
          type="button"
          className="primary"
          data-testid="register-start"
          disabled={!target || action.busy || active !== undefined}
          title={
            active
              ? `${target?.name ?? 'This target'} is ${active.state}: stop it to register again`
              : undefined
          }
          onClick={() =>
            target && action.run(() => client.request('register.start', { targetId: target.id, allTargets }))
          }
        >
          Register
        </button>
        <button
          type="button"
          data-testid="register-stop"
          disabled={!target || action.busy}
          onClick={() => target && action.run(() => client.request('register.stop', { targetId: target.id }))}
        >
          Stop and un-register
        </button>
      </div>
      {action.error && (
        <p className="error" role="alert" data-testid="register-error">
          {action.error}
        </p>
      )}
      <div className="scroll cards">
        {rows.length === 0 ? (
          <p className="empty">No registration yet. Pick a target and press Register.</p>
        ) : (
          rows.map((r) => (
            <RegistrationCard
              key={`${r.targetId}/${r.region}`}
              r={r}
              name={list.find((t) => t.id === r.targetId)?.name ?? r.targetId}
              navigate={navigate}
            />
          ))
        )}
      </div>
    </section>
  );
}

function RegistrationCard({ r, name, navigate }: { r: RegistrationView; name: string; navigate: Navigate }) {
  const now = useNow();
  return (
    <article className="card" data-testid="registration-row" data-state={r.state}>
      <header className="card-head">
        <span className={`badge state-${r.state}`} data-testid="registration-state">
          {r.state}
        </span>
        <strong>{name}</strong>
        <span className="muted mono">{r.region}</span>
        {r.runId !== undefined && (
          <button
            type="button"
            className="link"
            data-testid="registration-open-trace"
            onClick={() => navigate.toTrace({ runId: r.runId! })}
          >
            Open trace
          </button>
        )}
      </header>
      <p data-testid="registration-message">{r.message}</p>
      <dl className="facts">
        {r.grantedExpires !== undefined && (
          <>
            <dt>Granted</dt>
            <dd data-testid="registration-expires">{r.grantedExpires} s</dd>
          </>
        )}
        {r.nextRefreshAtMs !== undefined && r.state === 'registered' && (
          <>
            <dt>Next refresh</dt>
            <dd data-testid="registration-countdown">in {countdown(r.nextRefreshAtMs, now)}</dd>
          </>
        )}
        {r.state === 'blocked' && (
          <>
            <dt>429 block</dt>
            <dd data-testid="registration-retry-after">
              {r.retryAfterS !== undefined ? `Retry-After ${r.retryAfterS} s · ` : 'no Retry-After · '}
              {r.blockedUntilMs !== undefined ? `retrying in ${countdown(r.blockedUntilMs, now)}` : ''}
            </dd>
          </>
        )}
        {r.publicAddress && (
          <>
            <dt>Seen by the registrar</dt>
            <dd data-testid="registration-public-address" className="mono">
              {r.publicAddress}
              {r.behindNat ? ' (behind NAT)' : ''}
            </dd>
          </>
        )}
        {r.lastStatus !== undefined && (
          <>
            <dt>Last status</dt>
            <dd data-testid="registration-last-status">{r.lastStatus}</dd>
          </>
        )}
      </dl>
      {r.bindings.length > 0 && (
        <ul className="bindings" data-testid="registration-bindings">
          {r.bindings.map((b) => (
            <li key={b.contact} className={b.ours ? '' : 'warn-text'}>
              <span className="mono">{b.contact}</span>
              {b.expires !== undefined ? ` · ${b.expires} s` : ''}
              {b.ours ? ' · this test' : ' · another device'}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
