// A run in the app's trace store and the SIP endpoint whose every message goes into it: what the
// CLI's RunSession is for a command, over the store the app already has open (which this never
// closes). finish() closes the endpoint, writes what is queued and records the result, once.
import type { Endpoint, RunInput } from '../../../shared/trace-types';
import { SipEndpoint } from '../../engine/core/sip-endpoint';
import { CaptureQueue, type NotStoredCounts } from '../../engine/transport/capture-queue';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';

export interface LocalBind {
  /** All interfaces when absent. */
  readonly address?: string;
  /** An ephemeral port when absent or 0. */
  readonly port?: number;
}

export interface LiveRun {
  readonly runId: number;
  readonly endpoint: SipEndpoint;
  /** Closes the endpoint and records the result (with what could not be stored); later calls do nothing. */
  finish(ok: boolean, summary: string): Promise<void>;
  readonly finished: boolean;
  /** Captured messages that could not be stored so far, and why. */
  readonly notStored: NotStoredCounts;
}

export async function openLiveRun(ctx: ServiceContext, run: RunInput, local: LocalBind): Promise<LiveRun> {
  // A TraceStoreError (read-only or damaged store) goes to the UI as it is: one line.
  const runId = ctx.store.createRun(run);
  let appendFailed = false;
  // A bounded queue between the socket and the store: a flood is counted as not stored, never
  // queued without limit (see CaptureQueue).
  const capture = new CaptureQueue({
    write: (message) => ctx.store.append(runId, message),
    onError: (error) => {
      // The store keeps the message queued and retries with the next batch; say so once.
      if (!appendFailed) ctx.log(`run ${runId}: could not write captured messages yet`, error);
      appendFailed = true;
    },
  });
  let endpoint: SipEndpoint;
  try {
    endpoint = await SipEndpoint.open({
      bindAddress: local.address,
      port: local.port || undefined,
      capture,
      // Socket trouble after start (an ICMP error, a TCP reset) is the engine's to report in the
      // outcome of the request it hit; the log keeps the detail.
      onError: (error) => ctx.log(`run ${runId}: ${error.message}`),
    });
  } catch (error) {
    const message = (error as Error).message;
    finishRun(ctx, runId, false, message);
    throw refused(message);
  }
  let finished = false;
  return {
    runId,
    endpoint,
    get finished() {
      return finished;
    },
    get notStored() {
      return capture.notStored;
    },
    async finish(ok, summary) {
      if (finished) return;
      finished = true;
      try {
        await endpoint.close();
      } catch (error) {
        ctx.log(`run ${runId}: could not close its SIP socket`, error);
      }
      capture.close();
      finishRun(ctx, runId, ok, summary, { notStored: capture.notStored });
    },
  };
}

function finishRun(
  ctx: ServiceContext,
  runId: number,
  ok: boolean,
  summary: string,
  params?: Readonly<Record<string, unknown>>,
): void {
  try {
    ctx.store.finishRun(runId, { ok, summary, params });
  } catch (error) {
    ctx.log(`could not record the result of run ${runId}`, error);
  }
}

/**
 * Why this endpoint cannot reach one of `targets` ("no route to 192.0.2.7: …"), or undefined.
 * Asked before registering: the engine works out its Contact address per destination and keeps
 * the answer, so a destination that passes here cannot fail that way later, mid-registration.
 */
export async function routeProblem(
  endpoint: SipEndpoint,
  targets: readonly Endpoint[],
): Promise<string | undefined> {
  for (const target of targets) {
    try {
      await endpoint.contactAddressFor(target);
    } catch (error) {
      return (error as Error).message;
    }
  }
  return undefined;
}
