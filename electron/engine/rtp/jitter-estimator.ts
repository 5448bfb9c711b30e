// Interarrival jitter, RFC 3550 §6.4.1 and Appendix A.8:
//
//   D(i,j) = (Rj - Ri) - (Sj - Si) = (Rj - Sj) - (Ri - Si)
//   J(i) = J(i-1) + (|D(i-1,i)| - J(i-1))/16
//
// R is the arrival time and S the RTP timestamp, both in timestamp units.

export class JitterEstimator {
  private previousArrival: number | undefined;
  private previousTimestamp = 0;
  private value = 0;

  constructor(private readonly clockRate: number) {}

  /** `arrivalMs` from a monotonic clock; `timestamp` the packet's 32-bit RTP timestamp. */
  update(arrivalMs: number, timestamp: number): void {
    const arrival = (arrivalMs * this.clockRate) / 1000;
    if (this.previousArrival !== undefined) {
      // Sj - Si modulo 2^32 as a signed difference, so the timestamp may wrap.
      const sent = (timestamp - this.previousTimestamp) | 0;
      const d = arrival - this.previousArrival - sent;
      this.value += (Math.abs(d) - this.value) / 16;
    }
    this.previousArrival = arrival;
    this.previousTimestamp = timestamp;
  }

  /** In RTP timestamp units, as an RTCP report would carry it. */
  get jitter(): number {
    return this.value;
  }

  get jitterMs(): number {
    return (this.value * 1000) / this.clockRate;
  }
}
