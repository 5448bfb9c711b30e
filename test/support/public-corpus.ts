// The public SIP captures of other projects (heplify, sngrep, Zeek, nDPI…): ../shared/corpus-public
// beside this repository, with PROVENANCE.md giving each one's source and license. Tests read them
// from there and never copy them in; without the folder, the tests that need it say they are skipped.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PUBLIC_CORPUS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/corpus-public',
);

/** Whether the corpus is there (its PROVENANCE.md, not just an empty folder). */
export const publicCorpusPresent = existsSync(path.join(PUBLIC_CORPUS, 'PROVENANCE.md'));

/** A capture of the corpus, by its path inside it ("heplify/rtp_rtcp_sip_ipv4_udp.pcap"). */
export function publicCapture(relative: string): string {
  return path.join(PUBLIC_CORPUS, relative);
}
