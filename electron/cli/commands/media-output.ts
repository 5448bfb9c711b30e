// What `sipkit analyze` and `sipkit capture` print about RTP: Wireshark's RTP Streams per call,
// the verdict first, then each stream in one line; with --json one line per call (type rtp-call)
// and per stream no SDP names (type rtp-stream), and a summary for the result line.
import { callMediaLine, streamLine, type MediaView } from '../../../shared/diagnostics/media-view';
import type { Reporter } from '../reporter';

/** Whether the capture held any RTP at all: one filtered to the SIP port cannot say "no audio". */
function heldRtp(media: MediaView): boolean {
  return media.unmatched.length > 0 || media.calls.some((c) => c.streams.length > 0);
}

export function printMedia(media: MediaView, reporter: Reporter): void {
  if (!heldRtp(media)) {
    // Not a verdict per call ("no audio" for every one): the rtp.audio note says why once.
    const answered = media.calls.filter((c) => c.answered).length;
    if (answered > 0 && !reporter.json)
      reporter.block(
        `\nRTP STREAMS\n  none in the capture: the audio of ${answered === 1 ? 'the answered call' : `${answered} answered calls`} cannot be judged\n`,
        {},
      );
    return;
  }
  const shown = media.calls.filter((c) => c.streams.length > 0 || c.answered);
  if (reporter.json) {
    for (const c of shown) reporter.block('', { type: 'rtp-call', ...c });
    for (const s of media.unmatched) reporter.block('', { type: 'rtp-stream', ...s });
    return;
  }
  if (shown.length === 0 && media.unmatched.length === 0) return;
  const lines = ['', 'RTP STREAMS'];
  for (const c of shown) {
    lines.push(`  call ${callMediaLine(c)}`);
    for (const s of c.streams) lines.push(`    ${streamLine(s)}`);
  }
  if (media.unmatched.length > 0) {
    lines.push(`  streams no SDP names (${media.unmatched.length}):`);
    for (const s of media.unmatched) lines.push(`    ${streamLine(s)}`);
  }
  reporter.block(`${lines.join('\n')}\n`, {});
}

/** For the result line's JSON: how many streams, and each call's verdict. */
export function rtpSummary(media: MediaView) {
  const held = heldRtp(media);
  return {
    streams: media.calls.reduce((n, c) => n + c.streams.length, 0) + media.unmatched.length,
    // No RTP captured at all: no call is judged (rather than each one "none").
    calls: media.calls
      .filter((c) => held && (c.answered || c.streams.length > 0))
      .map((c) => ({ callId: c.callId, verdict: c.verdict, fromCaller: c.fromCaller, toCaller: c.toCaller })),
  };
}
