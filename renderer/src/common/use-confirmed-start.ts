// Starting a run a safety rail may hold back: the request is sent; a needs-confirmation refusal
// (a load above the provider's caps, the acceptance test's caps ramp) is kept with its reason for
// the ConfirmBanner, whose "Run anyway" sends the same request again with confirmed: true.
import { useState } from 'react';
import { IpcError } from '../../../shared/ipc/ipc-error';

export interface ConfirmedStart<R> {
  /** Sends the request (through the screen's action, so its busy state and error show). */
  readonly send: (request: R) => void;
  /** The refusal waiting for the user's answer. */
  readonly pending?: { readonly reason: string; readonly request: R };
  readonly confirm: () => void;
  readonly cancel: () => void;
}

export function useConfirmedStart<R extends { readonly confirmed?: boolean }>(
  run: (action: () => Promise<unknown>) => void,
  request: (request: R) => Promise<unknown>,
): ConfirmedStart<R> {
  const [pending, setPending] = useState<{ reason: string; request: R }>();
  const send = (r: R): void =>
    run(async () => {
      try {
        setPending(undefined);
        await request(r);
      } catch (error) {
        if (error instanceof IpcError && error.code === 'needs-confirmation') {
          setPending({ reason: error.message, request: r });
          return;
        }
        throw error;
      }
    });
  return {
    send,
    ...(pending ? { pending } : {}),
    confirm: () => pending && send({ ...pending.request, confirmed: true }),
    cancel: () => setPending(undefined),
  };
}
