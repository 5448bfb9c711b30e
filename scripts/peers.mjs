// The programs the tests start or read their results with ("peers"), each with the Debian package
// that provides it. The one list for `npm test` (scripts/run-tests.mjs provisions them before any
// suite) and for .ci/run: when a test needs a new program, add one line here.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** @type {readonly { readonly command: string, readonly debian: string }[]} */
export const PEERS = Object.freeze(
  [
    // Registrar/proxy the engine registers and calls through (test/support/kamailio.ts).
    { command: 'kamailio', debian: 'kamailio' },
    // Kamailio's control tool: live limits in test/support/kamailio-limits.ts.
    { command: 'kamcmd', debian: 'kamailio' },
    // SIPp: UAS/UAC scenarios and the load benchmark (test/support/sipp.ts).
    { command: 'sipp', debian: 'sip-tester' },
    { command: 'sipsak', debian: 'sipsak' },
    // SRV/A answers for RFC 3263 discovery (test/support/dnsmasq.ts); -base: no system service.
    { command: 'dnsmasq', debian: 'dnsmasq-base' },
    // Reads our exported pcaps and the importer's fixtures.
    { command: 'tshark', debian: 'tshark' },
    // Writes real captures for the importer and the analyzer.
    { command: 'dumpcap', debian: 'wireshark-common' },
    // Cut and join captures (a damaged or merged pcap for the importer).
    { command: 'editcap', debian: 'wireshark-common' },
    { command: 'mergecap', debian: 'wireshark-common' },
    // PDF/PNG exports and the e2e suite (Playwright drives /usr/bin/chromium).
    { command: 'chromium', debian: 'chromium' },
    // Turns an exported PDF into PNG pages for the export test.
    { command: 'pdftoppm', debian: 'poppler-utils' },
    // Reads the text of an exported PDF.
    { command: 'pdftotext', debian: 'poppler-utils' },
    // CommonMark's reference renderer: proves the Markdown export carries no link, image or HTML.
    { command: 'cmark', debian: 'cmark' },
    // A scanner's traffic (svmap) as a PBX sees it.
    { command: 'svmap', debian: 'sipvicious' },
    { command: 'svwar', debian: 'sipvicious' },
    { command: 'svcrack', debian: 'sipvicious' },
    // Network namespaces and their firewall, for tests that need a second host.
    { command: 'ip', debian: 'iproute2' },
    { command: 'iptables', debian: 'iptables' },
    // Delay and loss on a namespace's link (netem).
    { command: 'tc', debian: 'iproute2' },
    // Small helpers in test/support (the NFQUEUE delayer).
    { command: 'python3', debian: 'python3' },
    // A remote PBX's capture piped in: `tcpdump -U -w - | sipkit capture --stdin`.
    { command: 'tcpdump', debian: 'tcpdump' },
    // Replays captures onto an interface.
    { command: 'tcpreplay', debian: 'tcpreplay' },
    // A real softphone on the far end of a call.
    { command: 'baresip', debian: 'baresip' },
  ].map((p) => Object.freeze(p)),
);

// Debian puts daemons in the sbin directories, which are not on every user's PATH (nor on
// nobody's); test/support/binaries.ts looks there too.
const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** Absolute path of an executable on `pathEnv` (then the sbin directories), or undefined. */
export function findCommand(name, pathEnv = process.env.PATH ?? '', extraDirs = SBIN_DIRS) {
  for (const dir of [...pathEnv.split(delimiter).filter(Boolean), ...extraDirs]) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** The peers whose command cannot be found: a few stat calls, no process started. */
export function missingPeers(pathEnv = process.env.PATH ?? '', peers = PEERS) {
  return peers.filter((p) => findCommand(p.command, pathEnv) === undefined);
}

/** Debian packages for these peers, each once, in list order. */
export function packagesOf(peers) {
  return [...new Set(peers.map((p) => p.debian))];
}
