// Schemas of the Export menu (issue 8): formats and redaction options.
import { z } from 'zod';

export const exportFormatSchema = z.enum(['html', 'pdf', 'md', 'svg', 'png', 'pcap', 'pcapng', 'json']);

export const redactOptionsSchema = z.strictObject({
  /** Digest responses, nonces, cnonces and password-looking values: always on; listed for the report. */
  phoneNumbers: z.boolean().default(false),
  ipAddresses: z.boolean().default(false),
  userNames: z.boolean().default(false),
});

export type ExportFormat = z.output<typeof exportFormatSchema>;
export type RedactOptions = z.output<typeof redactOptionsSchema>;

/**
 * What a slow export is doing (PDF/PNG take headless Chromium several seconds), in order:
 * reading and redacting the run, drawing the report or ladder, Chromium starting, Chromium
 * printing the PDF or drawing the PNG, and the file being written.
 */
export const exportStageSchema = z.enum([
  'collecting',
  'rendering',
  'starting-chromium',
  'printing',
  'writing',
]);

export type ExportStage = z.output<typeof exportStageSchema>;

/** The stage in a technician's words, for the Export menu and `sipkit export`. */
export function exportStageLabel(stage: ExportStage, format: ExportFormat): string {
  switch (stage) {
    case 'collecting':
      return "Collecting the run's messages and findings";
    case 'rendering':
      if (format === 'png' || format === 'svg') return 'Rendering the ladder';
      if (format === 'pdf' || format === 'html' || format === 'md')
        return 'Rendering the report and its ladder';
      return `Building the ${format} file`;
    case 'starting-chromium':
      return 'Starting headless Chromium';
    case 'printing':
      return format === 'png' ? 'Chromium is drawing the PNG' : 'Chromium is printing the PDF';
    case 'writing':
      return 'Writing the file';
  }
}
