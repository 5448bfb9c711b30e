// Builds the renderer into dist/renderer, loaded by Electron from file:// and served by the web
// mode. base './' keeps every asset URL relative, which both need.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './shared/content-security-policy';

/**
 * Puts the app's CSP in index.html as a <meta> tag: Electron's file:// page has no response
 * headers to carry it. Build only: the dev server's hot reload needs an inline script it would block.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'sipkit-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
  },
});
