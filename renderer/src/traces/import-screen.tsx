// Import a trace someone sent: open or drop a capture (pcap, pcapng) or a PBX/proxy log, or paste
// SIP text. The file is read here and sent as base64 (traces.import); the back end stores it as a
// run and runs the provider rules. The result shows briefly, then the Traces screen opens on it.
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { MAX_IMPORT_BYTES } from '../../../shared/ipc/schemas/traces';
import { messageOf } from '../format';
import type { IpcClient } from '../ipc-client';
import type { Navigate } from '../navigation';
import { bytesToBase64Async } from './base64';
import { fileProblem, formatBytes, IMPORT_ACCEPT, pasteProblem } from './import-limits';
import { useProfiles } from './use-profiles';
import './traces.css';

export interface ImportScreenProps {
  readonly client: IpcClient;
  readonly navigate: Navigate;
}

/** Long enough to read "12 messages, 3 findings" before the trace opens. */
export const RESULT_SHOWN_MS = 1200;

type ImportStatus =
  | { readonly step: 'idle' }
  | { readonly step: 'reading' | 'analysing'; readonly name: string }
  | {
      readonly step: 'done';
      readonly name: string;
      readonly runId: number;
      readonly messageCount: number;
      readonly findingCount: number;
    }
  | { readonly step: 'error'; readonly message: string };

const plural = (n: number, word: string): string => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

export function ImportScreen({ client, navigate }: ImportScreenProps) {
  const profiles = useProfiles(client);
  const [profile, setProfile] = useState('');
  const [status, setStatus] = useState<ImportStatus>({ step: 'idle' });
  const [paste, setPaste] = useState('');
  const [dragging, setDragging] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // The finished import opens in Traces after a moment; leaving the screen first cancels it.
  const doneRunId = status.step === 'done' ? status.runId : undefined;
  useEffect(() => {
    if (doneRunId === undefined) return;
    const timer = setTimeout(() => navigate.toTrace({ runId: doneRunId }), RESULT_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [doneRunId, navigate]);

  const busy = status.step === 'reading' || status.step === 'analysing';
  const set = (next: ImportStatus): void => {
    if (mounted.current) setStatus(next);
  };

  const send = async (name: string, body: { dataBase64: string } | { text: string }): Promise<void> => {
    set({ step: 'analysing', name });
    const reply = await client.request('traces.import', {
      name,
      ...body,
      ...(profile === '' ? {} : { profile }),
    });
    set({ step: 'done', name, ...reply });
  };

  const importFile = async (file: File): Promise<void> => {
    const name = file.name.slice(0, 255) || 'capture';
    const problem = fileProblem(name, file.size);
    if (problem) return set({ step: 'error', message: problem });
    try {
      set({ step: 'reading', name });
      const data = await bytesToBase64Async(new Uint8Array(await file.arrayBuffer()));
      await send(name, { dataBase64: data });
    } catch (error) {
      const reason = messageOf(error);
      // The back end's reason usually names the file already.
      set({
        step: 'error',
        message: reason.startsWith(name) ? reason : `Could not import ${name}: ${reason}`,
      });
    }
  };

  const importPaste = async (): Promise<void> => {
    const problem = pasteProblem(paste);
    if (problem) return set({ step: 'error', message: problem });
    try {
      await send('pasted text', { text: paste });
    } catch (error) {
      set({ step: 'error', message: `Could not import the pasted text: ${messageOf(error)}` });
    }
  };

  const onFiles = (files: FileList | null): void => {
    const file = files?.[0];
    if (!file || busy) return;
    void importFile(file);
  };
  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragging(false);
    onFiles(event.dataTransfer.files);
  };

  return (
    <section className="import-screen" data-testid="import-screen">
      <div className="traces-toolbar">
        <h2 className="screen-title">Import a trace</h2>
        <label className="field">
          <span>Check against</span>
          <select
            data-testid="import-profile"
            value={profile}
            disabled={busy}
            onChange={(event) => setProfile(event.target.value)}
          >
            <option value="">Default profile</option>
            {profiles.names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="import-body">
        <div
          className={dragging ? 'import-drop dragging' : 'import-drop'}
          data-testid="import-drop"
          aria-busy={busy}
          onDragEnter={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragOver={(event) => {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
          }}
          onDragLeave={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={onDrop}
        >
          <p className="import-drop-title">Drop a capture or log here</p>
          <p className="muted">
            pcap, pcapng or cap from Wireshark/tcpdump, or a text log (Asterisk, FreeSWITCH, sngrep, Kamailio)
            · up to {formatBytes(MAX_IMPORT_BYTES)}
          </p>
          <label className="file-button">
            <input
              type="file"
              data-testid="import-file"
              accept={IMPORT_ACCEPT}
              disabled={busy}
              onChange={(event) => {
                onFiles(event.target.files);
                // The same file picked again (after a fix) is a new change.
                event.target.value = '';
              }}
            />
            <span>Choose a file…</span>
          </label>
        </div>
        <div className="import-paste">
          <label htmlFor="import-paste-text">Or paste SIP messages</label>
          <textarea
            id="import-paste-text"
            data-testid="import-paste"
            spellCheck={false}
            placeholder={
              'INVITE sip:1001@pbx.example.com SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK…\n…'
            }
            value={paste}
            disabled={busy}
            onChange={(event) => setPaste(event.target.value)}
          />
          <button
            type="button"
            className="primary"
            data-testid="import-paste-submit"
            disabled={busy || paste.trim() === ''}
            onClick={() => void importPaste()}
          >
            Analyse pasted text
          </button>
        </div>
        <div className="import-status" aria-live="polite">
          {status.step === 'reading' && (
            <p className="progress" data-testid="import-progress">
              <span className="spinner" aria-hidden="true" /> Reading {status.name}…
            </p>
          )}
          {status.step === 'analysing' && (
            <p className="progress" data-testid="import-progress">
              <span className="spinner" aria-hidden="true" /> Analysing {status.name}…
            </p>
          )}
          {status.step === 'done' && (
            <div className="import-result" data-testid="import-result">
              <p>
                <strong>{status.name}</strong>: {plural(status.messageCount, 'message')},{' '}
                {plural(status.findingCount, 'finding')}. Opening the trace…
              </p>
              <button
                type="button"
                className="primary"
                onClick={() => navigate.toTrace({ runId: status.runId })}
              >
                Open trace now
              </button>
            </div>
          )}
          {status.step === 'error' && (
            <p className="error" role="alert" data-testid="import-error">
              {status.message}
            </p>
          )}
          {profiles.error && <p className="error">Could not list the profiles: {profiles.error}</p>}
        </div>
      </div>
    </section>
  );
}
