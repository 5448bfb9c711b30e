// What `npm test` does about a missing peer on each kind of host: install it (as root, or through
// passwordless sudo), or say in one line exactly what to run. The real runs (as nobody, with a
// peer hidden from PATH) are in test/integration/peers-provisioning.test.ts.
import { describe, expect, it } from 'vitest';
import { PEERS, missingPeers, packagesOf } from '../../../scripts/peers.mjs';
import { planFor } from '../../../scripts/provision-peers.mjs';

const peer = (command: string) => PEERS.find((p) => p.command === command)!;
const debianRoot = { debian: true, aptGet: true, root: true, sudo: false };

describe('peers list', () => {
  it('names the Debian package of every program the tests start', () => {
    expect(peer('sipp').debian).toBe('sip-tester');
    expect(peer('dnsmasq').debian).toBe('dnsmasq-base');
    expect(peer('dumpcap').debian).toBe('wireshark-common');
    expect(peer('pdftoppm').debian).toBe('poppler-utils');
    expect(new Set(PEERS.map((p) => p.command)).size).toBe(PEERS.length);
  });

  it('installs a package once for all its commands', () => {
    expect(packagesOf([peer('kamailio'), peer('kamcmd'), peer('sipsak')])).toEqual(['kamailio', 'sipsak']);
  });

  it('finds a daemon in /usr/sbin even when PATH lacks it, and nothing on an empty PATH otherwise', () => {
    const missing = missingPeers('/nonexistent', [peer('kamailio'), peer('sipsak')]);
    expect(missing.map((p) => p.command)).toEqual(['sipsak']);
  });
});

describe('planFor', () => {
  const missing = [peer('sipsak'), peer('dumpcap')];

  it('installs as root, and through sudo -n when it works without a password', () => {
    expect(planFor(missing, debianRoot)).toEqual({ kind: 'install', sudo: false });
    expect(planFor(missing, { ...debianRoot, root: false, sudo: true })).toEqual({
      kind: 'install',
      sudo: true,
    });
  });

  it('without root or sudo, names the apt-get command to run as root', () => {
    const plan = planFor(missing, { ...debianRoot, root: false });
    expect(plan).toEqual({
      kind: 'instruct',
      line: expect.stringContaining(
        'run as root: apt-get install -y --no-install-recommends sipsak wireshark-common,',
      ),
    });
    if (plan.kind === 'instruct') {
      expect(plan.line).toMatch(
        /^peers: missing sipsak \(Debian sipsak\), dumpcap \(Debian wireshark-common\);/,
      );
      expect(plan.line).not.toContain('\n');
      expect(plan.line).toContain('SIPKIT_SKIP_PEERS=1');
    }
  });

  it('off Debian or without apt-get, says why and which Debian packages to find equivalents of', () => {
    const offDebian = planFor(missing, { ...debianRoot, debian: false });
    expect(offDebian.kind === 'instruct' && offDebian.line).toMatch(
      /this is not Debian, so install them yourself \(on Debian: apt-get install .* sipsak wireshark-common\)/,
    );
    const noApt = planFor(missing, { ...debianRoot, aptGet: false });
    expect(noApt.kind === 'instruct' && noApt.line).toMatch(
      /apt-get is not on PATH, so install them yourself/,
    );
  });
});
