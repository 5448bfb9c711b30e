// Plain SIP messages one after another, separated by blank lines, as copied from a softphone log
// or a ticket. There are no markers: each start line begins a message (message-reader.ts).
import type { TextLayout } from './text-layout';

export const plainLayout: TextLayout = {
  format: 'plain-sip',
  marker: () => undefined,
  loose: true,
  chatty: false,
};
