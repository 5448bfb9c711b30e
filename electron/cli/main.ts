// sipkit: the command-line face of SIP Field Kit. Every command prints readable lines, or JSON
// lines with --json, and exits 0 only when the operation succeeded (1: it ran and failed,
// 2: bad usage or input).
import { Command, CommanderError, Option } from 'commander';
import { EXIT_FAILED, EXIT_USAGE, UsageError } from './cli-error';
import { Reporter } from './reporter';

/** A repeatable option's values (`--set a=1 --set b=2`), in order. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A command's runner, imported when the command runs. */
function lazy<A extends unknown[], R>(
  load: () => Promise<(...args: A) => R | Promise<R>>,
): (...args: A) => Promise<R> {
  return async (...args) => (await load())(...args);
}

// Each command's code loads only when that command runs: `sipkit --help` and `sipkit profiles` start
// without the SIP engine, SQLite (a native addon) or the Chromium helpers (and the bundled CLI,
// scripts/build-cli.mjs, keeps each command in a chunk of its own).
import type { AcceptFlags } from './commands/accept';
const runAccept = lazy(async () => (await import('./commands/accept')).runAccept);
const runAnalyze = lazy(async () => (await import('./commands/analyze')).runAnalyze);
const runAnswer = lazy(async () => (await import('./commands/answer')).runAnswer);
const runCapture = lazy(async () => (await import('./commands/capture')).runCapture);
const runListenHep = lazy(async () => (await import('./commands/listen-hep')).runListenHep);
const runCall = lazy(async () => (await import('./commands/call')).runCall);
const runDiscover = lazy(async () => (await import('./commands/discover')).runDiscover);
const runEmulate = lazy(async () => (await import('./commands/emulate')).runEmulate);
const runLoad = lazy(async () => (await import('./commands/load')).runLoad);
const runExport = lazy(async () => (await import('./commands/export')).runExport);
const runHep = lazy(async () => (await import('./commands/export')).runHep);
const runHangup = lazy(async () => (await import('./commands/hangup')).runHangup);
const runOptions = lazy(async () => (await import('./commands/options')).runOptions);
const runProfiles = lazy(async () => (await import('./commands/profiles')).runProfiles);
const runRegister = lazy(async () => (await import('./commands/register')).runRegister);
const runTracesList = lazy(async () => (await import('./commands/traces')).runTracesList);
const runTracesShow = lazy(async () => (await import('./commands/traces')).runTracesShow);

