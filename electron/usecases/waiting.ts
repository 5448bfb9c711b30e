// Waiting on an AbortSignal as a promise, so a wait can race it (Ctrl-C in the CLI, Stop in the app).

export function aborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

/** Resolves after `seconds` (never, when undefined) or when the signal fires, whichever is first. */
export function sleepUnlessAborted(seconds: number | undefined, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = seconds !== undefined ? setTimeout(resolve, seconds * 1000) : undefined;
    // Without a duration nothing else may hold the event loop open: keep it alive until the abort.
    const keepAlive = seconds === undefined ? setInterval(() => undefined, 1 << 30) : undefined;
    const done = (): void => {
      if (timer) clearTimeout(timer);
      if (keepAlive) clearInterval(keepAlive);
      resolve();
    };
    if (signal.aborted) done();
    else signal.addEventListener('abort', done, { once: true });
  });
}

/** Waits for `work`, but not longer than `ms`: a silent peer must not hold a stop for its 32 s timeout. */
export function withinMs(work: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
