import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  DigestAuthenticator,
  MAX_CONSECUTIVE_RETRIES,
  type AuthHeader,
  type AuthStep,
} from '../../../../electron/engine/auth/digest-authenticator';

const PASSWORD = 'Zebra-42-unique-secret';
const URI = 'sip:pbx.example.com';

// --- A minimal verifying server, independent of the module under test ---------------------------

type NodeHash = 'md5' | 'sha256' | 'sha512-256';
const NODE_HASH: Record<string, NodeHash> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

function h(algorithm: NodeHash, data: string): string {
  return createHash(algorithm).update(data).digest('hex');
}

function params(headerValue: string): Record<string, string> {
  expect(headerValue.startsWith('Digest ')).toBe(true);
  const out: Record<string, string> = {};
  for (const m of headerValue.slice(7).matchAll(/([a-z]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    out[m[1] as string] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] as string);
  }
  return out;
}

/** True when a server that knows the password would accept this header for this request. */
function serverAccepts(header: AuthHeader, method: string, password = PASSWORD): boolean {
  const p = params(header.value);
  const alg = NODE_HASH[p.algorithm ?? 'MD5'];
  if (alg === undefined) return false;
  const ha1 = h(alg, `${p.username}:${p.realm}:${password}`);
  const ha2 = h(alg, `${method}:${p.uri}`);
  const expected =
    p.qop === undefined
      ? h(alg, `${ha1}:${p.nonce}:${ha2}`)
      : h(alg, `${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
  return p.response === expected;
}

function retry(step: AuthStep): Extract<AuthStep, { kind: 'retry' }> {
  if (step.kind !== 'retry') throw new Error(`expected a retry, got: ${step.reason}`);
  return step;
}

function challenge401(headerValues: readonly string[]): {
  status: number;
  headerValues: readonly string[];
  method: string;
  uri: string;
} {
  return { status: 401, headerValues, method: 'REGISTER', uri: URI };
}

function newAuthenticator(): DigestAuthenticator {
  let n = 0;
  return new DigestAuthenticator({ username: 'alice', password: PASSWORD, random: () => `cn${++n}` });
}

// ------------------------------------------------------------------------------------------------

describe('DigestAuthenticator', () => {
  it('answers a 401 with an Authorization header the server accepts', () => {
    const auth = newAuthenticator();
    const step = retry(auth.respond(challenge401(['Digest realm="example.com", nonce="n1", qop="auth"'])));
    expect(step.header.name).toBe('Authorization');
    expect(step.headers).toEqual([step.header]);
    expect(serverAccepts(step.header, 'REGISTER')).toBe(true);
    expect(serverAccepts(step.header, 'REGISTER', 'wrong password')).toBe(false);
    expect(params(step.header.value)).toMatchObject({ username: 'alice', nc: '00000001', cnonce: 'cn1' });
    expect(step.challenge.realm).toBe('example.com');
  });

  it('answers a 407 with Proxy-Authorization', () => {
    const auth = newAuthenticator();
    const step = retry(
      auth.respond({
        status: 407,
        headerValues: ['Digest realm="proxy.example.com", nonce="p1", qop="auth"'],
        method: 'INVITE',
        uri: 'sip:bob@example.com',
      }),
    );
    expect(step.header.name).toBe('Proxy-Authorization');
    expect(serverAccepts(step.header, 'INVITE')).toBe(true);
  });

  it('finds the Digest challenge in a later header line and picks the strongest algorithm', () => {
    const auth = newAuthenticator();
    const step = retry(
      auth.respond(
        challenge401([
          'Basic realm="example.com"',
          'Digest realm="example.com", nonce="m", algorithm=MD5, qop="auth"',
          'Digest realm="example.com", nonce="s", algorithm=SHA-256, qop="auth"',
        ]),
      ),
    );
    expect(params(step.header.value)).toMatchObject({ algorithm: 'SHA-256', nonce: 's' });
    expect(serverAccepts(step.header, 'REGISTER')).toBe(true);
  });

  it('reports rejected credentials when the server challenges the answer again', () => {
    const auth = newAuthenticator();
    retry(auth.respond(challenge401(['Digest realm="example.com", nonce="n1", qop="auth"'])));
    const second = auth.respond(challenge401(['Digest realm="example.com", nonce="n2", qop="auth"']));
    expect(second).toEqual({
      kind: 'failed',
      reason: 'the server rejected the credentials for user "alice" (realm "example.com")',
    });
  });

  it('retries with the new nonce on stale=true, restarting the nonce count', () => {
    const auth = newAuthenticator();
    retry(auth.respond(challenge401(['Digest realm="example.com", nonce="n1", qop="auth"'])));
    const stale = retry(
      auth.respond(challenge401(['Digest realm="example.com", nonce="n2", qop="auth", stale=TRUE'])),
    );
    expect(params(stale.header.value)).toMatchObject({ nonce: 'n2', nc: '00000001', cnonce: 'cn2' });
    expect(serverAccepts(stale.header, 'REGISTER')).toBe(true);
    // A non-stale challenge after the stale retry is a rejection again.
    expect(auth.respond(challenge401(['Digest realm="example.com", nonce="n3", qop="auth"'])).kind).toBe(
      'failed',
    );
  });

  it(`gives up after ${MAX_CONSECUTIVE_RETRIES} retries in a row when the server keeps saying stale`, () => {
    const auth = newAuthenticator();
    const steps = [1, 2, 3, 4].map((i) =>
      auth.respond(challenge401([`Digest realm="example.com", nonce="n${i}", qop="auth", stale=true`])),
    );
    expect(steps.map((s) => s.kind)).toEqual(['retry', 'retry', 'retry', 'failed']);
    expect(steps[3]).toEqual({
      kind: 'failed',
      reason:
        'gave up after 3 authentication retries in a row for user "alice" (realm "example.com"): ' +
        'the server keeps challenging',
    });
  });

  it('authorize() pre-authenticates new requests with nc 2, 3, ... on the same nonce and cnonce', () => {
    const auth = newAuthenticator();
    expect(auth.authorize('REGISTER', URI)).toBeUndefined();
    retry(auth.respond(challenge401(['Digest realm="example.com", nonce="n1", qop="auth"'])));
    const second = auth.authorize('REGISTER', URI);
    const third = auth.authorize('OPTIONS', URI);
    expect(second && params(second.value)).toMatchObject({ nonce: 'n1', nc: '00000002', cnonce: 'cn1' });
    expect(third && params(third.value)).toMatchObject({ nonce: 'n1', nc: '00000003', cnonce: 'cn1' });
    expect(second && serverAccepts(second, 'REGISTER')).toBe(true);
    expect(third && serverAccepts(third, 'OPTIONS')).toBe(true);
  });

  it('after a pre-authenticated request, a fresh challenge is answered (not a rejection)', () => {
    const auth = newAuthenticator();
    retry(auth.respond(challenge401(['Digest realm="example.com", nonce="n1", qop="auth"'])));
    auth.authorize('REGISTER', URI);
    // The server expired the nonce without saying stale: answer once with the new nonce.
    const step = retry(auth.respond(challenge401(['Digest realm="example.com", nonce="n2", qop="auth"'])));
    expect(params(step.header.value)).toMatchObject({ nonce: 'n2', nc: '00000001', cnonce: 'cn2' });
    // ...and if that answer is challenged again, the credentials are wrong.
    expect(auth.respond(challenge401(['Digest realm="example.com", nonce="n3", qop="auth"'])).kind).toBe(
      'failed',
    );
  });

  it('keeps counting when a new exchange is challenged with the same nonce', () => {
    const auth = newAuthenticator();
    retry(auth.respond(challenge401(['Digest realm="example.com", nonce="fixed", qop="auth"'])));
    auth.authorize('REGISTER', URI); // nc 2
    const step = retry(auth.respond(challenge401(['Digest realm="example.com", nonce="fixed", qop="auth"'])));
    expect(params(step.header.value)).toMatchObject({ nonce: 'fixed', nc: '00000003', cnonce: 'cn1' });
  });

  it('carries proxy credentials along when the registrar then challenges too', () => {
    const auth = newAuthenticator();
    retry(
      auth.respond({
        status: 407,
        headerValues: ['Digest realm="proxy", nonce="p1", qop="auth"'],
        method: 'REGISTER',
        uri: URI,
      }),
    );
    const step = retry(auth.respond(challenge401(['Digest realm="registrar", nonce="r1", qop="auth"'])));
    expect(step.header.name).toBe('Authorization');
    expect(step.headers.map((x) => [x.name, params(x.value).realm, params(x.value).nc])).toEqual([
      ['Authorization', 'registrar', '00000001'],
      ['Proxy-Authorization', 'proxy', '00000002'],
    ]);
    expect(step.headers.every((x) => serverAccepts(x, 'REGISTER'))).toBe(true);
    expect(auth.authorizeAll('REGISTER', URI).map((x) => x.name)).toEqual([
      'Proxy-Authorization',
      'Authorization',
    ]);
  });

  it('names the unsupported algorithms when nothing offered can be answered', () => {
    const auth = newAuthenticator();
    expect(
      auth.respond(
        challenge401([
          'Digest realm="example.com", nonce="a", algorithm=SHA-512, qop="auth"',
          'Digest realm="example.com", nonce="b", algorithm=sha-512, qop="auth", Digest realm="x", nonce="c", algorithm=SHA3',
        ]),
      ),
    ).toEqual({
      kind: 'failed',
      reason: 'the server offers only digest algorithm(s) SHA-512, SHA3 which SIP Field Kit does not support',
    });
    expect(auth.respond(challenge401(['Digest realm="r", nonce="n", qop="auth-conf"']))).toEqual({
      kind: 'failed',
      reason: 'the server offers only digest qop auth-conf which SIP Field Kit does not support',
    });
  });

  it('explains a challenge without Digest', () => {
    const auth = newAuthenticator();
    expect(auth.respond(challenge401([]))).toEqual({
      kind: 'failed',
      reason: 'the server answered 401 without a WWW-Authenticate header',
    });
    expect(auth.respond({ status: 407, headerValues: [], method: 'INVITE', uri: URI })).toEqual({
      kind: 'failed',
      reason: 'the server answered 407 without a Proxy-Authenticate header',
    });
    expect(auth.respond(challenge401(['Basic realm="x"']))).toEqual({
      kind: 'failed',
      reason: 'the server answered 401 asking for Basic authentication, not Digest',
    });
    const malformed = auth.respond(challenge401(['Digest nonce="n"']));
    expect(malformed.kind === 'failed' && malformed.reason).toMatch(/malformed Digest challenge.*nonce="n"/);
    expect(auth.respond({ status: 403, headerValues: [], method: 'REGISTER', uri: URI }).kind).toBe('failed');
  });

  it('never exposes the password in any step, header, reason, or the object itself', () => {
    const auth = newAuthenticator();
    const seen: unknown[] = [
      auth.authorize('REGISTER', URI),
      auth.respond(challenge401(['Digest realm="example.com", nonce="n1", qop="auth"'])),
      auth.respond(challenge401(['Digest realm="example.com", nonce="n2", qop="auth", stale=true'])),
      auth.respond(challenge401(['Digest realm="example.com", nonce="n3"'])),
      auth.authorize('REGISTER', URI),
      auth.authorizeAll('REGISTER', URI),
      auth.respond(challenge401(['Digest realm="r", nonce="n", algorithm=SHA-1'])),
      auth.respond(challenge401(['Digest realm="r", nonce="n", qop="x"'])),
      auth.respond(challenge401(['Basic realm="r"', 'Digest broken'])),
      auth.respond({ ...challenge401(['Digest realm="r", nonce="n"']), uri: 'sip:a\r\nb' }),
    ];
    expect(seen.some((s) => (s as AuthStep | undefined)?.kind === 'failed')).toBe(true);
    expect(JSON.stringify(seen)).not.toContain(PASSWORD);
    expect(inspect(auth, { showHidden: true, depth: 10 })).not.toContain(PASSWORD);
    expect(JSON.stringify(auth)).not.toContain(PASSWORD);
  });
});
