// Targets: the saved PBXs and trunks a technician tests, each with its provider profile,
// server, credentials and trunk name. The password is typed, sent once, and never shown again.
import { useEffect, useState, type ChangeEvent } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { findBuiltinProfile } from '../../../shared/profiles/builtin-profiles';
import { targetProblems } from '../../../shared/profiles/profile-problems';
import type { useTargets } from '../common/use-targets';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';
import {
  EMPTY_FORM,
  fieldsFromForm,
  formFromTarget,
  passwordStorageText,
  type TargetFormValues,
} from './target-form-state';

type Profiles = ResponseOf<'profiles.list'>['profiles'];

export function TargetsScreen({
  client,
  targets,
}: {
  readonly client: IpcClient;
  readonly targets: ReturnType<typeof useTargets>;
}) {
  const [profiles, setProfiles] = useState<Profiles>([]);
  const [selected, setSelected] = useState<string>();
  const [form, setForm] = useState<TargetFormValues>(EMPTY_FORM);
  const [status, setStatus] = useState<{ ok: boolean; warn?: boolean; text: string }>();
  const list = targets.data?.targets ?? [];
  const current = list.find((t) => t.id === selected);

  useEffect(() => {
    client.request('profiles.list', {}).then(
      (r) => setProfiles(r.profiles),
      (e: unknown) => setStatus({ ok: false, text: messageOf(e) }),
    );
  }, [client]);

  const edit = (t: (typeof list)[number] | undefined): void => {
    setSelected(t?.id);
    setForm(t ? formFromTarget(t) : EMPTY_FORM);
    setStatus(undefined);
  };
  const set =
    (key: keyof TargetFormValues) =>
    (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>): void =>
      setForm((f) => ({ ...f, [key]: e.target.value }));

  const save = async (): Promise<void> => {
    const parsed = fieldsFromForm(form);
    if ('error' in parsed) return setStatus({ ok: false, text: parsed.error });
    try {
      const { target } = await client.request('targets.save', {
        id: selected,
        fields: parsed.fields,
        ...(form.password ? { password: form.password } : {}),
      });
      setSelected(target.id);
      setForm(formFromTarget(target));
      const saved = findBuiltinProfile(target.profile);
      const left = saved ? targetProblems(saved, target.server, target.transport) : [];
      setStatus({
        ok: true,
        warn: left.length > 0,
        text: `Saved ${target.name}.${left.length > 0 ? ` Check it: ${left.join('; ')}.` : ''}`,
      });
      targets.reload();
    } catch (error) {
      setStatus({ ok: false, text: messageOf(error) });
    }
  };
  const remove = async (): Promise<void> => {
    if (!current) return;
    try {
      await client.request('targets.delete', { id: current.id });
      edit(undefined);
      targets.reload();
    } catch (error) {
      setStatus({ ok: false, text: messageOf(error) });
    }
  };
  const profile = profiles.find((p) => p.name === form.profile);
  // The target against its profile as it is typed: said now, not after a registration fails.
  const builtin = findBuiltinProfile(form.profile);
  const problems = builtin ? targetProblems(builtin, form.server, form.transport) : [];

  return (
    <section className="screen-grid two" data-testid="targets-screen">
      <div className="pane">
        <h2>Targets</h2>
        <div className="scroll">
          {list.length === 0 ? (
            <p className="empty">No targets yet. Fill in the form to add the PBX or trunk you are testing.</p>
          ) : (
            <ul className="pick-list">
              {list.map((t) => (
                <li key={t.id}>
                  <button
                    type="button"
                    data-testid="target-row"
                    data-target-id={t.id}
                    aria-pressed={t.id === selected}
                    onClick={() => edit(t)}
                  >
                    <strong>{t.name}</strong>
                    <span className="muted mono">
                      {t.user ? `${t.user}@` : ''}
                      {t.server} · {t.profile}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="actions">
          <button type="button" data-testid="target-new" onClick={() => edit(undefined)}>
            New target
          </button>
        </div>
      </div>
      <form
        className="pane form"
        data-testid="target-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2>{current ? `Edit ${current.name}` : 'New target'}</h2>
        <div className="scroll fields">
          <Field label="Name" hint="What you call it, e.g. Acme PBX via Skyetel">
            <input data-testid="target-name" value={form.name} onChange={set('name')} required />
          </Field>
          <Field label="Provider profile" hint={profile?.limits.join(' · ') || profile?.description}>
            <select data-testid="target-profile" value={form.profile} onChange={set('profile')}>
              {profiles.length === 0 && <option value={form.profile}>{form.profile}</option>}
              {profiles.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Server" hint="HOST[:PORT], an SRV name or an IP address">
            <input data-testid="target-server" value={form.server} onChange={set('server')} required />
          </Field>
          {problems.length > 0 && (
            <ul className="warn-text small profile-problems" data-testid="target-profile-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          <Field label="Transport">
            <select data-testid="target-transport" value={form.transport} onChange={set('transport')}>
              <option value="udp">UDP</option>
              <option value="tcp">TCP</option>
            </select>
          </Field>
          <Field label="User" hint="The registration user; empty for an IP-authenticated trunk">
            <input data-testid="target-user" value={form.user} onChange={set('user')} autoComplete="off" />
          </Field>
          <Field label="Auth user" hint="Only when the digest user differs">
            <input
              data-testid="target-auth-user"
              value={form.authUser}
              onChange={set('authUser')}
              autoComplete="off"
            />
          </Field>
          <Field label="Password" hint="Type one to set or replace it; it is never shown again.">
            <input
              type="password"
              data-testid="target-password"
              value={form.password}
              onChange={set('password')}
              autoComplete="new-password"
            />
          </Field>
          <p className="muted small storage-note" data-testid="target-password-storage">
            {targets.data?.passwordStorageNote !== undefined
              ? targets.data.passwordStorageNote
              : current && current.passwordStorage !== 'none'
                ? passwordStorageText(current.passwordStorage)
                : `A password you type is ${
                    (targets.data?.passwordStorage ?? 'memory') === 'memory'
                      ? 'kept in memory only until SIP Field Kit closes (web mode never writes it).'
                      : 'stored encrypted with the operating system’s keychain.'
                  }`}
          </p>
          <Field label="Domain" hint="Registration domain; the server's host when empty">
            <input data-testid="target-domain" value={form.domain} onChange={set('domain')} />
          </Field>
          <Field label="Trunk name / From host" hint="The From host of test calls (trunk.from-host)">
            <input data-testid="target-trunk-name" value={form.trunkName} onChange={set('trunkName')} />
          </Field>
          <Field label="Caller number" hint="From user of test calls; the user when empty">
            <input data-testid="target-caller-id" value={form.callerId} onChange={set('callerId')} />
          </Field>
          <Field label="Local address" hint="Interface to send from; all interfaces when empty">
            <input
              data-testid="target-local-address"
              value={form.localAddress}
              onChange={set('localAddress')}
            />
          </Field>
          <Field label="Local port" hint="0 picks a free port">
            <input
              data-testid="target-local-port"
              inputMode="numeric"
              value={form.localPort}
              onChange={set('localPort')}
            />
          </Field>
        </div>
        {status && (
          <p
            className={status.ok ? (status.warn ? 'warn-text' : 'ok-text') : 'error'}
            role={status.ok ? 'status' : 'alert'}
            data-testid="target-status"
          >
            {status.text}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" data-testid="target-save">
            Save
          </button>
          {current && (
            <button type="button" data-testid="target-delete" onClick={() => void remove()}>
              Delete
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function Field({ label, hint, children }: { label: string; hint?: string; children: React.ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="muted small">{hint}</span>}
    </label>
  );
}
