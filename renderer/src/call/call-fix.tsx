// The app's own fix under a failed call: what the rules found in its messages (errors and warnings,
// each with its fix), and a button where the fix is a setting of the target — "set the From host to
// the trunk name" saves the target, and the next call goes out with it.
import { useEffect, useState } from 'react';
import type { CallView } from '../../../shared/ipc/schemas/live';
import type { TargetView } from '../../../shared/ipc/schemas/targets';
import type { FindingView } from '../../../shared/ipc/schemas/traces';
import { findBuiltinProfile } from '../../../shared/profiles/builtin-profiles';
import { useAction } from '../common/use-action';
import type { IpcClient } from '../ipc-client';
import { SEVERITY_LABEL } from '../traces/severity';

/** The fixes shown under a call; the rest are a click away in Findings. */
const MAX_FIXES = 3;

/** A fix the app can apply itself: a field of the target and the value the profile wants. */
export interface TargetFix {
  readonly label: string;
  readonly trunkName: string;
}

export function targetFixOf(finding: FindingView, target: TargetView | undefined): TargetFix | undefined {
  if (finding.rule !== 'trunk.from-host' || !target) return undefined;
  const wanted = findBuiltinProfile(target.profile)?.trunk_name;
  if (!wanted || target.trunkName === wanted) return undefined;
  return { label: `Set the From host to ${wanted}`, trunkName: wanted };
}

/** The findings about this call's messages that need acting on (errors first, as the rules order them). */
export function callFindings(findings: readonly FindingView[], callId: string | undefined): FindingView[] {
  const about = findings.filter(
    (f) => f.severity !== 'info' && (callId === undefined || f.evidence.some((e) => e.callId === callId)),
  );
  return [...about.filter((f) => f.severity === 'error'), ...about.filter((f) => f.severity !== 'error')];
}

export function CallFix({
  client,
  call,
  target,
}: {
  readonly client: IpcClient;
  readonly call: CallView;
  readonly target: TargetView | undefined;
}) {
  const [findings, setFindings] = useState<readonly FindingView[]>([]);
  const [applied, setApplied] = useState<string>();
  const action = useAction();
  const runId = call.state === 'failed' ? call.runId : undefined;

  useEffect(() => {
    if (runId === undefined) return;
    let active = true;
    const read = (): void => {
      client.request('traces.findings', { runId }).then(
        (r) => active && setFindings(callFindings(r.findings, call.callId)),
        () => undefined,
      );
    };
    read();
    // The run's last messages may still be on their way to the store when the call fails.
    const off = client.on('store.changed', (event) => {
      if (event.runId === runId) read();
    });
    return () => {
      active = false;
      off();
    };
  }, [client, runId, call.callId]);

  if (findings.length === 0) return null;
  return (
    <ul className="call-fixes" data-testid="call-fixes">
      {findings.slice(0, MAX_FIXES).map((f, i) => {
        const fix = applied === undefined ? targetFixOf(f, target) : undefined;
        return (
          <li key={`${f.rule}-${i}`} className={`raw-finding ${f.severity}`} data-rule={f.rule}>
            <p className="raw-finding-title">
              <span className={`sev-chip ${f.severity}`}>{SEVERITY_LABEL[f.severity]}</span> {f.title}
            </p>
            <p className="raw-finding-fix" data-testid="call-fix">
              <strong>Fix:</strong> {f.fix}
            </p>
            {fix && target && (
              <button
                type="button"
                className="primary"
                data-testid="call-fix-apply"
                disabled={action.busy}
                onClick={() =>
                  action.run(async () => {
                    const { id, passwordStorage: _stored, ...fields } = target;
                    await client.request('targets.save', {
                      id,
                      fields: { ...fields, trunkName: fix.trunkName },
                    });
                    setApplied(fix.trunkName);
                  })
                }
              >
                {fix.label}
              </button>
            )}
          </li>
        );
      })}
      {applied !== undefined && (
        <li className="ok-text" data-testid="call-fix-applied">
          Saved: test calls now go out with From host {applied}. Place the call again.
        </li>
      )}
      {action.error && (
        <li className="error" role="alert">
          {action.error}
        </li>
      )}
    </ul>
  );
}
