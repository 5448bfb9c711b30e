// The SIP password comes from SIPKIT_PASSWORD or a hidden prompt, never from an argument (it
// would show in `ps`, shell history and CI logs).
import { UsageError } from './cli-error';

export const PASSWORD_ENV = 'SIPKIT_PASSWORD';

export async function readPassword(user: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError(
      `no password for "${user}": set ${PASSWORD_ENV}, or run sipkit in a terminal to be asked`,
    );
  }
  return promptHidden(`Password for ${user}: `);
}

function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (fn: () => void): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      fn();
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(value));
        if (ch === '\u0003') return done(() => reject(new UsageError('cancelled')));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