type Action = (reporter: Reporter, signal: AbortSignal) => Promise<number> | number;

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const controller = new AbortController();
  const run =
    (action: Action) =>
    async (...args: unknown[]): Promise<void> => {
      const cmd = args[args.length - 1] as Command;
      const reporter = new Reporter(Boolean(cmd.optsWithGlobals().json));
      try {
        const hep = cmd.optsWithGlobals().hep as string | undefined;
        // Only --hep needs the session module (and SQLite with it) before the command itself.
        if (hep !== undefined) (await import('./session')).mirrorCaptureToHep(hep);
        exitCode = await action(reporter, controller.signal);
      } catch (err) {
        exitCode = err instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
        reporter.error(messageOf(err));
      }
    };

  const program = new Command('sipkit')
    .description('SIP Field Kit: test a PBX and SIP trunk without a softphone')
    .version('0.1.0')
    .option('--json', 'print one JSON object per line; the last one has "type":"result"')
    .option('--hep <host:port>', 'also stream every captured message, live, to this Homer (HEPv3) collector')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const profileOptions = (cmd: Command): Command =>
    cmd
      .option('--profile <name>', 'provider profile: generic, skyetel, skyswitch', 'generic')
      .option('--profile-file <file>', 'a provider profile as JSON')
      .option('--set <key=value>', 'override one profile value (repeatable)', collect);

  profileOptions(
    program
      .command('register')
      .description(
        'register to a registrar with digest credentials (password from SIPKIT_PASSWORD or a prompt)',
      )
      .requiredOption('--server <host[:port]>', 'registrar: name (SRV, then A/AAAA), IP, or host:port')
      .requiredOption('--user <user>', 'SIP user (address-of-record user part)')
      .option('--auth-user <user>', 'digest user name, when it differs from --user')
      .option('--domain <domain>', 'SIP domain (default: the server name)')
      .option('--expires <seconds>', 'registration lifetime to ask for (default: the profile\u2019s)')
      .option('--all-targets', 'register to every target the server name resolves to (one per region)')
      .addOption(new Option('--once', 'register, report, un-register and exit'))
      .addOption(new Option('--for <seconds>', 'stay registered (refreshing) this long, then un-register'))
      .option('--transport <udp|tcp>', 'transport (default udp)')
      .option('--local <addr[:port]>', 'local address and port to bind (default all interfaces, any port)'),
  ).action(run((reporter, signal) => runRegister(program.commands[0]!.opts(), reporter, signal)));

  program
    .command('options')
    .description('OPTIONS ping with the round-trip time of every try')
    .requiredOption('--server <host[:port]>', 'server to ping')
    .option('--count <n>', 'how many pings', '4')
    .option('--interval <seconds>', 'pause between pings', '1')
    .option('--transport <udp|tcp>', 'transport (default udp)')
    .option('--local <addr[:port]>', 'local address and port to bind')
    .action(run((reporter, signal) => runOptions(program.commands[1]!.opts(), reporter, signal)));

  const callCmd = profileOptions(
    program
      .command('call')
      .description(
        'place an outbound test call; exit 0 only when answered and, with media on, audio flowed both ways',
      )
      .requiredOption('--server <host[:port]>', 'trunk, proxy or PBX to send the INVITE to')
      .requiredOption('--to <number>', 'the number or user to call')
      .option('--from <user>', 'From user (default: --user, else "sipkit")')
      .option(
        '--from-host <host>',
        'From host (default: the profile\u2019s trunk_name, else the server name)',
      )
      .option('--from-name <name>', 'From display name')
      .option(
        '--user <user>',
        'digest user, if the server challenges (password from SIPKIT_PASSWORD or a prompt)',
      )
      .option('--hold <seconds>', 'hang up after this long once answered', '5')
      .option('--ring-timeout <seconds>', 'CANCEL when not answered within this long', '30')
      .option('--media <mode>', 'tone, silence or none', 'tone')
      .option('--dtmf <digits>', 'send these digits (RFC 4733) once answered')
      .option('--pai <uri>', 'P-Asserted-Identity')
      .option('--rpid <value>', 'Remote-Party-ID header value')
      .option('--privacy <value>', 'Privacy header value (e.g. id, none)')
      .option('--header <"Name: value">', 'an extra header (repeatable)', collect)
      .option('--transport <udp|tcp>', 'transport (default udp)')
      .option('--local <addr[:port]>', 'local address and port to bind'),
  );
  callCmd.action(run((reporter, signal) => runCall(callCmd.opts(), reporter, signal)));

  const acceptCmd = profileOptions(
    program
      .command('accept')
      .description(
        'acceptance test before cut-over: DNS, OPTIONS and registration per region, an outbound call, a DID loop call, caps, findings; exit 0 when ready',
      )
      .option('--server <host[:port]>', 'the trunk or registrar (SRV name, host or IP)')
      .option(
        '--target <name>',
        'a target saved in the app (its name or id): its server, user, profile, From host and caller number; other options override',
      )
      .requiredOption('--to <number>', 'the number called for the outbound test (an echo test number)')
      .option('--did <number>', 'a DID of this trunk: called out and expected back on our registration')
      .option('--caps', 'also find the channel and CPS caps with a short confirmed ramp')
      .option('--site <name>', 'the site, for the report')
      .option('--note <text>', 'a free-text note, for the report')
      .option('--time-limit <seconds>', 'the whole run ends by then', '300')
      .option(
        '--user <user>',
        'SIP user; registers to every region (password from SIPKIT_PASSWORD or a prompt)',
      )
      .option('--auth-user <user>', 'digest user name, when it differs from --user')
      .option('--domain <domain>', 'SIP domain (default: the server name)')
      .option(
        '--expires <seconds>',
        'registration lifetime to ask for, as the PBX will (default: the profile\u2019s)',
      )
      .option('--from <user>', 'caller number sent (default: --user, else "sipkit")')
      .option(
        '--from-host <host>',
        'From host (default: the profile\u2019s trunk_name, else the server name)',
      )
      .option('--transport <udp|tcp>', 'transport (default udp)')
      .option('--local <addr[:port]>', 'local address and port to bind'),
  );
  acceptCmd.action(
    run((reporter, signal) => {
      // A saved target brings its own profile: --profile's default applies only without one.
      const { profile, ...rest } = acceptCmd.opts<AcceptFlags>();
      const given = acceptCmd.getOptionValueSource('profile') !== 'default';
      return runAccept({ ...rest, ...(given ? { profile } : {}) }, reporter, signal);
    }),
  );

  const answerCmd = profileOptions(
    program
      .command('answer')
      .description('answer (or reject) inbound test calls and report what each presented')
      .option(
        '--listen <addr[:port]>',
        'local address and port to listen on (default all interfaces, any port)',
      )
      .option('--register', 'also register (--server, --user …) so calls to the DID arrive at our Contact')
      .option('--server <host[:port]>', 'registrar, with --register')
      .option('--user <user>', 'SIP user, with --register; also the Contact user')
      .option('--auth-user <user>', 'digest user, with --register')
      .option('--domain <domain>', 'SIP domain, with --register')
      .option('--expires <seconds>', 'registration lifetime, with --register')
      .option('--all-targets', 'register to every region, with --register')
      .option('--after <seconds>', 'ring this long before answering', '1')
      .option('--reject <code>', 'reject every call with this status (e.g. 486)')
      .option('--for <seconds>', 'stop listening after this long (default: until Ctrl-C)')
      .option('--calls <n>', 'stop after this many calls')
      .option('--max-calls <n>', 'calls in progress at once; more get 486 Busy Here (default 4)')
      .option('--max-hold <seconds>', 'hang up an answered call after this long', '60')
      .option('--media <mode>', 'tone, silence or none', 'tone')
      .option('--echo', 'send back whatever audio arrives (echo test)')
      .option('--transport <udp|tcp>', 'transport for --register (default udp)'),
  );
  answerCmd.action(run((reporter, signal) => runAnswer(answerCmd.opts(), reporter, signal)));

  const loadCmd = profileOptions(
    program
      .command('load')
      .description(
        'load test: fixed CPS, channel hold, ramp to failure (CPS or channels) or registration rate; exit 0 when the run completed',
      )
      .requiredOption('--server <host[:port]>', 'trunk, proxy or PBX to load')
      .option('--to <number>', 'the number or user to call')
      .option('--user <user>', 'digest user (password from SIPKIT_PASSWORD or a prompt); also the From user')
      .option(
        '--from-host <host>',
        'From host (default: the profile\u2019s trunk_name, else the server name)',
      )
      .option(
        '--cps <n>',
        'calls per second (fixed rate); with --channels or --ramp channels, the rate calls open at',
      )
      .option(
        '--duration <seconds>',
        'fixed: how long to start calls; --channels: how long to hold; register: how long',
      )
      .option('--calls <n>', 'fixed: how many calls; register: how many REGISTERs')
      .option('--channels <n>', 'open this many concurrent calls, hold, release')
      .option('--ramp <cps|channels>', 'step up until the far side rejects or times out')
      .option('--start <n>', 'ramp: first step (default 1)')
      .option('--step <n>', 'ramp: step size (default 1)')
      .option('--step-seconds <s>', 'ramp: seconds per step (default 5)')
      .option('--max <n>', 'ramp: last step (default 50 CPS / 100 channels)')
      .option('--register-every <seconds>', 'REGISTER at this interval to reproduce a 429 (needs --yes)')
      .option('--hold <S|MIN-MAX>', 'hold answered calls this long (fixed or random range), default 0')
      .option('--media', 'send a little RTP on each answered call (one second of PCMU silence)')
      .option('--max-cps <n>', 'raise the hard CPS cap (default 200)')
      .option('--max-channels <n>', 'raise the hard channel cap (default 500)')
      .option(
        '--failure-threshold <share>',
        'ramp: share of failed calls that makes a step failing (default 0.01)',
      )
      .option('--yes', 'go ahead above the profile\u2019s limits, or with a registration-rate run')
      .option('--local <addr[:port]>', 'local address and port to bind')
      .option(
        '--inbound-server <host[:port]>',
        'also call the PBX side with the same plan, as the provider would: outbound, inbound and total caps',
      )
      .option('--inbound-to <number>', 'the DID to call at the PBX (default: --to)'),
  );
  loadCmd.action(run((reporter, signal) => runLoad(loadCmd.opts(), reporter, signal)));

  profileOptions(
    program
      .command('analyze [file]')
      .description(
        'check a trace (pcap, pcapng, text log) or a stored run against the provider rules and RFC 3261; exit 1 on any error-level finding',
      )
      .option('--run <id>', 'analyse a stored run instead of a file')
      .option('--trunk-name <host>', 'the trunk name the From host must match (sets trunk_name)')
      .option('--pbx-ip <address>', 'the PBX\u2019s address (sets pbx_ip)')
      .option(
        '--min-register-interval <seconds>',
        'fewest seconds between registrations (sets min_register_interval)',
      )
      .option('--max-expires <seconds>', 'longest registration the provider grants (sets max_expires)')
      .option('--no-store', 'do not keep the imported trace as a run'),
  ).action((file: string | undefined, _opts: unknown, cmd: Command) =>
    run((reporter) => runAnalyze(file, cmd.opts(), reporter))(cmd),
  );

  const captureCmd = profileOptions(
    program
      .command('capture')
      .description(
        'watch SIP live from an interface (through Wireshark\u2019s dumpcap, never as root) or a pcap stream on stdin; every message stored as a run, findings as they are proven',
      )
      .option(
        '--iface <name>',
        'interface to capture on, or "any" (default any; --list-interfaces shows them)',
      )
      .option(
        '--filter <bpf>',
        'capture filter (default: SIP on 5060/5061 and UDP 10000-32768 for RTP; "" for none)',
      )
      .option(
        '--stdin',
        'read a pcap or pcapng stream from stdin (tcpdump -U -w - … | sipkit capture --stdin)',
      )
      .option('--for <seconds>', 'stop after this long (default: until Ctrl-C or the stream ends)')
      .option(
        '--ring <n>',
        'keep only the newest N SIP messages of the run in the store (the oldest tenth goes at N)',
      )
      .option('--list-interfaces', 'list the interfaces dumpcap can capture on, with their addresses'),
  );
  captureCmd.action(run((reporter, signal) => runCapture(captureCmd.opts(), reporter, signal)));

  const listenHepCmd = profileOptions(
    program
      .command('listen-hep')
      .description(
        'a HEP collector: store the SIP that Kamailio/OpenSIPS siptrace, Asterisk res_hep, FreeSWITCH or heplify send (HEPv3 over UDP, TCP or TLS; v2 over UDP), with its original addresses and times',
      )
      .option('--listen <addr[:port]>', 'where to listen, UDP and TCP (default 0.0.0.0:9060)')
      .option('--tls-cert <file>', 'PEM certificate: the TCP side speaks TLS (with --tls-key)')
      .option('--tls-key <file>', 'PEM private key of --tls-cert')
      .option('--for <seconds>', 'stop after this long (default: until Ctrl-C)')
      .option('--ring <n>', 'keep only the newest N SIP messages of the run in the store'),
  );
  listenHepCmd.action(run((reporter, signal) => runListenHep(listenHepCmd.opts(), reporter, signal)));

  const emulateCmd = profileOptions(
    program
      .command('emulate')
      .description(
        'be the provider for a customer\u2019s PBX: it registers and calls here and is answered as the profile\u2019s provider would (digest, 423/429, caps, 405/403 on an IP trunk); every rule it breaks is a finding; password from SIPKIT_PASSWORD or a prompt',
      )
      .option('--listen <addr:port>', 'where to listen (region 1), UDP; nowhere else is bound')
      .option('--region <addr:port>', 'another region\u2019s address (repeatable)', collect)
      .option(
        '--user <name>',
        'a credential the PBX registers with (repeatable; one password for all)',
        collect,
      )
      .option('--realm <realm>', 'digest realm (default: the profile\u2019s SRV name)')
      .option('--for <seconds>', 'stop after this long (default: until Ctrl-C)')
      .option('--call-pbx <did>', 'once the PBX has registered, call it on this DID as the provider would')
      .option('--calls-to-pbx <n>', 'how many DID calls, round robin over the regions (default 1)')
      .option('--caller <number>', 'the original caller of the DID calls (default +15550100001)')
      .option(
        '--provider-caller-id <number>',
        'the caller ID that replaces it when the profile does not pass caller ID through',
      )
      .option('--hold <seconds>', 'how long each DID call stays up once answered (default 5)')
      .option(
        '--lockout-failures <n>',
        'failed digest attempts from one address that lock it out (default 5)',
      )
      .option('--lockout-seconds <s>', 'how long a locked-out address gets 403 (default 600)')
      .option(
        '--block-after <n>',
        'REGISTERs refused with 429 in a row that get a source blocked, as providers block repeat offenders (default 5)',
      )
      .option('--block-seconds <s>', 'how long a blocked source gets no answer at all (default 600)'),
  );
  emulateCmd.action(run((reporter, signal) => runEmulate(emulateCmd.opts(), reporter, signal)));

  const traces = program.command('traces').description('captured runs and their messages');
  traces
    .command('list')
    .description('the runs in the trace store, newest first')
    .option('--limit <n>', 'how many runs', '50')
    .action(run((reporter) => runTracesList(traces.commands[0]!.opts(), reporter)));
  traces
    .command('show <run>')
    .description('every message of a run, in order, with direction, addresses and raw text')
    .option('--call-id <id>', 'only the messages of this Call-ID')
    .option('--no-raw', 'headers only: one line per message')
    .option('--ladder', 'draw the call flow (sequence diagram) instead of listing the messages')
    .action((runArg: string, _opts: unknown, cmd: Command) =>
      run((reporter) => runTracesShow(runArg, cmd.opts(), reporter))(cmd),
    );

  program
    .command('export <run>')
    .description(
      'write a run as a report or capture: html, pdf, md, svg, png (the ladder), pcap, pcapng or json; digest responses, nonces and passwords are always redacted',
    )
    .requiredOption('--format <format>', 'html | pdf | md | svg | png | pcap | pcapng | json')
    .option('-o, --output <file>', 'where to write it (default sipkit-run-RUN-KIND.FORMAT here)')
    .option(
      '--redact <what>',
      'also redact: phones (last 4 digits kept), ips (mapped consistently), users; or all',
    )
    .option('--call-id <id>', 'only this call (repeatable)', collect)
    .action((runArg: string, _opts: unknown, cmd: Command) =>
      run((reporter) => runExport(runArg, cmd.opts(), reporter))(cmd),
    );

  program
    .command('hep <run>')
    .description('send every message of a run to a Homer collector as HEPv3 over UDP')
    .option('--to <host:port>', 'the HEP collector (port 9060 when omitted)')
    .option('--redact <what>', 'also redact: phones, ips, users; or all')
    .action((runArg: string, _opts: unknown, cmd: Command) =>
      run((reporter) => runHep(runArg, cmd.opts(), reporter))(cmd),
    );

  program
    .command('hangup <run>')
    .description(
      'end the calls a run left up on the far side (sipkit was killed): a BYE for each answered call without one, built from its stored 200 OK; digest password from SIPKIT_PASSWORD when challenged',
    )
    .option('--local <addr[:port]>', 'local address and port to bind')
    .action((runArg: string, _opts: unknown, cmd: Command) =>
      run((reporter, signal) => runHangup(runArg, cmd.opts(), reporter, signal))(cmd),
    );

  profileOptions(
    program
      .command('profiles [name]')
      .description('list the built-in provider profiles, or show one (with --set overrides applied)'),
  ).action((name: string | undefined, _opts: unknown, cmd: Command) =>
    run((reporter) => runProfiles(name, { ...cmd.opts(), profile: name ?? cmd.opts().profile }, reporter))(
      cmd,
    ),
  );

  program
    .command('discover <server>')
    .description('list every target a server name resolves to (SRV by priority and weight, then A/AAAA)')
    .option('--transport <udp|tcp>', 'transport (default udp)')
    .action((server: string, _opts: unknown, cmd: Command) =>
      run((reporter) => runDiscover(server, cmd.opts(), reporter))(cmd),
    );

  // Ctrl-C once: stop cleanly (un-register, save the trace). Twice: leave now.
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('stopping (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    process.stderr.write(`sipkit: ${messageOf(err)}\n`);
    return EXIT_FAILED;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return exitCode;
}

export function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}
