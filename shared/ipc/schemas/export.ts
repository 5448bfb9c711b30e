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
