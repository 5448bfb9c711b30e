// The Targets form's values as the inputs hold them (strings), and their conversion to the
// contract's fields. Pure, so it is tested without a DOM.
import type { TargetFieldsInput, TargetView } from '../../../shared/ipc/schemas/targets';

export interface TargetFormValues {
  readonly name: string;
  readonly profile: string;
  readonly server: string;
  readonly transport: 'udp' | 'tcp';
  readonly user: string;
  readonly authUser: string;
  readonly domain: string;
  readonly trunkName: string;
  readonly callerId: string;
  readonly localAddress: string;
  readonly localPort: string;
  /** Typed now; empty = keep the stored one. */
  readonly password: string;
}

export const EMPTY_FORM: TargetFormValues = {
  name: '',
  profile: 'generic',
  server: '',
  transport: 'udp',
  user: '',
  authUser: '',
  domain: '',
  trunkName: '',
  callerId: '',
  localAddress: '',
  localPort: '0',
  password: '',
};

export function formFromTarget(t: TargetView): TargetFormValues {
  return {
    name: t.name,
    profile: t.profile,
    server: t.server,
    transport: t.transport,
    user: t.user,
    authUser: t.authUser,
    domain: t.domain,
    trunkName: t.trunkName,
    callerId: t.callerId,
    localAddress: t.localAddress,
    localPort: String(t.localPort),
    password: '',
  };
}

/** The fields to save, or a one-line reason the form cannot be saved yet. */
export function fieldsFromForm(v: TargetFormValues): { fields: TargetFieldsInput } | { error: string } {
  if (!v.name.trim()) return { error: 'Give the target a name.' };
  if (!v.server.trim()) return { error: 'Enter the server: HOST[:PORT], an SRV name or an IP address.' };
  const port = v.localPort.trim() === '' ? 0 : Number(v.localPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { error: 'The local port is a number from 0 (any free port) to 65535.' };
  return {
    fields: {
      name: v.name.trim(),
      profile: v.profile,
      server: v.server.trim(),
      transport: v.transport,
      user: v.user.trim(),
      authUser: v.authUser.trim(),
      domain: v.domain.trim(),
      trunkName: v.trunkName.trim(),
      callerId: v.callerId.trim(),
      localAddress: v.localAddress.trim(),
      localPort: port,
    },
  };
}

export function passwordStorageText(kind: 'safe-storage' | 'memory' | 'none'): string {
  switch (kind) {
    case 'safe-storage':
      return 'Stored encrypted with the operating system’s keychain.';
    case 'memory':
      return 'Kept in memory only until SIP Field Kit closes (web mode never writes it).';
    case 'none':
      return 'No password stored.';
  }
}
