import { describe, expect, it } from 'vitest';
import { secretFreeLog } from '../../../electron/web/secret-free-log';

const TOKEN = 'Zk3-q_9xY2bWvT8uRsPoNmLkJiHgFeDcBa76543210AbC';

describe('secretFreeLog', () => {
  it('blanks the token out of the line and out of an error’s message and stack', () => {
    const lines: string[] = [];
    const log = secretFreeLog((line, error) => lines.push(`${line} | ${String(error)}`), TOKEN);
    log(`could not serve /x?token=${TOKEN}`, new TypeError(`bad request http://127.0.0.1:1/?token=${TOKEN}`));
    log('a failure', `thrown string with ${encodeURIComponent(TOKEN + '/')}`);
    log(`plain line ${TOKEN}`);
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines[0]).toContain('could not serve /x?token=[access token]');
    expect(lines[0]).toContain('TypeError: bad request http://127.0.0.1:1/?token=[access token]');
    expect(lines[2]).toBe('plain line [access token] | undefined');
  });

  it('passes lines without the token through unchanged', () => {
    const lines: [string, unknown][] = [];
    secretFreeLog((line, error) => lines.push([line, error]), TOKEN)('runs.list failed');
    expect(lines).toEqual([['runs.list failed', undefined]]);
  });
});
