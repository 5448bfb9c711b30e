// Telling a text trace from binary data before reading it as lines: a pcap holds SIP text in
// its packets, and reading it as text would "find" messages in it with garbage around them.
import { isStartLine } from '../../../shared/sip/start-line';

// Capture and archive signatures, as the first four bytes read as latin1.
const SIGNATURES: readonly { readonly prefix: string; readonly what: string }[] = [
  { prefix: '\xd4\xc3\xb2\xa1', what: 'a pcap capture' },
  { prefix: '\xa1\xb2\xc3\xd4', what: 'a pcap capture' },
  { prefix: '\x4d\x3c\xb2\xa1', what: 'a pcap capture' },
  { prefix: '\xa1\xb2\x3c\x4d', what: 'a pcap capture' },
  { prefix: '\x0a\x0d\x0d\x0a', what: 'a pcapng capture' },
  { prefix: '\x1f\x8b', what: 'a gzip-compressed file' },
  { prefix: 'PK\x03\x04', what: 'a zip archive' },
];

const SAMPLE = 8192;

/** The text opens with a SIP start line: a raw message, whose body may be binary (RFC 4475 §3.1.1.11). */
function opensWithSipMessage(text: string): boolean {
  const start = text.search(/[^\r\n]/);
  if (start < 0) return false;
  const end = text.indexOf('\n', start);
  return isStartLine(text.slice(start, end < 0 ? undefined : end).replace(/\r$/, ''));
}

/** Why `text` is not a text trace, or undefined when it reads as text. */
export function binaryVerdict(text: string, fileName?: string): string | undefined {
  const name = fileName !== undefined ? `${fileName} ` : 'The file ';
  for (const sig of SIGNATURES) {
    if (text.startsWith(sig.prefix)) {
      const hint = sig.what.includes('pcap')
        ? ': open it with the capture (pcap) import'
        : ': unpack it first';
      return `${name}is ${sig.what}, not a text trace${hint}. No messages were read.`;
    }
  }
  const head = text.slice(0, SAMPLE);
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    // Tab, LF, FF, CR and ESC (terminal colours) occur in logs; other control bytes do not. A few
    // stray ones (a log damaged by a crash) are left to the line reader, which stops there.
    if (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13 && c !== 27) control++;
  }
  if (head.length > 0 && control / head.length > 0.01 && !opensWithSipMessage(text)) {
    return `${name}holds binary data, not a text trace. No messages were read.`;
  }
  return undefined;
}

/** A line in the middle of a text file that is binary (a damaged or concatenated file). */
export function isBinaryLine(line: string): boolean {
  return line.includes('\0');
}
