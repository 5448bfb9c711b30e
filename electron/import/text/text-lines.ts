// A text file as lines, without their line ends. One indexOf pass: logs of 100k messages run
// to millions of lines. Terminal colour codes (an Asterisk console captured with `script` or
// `asterisk -rvvv | tee`) are removed first so markers match.

export interface TextLines {
  readonly lines: readonly string[];
  /** Lines that ended with LF alone (no CR before it). */
  readonly bareLf: number;
}

// ECMA-48 CSI sequences: ESC [ parameters final-byte. Linear: the classes cannot overlap.
// eslint-disable-next-line no-control-regex -- matching the ESC byte is the point
const ANSI_CSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

export function splitLines(text: string): TextLines {
  const clean = text.includes('\x1b') ? text.replace(ANSI_CSI, '') : text;
  const lines: string[] = [];
  let bareLf = 0;
  let pos = 0;
  while (pos < clean.length) {
    const nl = clean.indexOf('\n', pos);
    if (nl < 0) {
      lines.push(stripCr(clean.slice(pos)));
      break;
    }
    if (nl > pos && clean.charCodeAt(nl - 1) === 13) lines.push(clean.slice(pos, nl - 1));
    else {
      lines.push(clean.slice(pos, nl));
      bareLf++;
    }
    pos = nl + 1;
  }
  return { lines, bareLf };
}

function stripCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}
