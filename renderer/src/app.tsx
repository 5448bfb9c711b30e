// The shell: header, navigation and the current screen. It owns which screen shows and what the
// Traces screen focuses on, so a finding, a call or an import can send the user to its ladder.
// data-testid="app-ready" appears once the back end has answered, for UI tests to wait on.
import { useEffect, useMemo, useState } from 'react';
import { AcceptanceScreen } from './acceptance/acceptance-screen';
import { useTargets } from './common/use-targets';
import type { IpcClient } from './ipc-client';
import { LoadScreen } from './load/load-screen';
import type { Navigate, Screen, TraceFocus } from './navigation';
import { CallScreen } from './call/call-screen';
import { CaptureScreen } from './capture/capture-screen';
import { EmulatorScreen } from './emulator/emulator-screen';
import { RegisterScreen } from './register/register-screen';
import { NavBar } from './shell/nav-bar';
import { applyTheme, initialTheme, otherTheme, type Theme } from './shell/theme';
import { TargetsScreen } from './targets/targets-screen';
import { FindingsScreen } from './traces/findings-screen';
import { ImportScreen } from './traces/import-screen';
import { TracesScreen } from './traces/traces-screen';
import { useAppInfo } from './use-app-info';
import { useDisconnect } from './use-disconnect';

export function App({ client }: { readonly client: IpcClient }) {
  const { info, error: infoError } = useAppInfo(client);
  const targets = useTargets(client);
  const disconnected = useDisconnect(client);
  const [theme, setTheme] = useState<Theme>(() => initialTheme());
  const [screen, setScreen] = useState<Screen>('targets');
  const [focus, setFocus] = useState<TraceFocus>();
  useEffect(() => applyTheme(theme), [theme]);

  const navigate = useMemo<Navigate>(
    () => ({
      toScreen: setScreen,
      toTrace: (next) => {
        setFocus(next);
        setScreen('traces');
      },
    }),
    [],
  );
  // A lost connection also fails the pending requests with the same text: show it once.
  const problems = [...new Set([disconnected, infoError, targets.error])].filter(
    (p): p is string => p !== undefined,
  );
  const ready = info !== undefined && targets.data !== undefined;

  return (
    <div className="app" data-testid={ready ? 'app-ready' : 'app-loading'}>
      <header className="top">
        <h1>SIP Field Kit</h1>
        {info && (
          <span className="muted" data-testid="app-info">
            {info.version} · {info.mode === 'web' ? 'web mode' : 'desktop'} ·{' '}
            <span className="mono">{info.dataFile}</span>
          </span>
        )}
        <button
          type="button"
          className="theme-toggle"
          data-testid="theme-toggle"
          onClick={() => setTheme(otherTheme)}
          aria-label={`Switch to the ${otherTheme(theme)} theme`}
        >
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </header>
      {problems.map((problem) => (
        <p key={problem} className="error banner" role="alert" data-testid="app-error">
          {problem}
        </p>
      ))}
      <div className="shell">
        <NavBar current={screen} onSelect={setScreen} />
        <main className="screen">
          {screen === 'targets' && <TargetsScreen client={client} targets={targets} />}
          {screen === 'register' && (
            <RegisterScreen client={client} targets={targets.data} navigate={navigate} />
          )}
          {screen === 'call' && <CallScreen client={client} targets={targets.data} navigate={navigate} />}
          {screen === 'traces' && <TracesScreen client={client} focus={focus} navigate={navigate} />}
          {screen === 'findings' && (
            <FindingsScreen client={client} runId={focus?.runId} navigate={navigate} />
          )}
          {screen === 'capture' && <CaptureScreen client={client} navigate={navigate} />}
          {screen === 'emulator' && (
            <EmulatorScreen client={client} targets={targets.data} navigate={navigate} />
          )}
          {screen === 'import' && <ImportScreen client={client} navigate={navigate} />}
          {screen === 'load' && <LoadScreen client={client} targets={targets.data} navigate={navigate} />}
          {screen === 'acceptance' && (
            <AcceptanceScreen client={client} targets={targets.data} navigate={navigate} />
          )}
        </main>
      </div>
    </div>
  );
}
