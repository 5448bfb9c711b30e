// What every live session (registration, call, answering) is built from.
import type { ServiceContext } from '../service-context';
import type { LiveBoard } from './live-board';

export interface LiveDeps {
  readonly ctx: ServiceContext;
  readonly board: LiveBoard;
  /** Epoch milliseconds, for the views' timestamps and countdowns. */
  readonly now: () => number;
}

/** A promise and the function that resolves it. */
export function deferred(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
