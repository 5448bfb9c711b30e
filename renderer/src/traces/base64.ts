// Files go to the back end as base64 (the contract's traces.import.dataBase64). btoa takes a
// "binary string", and String.fromCharCode.apply overflows the stack on large arrays, so the bytes
// are encoded a chunk at a time. A chunk is a multiple of 3 bytes: then no chunk but the last ends
// in "=" padding, and the pieces concatenate into exactly the base64 of the whole file.

/** 48 KiB: a multiple of 3, and small enough for String.fromCharCode's argument list. */
export const BASE64_CHUNK_BYTES = 3 * 16 * 1024;

/** The base64 of one chunk of bytes (any length; only the last chunk may be other than 3n). */
export function chunkToBase64(bytes: Uint8Array): string {
  let binary = '';
  // 8 KiB per fromCharCode call keeps the argument list far below every engine's limit.
  for (let i = 0; i < bytes.length; i += 8192) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return btoa(binary);
}

/** The base64 of a whole buffer, chunk by chunk. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK_BYTES) {
    parts.push(chunkToBase64(bytes.subarray(i, i + BASE64_CHUNK_BYTES)));
  }
  return parts.join('');
}

/**
 * Encodes a large buffer without freezing the page: yields to the event loop between chunks so the
 * "Reading…" state paints and stays responsive for a 64 MB capture.
 */
export async function bytesToBase64Async(bytes: Uint8Array, chunksPerSlice = 32): Promise<string> {
  const parts: string[] = [];
  let chunks = 0;
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK_BYTES) {
    parts.push(chunkToBase64(bytes.subarray(i, i + BASE64_CHUNK_BYTES)));
    if (++chunks % chunksPerSlice === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return parts.join('');
}
