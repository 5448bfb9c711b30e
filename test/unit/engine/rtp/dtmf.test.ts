import { describe, expect, it } from 'vitest';
import { DtmfDetector } from '../../../../electron/engine/rtp/dtmf-detector';
import { DtmfScheduler } from '../../../../electron/engine/rtp/dtmf-scheduler';
import {
  checkDigits,
  digitOfEvent,
  eventOfDigit,
  readTelephoneEvent,
  writeTelephoneEvent,
} from '../../../../electron/engine/rtp/dtmf';

function eventPayload(event: number, end: boolean, duration: number): Uint8Array {
  const out = new Uint8Array(4);
  writeTelephoneEvent(out, { event, end, volume: 10, duration });
  return out;
}

describe('RFC 4733 DTMF', () => {
  it('maps digits to event codes 0–15 and back', () => {
    expect([...'0123456789*#ABCD'].map((d) => eventOfDigit(d))).toEqual([...Array(16).keys()]);
    expect(eventOfDigit('a')).toBe(12);
    expect(eventOfDigit('x')).toBeUndefined();
    expect(digitOfEvent(11)).toBe('#');
    expect(() => checkDigits('12 3')).toThrow('" " is not a DTMF digit');
  });

  it('writes the event payload bit for bit (§2.3)', () => {
    expect([...eventPayload(11, true, 800)]).toEqual([11, 0x80 | 10, 0x03, 0x20]);
    expect(readTelephoneEvent(eventPayload(3, false, 160))).toEqual({
      event: 3,
      end: false,
      volume: 10,
      duration: 160,
    });
  });

  it('schedules a digit string and a detector reads back exactly the same digits', async () => {
    const scheduler = new DtmfScheduler(20, 160);
    const detector = new DtmfDetector();
    const done = scheduler.enqueue('159#');
    let timestamp = 0;
    let atMs = 0;
    let packets = 0;
    while (scheduler.busy) {
      const slot = scheduler.next(timestamp);
      if (slot) {
        packets++;
        detector.handle(
          { ssrc: 1, timestamp: slot.timestamp, payload: Uint8Array.from(slot.payload) },
          atMs,
          atMs * 1000,
        );
      }
      timestamp += 160;
      atMs += 20;
    }
    await done;
    // 100 ms per digit = 5 packets, plus 2 end retransmissions.
    expect(packets).toBe(4 * 7);
    expect(detector.digits()).toBe('159#');
    const events = detector.events();
    expect(events.every((e) => e.ended && e.durationMs === 100)).toBe(true);
    // 7 event slots plus a 5-slot gap per digit: 240 ms apart.
    expect(events.map((e) => e.atMs)).toEqual([0, 240, 480, 720]);
  });

  it('counts a digit once despite three end packets, and still sees it when its start is lost', () => {
    const detector = new DtmfDetector();
    const ssrc = 9;
    // First event: only end packets arrived (all earlier ones lost).
    for (let i = 0; i < 3; i++)
      detector.handle({ ssrc, timestamp: 1000, payload: eventPayload(7, true, 800) }, 10, 0);
    // Second event of the same digit, at a later timestamp: a new press.
    detector.handle({ ssrc, timestamp: 3000, payload: eventPayload(7, false, 160) }, 300, 0);
    detector.handle({ ssrc, timestamp: 3000, payload: eventPayload(7, true, 640) }, 360, 0);
    expect(detector.digits()).toBe('77');
    expect(detector.events()[1]).toMatchObject({ ended: true, durationMs: 80, atMs: 300 });
  });

  it('fails queued digits when cancelled', async () => {
    const scheduler = new DtmfScheduler(20, 160);
    const pending = scheduler.enqueue('12');
    scheduler.next(0);
    scheduler.cancel('stopped');
    await expect(pending).rejects.toThrow('stopped');
    expect(scheduler.busy).toBe(false);
  });
});
