// Builds the renderer into dist/renderer, served by Electron as app://sipkit/ and by the web
// mode. base './' keeps every asset URL relative, which both need.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy } from './shared/content-security-policy';

/**
 * Puts the desktop app's CSP in index.html as a <meta> tag too, on top of the app:// protocol's
 * header (the web mode drops the tag and sends its own header). Build only: the dev server's hot
 * reload needs an inline script it would block.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'sipkit-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: contentSecurityPolicy({ kind: 'desktop' }, 'meta'),
        },
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
