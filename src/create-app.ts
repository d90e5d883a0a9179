import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import fastifyCors from '@fastify/cors';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { Clock } from '@domain/shared/clock';
import type { AppConfig } from '@infrastructure/config/app-config';
import { clientErrorHandler, registerBodyParsers } from '@infrastructure/http/body-parsers';
import { completeOpenApi } from '@infrastructure/http/openapi';
import { sendProblem } from '@infrastructure/http/problem.filter';
import { createValidationPipe } from '@infrastructure/http/validation';
import { Database, type DatabaseTarget } from '@infrastructure/persistence/database';
import { runMigrations } from '@infrastructure/persistence/migrator';

export function databaseTarget(config: AppConfig): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize, timeouts: config.databaseTimeouts }
    : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pgdata'), sharedBuffersMb: config.embeddedDatabaseSharedBuffersMb };
}

/** Opens the database named by the configuration and brings its schema up to date. */
export async function openDatabase(config: AppConfig): Promise<Database> {
  const database = await Database.open(databaseTarget(config));
  await runMigrations(database);
  return database;
}

export interface CreateAppOptions {
  database?: Database;
  clock?: Clock;
}

/** The whole service, configured exactly as it runs, for main, tests, the CLI and benchmarks. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const database = options.database ?? (await openDatabase(config));
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    // Any path parameter reaches its pipe (400 request.invalid_id) rather than the router's own 414 in Fastify's JSON;
    // over HTTP, Node's 16 KB header limit (a 431 problem) bounds a URL first.
    routerOptions: { maxParamLength: 100_000, ignoreTrailingSlash: true },
    // One request id for Fastify, the logs, problems and the audit trail; a caller's own is kept when sane.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // Nest installs its own handler first; ours replaces it on purpose (problem+json for parser errors).
    allowErrorHandlerOverride: true,
    clientErrorHandler,
  });
  // Our own body parsers (registerBodyParsers) replace Nest's.
  registerBodyParsers(adapter.getInstance(), config.bodyLimitBytes);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ config, database, clock: options.clock }), adapter, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Logs held back while the application was built go out now, even where nothing calls listen() (CLI, tests).
  app.flushLogs();
  const fastify = app.getHttpAdapter().getInstance();
  // Every answer names its request id, the one in the logs and in problem bodies.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', String(request.id));
    done();
  });
  await app.register(fastifyCors, corsOptions(config));
  // Errors Fastify raises before Nest sees the request (body parsing, bad URLs) get the same problem shape.
  fastify.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
  // Audio uploads for analysis stream through multipart; one file per request.
  await app.register(fastifyMultipart, { limits: { fileSize: config.analysisUploadMaxBytes, files: 1, fields: 10, parts: 11 } });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  if (config.swaggerEnabled) {
    const document = buildOpenApi(app);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  await app.init();
  await fastify.ready();
  for (const notice of config.notices) app.get(Logger).warn(notice);
  // The app owns the database it opened or was handed: close it last.
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await database.close();
  };
  return app;
}

/** Browser frontends on the configured origins may call the API and play recordings. */
export function corsOptions(config: AppConfig) {
  const { any, origins, localhost } = config.corsOrigins;
  const allowed = new Set(origins);
  return {
    origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) => {
      // No Origin header: not a browser's cross-origin request, nothing to add.
      if (!origin) return callback(null, false);
      callback(null, any || allowed.has(origin) || (localhost && LOCALHOST_ORIGIN.test(origin)));
    },
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'X-API-Key', 'Idempotency-Key', 'X-Request-Id', 'Content-Type', 'Range', 'Last-Event-ID'],
    exposedHeaders: [
      'Retry-After',
      'X-Request-Id',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'Idempotent-Replayed',
      'Location',
      'Content-Range',
      'Accept-Ranges',
      'Content-Length',
    ],
    maxAge: 600,
    strictPreflight: true,
  };
}

const LOCALHOST_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d{1,5}$/;

export function buildOpenApi(app: NestFastifyApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Switchboard API')
    .setDescription(
      'Multi-tenant backend for voice-call operations. Errors are RFC 9457 problem+json with a stable `code`. ' +
        'Lists take `limit` and `cursor` and answer `{ data, nextCursor }`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Supabase access token' }, 'supabase')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Organization API key' }, 'apiKey')
    .build();
  return completeOpenApi(
    SwaggerModule.createDocument(app, document, {
      operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    }),
  );
}
