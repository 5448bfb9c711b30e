import { describe, expect, it } from 'vitest';
import { parseChallenges, type DigestChallenge } from '../../../../electron/engine/auth/digest-challenge';
import { chooseChallenge } from '../../../../electron/engine/auth/digest-choice';

// RFC 7616 §3.9.1: the server offers SHA-256 first, then MD5, as two WWW-Authenticate lines
// (shown here as received after header unfolding).
const RFC7616_SHA256 =
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
  'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
const RFC7616_MD5 =
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, ' +
  'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
  'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';

function challenge(fields: Partial<DigestChallenge>): DigestChallenge {
  return {
    kind: 'www',
    realm: 'pbx',
    nonce: 'n',
    algorithm: 'MD5',
    qop: ['auth'],
    stale: false,
    userhash: false,
    raw: '',
    ...fields,
  };
}

describe('parseChallenges', () => {
  it('reads both RFC 7616 §3.9.1 challenges from two header lines, in order', () => {
    const parsed = parseChallenges('www', [RFC7616_SHA256, RFC7616_MD5]);
    expect(parsed).toEqual([
      {
        kind: 'www',
        realm: 'http-auth@example.org',
        nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
        opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
        algorithm: 'SHA-256',
        qop: ['auth', 'auth-int'],
        stale: false,
        userhash: false,
        raw: RFC7616_SHA256,
      },
      {
        kind: 'www',
        realm: 'http-auth@example.org',
        nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
        opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
        algorithm: 'MD5',
        qop: ['auth', 'auth-int'],
        stale: false,
        userhash: false,
        raw: RFC7616_MD5,
      },
    ]);
    expect(chooseChallenge(parsed)?.algorithm).toBe('SHA-256');
  });

  it('reads the same two challenges when a server packs them into one header value', () => {
    const parsed = parseChallenges('www', [`${RFC7616_MD5}, ${RFC7616_SHA256}`]);
    expect(parsed.map((c) => [c.algorithm, c.raw])).toEqual([
      ['MD5', RFC7616_MD5],
      ['SHA-256', RFC7616_SHA256],
    ]);
    expect(chooseChallenge(parsed)?.algorithm).toBe('SHA-256');
  });

  it('reads the RFC 7616 header text as written, folded over several lines', () => {
    const folded = RFC7616_SHA256.replace(/, /g, ',\r\n    ');
    expect(parseChallenges('www', [folded])[0]).toMatchObject({
      algorithm: 'SHA-256',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      qop: ['auth', 'auth-int'],
    });
  });

  it('reads several challenges per line across several lines, keeping the order', () => {
    const parsed = parseChallenges('proxy', [
      'Digest realm="a", nonce="x", algorithm=SHA-256, Digest realm="a", nonce="y", algorithm=MD5',
      'Digest realm="b", nonce="z"',
    ]);
    expect(parsed.map((c) => [c.kind, c.realm, c.nonce, c.algorithm])).toEqual([
      ['proxy', 'a', 'x', 'SHA-256'],
      ['proxy', 'a', 'y', 'MD5'],
      ['proxy', 'b', 'z', 'MD5'],
    ]);
  });

  it('keeps commas and escaped quotes inside quoted strings', () => {
    const [parsed] = parseChallenges('www', [
      String.raw`Digest realm="Sales, \"East\" \\ PBX", nonce="a,b", opaque="x\,y", qop="auth"`,
    ]);
    expect(parsed).toMatchObject({
      realm: 'Sales, "East" \\ PBX',
      nonce: 'a,b',
      opaque: 'x,y',
      qop: ['auth'],
    });
  });

  it('treats scheme, parameter names and flag values case-insensitively', () => {
    const [parsed] = parseChallenges('www', [
      'DIGEST REALM="r", Nonce="n", ALGORITHM=sha-256-SESS, QOP="AUTH", STALE=TRUE, UserHash=True',
    ]);
    expect(parsed).toMatchObject({
      realm: 'r',
      nonce: 'n',
      algorithm: 'SHA-256-sess',
      qop: ['auth'],
      stale: true,
      userhash: true,
    });
  });

  it.each([
    ['algorithm=md5', 'MD5'],
    ['algorithm=Md5-Sess', 'MD5-sess'],
    ['algorithm=SHA-256', 'SHA-256'],
    ['algorithm=sha-512-256', 'SHA-512-256'],
    ['algorithm=SHA-512-256-sess', 'SHA-512-256-sess'],
    ['algorithm=sha-512', 'SHA-512'],
    ['algorithm="SHA-256"', 'SHA-256'],
    ['stale=false', 'MD5'],
  ])('normalises %s to %s (missing algorithm means MD5)', (param, expected) => {
    const [parsed] = parseChallenges('www', [`Digest realm="r", nonce="n", ${param}`]);
    expect(parsed?.algorithm).toBe(expected);
  });

  it('reads flags that are absent or false as false, and an absent qop as the legacy form', () => {
    const [parsed] = parseChallenges('www', ['Digest realm="r", nonce="n", stale=false, userhash=FALSE']);
    expect(parsed).toMatchObject({ stale: false, userhash: false, qop: [] });
    expect(parsed).not.toHaveProperty('opaque');
  });

  it('accepts an unquoted qop and an unquoted nonce with base64 characters', () => {
    const [parsed] = parseChallenges('www', ['Digest realm=pbx, nonce=ab/c+d==, qop=auth']);
    expect(parsed).toMatchObject({ realm: 'pbx', nonce: 'ab/c+d==', qop: ['auth'] });
  });

  it('skips Basic, Bearer and token68 schemes but keeps the Digest challenge between them', () => {
    const parsed = parseChallenges('www', [
      'Basic realm="x", Negotiate YIIBhAYGKwYBBQUCoIIBeDCCAXSgMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHg==',
      'Digest realm="y", nonce="z", Bearer realm="api", scope="all"',
    ]);
    expect(parsed.map((c) => [c.realm, c.nonce])).toEqual([['y', 'z']]);
  });

  it('skips malformed challenges without losing the well-formed ones', () => {
    const parsed = parseChallenges('www', [
      'Digest nonce="no realm"',
      'Digest realm="no nonce"',
      'Digest realm="a" nonce="missing comma", Digest realm="ok1", nonce="1"',
      'Digest realm="dup", nonce="2", nonce="3", Digest realm="ok2", nonce="4"',
      'Digest realm=, nonce="5", Digest realm="ok3", nonce="6"',
      '@@@ !!, Digest realm="ok4", nonce="7"',
      // The skipped garbage holds an escaped quote and commas: nothing inside it may leak out.
      String.raw`Digest realm="a" junk="x\", Digest realm=\"fake\", nonce=\"f\"", Digest realm="ok5", nonce="9"`,
      'Digest realm="unterminated, nonce="8',
    ]);
    expect(parsed.map((c) => c.realm)).toEqual(['ok1', 'ok2', 'ok3', 'ok4', 'ok5']);
  });

  it.each([
    '',
    ',',
    ', ,',
    '"',
    '\\',
    '=',
    'Digest',
    'Digest "',
    'Digest =x',
    'realm="x", nonce="y"',
    '\u0000',
  ])('returns nothing and does not throw for garbage %j', (garbage) => {
    expect(parseChallenges('www', [garbage])).toEqual([]);
  });
});

