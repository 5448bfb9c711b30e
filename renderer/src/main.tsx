// Renderer entry: one IPC client for the whole UI, created once.
import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { createIpcClient } from './ipc-client';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={createIpcClient()} />
  </StrictMode>,
);
