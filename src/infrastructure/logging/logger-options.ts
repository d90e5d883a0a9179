import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

/** Anything that could hold a credential is replaced before a line is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.authToken',
  '*.apiKeySecret',
  '*.secret',
  '*.token',
  '*.key',
  '*.AuthToken',
  '*.encryptionKey',
  'err.config.headers.Authorization',
];

export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Fastify already chose the id (see create-app); pino-http reuses it.
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? randomUUID(),
      customProps: () => ({ service: 'switchboard' }),
      serializers: {
        req: (req: { id: string; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url?.split('?')[0],
          headers: req.headers,
          remoteAddress: req.remoteAddress,
        }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
    },
    // Silent writes no line, yet pino-http would still build and serialise a child logger per request:
    // mount it on no route. Request ids do not depend on it (Fastify's genReqId, see create-app).
    ...(config.logLevel === 'silent' ? { forRoutes: [] } : {}),
  };
}
