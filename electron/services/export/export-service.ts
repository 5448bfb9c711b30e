// Exports of a run (report, ladder, capture, JSON) and sending it to a HEP server. STUB: replaced
// by issue 8.
import type { RequestHandlers } from '../../../shared/ipc/contract';
import { refused } from '../service-error';
import type { ServiceContext } from '../service-context';

export type ExportHandlers = Pick<RequestHandlers, 'export.run' | 'hep.send'>;

export function createExportHandlers(_ctx: ServiceContext): ExportHandlers {
  const notYet = (): never => {
    throw refused('exports are not available yet');
  };
  return { 'export.run': notYet, 'hep.send': notYet };
}
