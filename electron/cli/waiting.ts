// Waiting for a duration or for the user's Ctrl-C, whichever comes first.
import type { Reporter } from './reporter';

export function aborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

export function waitFor(
  seconds: number | undefined,
  signal: AbortSignal,
  reporter: Reporter,
  topic = 'register',
  what = 'staying registered',
): Promise<void> {
  reporter.info(topic, seconds !== undefined ? `${what} for ${seconds} s` : `${what}; press Ctrl-C to stop`);
  return new Promise((resolve) => {
    const timer = seconds !== undefined ? setTimeout(resolve, seconds * 1000) : undefined;
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
