import {
  authRoute,
  cfgString,
  checkAlgorithm,
  kamailioGlobals,
  type KamailioAuthOptions,
  type KamailioConfigContext,
} from './kamailio-config-parts';
import { parseHostPort } from './host-port';

// Kamailio as a stateful relay in front of a test peer (usually SIPp): the provider's edge in
// call tests. Two roles share everything except how an initial request is admitted:
//  - trunk: IP-authenticated SIP trunk; the From host must be the trunk name, else 403;
//  - proxy: digest-authenticating outbound proxy; no valid Proxy-Authorization, no relay (407).
// Both Record-Route, relay with tm (so CANCEL, hop-by-hop ACK and retransmissions are handled
// the RFC 3261 way) and loose-route in-dialog requests without further checks.

export interface KamailioRelayOptions {
  /** Where admitted initial requests go, "127.0.0.1:PORT": the R-URI host and port are rewritten to it. */
  forwardTo: string;
}

export interface KamailioTrunkOptions extends KamailioRelayOptions {
  /** The name every initial request's From host must equal (case-insensitive), e.g. "trunk.example". */
  trunkName: string;
}

export interface KamailioProxyOptions extends KamailioRelayOptions, KamailioAuthOptions {}

/** What the role puts in front of record_route() + relay for initial requests. */
interface RelayRole {
  modules: readonly string[];
  modparams: readonly string[];
  admit: string;
  routes: string;
}

function forwardTarget(forwardTo: string): { host: string; port: number } {
  const target = parseHostPort(forwardTo);
  if (!/^[0-9.]+$/.test(target.host)) {
    throw new Error(`forwardTo must be an IPv4 "address:port" (no DNS in the harness), got ${forwardTo}`);
  }
  return target;
}

// Logging from the wire rather than from the routing logic: a relay also sends what no route
// sees (tm's own 100 Trying, 200 to a CANCEL, the CANCEL and hop-by-hop ACK downstream,
// retransmissions), and sipdump reports each datagram exactly once. The lines have the
// registrar's format (see kamailio-log.ts); header values are read from the raw buffer (of
// several Contact lines, only the first).
const SIPDUMP_LOG = `# In: $var(hdr_names), '|'-separated spellings of a header with its colon, $var(hdr_n) how
# many. Out: $var(hdr), the first such line's value ("" if none). line.sw is case-sensitive.
route[SIPKIT_HEADER] {
	$var(hdr) = "";
	$var(hdr_i) = 0;
	while ($var(hdr) == "" && $var(hdr_i) < $var(hdr_n)) {
		$var(hdr_name) = $(var(hdr_names){s.select,$var(hdr_i),|});
		$var(hdr_line) = $(sipdump(buf){line.sw,$var(hdr_name)});
		if ($var(hdr_line) != "") {
			$var(hdr) = $(var(hdr_line){s.substr,$(var(hdr_name){s.len}),0}{s.trim});
		}
		$var(hdr_i) = $var(hdr_i) + 1;
	}
}

# "<null>" when the header is absent, as $hdr() prints in the registrar's log ($var cannot
# hold $null: it turns into 0).
route[SIPKIT_OPTIONAL_HEADER] {
	route(SIPKIT_HEADER);
	if ($var(hdr) == "") {
		$var(hdr) = "<null>";
	}
}

event_route[sipdump:msg] {
	$var(hdr_names) = "Call-ID:|Call-Id:|call-id:|i:";
	$var(hdr_n) = 4;
	route(SIPKIT_HEADER);
	if ($var(hdr) == "") {
		# keep-alives and garbage
		return;
	}
	$var(callid) = $var(hdr);
	$var(hdr_names) = "CSeq:|Cseq:|cseq:";
	$var(hdr_n) = 3;
	route(SIPKIT_HEADER);
	$var(cseq) = $var(hdr);
	$var(start) = $(sipdump(buf){line.at,0});
	if ($(var(start){s.select,0, }) == "SIP/2.0") {
		$var(first) = $(var(start){s.select,1, });
	} else {
		$var(first) = $(var(start){s.select,0, });
	}
	if ($sipdump(tag) == "rcv") {
		xlog("L_NOTICE", "SIPKIT-RX|$var(first)|$var(callid)|$(var(cseq){s.select,0, })|$(var(cseq){s.select,1, })|$sipdump(src_ip):$sipdump(src_port)|$sipdump(proto)\\n");
		return;
	}
	$var(hdr_names) = "Retry-After:|retry-after:";
	$var(hdr_n) = 2;
	route(SIPKIT_OPTIONAL_HEADER);
	$var(retry_after) = $var(hdr);
	$var(hdr_names) = "Min-Expires:|min-expires:";
	route(SIPKIT_OPTIONAL_HEADER);
	$var(min_expires) = $var(hdr);
	$var(hdr_names) = "Contact:|contact:|m:";
	$var(hdr_n) = 3;
	route(SIPKIT_OPTIONAL_HEADER);
	$var(contact) = $var(hdr);
	xlog("L_NOTICE", "SIPKIT-TX|$var(first)|$var(callid)|$(var(cseq){s.select,0, })|$(var(cseq){s.select,1, })|$sipdump(dst_ip):$sipdump(dst_port)|$sipdump(proto)|$var(retry_after)|$var(min_expires)|$var(contact)\\n");
}
`;

