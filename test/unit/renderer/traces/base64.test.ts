import { describe, expect, it } from 'vitest';
import {
  BASE64_CHUNK_BYTES,
  bytesToBase64,
  bytesToBase64Async,
  chunkToBase64,
} from '../../../../renderer/src/traces/base64';

/** The reference: one binary string, one btoa (what a small file would do). */
function reference(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function pattern(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 131 + (i >> 8)) & 0xff;
  return bytes;
}

describe('base64 of a file for traces.import', () => {
  it('encodes a chunk as RFC 4648 base64, with padding', () => {
    expect(chunkToBase64(new TextEncoder().encode('Man'))).toBe('TWFu');
    expect(chunkToBase64(new TextEncoder().encode('Ma'))).toBe('TWE=');
    expect(chunkToBase64(new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1]))).toBe('1MOyoQ=='); // pcap magic
    expect(chunkToBase64(new Uint8Array(0))).toBe('');
  });

  it('keeps every byte value (binary pcap data, not text)', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const decoded = atob(chunkToBase64(all));
    expect(Array.from(decoded, (c) => c.charCodeAt(0))).toEqual(Array.from(all));
  });

  it('joins chunks into exactly the base64 of the whole file', () => {
    for (const length of [BASE64_CHUNK_BYTES - 1, BASE64_CHUNK_BYTES, BASE64_CHUNK_BYTES * 2 + 1, 200_001]) {
      const bytes = pattern(length);
      expect(bytesToBase64(bytes), `length ${length}`).toBe(reference(bytes));
    }
  });

  it('gives the same text when encoding in slices that yield to the page', async () => {
    const bytes = pattern(BASE64_CHUNK_BYTES * 5 + 7);
    expect(await bytesToBase64Async(bytes, 2)).toBe(reference(bytes));
  });
});
