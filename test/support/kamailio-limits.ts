import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { requireBinary } from './binaries';
import { launchKamailio, type KamailioInstance, type KamailioLaunchOptions } from './kamailio';
import { buildKamailioLimitsConfig, type KamailioLimitsOptions } from './kamailio-limits-config';

export interface KamailioLimitsHandle extends KamailioInstance {
  /** Dialogs Kamailio holds right now (early and confirmed), asked over its ctl socket. */
  activeDialogs(): Promise<number>;
}

function kamcmd(socket: string, ...args: string[]): Promise<string> {
  const binary = requireBinary('kamcmd', 'kamailio');
  return new Promise((resolve, reject) => {
    execFile(binary, ['-s', `unixs:${socket}`, ...args], { timeout: 5000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kamcmd ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Parses `kamcmd dlg.stats_active`: { starting, connecting, answering, ongoing, all }. */
export function parseDialogStats(text: string): number {
  const all = /\ball:\s*(\d+)/.exec(text);
  if (all) return Number(all[1]);
  throw new Error(`unexpected dlg.stats_active output: ${text}`);
}

/**
 * Kamailio with a CPS limit and/or a concurrent-channel limit, relaying admitted INVITEs to
 * `forwardTo` (a SIPp UAS that copies Record-Route, e.g. uas-answer).
 */
export async function startKamailioLimits(
  opts: Omit<KamailioLimitsOptions, 'ctlSocket'> & KamailioLaunchOptions,
): Promise<KamailioLimitsHandle> {
  const ctlSocket = join(tmpdir(), `sipkit-kamctl-${randomBytes(6).toString('hex')}.sock`);
  const instance = await launchKamailio(
    (ctx) => buildKamailioLimitsConfig({ ...opts, ctlSocket }, ctx),
    opts,
    'kamailio-limits',
  );
  return {
    ...instance,
    activeDialogs: async () => parseDialogStats(await kamcmd(ctlSocket, 'dlg.stats_active')),
    stop: async () => {
      await instance.stop();
      await rm(ctlSocket, { force: true });
    },
  };
}
