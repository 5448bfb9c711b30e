import {
  authRoute,
  checkAlgorithm,
  kamailioGlobals,
  nonNegativeInt,
  rxLog,
  txLog,
  type KamailioAuthOptions,
  type KamailioConfigContext,
} from './kamailio-config-parts';

export { DEFAULT_REALM } from './kamailio-config-parts';
export type { KamailioConfigContext, KamailioUser } from './kamailio-config-parts';

export interface KamailioConfigOptions extends KamailioAuthOptions {
  /** 'www' → 401 + WWW-Authenticate (default); 'proxy' → 407 + Proxy-Authenticate. */
  challenge?: 'www' | 'proxy';
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

/** Kamailio 5.6 configuration text for a registrar-only peer (no database, no transactions). */
export function buildKamailioConfig(opts: KamailioConfigOptions, ctx: KamailioConfigContext): string {
  const algorithm = checkAlgorithm(opts.algorithm ?? 'MD5');
  const minExpires = nonNegativeInt(opts.minExpires, 'minExpires') ?? 0;
  const maxExpires = nonNegativeInt(opts.maxExpires, 'maxExpires') ?? 0;
  const defaultExpires = nonNegativeInt(opts.defaultExpires, 'defaultExpires') ?? 3600;
  const minInterval = nonNegativeInt(opts.minRegisterInterval, 'minRegisterInterval') ?? 0;
  const retryAfter = nonNegativeInt(opts.retryAfter, 'retryAfter') ?? minInterval;
  if (opts.users.length === 0) throw new Error('startKamailio needs at least one user');

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

  return `${kamailioGlobals(ctx)}
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
	${rxLog('$rm')}
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

${authRoute(opts, { challenge: opts.challenge ?? 'www' })}
reply_route {
	${rxLog('$rs')}
	drop;
}

# Runs for every reply sl sends (challenges, registrar replies, 429, OPTIONS 200); the message
# here is the reply itself, $snd() its destination.
event_route[sl:local-response] {
	${txLog('$rs')}
}
`;
}
