// Where captured wire messages go. The CLI and the app send them to the trace store; tests can
// keep them in memory. A sink must never throw into the engine's receive path.
import type { CapturedMessage } from '../../../shared/trace-types';

export interface CaptureSink {
  capture(message: CapturedMessage): void;
}

export class MemoryCapture implements CaptureSink {
  readonly messages: CapturedMessage[] = [];
  capture(message: CapturedMessage): void {
    this.messages.push(message);
  }
}

/** Sends each captured message to several sinks (e.g. the store and a live view). */
export function teeCapture(...sinks: readonly CaptureSink[]): CaptureSink {
  return { capture: (m) => sinks.forEach((s) => s.capture(m)) };
}
