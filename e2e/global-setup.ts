import { preview } from 'vite';

// Serves the built app (dist/, built by `npm run test:e2e`) on a free loopback port for the specs.
export default async function setup({ provide }: { provide: (key: 'baseUrl', value: string) => void }) {
  const server = await preview({
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  provide('baseUrl', url);
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
