// Where an export lands on disk: a report or capture holds addresses, numbers and whole SIP
// messages of a customer's system, so the file is the user's alone (0600), like the trace store.
import fs from 'node:fs';
import { GROUP_OR_OTHER, hasPosixModes, ownedByUs, PRIVATE_FILE_MODE } from '../store/private-files';

/**
 * Writes a file only its owner can read (0600), for exports: a new file is created 0600, and an
 * existing regular file that others could read is narrowed before the new bytes go in.
 */
export async function writePrivateFile(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.promises.open(file, 'w', PRIVATE_FILE_MODE);
  try {
    if (hasPosixModes()) {
      const stat = await handle.stat();
      if (stat.isFile() && (stat.mode & GROUP_OR_OTHER) !== 0 && ownedByUs(stat)) {
        await handle.chmod(PRIVATE_FILE_MODE);
      }
    }
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
}
