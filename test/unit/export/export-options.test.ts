import { describe, expect, it } from 'vitest';
import { parseRedact } from '../../../electron/cli/commands/export';
import { UsageError } from '../../../electron/cli/cli-error';
import { loadCharts } from '../../../electron/export/load-charts';

describe('sipkit export options', () => {
  it('--redact takes words, all and none; anything else is a usage error', () => {
    expect(parseRedact(undefined)).toEqual({ phoneNumbers: false, ipAddresses: false, userNames: false });
    expect(parseRedact('phones,ips')).toEqual({ phoneNumbers: true, ipAddresses: true, userNames: false });
    expect(parseRedact('all')).toEqual({ phoneNumbers: true, ipAddresses: true, userNames: true });
    expect(parseRedact('none')).toEqual({ phoneNumbers: false, ipAddresses: false, userNames: false });
    expect(() => parseRedact('emails')).toThrow(UsageError);
  });
});

describe('load charts in reports', () => {
  it('draws one SVG chart per measure from the per-second rows a load run stores', () => {
    const seconds = [0, 1, 2, 3].map((s) => ({
      second: s,
      attempts: 10,
      answered: s < 3 ? 10 : 7,
      failed: s < 3 ? 0 : 3,
      failedByStatus: s < 3 ? {} : { '503': 3 },
      concurrent: 10 + s,
      retransmissions: 0,
      latencyP50Ms: 5,
      latencyP95Ms: 9,
      latencyP99Ms: 12,
    }));
    const charts = loadCharts({ seconds });
    expect(charts.length).toBeGreaterThanOrEqual(3);
    expect(charts.every((c) => c.startsWith('<svg') && !c.includes('<script'))).toBe(true);
    expect(charts.join('')).toContain('Calls per second');
    expect(loadCharts(undefined)).toEqual([]);
    expect(loadCharts({ seconds: 'garbage' })).toEqual([]);
  });
});
