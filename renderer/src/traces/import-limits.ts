// What the Import screen accepts, checked before any byte is read so a too-large capture fails at
// once with a plain reason instead of after a minute of encoding.
import { MAX_IMPORT_BYTES } from '../../../shared/ipc/schemas/traces';

export const IMPORT_ACCEPT = '.pcap,.pcapng,.cap,.txt,.log';

/** "1.5 MB", "640 KB", "200 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** Why this file cannot be imported, or undefined when it can. */
export function fileProblem(name: string, size: number, limit = MAX_IMPORT_BYTES): string | undefined {
  if (size === 0) return `${name} is empty.`;
  if (size > limit)
    return (
      `${name} is ${formatBytes(size)}; the largest trace the app imports is ${formatBytes(limit)}. ` +
      'Cut it to the calls you need (Wireshark: File › Export Specified Packets, or editcap -c), ' +
      'or analyse it with `sipkit analyze`.'
    );
  return undefined;
}

/** Why this pasted text cannot be imported, or undefined when it can. */
export function pasteProblem(text: string, limit = MAX_IMPORT_BYTES): string | undefined {
  if (text.trim() === '') return 'Paste some SIP messages first.';
  if (text.length > limit)
    return `The pasted text is longer than ${formatBytes(limit)}; import it as a file instead.`;
  return undefined;
}
