import 'reflect-metadata';
import { createApp } from './create-app';
import { ConfigError, loadConfig } from '@infrastructure/config/app-config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  // Nest's shutdown hooks drain requests, stop the job workers and close the pools; when the
  // database is unreachable some of that can wait on it, so the process leaves by this deadline
  // whatever is still pending (pg-boss retries what it held, Idempotency-Keys are leased).
  const deadline = config.shutdownTimeoutSeconds * 1000;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Keep-alive connections whose last request finished are closed as they go idle, so
      // draining does not wait out the clients' keep-alive.
      const server = app.getHttpServer() as { closeIdleConnections?: () => void };
      setInterval(() => server.closeIdleConnections?.(), 100).unref();
      setTimeout(() => {
        process.stderr.write(`Shutdown took longer than ${config.shutdownTimeoutSeconds} s: exiting now\n`);
        process.exit(1);
      }, deadline).unref();
    });
  }
  await app.listen({ port: config.port, host: config.host });
}

void main();
