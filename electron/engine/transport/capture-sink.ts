// Where captured wire messages go. The CLI and the app send them to the trace store; tests can
// keep them in memory. A sink must never throw into the engine's receive path.
import type { CapturedMessage, Direction } from '../../../shared/trace-types';

/** Why a message crossed the wire but was not captured. */
export type NotCapturedReason = 'queue-full';

export interface CaptureSink {
  capture(message: CapturedMessage): void;
  /**
   * Told of a message that crossed the wire but was never captured: under overload the transport
   * drops datagrams it could not get to, and says so here so the run can count them.
   */
  notCaptured?(direction: Direction, reason: NotCapturedReason): void;
}

export class MemoryCapture implements CaptureSink {
  readonly messages: CapturedMessage[] = [];
  capture(message: CapturedMessage): void {
    this.messages.push(message);
  }
}

/** Sends each captured message to several sinks (e.g. the store and a live view). */
export function teeCapture(...sinks: readonly CaptureSink[]): CaptureSink {
  return {
    capture: (m) => sinks.forEach((s) => s.capture(m)),
    notCaptured: (direction, reason) => sinks.forEach((s) => s.notCaptured?.(direction, reason)),
  };
}
