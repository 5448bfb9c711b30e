import { launchKamailio, type KamailioInstance, type KamailioLaunchOptions } from './kamailio';
import { DEFAULT_REALM } from './kamailio-config-parts';
import {
  buildKamailioProxyConfig,
  buildKamailioTrunkConfig,
  type KamailioProxyOptions,
  type KamailioTrunkOptions,
} from './kamailio-relay-config';

export type { KamailioProxyOptions, KamailioTrunkOptions } from './kamailio-relay-config';

export interface KamailioTrunkHandle extends KamailioInstance {
  readonly trunkName: string;
  readonly forwardTo: string;
}

export interface KamailioProxyHandle extends KamailioInstance {
  readonly realm: string;
  readonly forwardTo: string;
}

/**
 * An IP-authenticated SIP trunk on 127.0.0.1: initial requests whose From host is `trunkName`
 * are Record-Routed and relayed statefully to `forwardTo`; any other From host gets
 * 403 Forbidden with a Warning naming both hosts. In-dialog requests are loose-routed.
 */
export async function startKamailioTrunk(
  opts: KamailioTrunkOptions & KamailioLaunchOptions,
): Promise<KamailioTrunkHandle> {
  const instance = await launchKamailio((ctx) => buildKamailioTrunkConfig(opts, ctx), opts, 'kamailio-trunk');
  return { ...instance, trunkName: opts.trunkName, forwardTo: opts.forwardTo };
}

/**
 * A digest-authenticating proxy on 127.0.0.1: initial requests without valid
 * Proxy-Authorization get 407 + Proxy-Authenticate; with it they are relayed to `forwardTo`
 * (credentials removed, Record-Routed). ACK, CANCEL and in-dialog requests are never challenged.
 */
export async function startKamailioProxy(
  opts: KamailioProxyOptions & KamailioLaunchOptions,
): Promise<KamailioProxyHandle> {
  const instance = await launchKamailio((ctx) => buildKamailioProxyConfig(opts, ctx), opts, 'kamailio-proxy');
  return { ...instance, realm: opts.realm ?? DEFAULT_REALM, forwardTo: opts.forwardTo };
}
