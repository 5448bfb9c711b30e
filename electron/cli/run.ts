// Entry point for `npm run sipkit -- …` and bin/sipkit.mjs.
import { EXIT_FAILED } from './cli-error';
import { main, messageOf } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`sipkit: ${messageOf(err)}\n`);
    process.exit(EXIT_FAILED);
  },
);
