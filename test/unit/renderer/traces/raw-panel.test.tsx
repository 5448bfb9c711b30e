import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { rawLines } from '../../../../renderer/src/traces/raw-lines';
import { RawLines } from '../../../../renderer/src/traces/raw-panel';

const REGISTER = [
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-7;received=203.0.113.9;rport=40123',
  'Contact: <sip:1001@10.0.0.5:5060>;expires=60',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('raw message text', () => {
  it('marks exactly the evidence line as raw-highlight, monospaced in one pre', () => {
    const html = renderToStaticMarkup(<RawLines lines={rawLines(REGISTER, new Set([2]))} />);
    expect(html.match(/data-testid="raw-message"/g)).toHaveLength(1);
    expect(html).toMatch(/^<pre class="raw raw-lines"/);
    const highlights = [...html.matchAll(/data-testid="raw-highlight" data-line="(\d+)"/g)].map((m) => m[1]);
    expect(highlights).toEqual(['2']);
    expect(html).toContain('<span class="raw-name">Via</span>: SIP/2.0/UDP 10.0.0.5:5060');
    expect(html).toContain('<strong>SIP/2.0 200 OK</strong>');
  });

  it('escapes what the wire carried instead of interpreting it', () => {
    const html = renderToStaticMarkup(<RawLines lines={rawLines('X-Evil: <script>alert(1)</script>')} />);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
