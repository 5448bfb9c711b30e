// Fan-out of back-end events to every connected UI (each Electron window, each browser tab).
import type { IpcEvent } from '../../shared/ipc/contract';

export type IpcEventListener = (event: IpcEvent) => void;

export interface EventHub {
  publish(event: IpcEvent): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: IpcEventListener): () => void;
}

export function createEventHub(onListenerError: (error: unknown) => void): EventHub {
  const listeners = new Set<IpcEventListener>();
  return {
    publish(event) {
      // Copy first: a listener may unsubscribe while we iterate.
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          // One broken UI connection must not keep the event from the others.
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
