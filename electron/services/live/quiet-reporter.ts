// The CLI's registration set-up prints every event through a Reporter; in the app the same events
// reach the UI through the live views instead, so its lines go nowhere.
import { Reporter } from '../../cli/reporter';

const nowhere = { write: () => true };

export function quietReporter(): Reporter {
  return new Reporter(true, { out: nowhere, err: nowhere });
}
