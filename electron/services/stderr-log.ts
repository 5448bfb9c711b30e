// Where a shell reports what went wrong unexpectedly: one line for the technician, then the stack
// (if any) for whoever reads the bug report.

export type Log = (line: string, error?: unknown) => void;

export function stderrLog(prefix: string): Log {
  return (line, error) => {
    const detail =
      error instanceof Error ? (error.stack ?? error.message) : error === undefined ? '' : String(error);
    process.stderr.write(`${prefix}: ${line}${detail ? `\n${detail}` : ''}\n`);
  };
}
