export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Called when the deadline passes; its result becomes the error message. */
  describeFailure: () => string;
  /** Checked before every attempt; a returned string aborts the wait with that message. */
  abortReason?: () => string | undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true; throws a descriptive error at the deadline. */
export async function waitUntil(check: () => Promise<boolean> | boolean, opts: WaitOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 25;
  for (;;) {
    const aborted = opts.abortReason?.();
    if (aborted !== undefined) throw new Error(aborted);
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(opts.describeFailure());
    await sleep(interval);
  }
}
