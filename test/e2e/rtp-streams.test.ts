// An imported capture's calls carry their RTP: the call list says which way audio flowed, and the
// ladder of a call lists its streams as Wireshark's RTP Streams does. The capture is heplify's
// public rtp_rtcp_sip_ipv4_udp.pcap (../shared/corpus-public, never copied into the repository):
// call 12013223 is answered and its audio flows both ways, 891 packets from the caller, 548 to it.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicCapture } from '../support/public-corpus';
import { openApp, type WebApp } from './support/web-app';

const CAPTURE = publicCapture('heplify/rtp_rtcp_sip_ipv4_udp.pcap');

describe.skipIf(!existsSync(CAPTURE))(
  `RTP streams of an imported capture (skipped: ${CAPTURE} is absent)`,
  () => {
    let app: WebApp;
    beforeAll(async () => {
      app = await openApp();
    });
    afterAll(async () => {
      await app?.close();
    });

    it('shows the call\u2019s audio verdict in the list and its streams under the ladder', async () => {
      const { page } = app;
      await page.getByTestId('nav-import').click();
      await page.getByTestId('import-file').setInputFiles(CAPTURE);
      await page.getByTestId('traces-screen').waitFor({ timeout: 30_000 });
      const row = page.locator('[data-testid="call-list-row"][data-call-id="12013223@200.57.7.195"]');
      await row.waitFor({ timeout: 20_000 });
      expect(await row.getByTestId('call-audio').textContent()).toBe('two-way');
      await row.click();
      const streams = page.getByTestId('rtp-streams');
      await streams.waitFor({ timeout: 20_000 });
      const call = streams.getByTestId('rtp-call');
      expect(await call.getAttribute('data-verdict')).toBe('two-way');
      const rows = await streams
        .getByTestId('rtp-stream')
        .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ')));
      expect(rows).toHaveLength(2);
      expect(
        rows.some(
          (r) => r.startsWith('from caller200.57.7.196:40376 → 200.57.7.204:8000') && r.includes('891'),
        ),
      ).toBe(true);
      expect(
        rows.some(
          (r) => r.startsWith('to caller200.57.7.204:8000 → 200.57.7.196:40376') && r.includes('548'),
        ),
      ).toBe(true);
      await app.screenshot('rtp-streams');
    });
  },
);
