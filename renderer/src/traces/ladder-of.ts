// The ladder the screen draws. One column per host is what sngrep and a technician expect, but a
// capture where every party shares one IP (a loopback test, SIPp against a PBX on the same box)
// would then be all self-loops; in that case each ip:port gets its own column instead.
import type { FindingView, LadderMessage } from '../../../shared/ipc/schemas/traces';
import { buildLadder, type LadderModel } from '../../../shared/ladder/ladder-model';

export function ladderOf(messages: readonly LadderMessage[], findings: readonly FindingView[]): LadderModel {
  const byHost = buildLadder(messages, findings);
  if (byHost.columns.length >= 2 || messages.length === 0) return byHost;
  const byPort = buildLadder(messages, findings, { mergePortsOfHost: false });
  return byPort.columns.length > byHost.columns.length ? byPort : byHost;
}
