// `sipkit analyze` on public captures written by other projects (../shared/corpus-public, see its
// PROVENANCE.md; never copied into this repository). Each test states what an expert reads in the
// capture and asserts the findings say it, with no false error from the rules that judge it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_CORPUS, publicCorpusPresent } from '../support/public-corpus';
import { runSipkit } from '../support/sipkit-cli';

interface JsonFinding {
  readonly rule: string;
  readonly severity: string;
  readonly title: string;
  readonly observed?: string;
  readonly explanation: string;
}

describe.skipIf(!publicCorpusPresent)(
  `sipkit analyze on the public captures (skipped: ${PUBLIC_CORPUS} is absent)`,
  () => {
    let dir: string;
    let env: Record<string, string>;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'sipkit-corpus-'));
      env = { SIPKIT_DATA_DIR: dir };
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    async function analyze(file: string): Promise<JsonFinding[]> {
      const out = await runSipkit(['analyze', path.join(PUBLIC_CORPUS, file), '--no-store', '--json'], env);
      return out.json.filter((l) => l.type === 'finding') as unknown[] as JsonFinding[];
    }

    it('sngrep/aaa.pcap: the UA takes 17–51 s to answer challenges and names its own address as digest uri', async () => {
      // 401/407 answered 17–51 s later (the nonce has changed by then, or the server calls the
      // password wrong), with the UA's own address as the digest uri instead of the Request-URI.
      const found = await analyze('sngrep/aaa.pcap');
      const auth = found.filter((f) => f.rule === 'sip.auth');
      expect(auth.map((f) => f.severity)).toEqual(['error', 'error']);
      const late =
        /^(\S+):5060 takes 17\.1–51\.2 s to answer digest challenges \(12 of 12 challenges\): its nonce goes stale, 9 retries refused$/.exec(
          auth[0]!.title,
        );
      expect(late, auth[0]!.title).not.toBeNull();
      // The uri the UA put in its credentials is its own address, the one the first finding names.
      expect(auth[1]!.title).toBe(
        `Digest uri "sip:${late![1]}" differs from the Request-URI sip:sip.cybercity.dk, sip:0097239287044@sip.cybercity.dk, … (12 requests)`,
      );
      expect(found.some((f) => /never retried|credentials rejected/.test(f.title))).toBe(false);
    });

    it('heplify/sip_ipv4_tcp_retrans.pcap: a REGISTER relayed by an SBC is one registration, from one source', async () => {
      const found = await analyze('heplify/sip_ipv4_tcp_retrans.pcap');
      expect(found.filter((f) => ['sip.cseq', 'reg.one-pbx'].includes(f.rule))).toEqual([]);
      expect(found.filter((f) => f.severity !== 'info')).toEqual([]);
    });

    it('heplify/FAX-Call-t38: the far end has no T.38 and the fax fell back to G.711, not a failed call', async () => {
      const found = await analyze('heplify/FAX-Call-t38-CA-TDM-SIP-FB-1.pcap');
      const fax = found.filter((f) => f.rule === 'sip.failure-response');
      expect(fax.map((f) => f.severity)).toEqual(['info']);
      expect(fax[0]?.title).toMatch(
        /^The far end has no T\.38: fax fell back to G\.711 \(488 Not Acceptable Here/,
      );
      expect(found.filter((f) => f.severity !== 'info')).toEqual([]);
    });

    it('sngrep/ipv6frag.pcap: the proxy held the 200 OK for 0.77 s, which is why the UAS repeated it', async () => {
      const found = await analyze('sngrep/ipv6frag.pcap');
      const repeat = found.filter((f) => f.rule === 'sip.retransmit');
      expect(repeat).toHaveLength(1);
      expect(repeat[0]?.explanation).toMatch(
        /\[fd17:625c:f037:2:a00:27ff:feb9:3519\]:5062 held the response for 0\.76\d s before passing it on/,
      );
      expect(found.filter((f) => f.severity === 'error')).toEqual([]);
    });

    it('TCP captures: an ephemeral source port is not NAT; a missing Max-Forwards is no error', async () => {
      const tcp = await analyze('heplify/sip_ipv4_tcp_fragmented.pcap');
      expect(tcp.filter((f) => f.rule === 'sip.nat')).toEqual([]);
      for (const file of [
        'zeek/invalid-content-length.pcap',
        'zeek/sip-long-request-response-paths.pcap',
        'sngrep/ipip.pcap',
      ]) {
        const found = await analyze(file);
        const mf = found.filter((f) => f.title.includes('no Max-Forwards'));
        expect(mf.length, file).toBe(1);
        expect(mf[0]?.severity, file).toBe('warning');
      }
    });
  },
);
