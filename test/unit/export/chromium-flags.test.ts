import { describe, expect, it } from 'vitest';
import {
  chromiumArgs,
  NO_SCRIPT_POLICY,
  type SandboxFacts,
  withNoScriptPolicy,
} from '../../../electron/export/chromium-flags';

// A Debian user's machine: unprivileged user namespaces on, no setuid helper.
const USER: SandboxFacts = {
  platform: 'linux',
  uid: 1000,
  unprivilegedUsernsClone: '1\n',
  maxUserNamespaces: '63448\n',
  setuidSandbox: false,
};

describe('chromiumArgs: the sandbox', () => {
  it('keeps the sandbox for a normal user where the kernel allows unprivileged user namespaces', () => {
    expect(chromiumArgs(USER)).not.toContain('--no-sandbox');
    // Upstream kernels have no unprivileged_userns_clone switch at all.
    expect(chromiumArgs({ ...USER, unprivilegedUsernsClone: undefined })).not.toContain('--no-sandbox');
  });

  it('turns it off as root, where Chromium refuses to run sandboxed, whatever the kernel allows', () => {
    expect(chromiumArgs({ ...USER, uid: 0 })).toContain('--no-sandbox');
    expect(chromiumArgs({ ...USER, uid: 0, setuidSandbox: true })).toContain('--no-sandbox');
  });

  it('turns it off when the kernel forbids unprivileged user namespaces and there is no setuid helper', () => {
    expect(chromiumArgs({ ...USER, unprivilegedUsernsClone: '0\n' })).toContain('--no-sandbox');
    expect(chromiumArgs({ ...USER, maxUserNamespaces: '0\n' })).toContain('--no-sandbox');
    expect(chromiumArgs({ ...USER, maxUserNamespaces: undefined })).toContain('--no-sandbox');
    expect(chromiumArgs({ ...USER, apparmorRestrictsUserns: '1\n' })).toContain('--no-sandbox');
  });

  it('keeps it with a setuid-root chrome-sandbox even without user namespaces', () => {
    expect(
      chromiumArgs({ ...USER, unprivilegedUsernsClone: '0', maxUserNamespaces: '0', setuidSandbox: true }),
    ).not.toContain('--no-sandbox');
  });

  it('keeps it on Windows and macOS, which sandbox without namespaces', () => {
    expect(chromiumArgs({ platform: 'win32', uid: undefined, setuidSandbox: false })).not.toContain(
      '--no-sandbox',
    );
    expect(chromiumArgs({ platform: 'darwin', uid: 501, setuidSandbox: false })).not.toContain(
      '--no-sandbox',
    );
  });
});

describe('chromiumArgs: no network', () => {
  it('resolves every host to nothing and runs headless, sandboxed or not', () => {
    for (const facts of [USER, { ...USER, uid: 0 }]) {
      const args = chromiumArgs(facts);
      expect(args).toContain('--headless');
      expect(args).toContain('--host-resolver-rules=MAP * ~NOTFOUND');
      expect(args).toContain('--disable-background-networking');
    }
  });
});

describe('withNoScriptPolicy', () => {
  const META = `<meta http-equiv="Content-Security-Policy" content="${NO_SCRIPT_POLICY}">`;

  it('puts a no-script policy first in <head>, before anything the page declares', () => {
    const page =
      '<!DOCTYPE html><html><head lang="en"><meta charset="utf-8"><script>x()</script></head></html>';
    expect(withNoScriptPolicy(page)).toBe(
      `<!DOCTYPE html><html><head lang="en">${META}<meta charset="utf-8"><script>x()</script></head></html>`,
    );
    expect(NO_SCRIPT_POLICY).toContain("script-src 'none'");
    expect(NO_SCRIPT_POLICY).toContain("connect-src 'none'");
  });

  it('adds a <head> after the doctype when the page has none, and never mistakes <header> for it', () => {
    expect(withNoScriptPolicy('<!doctype html><body><header>x</header></body>')).toBe(
      `<!doctype html><head>${META}</head><body><header>x</header></body>`,
    );
    expect(withNoScriptPolicy('<svg></svg>')).toBe(`<head>${META}</head><svg></svg>`);
  });
});
