// Exports of a run (report, ladder, capture, JSON) for the Export menu, and sending a run to a HEP
// collector. Every stored target password is masked in every export, whatever the options; PDF
// and PNG are drawn by the renderer the shell gives (Electron's own, or Chromium headless).
import type { RequestHandlers } from '../../../shared/ipc/contract';
import { ChromiumError } from '../../export/chromium';
import { ExportInputError, prepareExport, readExportInput } from '../../export/export-data';
import { chromiumRenderer, exportRun, type PageRenderer } from '../../export/export-run';
import { HepError, parseHepTarget, sendHep } from '../../export/hep-send';
import { NO_OPTIONAL_REDACTION } from '../../export/redact';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';
import type { TargetService } from '../targets/target-service';

export type ExportHandlers = Pick<RequestHandlers, 'export.run' | 'hep.send'>;

export function createExportHandlers(
  ctx: ServiceContext,
  targets: Pick<TargetService, 'knownPasswords'>,
  renderer: PageRenderer = chromiumRenderer,
): ExportHandlers {
  return {
    'export.run': async (request) => {
      const result = await exportRun(ctx.store, request.runId, request.format, {
        redact: request.redact,
        secrets: targets.knownPasswords(),
        renderer,
        onStage: (stage) =>
          ctx.hub.publish({
            channel: 'export.progress',
            payload: { runId: request.runId, format: request.format, stage },
          }),
        ...(request.callIds && request.callIds.length > 0 ? { callIds: request.callIds } : {}),
      }).catch(asRefusal);
      return {
        fileName: result.fileName,
        mime: result.mime,
        dataBase64: Buffer.from(result.bytes).toString('base64'),
        redacted: [...result.redacted],
      };
    },
    'hep.send': async (request) => {
      try {
        const to = parseHepTarget(request.to);
        const data = prepareExport(readExportInput(ctx.store, request.runId), {
          redact: NO_OPTIONAL_REDACTION,
          secrets: targets.knownPasswords(),
        });
        return { sent: await sendHep(data.messages, to) };
      } catch (err) {
        return asRefusal(err);
      }
    },
  };
}

/** What the user can act on (an unknown run, a bad address, no Chromium) is a refusal in one line. */
function asRefusal(err: unknown): never {
  if (err instanceof ExportInputError || err instanceof HepError || err instanceof ChromiumError)
    throw refused(err.message);
  throw err;
}
