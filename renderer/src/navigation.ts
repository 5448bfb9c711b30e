// The screens of the app and how one screen sends the user to another (a finding → its message in
// the ladder, an import → its trace). The shell owns the state; screens only call these.
export const SCREENS = [
  'targets',
  'register',
  'call',
  'traces',
  'findings',
  'capture',
  'emulator',
  'import',
  'load',
  'acceptance',
] as const;
export type Screen = (typeof SCREENS)[number];

/** What the Traces screen should show: a run, optionally one call and one message in it. */
export interface TraceFocus {
  readonly runId: number;
  readonly callId?: string;
  readonly messageId?: number;
}

export interface Navigate {
  toScreen(screen: Screen): void;
  /** Opens Traces on this run (and call/message when given). */
  toTrace(focus: TraceFocus): void;
}
