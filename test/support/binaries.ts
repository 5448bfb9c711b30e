import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// /usr/sbin is not on every user's PATH, yet that is where Debian puts kamailio and dnsmasq.
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

/**
 * Absolute path of a peer binary, or a clear error naming the Debian package that provides it.
 * Integration tests never skip: a missing peer is a broken test machine, so say how to fix it.
 */
export function requireBinary(name: string, debianPackage: string): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory; keep looking
    }
  }
  throw new Error(
    `${name} is required by the integration tests but was not found on PATH or in /usr/sbin. ` +
      `Install the Debian package: apt-get install ${debianPackage}`,
  );
}
