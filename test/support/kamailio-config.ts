import { randomBytes } from 'node:crypto';

export interface KamailioUser {
  user: string;
  password: string;
}

export interface KamailioConfigOptions {
  users: readonly KamailioUser[];
  /** Digest realm (default "sipkit.test"). */
  realm?: string;
  /** Kamailio 5.6's auth module accepts only MD5 and SHA-256 (no SHA-512-256). Default MD5. */
  algorithm?: 'MD5' | 'SHA-256';
  /** Offer qop="auth" in challenges (default false: plain RFC 2069-style digest). */
  qop?: boolean;
  /** 'www' → 401 + WWW-Authenticate (default); 'proxy' → 407 + Proxy-Authenticate. */
  challenge?: 'www' | 'proxy';
  /**
   * What a wrong password (or unknown user) gets: 'rechallenge' → 401/407 with a fresh nonce
   * (default; what most PBXs do), 'forbidden' → 403 Forbidden.
   */
  wrongPassword?: 'rechallenge' | 'forbidden';
  /** registrar min_expires; a REGISTER asking for less gets 423 with Min-Expires. 0/unset = no minimum. */
  minExpires?: number;
  /** registrar max_expires; longer requests are silently shortened. 0/unset = no maximum. */
  maxExpires?: number;
  /** Expiry used when the REGISTER states none (default 3600). */
  defaultExpires?: number;
  /**
   * Provider-style rate limit: an authenticated binding REGISTER arriving sooner than this many
   * seconds after the same user's previous accepted one gets 429 Too Many Requests.
   */
  minRegisterInterval?: number;
  /** Retry-After seconds in the 429 (default: minRegisterInterval). */
  retryAfter?: number;
  /**
   * When true, every 429 restarts the window (a client that keeps hammering stays blocked even
   * after minRegisterInterval has passed since its last success). Default false: the window runs
   * from the last accepted REGISTER, so a client that honours Retry-After gets back in.
   */
  blockExtendsWindow?: boolean;
}

export interface KamailioConfigContext {
  host: string;
  port: number;
  /** Put in the Server header so readiness probes know which Kamailio answered. */
  instanceId: string;
  /** Epoch seconds subtracted from timestamps so millisecond arithmetic fits Kamailio's integers. */
  epochBase: number;
}

export const DEFAULT_REALM = 'sipkit.test';