function buildRelayConfig(forwardTo: string, role: RelayRole, ctx: KamailioConfigContext): string {
  const target = forwardTarget(forwardTo);
  const modules = [
    ...['kex', 'tm', 'tmx', 'sl', 'rr', 'pv', 'xlog', 'textops', 'siputils', 'maxfwd', 'sipdump'],
    ...role.modules,
  ];
  return `${kamailioGlobals(ctx, 'test/support/kamailio-relay-config.ts')}
${modules.map((m) => `loadmodule "${m}.so"`).join('\n')}

# Mode 2: run event_route[sipdump:msg] for every datagram received or sent, no files.
modparam("sipdump", "enable", 1)
modparam("sipdump", "mode", 2)
${role.modparams.join('\n')}

request_route {
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (has_totag()) {
		route(WITHINDLG);
		exit;
	}
	# CANCEL and the ACK of a negative final reply are never challenged or checked: tm matches
	# them to the INVITE transaction (and answers the CANCEL itself).
	if (is_method("CANCEL")) {
		if (t_check_trans()) {
			t_relay();
		}
		exit;
	}
	if (is_method("ACK")) {
		if (t_check_trans()) {
			t_relay();
		}
		exit;
	}
	# Retransmissions of a request being relayed are absorbed by its transaction.
	if (t_precheck_trans()) {
		t_check_trans();
		exit;
	}
	t_check_trans();
	# The harness's readiness probe (and a keep-alive aimed at the relay itself) get 200 here.
	if (is_method("OPTIONS") && uri == myself && $rU == $null) {
		sl_send_reply("200", "OK");
		exit;
	}
	remove_hf("Route");
${role.admit}
	record_route();
	$rd = "${target.host}";
	$rp = ${target.port};
	if (!t_relay()) {
		sl_reply_error();
	}
	exit;
}

route[WITHINDLG] {
	if (loose_route()) {
		t_relay();
		exit;
	}
	if (is_method("ACK")) {
		# Hop-by-hop ACK of a negative reply relayed statefully; anything else is stray.
		if (t_check_trans()) {
			t_relay();
		}
		exit;
	}
	sl_send_reply("404", "Not Here");
	exit;
}
${role.routes}
${SIPDUMP_LOG}`;
}

/** Kamailio 5.6 config for an IP-authenticated trunk: From host must be `trunkName`. */
export function buildKamailioTrunkConfig(opts: KamailioTrunkOptions, ctx: KamailioConfigContext): string {
  const trunkName = opts.trunkName.toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(trunkName)) throw new Error(`trunkName ${opts.trunkName} is not a host name`);
  return buildRelayConfig(
    opts.forwardTo,
    {
      modules: [],
      modparams: [],
      admit: `	if ($(fd{s.tolower}) != ${cfgString(trunkName, 'trunkName')}) {
		# What an IP-authenticated trunk (e.g. SkySwitch) answers a PBX that sends the wrong From host.
		append_to_reply("Warning: 399 ${ctx.host}:${ctx.port} \\"From host $fd does not match trunk name ${trunkName}\\"\\r\\n");
		sl_send_reply("403", "Forbidden");
		exit;
	}`,
      routes: '',
    },
    ctx,
  );
}

/** Kamailio 5.6 config for a digest-authenticating proxy (407 until Proxy-Authorization is right). */
export function buildKamailioProxyConfig(opts: KamailioProxyOptions, ctx: KamailioConfigContext): string {
  const algorithm = checkAlgorithm(opts.algorithm ?? 'MD5');
  return buildRelayConfig(
    opts.forwardTo,
    {
      modules: ['auth'],
      modparams: [`modparam("auth", "algorithm", "${algorithm}")`],
      admit: '\troute(AUTH);',
      routes: `\n${authRoute(opts, {
        challenge: 'proxy',
        // The next hop has no business seeing our credentials.
        onSuccess: '\tconsume_credentials();',
      })}`,
    },
    ctx,
  );
}
