// How headless Chromium is started for PDF/PNG exports, decided from plain facts so it can be
// tested: sandboxed wherever the OS allows it, with no network, and the page locked against
// scripts.
import fs from 'node:fs';

export interface SandboxFacts {
  readonly platform: NodeJS.Platform;
  /** process.getuid(); undefined where there is none (Windows). */
  readonly uid: number | undefined;
  /** /proc/sys/kernel/unprivileged_userns_clone (Debian/Ubuntu kernels only; absent elsewhere). */
  readonly unprivilegedUsernsClone?: string;
  /** /proc/sys/user/max_user_namespaces */
  readonly maxUserNamespaces?: string;
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu 23.10+). */
  readonly apparmorRestrictsUserns?: string;
  /** A setuid-root chrome-sandbox helper beside the browser. */
  readonly setuidSandbox: boolean;
}

/** Whether Chromium can build its sandbox here; when not, it refuses to start unless told --no-sandbox. */
export function sandboxAvailable(facts: SandboxFacts): boolean {
  // As root Chromium refuses to run sandboxed at all ("Running as root without --no-sandbox is not
  // supported"), so root is the one case where --no-sandbox stays. The page it renders is still
  // our own static report, locked by the flags and CSP below.
  if (facts.uid === 0) return false;
  // Windows and macOS sandbox Chromium with their own OS mechanisms, no namespaces needed.
  if (facts.platform !== 'linux') return true;
  if (facts.setuidSandbox) return true;
  const clone = facts.unprivilegedUsernsClone?.trim();
  const max = Number(facts.maxUserNamespaces?.trim() ?? '0');
  const usernsAllowed =
    (clone === undefined || clone === '1') && max > 0 && facts.apparmorRestrictsUserns?.trim() !== '1';
  return usernsAllowed;
}

/** Chromium's flags: what every export run gets, plus --no-sandbox only where there is no sandbox. */
export function chromiumArgs(facts: SandboxFacts): string[] {
  return [
    '--headless',
    ...(sandboxAvailable(facts) ? [] : ['--no-sandbox']),
    '--disable-gpu',
    // No network at all: every host name and address resolves to "not found", so nothing in the
    // page (or Chromium's own background services) can reach out. The report is self-contained.
    '--host-resolver-rules=MAP * ~NOTFOUND',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-extensions',
    '--disable-dev-shm-usage',
    '--hide-scrollbars',
  ];
}

/** The facts of this machine, read once per export. */
export function readSandboxFacts(chromiumPath: string): SandboxFacts {
  const read = (file: string): string | undefined => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    platform: process.platform,
    uid: process.getuid?.(),
    unprivilegedUsernsClone: read('/proc/sys/kernel/unprivileged_userns_clone'),
    maxUserNamespaces: read('/proc/sys/user/max_user_namespaces'),
    apparmorRestrictsUserns: read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns'),
    setuidSandbox: hasSetuidSandbox(chromiumPath),
  };
}

function hasSetuidSandbox(chromiumPath: string): boolean {
  // Debian's /usr/bin/chromium is a wrapper script; the browser and its helper live in /usr/lib.
  for (const helper of ['/usr/lib/chromium/chrome-sandbox', `${chromiumPath}-sandbox`]) {
    try {
      const st = fs.statSync(helper);
      if (st.isFile() && st.uid === 0 && (st.mode & 0o4000) !== 0) return true;
    } catch {
      // not there
    }
  }
  return false;
}

/**
 * A policy no script can pass, put first in the page's <head>. JavaScript cannot be switched off
 * with a flag here: Chromium's headless printing and screenshots need it and write nothing with
 * --blink-settings=scriptEnabled=false (tried with Chromium 156). A page obeys every policy it
 * carries, so this one adds to whatever the page declares and never loosens it.
 */
export const NO_SCRIPT_POLICY = "script-src 'none'; connect-src 'none'; object-src 'none'; base-uri 'none'";

export function withNoScriptPolicy(pageHtml: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${NO_SCRIPT_POLICY}">`;
  const head = /<head(\s[^>]*)?>/i.exec(pageHtml);
  if (head)
    return (
      pageHtml.slice(0, head.index + head[0].length) + meta + pageHtml.slice(head.index + head[0].length)
    );
  const doctype = /^\s*<!doctype[^>]*>/i.exec(pageHtml);
  const at = doctype ? doctype[0].length : 0;
  return `${pageHtml.slice(0, at)}<head>${meta}</head>${pageHtml.slice(at)}`;
}
