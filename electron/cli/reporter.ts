// Output of every sipkit command: readable lines by default, or with --json one JSON object per
// line, the last one {"type":"result","ok":…}. Commands only call these methods, so both forms
// always carry the same information.

export interface ReporterStreams {
  readonly out: { write(s: string): unknown };
  readonly err: { write(s: string): unknown };
}

export class Reporter {
  private finished = false;

  constructor(
    readonly json: boolean,
    private readonly streams: ReporterStreams = { out: process.stdout, err: process.stderr },
  ) {}

  /** A progress line: `topic` is a short word (register, bindings, nat, …). */
  info(topic: string, text: string, data: Record<string, unknown> = {}): void {
    if (this.json) this.writeJson({ type: topic, message: text, ...data });
    else this.streams.out.write(`${topic.padEnd(9)} ${text}\n`);
  }

  /**
   * A note on what a slow step is doing: on stderr in readable mode, so stdout stays the result
   * alone (a script reading it, or `-o -`); a JSON line like info() with --json.
   */
  progress(topic: string, text: string, data: Record<string, unknown> = {}): void {
    if (this.json) this.writeJson({ type: topic, message: text, ...data });
    else this.streams.err.write(`${topic.padEnd(9)} ${text}…\n`);
  }

  warn(topic: string, text: string, data: Record<string, unknown> = {}): void {
    if (this.json) this.writeJson({ type: topic, level: 'warning', message: text, ...data });
    else this.streams.out.write(`${topic.padEnd(9)} ! ${text}\n`);
  }

  /** Raw text blocks (a SIP message) in readable mode; in JSON mode the data object alone. */
  block(text: string, data: Record<string, unknown>): void {
    if (this.json) this.writeJson(data);
    else this.streams.out.write(text);
  }

  result(ok: boolean, summary: string, data: Record<string, unknown> = {}): void {
    if (this.finished) return;
    this.finished = true;
    if (this.json) this.writeJson({ type: 'result', ok, summary, ...data });
    else this.streams.out.write(`${ok ? 'OK' : 'FAILED'}: ${summary}\n`);
  }

  error(message: string, data: Record<string, unknown> = {}): void {
    if (this.finished) return;
    this.finished = true;
    if (this.json) this.writeJson({ type: 'result', ok: false, error: message, ...data });
    else this.streams.err.write(`sipkit: ${message}\n`);
  }

  private writeJson(obj: Record<string, unknown>): void {
    this.streams.out.write(`${JSON.stringify(obj)}\n`);
  }
}