describe('chooseChallenge', () => {
  it('picks the strongest supported algorithm whatever the order', () => {
    const offered = [
      challenge({ algorithm: 'MD5' }),
      challenge({ algorithm: 'SHA-512-256' }),
      challenge({ algorithm: 'SHA-256' }),
    ];
    expect(chooseChallenge(offered)?.algorithm).toBe('SHA-512-256');
    expect(chooseChallenge(offered.slice(0, 1).concat(offered.slice(2)))?.algorithm).toBe('SHA-256');
  });

  it('ranks a -sess variant with its base algorithm, earliest listed first among equals', () => {
    expect(
      chooseChallenge([challenge({ algorithm: 'MD5' }), challenge({ algorithm: 'SHA-256-sess' })])?.algorithm,
    ).toBe('SHA-256-sess');
    expect(
      chooseChallenge([challenge({ algorithm: 'SHA-256-sess' }), challenge({ algorithm: 'SHA-256' })])
        ?.algorithm,
    ).toBe('SHA-256-sess');
    expect(
      chooseChallenge([challenge({ algorithm: 'SHA-256' }), challenge({ algorithm: 'SHA-256-sess' })])
        ?.algorithm,
    ).toBe('SHA-256');
  });

  it('never chooses an unsupported algorithm or qop', () => {
    expect(chooseChallenge([challenge({ algorithm: 'SHA-512' })])).toBeUndefined();
    expect(
      chooseChallenge([challenge({ algorithm: 'SHA-512' }), challenge({ algorithm: 'MD5' })])?.algorithm,
    ).toBe('MD5');
    expect(chooseChallenge([challenge({ qop: ['auth-conf'] })])).toBeUndefined();
    expect(chooseChallenge([])).toBeUndefined();
  });

  it('prefers a challenge offering qop=auth among equally strong ones', () => {
    const intOnly = challenge({ algorithm: 'SHA-256', qop: ['auth-int'], nonce: 'int' });
    const none = challenge({ algorithm: 'SHA-256', qop: [], nonce: 'none' });
    const auth = challenge({ algorithm: 'SHA-256', qop: ['auth-int', 'auth'], nonce: 'auth' });
    expect(chooseChallenge([intOnly, none, auth])?.nonce).toBe('auth');
    expect(chooseChallenge([none, intOnly])?.nonce).toBe('int');
    // Algorithm strength still comes first.
    expect(chooseChallenge([challenge({ algorithm: 'MD5' }), none])?.nonce).toBe('none');
  });
});
