import {
  cfgString,
  kamailioGlobals,
  nonNegativeInt,
  type KamailioConfigContext,
} from './kamailio-config-parts';
import { parseHostPort } from './host-port';

// Kamailio as a provider's edge with the two limits a trunk is sold by, in front of a SIPp UAS:
//  - a CPS limit: no more than `cpsLimit` initial INVITEs accepted in any `cpsWindowMs` window (a
//    ring of the last N accept times in an htable: the INVITE N accepts ago must be older than the
//    window). The window is a little under a second (default 950 ms) so exactly N CPS on an exact
//    schedule passes and N + 1 does not, whatever the sub-millisecond jitter; 503 + Warning +
//    Retry-After: 1 otherwise.
//  - a concurrent-channel limit: dialogs (dialog module, early ones included) in the "channels"
//    profile; at `channelLimit` the next INVITE gets 503 + Warning.
// Every INVITE it admits is a tracked dialog, so the harness can ask Kamailio how many dialogs are
// up over its ctl socket (kamcmd dlg.stats_active). Admitted INVITEs are Record-Routed and relayed
// statefully (tm) to `forwardTo`.

export interface KamailioLimitsOptions {
  /** "127.0.0.1:PORT" of the UAS. */
  forwardTo: string;
  cpsLimit?: number;
  cpsWindowMs?: number;
  channelLimit?: number;
  /** binrpc socket path for kamcmd. */
  ctlSocket: string;
}

export function buildKamailioLimitsConfig(opts: KamailioLimitsOptions, ctx: KamailioConfigContext): string {
  const target = parseHostPort(opts.forwardTo);
  if (!/^[0-9.]+$/.test(target.host))
    throw new Error(`forwardTo must be an IPv4 address:port, got ${opts.forwardTo}`);
  const cps = nonNegativeInt(opts.cpsLimit, 'cpsLimit') ?? 0;
  const windowMs = nonNegativeInt(opts.cpsWindowMs, 'cpsWindowMs') ?? 950;
  const channels = nonNegativeInt(opts.channelLimit, 'channelLimit') ?? 0;
  const ctl = cfgString(`unixs:${opts.ctlSocket}`, 'ctlSocket');
  const modules = [
    'kex',
    'tm',
    'tmx',
    'sl',
    'rr',
    'pv',
    'xlog',
    'textops',
    'siputils',
    'maxfwd',
    'htable',
    'dialog',
    'ctl',
  ];
  return `${kamailioGlobals(ctx, 'test/support/kamailio-limits-config.ts')}
${modules.map((m) => `loadmodule "${m}.so"`).join('\n')}

modparam("ctl", "binrpc", ${ctl})
modparam("htable", "htable", "cps=>size=6;")
modparam("dialog", "profiles_no_value", "channels")
modparam("dialog", "enable_stats", 1)

request_route {
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (has_totag()) {
		route(WITHINDLG);
		exit;
	}
	if (is_method("CANCEL") || is_method("ACK")) {
		if (t_check_trans()) {
			t_relay();
		}
		exit;
	}
	if (t_precheck_trans()) {
		t_check_trans();
		exit;
	}
	t_check_trans();
	if (is_method("OPTIONS") && uri == myself && $rU == $null) {
		sl_send_reply("200", "OK");
		exit;
	}
	remove_hf("Route");
	if (is_method("INVITE")) {
${cps > 0 ? '\t\troute(CPS);\n' : ''}${channels > 0 ? '\t\troute(CHANNELS);\n' : '\t\tdlg_manage();\n'}	}
	record_route();
	$rd = "${target.host}";
	$rp = ${target.port};
	if (!t_relay()) {
		sl_reply_error();
	}
	exit;
}

route[CPS] {
	$var(now) = ($TV(s) - ${ctx.epochBase}) * 1000 + $TV(u) / 1000;
	$var(idx) = $sht(cps=>idx);
	if ($sht(cps=>t$var(idx)) != $null) {
		if ($var(now) - $sht(cps=>t$var(idx)) < ${windowMs}) {
			append_to_reply("Warning: 399 ${ctx.host}:${ctx.port} \\"CPS limit ${cps} exceeded\\"\\r\\nRetry-After: 1\\r\\n");
			sl_send_reply("503", "Service Unavailable");
			exit;
		}
	}
	$sht(cps=>t$var(idx)) = $var(now);
	$var(idx) = $var(idx) + 1;
	if ($var(idx) >= ${cps}) {
		$var(idx) = 0;
	}
	$sht(cps=>idx) = $var(idx);
}

route[CHANNELS] {
	get_profile_size("channels", "$var(n)");
	if ($var(n) >= ${channels}) {
		append_to_reply("Warning: 399 ${ctx.host}:${ctx.port} \\"channel limit ${channels} reached\\"\\r\\n");
		sl_send_reply("503", "Service Unavailable");
		exit;
	}
	dlg_manage();
	set_dlg_profile("channels");
}

route[WITHINDLG] {
	if (loose_route()) {
		t_relay();
		exit;
	}
	if (is_method("ACK")) {
		if (t_check_trans()) {
			t_relay();
		}
		exit;
	}
	sl_send_reply("404", "Not Here");
	exit;
}
`;
}
