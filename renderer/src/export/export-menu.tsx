// The Export menu on Traces: pick a format and what else to redact, see a preview of exactly the
// file that will be saved, save it, or send the run to a Homer (HEP) collector. Digest responses,
// nonces and passwords are always redacted by the back end; the menu lists what was.
import { useEffect, useMemo, useState } from 'react';
import {
  exportStageLabel,
  exportStageSchema,
  type ExportFormat,
  type ExportStage,
  type RedactOptions,
} from '../../../shared/ipc/schemas/export';
import { TextField } from '../common/text-field';
import { useAction } from '../common/use-action';
import { useNow } from '../common/use-now';
import type { IpcClient } from '../ipc-client';

export interface ExportMenuProps {
  readonly client: IpcClient;
  readonly runId: number;
  /** The selected calls; the whole run when empty. */
  readonly callIds: readonly string[];
}

const FORMATS: ReadonlyArray<{ readonly value: ExportFormat; readonly label: string }> = [
  { value: 'html', label: 'HTML report (one file)' },
  { value: 'pdf', label: 'PDF report' },
  { value: 'md', label: 'Markdown / text for a ticket' },
  { value: 'svg', label: 'Ladder as SVG' },
  { value: 'png', label: 'Ladder as PNG' },
  { value: 'pcap', label: 'pcap (Wireshark)' },
  { value: 'pcapng', label: 'pcapng (Wireshark)' },
  { value: 'json', label: 'JSON for tools' },
];

/** Text previews stop here: the saved file is whole, the preview only has to be readable. */
const PREVIEW_TEXT_CHARS = 60_000;

interface Exported {
  readonly format: ExportFormat;
  readonly fileName: string;
  readonly mime: string;
  readonly dataBase64: string;
  readonly redacted: readonly string[];
  readonly bytes: number;
}

export function ExportMenu({ client, runId, callIds }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('html');
  const [redact, setRedact] = useState<RedactOptions>({
    phoneNumbers: false,
    ipAddresses: false,
    userNames: false,
  });
  const [onlySelected, setOnlySelected] = useState(true);
  const [exported, setExported] = useState<Exported>();
  const [hepTo, setHepTo] = useState('127.0.0.1:9060');
  const [hepResult, setHepResult] = useState<string>();
  const [startedAt, setStartedAt] = useState(0);
  const action = useAction();
  const hep = useAction();
  const scoped = onlySelected && callIds.length > 0;

  // A preview belongs to the choices it was made with. The selection is compared by content: the
  // Traces screen hands a new array on every render.
  const selectionKey = scoped ? callIds.join('\n') : '';
  useEffect(() => setExported(undefined), [format, redact, selectionKey, runId]);

  const make = (): void =>
    action.run(async () => {
      setStartedAt(Date.now());
      const reply = await client.request('export.run', {
        runId,
        format,
        redact,
        ...(scoped ? { callIds: [...callIds] } : {}),
      });
      setExported({ format, ...reply, bytes: Math.floor((reply.dataBase64.length * 3) / 4) });
    });

  const sendHep = (): void =>
    hep.run(async () => {
      setHepResult(undefined);
      const reply = await client.request('hep.send', { runId, to: hepTo.trim() });
      setHepResult(`${reply.sent} message${reply.sent === 1 ? '' : 's'} sent to ${hepTo.trim()} as HEPv3`);
    });

  if (!open) {
    return (
      <button type="button" data-testid="export-open" onClick={() => setOpen(true)}>
        Export…
      </button>
    );
  }
  return (
    <div className="export-panel" role="dialog" aria-label="Export" data-testid="export-panel">
      <div className="export-head">
        <strong>Export run {runId}</strong>
        <button type="button" className="link" data-testid="export-close" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      <div className="export-options">
        <label className="field">
          <span className="field-label">Format</span>
          <select
            data-testid="export-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
          >
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {callIds.length > 0 && (
          <label className="check">
            <input
              type="checkbox"
              data-testid="export-only-selected"
              checked={onlySelected}
              onChange={(e) => setOnlySelected(e.target.checked)}
            />
            Only the {callIds.length} selected call{callIds.length === 1 ? '' : 's'}
          </label>
        )}
        <fieldset className="export-redact">
          <legend>Also redact</legend>
          <RedactBox
            id="phones"
            label="Phone numbers (last 4 kept)"
            value={redact.phoneNumbers}
            onChange={(v) => setRedact({ ...redact, phoneNumbers: v })}
          />
          <RedactBox
            id="ips"
            label="IP addresses (mapped)"
            value={redact.ipAddresses}
            onChange={(v) => setRedact({ ...redact, ipAddresses: v })}
          />
          <RedactBox
            id="users"
            label="User names"
            value={redact.userNames}
            onChange={(v) => setRedact({ ...redact, userNames: v })}
          />
          <p className="small muted">Digest responses, nonces and passwords are always redacted.</p>
        </fieldset>
        <div className="actions">
          <button
            type="button"
            className="primary"
            data-testid="export-preview"
            disabled={action.busy}
            onClick={make}
          >
            {action.busy ? 'Exporting…' : 'Preview'}
          </button>
          {exported && <SaveButton exported={exported} />}
        </div>
      </div>
      {action.busy && <ExportProgress client={client} runId={runId} format={format} startedAt={startedAt} />}
      {action.error && (
        <p className="error" role="alert" data-testid="export-error">
          {action.error}
        </p>
      )}
      {exported && (
        <>
          <p className="small muted" data-testid="export-redacted">
            {exported.fileName} · {formatBytes(exported.bytes)} · redacted: {exported.redacted.join('; ')}
          </p>
          <Preview exported={exported} />
        </>
      )}
      <div className="export-hep">
        <TextField
          label="Homer (HEPv3) collector"
          data-testid="hep-to"
          value={hepTo}
          maxLength={260}
          placeholder="homer.example.net:9060"
          onChange={setHepTo}
        />
        <button
          type="button"
          data-testid="hep-send"
          disabled={hep.busy || hepTo.trim() === ''}
          onClick={sendHep}
        >
          {hep.busy ? 'Sending…' : 'Send run'}
        </button>
        {hepResult && (
          <span className="small" data-testid="hep-result">
            {hepResult}
          </span>
        )}
        {hep.error && (
          <span className="error" role="alert" data-testid="hep-error">
            {hep.error}
          </span>
        )}
      </div>
    </div>
  );
}

