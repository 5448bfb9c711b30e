// Trailing debounce for reloads driven by store.changed: a burst of events (a load test writes
// hundreds a second) becomes one reload after the burst quietens, and never more than one every
// maxWaitMs while it goes on, so the view still moves during a long run.

export interface Debounced {
  (): void;
  cancel(): void;
}

export function debounce(fn: () => void, waitMs: number, maxWaitMs = waitMs * 4): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstCallAt: number | undefined;
  const fire = (): void => {
    timer = undefined;
    firstCallAt = undefined;
    fn();
  };
  const call = (): void => {
    const now = Date.now();
    firstCallAt ??= now;
    if (timer !== undefined) clearTimeout(timer);
    const wait = Math.max(0, Math.min(waitMs, firstCallAt + maxWaitMs - now));
    timer = setTimeout(fire, wait);
  };
  call.cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    firstCallAt = undefined;
  };
  return call;
}
