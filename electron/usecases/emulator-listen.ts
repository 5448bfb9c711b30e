// Where the emulator listens: ADDR:PORT, both given (it binds only where told).
import type { Endpoint } from '../../shared/trace-types';

export class ListenAddressError extends Error {}

export function parseEmulatorListen(value: string): Endpoint {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port < 1 || port > 65535)
    throw new ListenAddressError(
      `${value}: expected ADDR:PORT (e.g. 192.0.2.23:5060), an address and a port to listen on`,
    );
  return { address: (m[1] ?? m[2])!, port };
}