/** The stages of a PDF or PNG export, in order, as the back end goes through them. */
const CHROMIUM_STAGES: readonly ExportStage[] = exportStageSchema.options;

/**
 * What a slow export is doing and for how long: PDF and PNG start a headless Chromium (5–10 s).
 * The stage is the back end's own (export.progress), not a guess from the clock.
 */
function ExportProgress({
  client,
  runId,
  format,
  startedAt,
}: {
  readonly client: IpcClient;
  readonly runId: number;
  readonly format: ExportFormat;
  readonly startedAt: number;
}) {
  const now = useNow(500);
  const [stage, setStage] = useState<ExportStage>();
  useEffect(
    () =>
      client.on('export.progress', (p) => {
        if (p.runId === runId && p.format === format) setStage(p.stage);
      }),
    [client, runId, format],
  );
  const seconds = Math.max(0, Math.floor((now - startedAt) / 1000));
  const slow = format === 'pdf' || format === 'png';
  const step = stage && slow ? CHROMIUM_STAGES.indexOf(stage) + 1 : 0;
  const what = stage ? exportStageLabel(stage, format) : 'Building the export';
  return (
    <p className="small export-progress" role="status" data-testid="export-progress" data-stage={stage}>
      <progress {...(step > 0 ? { value: step, max: CHROMIUM_STAGES.length } : {})} />
      <span>
        {step > 0 ? `Step ${step} of ${CHROMIUM_STAGES.length}: ` : ''}
        {what}… {seconds} s{slow ? ' (usually 5–10 s in all)' : ''}
      </span>
    </p>
  );
}

function RedactBox(props: { id: string; label: string; value: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="check">
      <input
        type="checkbox"
        data-testid={`export-redact-${props.id}`}
        checked={props.value}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.label}
    </label>
  );
}

function SaveButton({ exported }: { exported: Exported }) {
  const url = useMemo(
    () => URL.createObjectURL(new Blob([decode(exported.dataBase64)], { type: exported.mime })),
    [exported],
  );
  // Revoked a while after it is replaced, not at once: a download still reading it would be cancelled.
  useEffect(() => () => void setTimeout(() => URL.revokeObjectURL(url), 60_000), [url]);
  return (
    <a className="button-link" data-testid="export-save" href={url} download={exported.fileName}>
      Save {exported.fileName}
    </a>
  );
}

function Preview({ exported }: { exported: Exported }) {
  const text = useMemo(() => {
    if (!['md', 'json', 'html'].includes(exported.format)) return '';
    return new TextDecoder().decode(decode(exported.dataBase64));
  }, [exported]);
  switch (exported.format) {
    case 'html':
      // No script runs in it (sandbox without allow-scripts); the report has none anyway.
      return (
        <iframe
          className="export-preview"
          data-testid="export-preview-frame"
          title="Report preview"
          sandbox=""
          srcDoc={text}
        />
      );
    case 'svg':
    case 'png':
      return (
        <div className="export-preview scroll">
          <img
            data-testid="export-preview-image"
            alt="Ladder preview"
            src={`data:${exported.mime};base64,${exported.dataBase64}`}
          />
        </div>
      );
    case 'md':
    case 'json':
      return (
        <pre className="export-preview raw" data-testid="export-preview-text">
          {text.length > PREVIEW_TEXT_CHARS
            ? `${text.slice(0, PREVIEW_TEXT_CHARS)}\n… (the saved file is complete)`
            : text}
        </pre>
      );
    default:
      return (
        <p className="export-preview note" data-testid="export-preview-note">
          {exported.format === 'pdf'
            ? 'The PDF is the HTML report printed with every message open. Save it to view it.'
            : 'A capture for Wireshark or tshark: every message with its original timestamp and real Ethernet/IP/UDP or TCP headers.'}
        </p>
      );
  }
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

function formatBytes(n: number): string {
  return n < 1024
    ? `${n} B`
    : n < 1024 * 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${(n / 1024 / 1024).toFixed(1)} MB`;
}
