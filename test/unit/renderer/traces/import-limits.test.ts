import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../../../shared/ipc/schemas/traces';
import { fileProblem, formatBytes, pasteProblem } from '../../../../renderer/src/traces/import-limits';

describe('import limits', () => {
  it('accepts a file up to the contract limit', () => {
    expect(fileProblem('call.pcap', 1)).toBeUndefined();
    expect(fileProblem('call.pcap', MAX_IMPORT_BYTES)).toBeUndefined();
  });

  it('refuses a larger file with its size, the limit and what to do', () => {
    const problem = fileProblem('big.pcapng', MAX_IMPORT_BYTES + 1024 * 1024 * 16);
    expect(problem).toContain('big.pcapng is 80 MB');
    expect(problem).toContain('largest trace the app imports is 64 MB');
    expect(problem).toContain('sipkit analyze');
  });

  it('refuses an empty file and empty paste in plain words', () => {
    expect(fileProblem('empty.pcap', 0)).toBe('empty.pcap is empty.');
    expect(pasteProblem('  \n ')).toBe('Paste some SIP messages first.');
    expect(pasteProblem('OPTIONS sip:a SIP/2.0')).toBeUndefined();
  });

  it('formats sizes for people', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});
