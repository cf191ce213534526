import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        runtimeTest: fileURLToPath(new URL('./e2e/pages/runtime.html', import.meta.url)),
      },
    },
  },
  preview: { port: 4173, strictPort: false, host: '127.0.0.1' },
});
