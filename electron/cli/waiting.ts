// Waiting for a duration or for the user's Ctrl-C, whichever comes first, saying so first.
import { sleepUnlessAborted } from '../usecases/waiting';
import type { Reporter } from './reporter';

export function waitFor(
  seconds: number | undefined,
  signal: AbortSignal,
  reporter: Reporter,
  topic = 'register',
  what = 'staying registered',
): Promise<void> {
  reporter.info(topic, seconds !== undefined ? `${what} for ${seconds} s` : `${what}; press Ctrl-C to stop`);
  return sleepUnlessAborted(seconds, signal);
}
