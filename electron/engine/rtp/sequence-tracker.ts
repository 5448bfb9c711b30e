// Per-source sequence number bookkeeping, after RFC 3550 Appendix A.1: extends the 16-bit
// sequence number with a wrap count, tells late and duplicate packets apart, and re-syncs
// when a sender restarts. The A.1 probation (MIN_SEQUENTIAL) is left out: a test tool counts
// a stream from its first packet, and validating a source is not our concern.

const RTP_SEQ_MOD = 0x10000;
/** A.1: "MAX_DROPOUT = 3000": a forward jump up to this is loss, beyond it a restart. */
const MAX_DROPOUT = 3000;
/** A.1: "MAX_MISORDER = 100": a packet up to this far behind is late, not a restart. */
const MAX_MISORDER = 100;
/** Recent extended sequence numbers kept to recognise duplicates. */
const WINDOW = 1024;

export type SequenceOutcome = 'first' | 'in-order' | 'late' | 'duplicate' | 'jump' | 'restart';

export class SequenceTracker {
  private baseSeq = 0;
  private maxSeq = 0;
  private cycles = 0;
  private badSeq = RTP_SEQ_MOD + 1;
  private started = false;
  private uniqueCount = 0;
  private duplicateCount = 0;
  private lateCount = 0;
  private restartCount = 0;
  private readonly recent = new Float64Array(WINDOW).fill(-1);

  /** Feeds one packet's sequence number. Packets that report 'jump' are not counted (A.1). */
  update(seq: number): SequenceOutcome {
    if (!this.started) {
      this.init(seq);
      this.started = true;
      this.remember(seq);
      return 'first';
    }
    // A.1: udelta = seq - s->max_seq, as an unsigned 16-bit difference.
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (udelta === 0) return this.seenAgain(this.cycles + seq);
    if (udelta < MAX_DROPOUT) {
      // In order, with a permissible gap. "if (seq < s->max_seq) s->cycles += RTP_SEQ_MOD"
      if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD;
      this.maxSeq = seq;
      this.remember(this.cycles + seq);
      return 'in-order';
    }
    if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // A.1: "the sequence number made a very large jump"; two in a row mean the other side
      // restarted without telling us, so re-sync.
      if (seq === this.badSeq) {
        this.init(seq);
        this.restartCount++;
        this.remember(seq);
        return 'restart';
      }
      this.badSeq = (seq + 1) & (RTP_SEQ_MOD - 1);
      return 'jump';
    }
    // A.1: "duplicate or reordered packet". It belongs to the previous cycle when it is
    // numerically above the maximum (the maximum has just wrapped).
    const extended = this.cycles + seq - (seq > this.maxSeq ? RTP_SEQ_MOD : 0);
    if (this.recent[slot(extended)] === extended) return this.seenAgain(extended);
    this.lateCount++;
    this.remember(extended);
    return 'late';
  }

  /** A.1 init_seq: a new base. The counters restart with it, as RFC 3550 does. */
  private init(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.cycles = 0;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.uniqueCount = 0;
    this.recent.fill(-1);
  }

  private remember(extended: number): void {
    this.recent[slot(extended)] = extended;
    this.uniqueCount++;
  }

  private seenAgain(extended: number): SequenceOutcome {
    if (this.recent[slot(extended)] !== extended) {
      // Older than the window: cannot tell, count it as late rather than invent a duplicate.
      this.lateCount++;
      this.remember(extended);
      return 'late';
    }
    this.duplicateCount++;
    return 'duplicate';
  }

  /** A.3: "extended_max = s->cycles + s->max_seq". */
  get highestExtended(): number {
    return this.cycles + this.maxSeq;
  }

  get base(): number {
    return this.baseSeq;
  }

  /** How many times the 16-bit sequence number wrapped past 65535. */
  get wraps(): number {
    return this.cycles / RTP_SEQ_MOD;
  }

  /** A.3: "expected = extended_max - s->base_seq + 1". */
  get expected(): number {
    return this.started ? this.highestExtended - this.baseSeq + 1 : 0;
  }

  /** Distinct packets received since the base. */
  get unique(): number {
    return this.uniqueCount;
  }

  /**
   * A.3 lost = expected - received. Counting distinct packets, so duplicates cannot hide loss;
   * a late packet from before the first one seen could make it negative, hence the floor.
   */
  get lost(): number {
    return Math.max(0, this.expected - this.uniqueCount);
  }

  get duplicates(): number {
    return this.duplicateCount;
  }

  /** Packets that arrived after a higher-numbered one (reordered). */
  get late(): number {
    return this.lateCount;
  }

  get restarts(): number {
    return this.restartCount;
  }
}

/** Packets from before the first one seen have negative extended numbers; keep them in range. */
function slot(extended: number): number {
  return ((extended % WINDOW) + WINDOW) % WINDOW;
}
