// A Kamailio that mirrors every SIP message it receives and sends to a HEP collector with its
// siptrace module (hep_mode_on=1, trace_mode=1: the core's raw message events, so replies sent
// statelessly are traced too). It answers OPTIONS with 200 and anything else with 404, and logs
// each message (SIPKIT-RX/TX) so a test can compare what arrived at the collector with what
// Kamailio saw.
import { existsSync } from 'node:fs';
import { launchKamailio, type KamailioInstance, type KamailioLaunchOptions } from './kamailio';
import { kamailioGlobals, rxLog, txLog, type KamailioConfigContext } from './kamailio-config-parts';

const SIPTRACE_MODULE = '/usr/lib/x86_64-linux-gnu/kamailio/modules/siptrace.so';

export interface SiptraceOptions extends KamailioLaunchOptions {
  /** Where HEP goes: the collector's UDP port on 127.0.0.1. */
  readonly hepPort: number;
  /** 3 (default) or 2. */
  readonly hepVersion?: 2 | 3;
  /** How HEP travels to the collector: UDP (default) or one TCP connection (HEPv3 only). */
  readonly hepTransport?: 'udp' | 'tcp';
}

export function buildSiptraceConfig(opts: SiptraceOptions, ctx: KamailioConfigContext): string {
  return `${kamailioGlobals(ctx, 'test/support/kamailio-siptrace.ts')}
loadmodule "kex.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "textops.so"
loadmodule "siptrace.so"

modparam("siptrace", "duplicate_uri", "sip:127.0.0.1:${opts.hepPort}${opts.hepTransport === 'tcp' ? ';transport=tcp' : ''}")
modparam("siptrace", "hep_mode_on", 1)
modparam("siptrace", "hep_version", ${opts.hepVersion ?? 3})
modparam("siptrace", "hep_capture_id", 2042)
modparam("siptrace", "trace_to_database", 0)
modparam("siptrace", "trace_on", 1)
modparam("siptrace", "trace_mode", 1)

request_route {
	${rxLog('$rm')}
	if (is_method("ACK")) {
		exit;
	}
	if (is_method("OPTIONS")) {
		sl_send_reply("200", "OK");
		exit;
	}
	sl_send_reply("404", "Not Here");
	exit;
}

event_route[sl:local-response] {
	${txLog('$rs')}
}
`;
}

export function startKamailioSiptrace(opts: SiptraceOptions): Promise<KamailioInstance> {
  if (!existsSync(SIPTRACE_MODULE))
    throw new Error(
      `${SIPTRACE_MODULE} is missing: apt-get install kamailio (siptrace is in the base package)`,
    );
  return launchKamailio((ctx) => buildSiptraceConfig(opts, ctx), opts, 'kamailio-siptrace');
}
