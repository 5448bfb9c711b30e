// `sipkit answer` takes what real PBXs send: an INVITE without SDP (delayed offer, RFC 3261
// §13.2.1, as CUCM and some SBCs send it) is answered with our offer in the 200 OK and the
// caller's answer read from the ACK; a re-INVITE or an UPDATE that moves the caller's media moves
// our stream, and the verdict describes the new path.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAll } from '../support/child-process';
import { spawnSipkit } from '../support/sipkit-cli';
import { startSipp } from '../support/sipp';

let dataDir = '';
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sipkit-delayed-'));
});
afterAll(async () => {
  await stopAll();
  await rm(dataDir, { recursive: true, force: true });
});

/** `sipkit answer` takes one call from SIPp running `scenario`, which moves its media mid-call. */
async function answerMovingCaller(scenario: string): Promise<void> {
  const child = spawnSipkit(
    ['answer', '--listen', '127.0.0.1:0', '--after', '0.2', '--calls', '1', '--for', '40', '--json'],
    { SIPKIT_DATA_DIR: dataDir },
  );
  const listening = await child.waitForJson((l) => l.event === 'listening');
  const sipp = await startSipp({
    scenario,
    remote: `127.0.0.1:${listening.port as number}`,
    rtpEcho: true,
  });
  await sipp.waitForExit(30_000);
  expect(sipp.exitCode(), `${sipp.errors()}\n${sipp.logs().join('\n')}`).toBe(0);
  const done = await child.done;
  const result = done.json.at(-1)!;
  expect(result).toMatchObject({ type: 'result', ok: true });
  const call = (result.calls as Record<string, unknown>[])[0]!;
  expect(call.outcome).toBe('completed');
  const media = call.media as { verdict: string; message: string; packetsReceived: number };
  expect(media.verdict).toBe('two-way');
  // The verdict is about the path after the move: SIPp's echo on media port + 2.
  expect(media.message).toContain(`127.0.0.1:${sipp.mediaPort + 2}`);
  expect(media.message).toMatch(
    new RegExp(
      `moved its media from 127\\.0\\.0\\.1:${sipp.mediaPort} to 127\\.0\\.0\\.1:${sipp.mediaPort + 2}`,
    ),
  );
  expect(done.code).toBe(0);
}

describe('sipkit answer and a caller that moves its media', () => {
  it('answers an INVITE without SDP with two-way media, and follows a re-INVITE to the new port', async () => {
    await answerMovingCaller('uac-delayed-offer-move');
  });

  it('follows an UPDATE with a new offer inside the dialog (RFC 3311) to the new port', async () => {
    await answerMovingCaller('uac-update-move');
  });
});
