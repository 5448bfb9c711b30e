// Identifiers that RFC 3261 requires to be globally unique.
import { randomBytes } from 'node:crypto';

/** RFC 3261 §8.1.1.7: branch IDs begin with the magic cookie "z9hG4bK". */
export const MAGIC_COOKIE = 'z9hG4bK';

export function makeBranch(): string {
  return MAGIC_COOKIE + randomBytes(10).toString('hex');
}

/** RFC 3261 §19.3: tags need at least 32 bits of randomness. */
export function makeTag(): string {
  return pooledRandomHex(6);
}

// Random bytes drawn 4 KB at a time: a reply to each request of a flood needs a tag, and one
// randomBytes call per tag costs more than the rest of the reply.
const POOL_BYTES = 4096;
let pool = randomBytes(POOL_BYTES);
let poolOffset = 0;

function pooledRandomHex(bytes: number): string {
  if (poolOffset + bytes > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
}

/** RFC 3261 §8.1.1.4: a Call-ID is a random string, optionally @host. */
export function makeCallId(host: string): string {
  return `${randomBytes(12).toString('hex')}@${host}`;
}
