// The User-Agent words of well-known SIP scanning tools, as fail2ban filters and Kamailio's and
// OpenSIPS's blocklists match them: SIPVicious (svmap, svwar, svcrack: "friendly-scanner") and
// its many copies. Shared by the sec.scanner rule (naming a scan in a trace) and the engine's
// server side (which gives such a request no answer at all).
const SCANNER_AGENTS =
  /friendly-scanner|sipvicious|sipcli|sip-scan|sipscan|\biwar\b|sivus|sundayddr|vaxsipuseragent|pplsip|\bsmap\b|siparmyknife/i;

export function isScannerAgent(userAgent: string | undefined): boolean {
  return userAgent !== undefined && SCANNER_AGENTS.test(userAgent);
}
