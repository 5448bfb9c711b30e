import { describe, expect, it } from 'vitest';
import type { TargetView } from '../../../../shared/ipc/schemas/targets';
import type { FindingView } from '../../../../shared/ipc/schemas/traces';
import { callFindings, targetFixOf } from '../../../../renderer/src/call/call-fix';

// The fix under a failed call, and when the app can apply it to the target itself.

const finding = (rule: string, severity: FindingView['severity'], callId = 'c1'): FindingView => ({
  rule,
  severity,
  title: rule,
  explanation: '',
  fix: `fix ${rule}`,
  evidence: [{ messageId: 1, callId }],
});

const target = (over: Partial<TargetView>): TargetView => ({
  id: 'pbx-abc123',
  name: 'Trunk',
  profile: 'skyswitch',
  server: '127.0.0.1',
  transport: 'udp',
  user: '',
  authUser: '',
  domain: '',
  trunkName: 'pbx.customer.example',
  callerId: '',
  localAddress: '',
  localPort: 0,
  passwordStorage: 'none',
  ...over,
});

describe('call fixes', () => {
  it('lists this call’s errors before its warnings, and leaves out info and other calls', () => {
    const list = callFindings(
      [
        finding('trunk.e164', 'warning'),
        finding('reg.credentials', 'info'),
        finding('trunk.from-host', 'error'),
        finding('sip.nat', 'error', 'other-call'),
      ],
      'c1',
    );
    expect(list.map((f) => f.rule)).toEqual(['trunk.from-host', 'trunk.e164']);
  });

  it('offers to set the From host to the profile’s trunk name, unless the target already has it', () => {
    const fromHost = finding('trunk.from-host', 'error');
    expect(targetFixOf(fromHost, target({}))).toEqual({
      label: 'Set the From host to trunking-customer.15611.service',
      trunkName: 'trunking-customer.15611.service',
    });
    expect(targetFixOf(fromHost, target({ trunkName: 'trunking-customer.15611.service' }))).toBeUndefined();
    expect(targetFixOf(fromHost, target({ profile: 'generic' }))).toBeUndefined();
    expect(targetFixOf(finding('trunk.e164', 'warning'), target({}))).toBeUndefined();
  });
});
