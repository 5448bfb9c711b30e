// Minimal declarations of exactly the Electron APIs that electron/main and electron/preload use.
// `electron` is an optional dependency and is absent wherever its binary cannot be downloaded, so
// its own types cannot be relied on for `npm run typecheck`. Where it is installed, this
// declaration still takes precedence (skipLibCheck hides the clash), so type-checking gives the
// same result on every machine. Names and signatures follow Electron 39's own.
declare module 'electron' {
  export interface ElectronEvent {
    preventDefault(): void;
  }

  export interface WebFrameMain {
    readonly url: string;
    readonly parent: WebFrameMain | null;
  }

  export interface Session {
    setPermissionRequestHandler(
      handler:
        ((webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void) | null,
    ): void;
    setPermissionCheckHandler(
      handler: ((webContents: WebContents | null, permission: string) => boolean) | null,
    ): void;
  }

  export interface WindowOpenHandlerResponse {
    action: 'deny' | 'allow';
  }

  export interface WebContents {
    readonly session: Session;
    setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenHandlerResponse): void;
    on(
      event: 'will-navigate' | 'will-redirect' | 'will-attach-webview',
      listener: (event: ElectronEvent) => void,
    ): this;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
    printToPDF(options: {
      printBackground?: boolean;
      pageSize?: 'A4' | 'Letter';
      displayHeaderFooter?: boolean;
    }): Promise<Uint8Array>;
    capturePage(): Promise<NativeImage>;
  }

  export interface NativeImage {
    toPNG(): Uint8Array;
  }

  export interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    webSecurity?: boolean;
    spellcheck?: boolean;
    javascript?: boolean;
  }

  export interface BrowserWindowConstructorOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    webPreferences?: WebPreferences;
  }

  export class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    readonly webContents: WebContents;
    once(event: 'ready-to-show', listener: () => void): this;
    show(): void;
    loadFile(filePath: string): Promise<void>;
    loadURL(url: string): Promise<void>;
    isDestroyed(): boolean;
    setContentSize(width: number, height: number): void;
    destroy(): void;
  }

  export interface IpcMainInvokeEvent {
    readonly sender: WebContents;
    readonly senderFrame: WebFrameMain | null;
  }

  export interface IpcMain {
    handle(
      channel: string,
      listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown> | unknown,
    ): void;
  }

  export interface App {
    whenReady(): Promise<void>;
    on(
      event: 'web-contents-created',
      listener: (event: ElectronEvent, webContents: WebContents) => void,
    ): this;
    on(event: 'window-all-closed', listener: () => void): this;
    on(event: 'will-quit', listener: (event: ElectronEvent) => void): this;
    quit(): void;
    exit(exitCode?: number): void;
    getVersion(): string;
  }

  export interface SafeStorage {
    isEncryptionAvailable(): boolean;
    /** Linux only: which secret store encrypts; 'basic_text' is a hard-coded key, no keychain. */
    getSelectedStorageBackend():
      'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
    encryptString(plainText: string): Buffer;
    decryptString(encrypted: Buffer): string;
  }

  export interface CustomScheme {
    scheme: string;
    privileges?: {
      standard?: boolean;
      secure?: boolean;
      bypassCSP?: boolean;
      allowServiceWorkers?: boolean;
      supportFetchAPI?: boolean;
      corsEnabled?: boolean;
      stream?: boolean;
      codeCache?: boolean;
    };
  }

  export interface Protocol {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  }

  export interface Dialog {
    showErrorBox(title: string, content: string): void;
  }

  export interface IpcRendererEvent {
    readonly sender: unknown;
  }

  export interface IpcRenderer {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  }

  export interface ContextBridge {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  }

  export const app: App;
  export const dialog: Dialog;
  export const ipcMain: IpcMain;
  export const session: { readonly defaultSession: Session };
  export const ipcRenderer: IpcRenderer;
  export const contextBridge: ContextBridge;
  export const safeStorage: SafeStorage;
  export const protocol: Protocol;
}
