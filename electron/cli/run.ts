// Entry point for `npm run sipkit -- …` and bin/sipkit.mjs.
import { EXIT_FAILED } from './cli-error';
import { main, messageOf } from './main';

/**
 * Exits once stdout and stderr have handed everything to the OS. A pipe whose reader is slow
 * (`sipkit traces show --json | jq`, a busy test runner) fills up, Node queues the rest, and
 * process.exit() would drop it: a listing cut short with exit 0.
 */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(exitAfterFlush, (err) => {
  process.stderr.write(`sipkit: ${messageOf(err)}\n`);
  exitAfterFlush(EXIT_FAILED);
});
