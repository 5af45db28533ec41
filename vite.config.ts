import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  // Plotly's CommonJS modules read Node's `global`; the browser has globalThis.
  define: { global: 'globalThis' },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2500 },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: false },
});
