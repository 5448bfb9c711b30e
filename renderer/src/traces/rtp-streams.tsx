// The RTP streams of the calls in the ladder, as Wireshark's RTP Streams window lists them: per
// call its audio verdict, then one row per stream with where it went, SSRC, payload, packets,
// loss, jitter (RFC 3550 §6.4.1), the longest gap and what RTCP said. Only a capture that held
// RTP has any; a test call's own run or a text log shows nothing here.
import { directionText, payloadText, verdictText } from '../../../shared/diagnostics/media-view';
import type { CallMediaData } from '../../../shared/ipc/schemas/traces';
import { ssrcText } from '../../../shared/media/rtp-stream';
import { endpointText } from '../../../shared/sip/address-text';

export function RtpStreams({ media }: { readonly media: readonly CallMediaData[] }) {
  const shown = media.filter((m) => m.answered || m.streams.length > 0);
  if (shown.length === 0) return null;
  return (
    <div className="rtp-streams" data-testid="rtp-streams">
      <h3>RTP streams</h3>
      {shown.map((call) => (
        <div key={call.callId} className="rtp-call" data-testid="rtp-call" data-verdict={call.verdict}>
          <p className={`rtp-verdict ${call.verdict}`}>
            <span className="mono">{call.callId}</span>: {verdictText(call.verdict)} — {call.fromCaller}{' '}
            packets from the caller, {call.toCaller} to it
            {call.ssrcChanges > 0 ? `, ${call.ssrcChanges} SSRC change(s)` : ''}
          </p>
          {call.streams.length > 0 && (
            <table className="rtp-table">
              <thead>
                <tr>
                  <th>Direction</th>
                  <th>Source → destination</th>
                  <th>SSRC</th>
                  <th>Payload</th>
                  <th className="num">Packets</th>
                  <th className="num">Lost</th>
                  <th className="num" title="RFC 3550 interarrival jitter: last / max / mean">
                    Jitter ms
                  </th>
                  <th className="num">Max Δ ms</th>
                  <th title="What the receiver's RTCP reports said">RTCP</th>
                </tr>
              </thead>
              <tbody>
                {call.streams.map((s) => (
                  <tr
                    key={`${endpointText(s.src)}-${endpointText(s.dst)}-${s.ssrc}`}
                    data-testid="rtp-stream"
                  >
                    <td>{directionText(s.direction)}</td>
                    <td className="mono">
                      {endpointText(s.src)} → {endpointText(s.dst)}
                    </td>
                    <td className="mono">{ssrcText(s.ssrc)}</td>
                    <td>{payloadText(s.payloadTypes)}</td>
                    <td className="num mono">{s.packets}</td>
                    <td className="num mono">
                      {s.lost} ({s.expected > 0 ? ((100 * s.lost) / s.expected).toFixed(1) : '0.0'}%)
                    </td>
                    <td className="num mono">
                      {s.jitterMs.toFixed(2)} / {s.maxJitterMs.toFixed(2)} / {s.meanJitterMs.toFixed(2)}
                    </td>
                    <td className="num mono">{s.maxDeltaMs.toFixed(1)}</td>
                    <td className="mono">
                      {s.rtcp
                        ? `lost ${s.rtcp.cumulativeLost} (${(s.rtcp.fractionLost * 100).toFixed(1)}%), jitter ${s.rtcp.jitterMs.toFixed(1)} ms`
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </div>
  );
}

/** The calls table's Audio cell: a word or two, the full verdict as its tooltip. */
export function audioShort(verdict: CallMediaData['verdict']): string {
  switch (verdict) {
    case 'two-way':
      return 'two-way';
    case 'one-way-out':
      return 'one-way →';
    case 'one-way-in':
      return 'one-way ←';
    default:
      return 'none';
  }
}
