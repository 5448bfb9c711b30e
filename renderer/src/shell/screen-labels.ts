// The navigation's words for each screen, in the order a technician works: set up a target,
// register, call, read the trace and its findings; import and load tests on the side.
import type { Screen } from '../navigation';

export const SCREEN_LABELS: Readonly<Record<Screen, string>> = {
  targets: 'Targets',
  register: 'Register',
  call: 'Call',
  traces: 'Traces',
  findings: 'Findings',
  capture: 'Capture',
  emulator: 'Emulator',
  import: 'Import',
  load: 'Load test',
  acceptance: 'Acceptance',
};
