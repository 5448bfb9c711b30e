// RFC 3261 §17.1.1.1 and table 4: the timer base values. Tests and load runs may shrink them.
export interface SipTimerValues {
  /** RTT estimate, 500 ms. */
  readonly T1: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, 4 s. */
  readonly T2: number;
  /** Maximum duration a message will remain in the network, 5 s. */
  readonly T4: number;
}

export const DEFAULT_TIMERS: SipTimerValues = { T1: 500, T2: 4000, T4: 5000 };
