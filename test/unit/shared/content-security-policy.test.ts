import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../shared/content-security-policy';

/** The policy as directive → sources. */
function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(' ')];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('the desktop app: scripts from itself only, no plugin, <base>, form target, framing or WebSocket', () => {
    const csp = directives(contentSecurityPolicy({ kind: 'desktop' }));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(contentSecurityPolicy({ kind: 'desktop' })).not.toMatch(/ws:|wss:/);
    expect(csp.has('script-src')).toBe(false); // default-src 'self' covers scripts: no inline, no eval
  });

  it('the web mode: the same, plus a WebSocket to the very host:port that served the page', () => {
    const csp = directives(contentSecurityPolicy({ kind: 'web', host: '127.0.0.1:41237' }));
    expect(csp.get('connect-src')).toBe("'self' ws://127.0.0.1:41237");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(
      directives(contentSecurityPolicy({ kind: 'web', host: 'localhost:8080' })).get('connect-src'),
    ).toBe("'self' ws://localhost:8080");
  });

  it('never writes a host that is not a plain host:port into the policy', () => {
    for (const host of ['127.0.0.1:*', "evil; script-src 'unsafe-inline'", '127.0.0.1', '']) {
      const policy = contentSecurityPolicy({ kind: 'web', host });
      expect(directives(policy).get('connect-src'), host).toBe("'self'");
      expect(policy).not.toContain('unsafe-inline;');
    }
  });

  it('the <meta> form leaves out frame-ancestors, which browsers ignore there', () => {
    const meta = directives(contentSecurityPolicy({ kind: 'desktop' }, 'meta'));
    expect(meta.has('frame-ancestors')).toBe(false);
    expect(meta.get('object-src')).toBe("'none'");
    expect(meta.get('connect-src')).toBe("'self'");
  });
});
