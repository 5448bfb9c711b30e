// When each call starts: computed from the segment's start time and the call's index (start +
// i * 1000 / cps), never from how fast the loop ran, so 0.9, 1.0 and 1.1 CPS differ exactly as
// they should and lateness never accumulates.

export interface PacingSegment {
  /** Clock time (ms) of the segment's first call. */
  readonly startMs: number;
  readonly cps: number;
  /** Calls in the segment; Infinity = until stopped. */
  readonly count: number;
  /** Label carried to each call (the ramp step's value). */
  readonly step?: number;
  /** Index of the ramp step (or 0). */
  readonly stepIndex: number;
}

export interface DueCall {
  readonly dueMs: number;
  readonly segment: PacingSegment;
  /** Index within the segment. */
  readonly index: number;
}

export class PacingSchedule {
  private readonly segments: PacingSegment[] = [];
  private current = 0;
  private index = 0;
  private ended = false;

  add(segment: PacingSegment): void {
    if (!(segment.cps > 0)) throw new RangeError(`cps must be above 0, got ${segment.cps}`);
    this.segments.push(segment);
  }

  /** Due time of call i of a segment. */
  static dueOf(segment: PacingSegment, i: number): number {
    return segment.startMs + (i * 1000) / segment.cps;
  }

  /** The next call's due time, or undefined when nothing is scheduled (yet). */
  peek(): number | undefined {
    this.skipFinished();
    const seg = this.segments[this.current];
    if (this.ended || seg === undefined) return undefined;
    return PacingSchedule.dueOf(seg, this.index);
  }

  /** Takes the next call if it is due at or before nowMs. */
  take(nowMs: number): DueCall | undefined {
    const due = this.peek();
    if (due === undefined || due > nowMs) return undefined;
    const segment = this.segments[this.current]!;
    const call = { dueMs: due, segment, index: this.index };
    this.index++;
    return call;
  }

  /** No more calls from now on. */
  stop(): void {
    this.ended = true;
  }

  get stopped(): boolean {
    return this.ended;
  }

  /** True when every added segment has been fully taken (or stop() was called). */
  get exhausted(): boolean {
    return this.peek() === undefined;
  }

  private skipFinished(): void {
    for (;;) {
      const seg = this.segments[this.current];
      if (seg === undefined) return;
      const next = this.segments[this.current + 1];
      // A segment ends at its count, or where the next one starts.
      const beyond =
        this.index >= seg.count ||
        (next !== undefined && PacingSchedule.dueOf(seg, this.index) >= next.startMs);
      if (!beyond) return;
      this.current++;
      this.index = 0;
    }
  }
}
