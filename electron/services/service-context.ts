// What every domain service is built from: the store, where the app keeps its files, the password
// vault, the event hub and the log. Services get this one object, never globals.
import type { TraceStore } from '../store/trace-store';
import type { EventHub } from './event-hub';
import type { SecretVault } from './secret-vault';
import type { Log } from './stderr-log';

export interface ServiceContext {
  readonly store: TraceStore;
  /** Directory for the app's own files (targets.json, the vault file); the trace database's directory. */
  readonly dataDir: string;
  readonly vault: SecretVault;
  readonly hub: EventHub;
  readonly log: Log;
}