// Values land inside double-quoted Kamailio strings; test fixtures never need exotic characters,
// so refuse them instead of trying to escape every corner of the cfg grammar.
function cfgString(value: string, what: string): string {
  if (!/^[\x20-\x7e]*$/.test(value) || /["\\|]/.test(value)) {
    throw new Error(`${what} ${JSON.stringify(value)} must be printable ASCII without ", \\ or |`);
  }
  return `"${value}"`;
}

function nonNegativeInt(value: number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${what} must be a non-negative integer, got ${value}`);
  return value;
}

/** Kamailio 5.6 configuration text for a registrar-only peer (no database, no transactions). */
export function buildKamailioConfig(opts: KamailioConfigOptions, ctx: KamailioConfigContext): string {
  const realm = cfgString(opts.realm ?? DEFAULT_REALM, 'realm');
  if (!/^[A-Za-z0-9-]+$/.test(ctx.instanceId)) throw new Error(`bad instanceId ${ctx.instanceId}`);
  const algorithm = opts.algorithm ?? 'MD5';
  if (algorithm !== 'MD5' && algorithm !== 'SHA-256') {
    throw new Error(`Kamailio 5.6 supports digest algorithms MD5 and SHA-256 only, not ${String(algorithm)}`);
  }
  const proxy = (opts.challenge ?? 'www') === 'proxy';
  const authHeader = proxy ? 'Proxy-Authorization' : 'Authorization';
  const authenticate = proxy ? 'pv_proxy_authenticate' : 'pv_www_authenticate';
  const challenge = proxy ? 'proxy_challenge' : 'www_challenge';
  const challengeFlags = opts.qop ? '"1"' : '"0"';
  const minExpires = nonNegativeInt(opts.minExpires, 'minExpires') ?? 0;
  const maxExpires = nonNegativeInt(opts.maxExpires, 'maxExpires') ?? 0;
  const defaultExpires = nonNegativeInt(opts.defaultExpires, 'defaultExpires') ?? 3600;
  const minInterval = nonNegativeInt(opts.minRegisterInterval, 'minRegisterInterval') ?? 0;
  const retryAfter = nonNegativeInt(opts.retryAfter, 'retryAfter') ?? minInterval;
  if (opts.users.length === 0) throw new Error('startKamailio needs at least one user');

  const userTable = opts.users
    .map(
      ({ user, password }, i) =>
        `\t${i === 0 ? 'if' : '} else if'} ($var(au) == ${cfgString(user, 'user')}) {\n` +
        `\t\t$var(pw) = ${cfgString(password, `password of ${user}`)};`,
    )
    .join('\n');
  // Unknown users get a password nobody knows, so they fail exactly like a wrong password.
  const unknownUserPassword = randomBytes(16).toString('hex');

  const rateLimitCheck =
    minInterval > 0
      ? `
	# 429 rule. Only authenticated REGISTERs that add or refresh a binding reach this point: the
	# unauthenticated first try (answered with a challenge) and un-registers never count.
	if ($sht(reglimit=>$var(au)) != $null) {
		if ($var(now) - $sht(reglimit=>$var(au)) < ${minInterval * 1000}) {
${
  opts.blockExtendsWindow
    ? '\t\t\t# blockExtendsWindow: each blocked attempt restarts the window.\n\t\t\t$sht(reglimit=>$var(au)) = $var(now);\n'
    : '\t\t\t# The window runs from the last ACCEPTED register; blocked attempts do not extend it.\n'
}\t\t\tappend_to_reply("Retry-After: ${retryAfter}\\r\\n");
			sl_send_reply("429", "Too Many Requests");
			exit;
		}
	}`
      : '';

  return `#!KAMAILIO
# Generated by test/support/kamailio-config.ts for one integration test run.

debug=2
log_stderror=yes
children=1
tcp_children=1
auto_aliases=no
dns=no
rev_dns=no
use_dns_cache=off
dns_try_ipv6=no
tcp_connection_lifetime=3605
listen=udp:${ctx.host}:${ctx.port}
listen=tcp:${ctx.host}:${ctx.port}
alias="${ctx.host}:${ctx.port}"
server_header="Server: sipkit-test-kamailio/${ctx.instanceId}"

loadmodule "kex.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "textops.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
loadmodule "htable.so"

modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", ${minExpires})
# 1 = answer 423 Interval Too Brief with Min-Expires instead of silently raising the expiry.
modparam("registrar", "min_expires_mode", 1)
modparam("registrar", "max_expires", ${maxExpires})
modparam("registrar", "default_expires", ${defaultExpires})
modparam("auth", "algorithm", "${algorithm}")
modparam("htable", "htable", "reglimit=>size=6;autoexpire=0;")

request_route {
	xlog("L_NOTICE", "SIPKIT-RX|$rm|$ci|$cs|$(hdr(CSeq){s.select,1, })|$si:$sp|$pr\\n");
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (is_method("ACK")) {
		exit;
	}
	if (is_method("OPTIONS")) {
		sl_send_reply("200", "OK");
		exit;
	}
	if (!is_method("REGISTER")) {
		append_to_reply("Allow: REGISTER, OPTIONS\\r\\n");
		sl_send_reply("405", "Method Not Allowed");
		exit;
	}
	route(AUTH);
	# $expires(max) is $null when the REGISTER states no expiry (default_expires applies) and
	# $null == 0 is true in Kamailio, hence the explicit null test.
	if (!is_present_hf("Contact") || ($expires(max) != $null && $expires(max) == 0)) {
		# Binding queries and un-registers: never rate limited, never start the 429 window.
		save("location");
		exit;
	}
	# Milliseconds since the config was generated: fits Kamailio's integers and $TV is cached per message.
	$var(now) = ($TV(s) - ${ctx.epochBase}) * 1000 + $TV(u) / 1000;${rateLimitCheck}
	if (save("location")) {
		$sht(reglimit=>$var(au)) = $var(now);
	}
	exit;
}

route[AUTH] {
	$var(au) = "";
	$var(pw) = "";
	if (is_present_hf("${authHeader}")) {
		$var(au) = $(hdr(${authHeader}){re.subst,/^.*username="([^"]*)".*$/\\1/});
	}
${userTable}
	}
	if ($var(pw) == "") {
		$var(pw) = "${unknownUserPassword}";
	}
	if (!${authenticate}(${realm}, "$var(pw)", "0")) {
		# -2 invalid password, -3 invalid user; -5 (no credentials) and stale nonces get a challenge.
		$var(rc) = $rc;
${
  opts.wrongPassword === 'forbidden'
    ? `		if ($var(rc) == -2 || $var(rc) == -3) {
			sl_send_reply("403", "Forbidden");
			exit;
		}
`
    : ''
}		${challenge}(${realm}, ${challengeFlags});
		exit;
	}
}

reply_route {
	xlog("L_NOTICE", "SIPKIT-RX|$rs|$ci|$cs|$(hdr(CSeq){s.select,1, })|$si:$sp|$pr\\n");
	drop;
}

# Runs for every reply sl sends (challenges, registrar replies, 429, OPTIONS 200); the message
# here is the reply itself, $snd() its destination.
event_route[sl:local-response] {
	xlog("L_NOTICE", "SIPKIT-TX|$rs|$ci|$cs|$(hdr(CSeq){s.select,1, })|$snd(ip):$snd(port)|$snd(sproto)|$hdr(Retry-After)|$hdr(Min-Expires)|$(hdr(Contact)[*])\\n");
}
`;
}
