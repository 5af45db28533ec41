import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * The Content-Security-Policy of the built page: everything from our own origin, nothing inline
 * but style attributes. Exceptions, each needed by a library the lab ships:
 * - `style-src-attr 'unsafe-inline'`: KaTeX's formula markup and Plotly's SVG carry `style`
 *   attributes (no style elements or scripts are allowed inline);
 * - `img-src data: blob:`: Plotly draws PNG/SVG exports through data and blob URLs.
 * A `<meta>` policy cannot set `frame-ancestors`; a host that serves the lab should add it as a
 * header. Only the build gets the policy: the dev server injects an inline module for React's
 * hot reload.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Put {@link CONTENT_SECURITY_POLICY} first in the built page's head. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'quantlab-csp',
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
  plugins: [react(), contentSecurityPolicy()],
  // Plotly's CommonJS modules read Node's `global`; the browser has globalThis.
  define: { global: 'globalThis' },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
    // Fonts stay files: `font-src 'self'` refuses the data: URLs small ones would be inlined as.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
  },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: false },
});
