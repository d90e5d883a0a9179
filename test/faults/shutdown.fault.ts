import { TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { postgresUrl } from '../support/test-environment';
import { ServiceProcess } from './service-process';

/** SIGTERM stops the service within a bounded time, whether its database answers or not. */
(postgresUrl() ? describe : describe.skip)('graceful shutdown', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(postgresUrl()!);
    proxy = await TcpProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
  });
  afterAll(async () => {
    await proxy?.stop();
    await db?.dispose();
  });

  it('exits on SIGTERM within SHUTDOWN_TIMEOUT_SECONDS (5 s here) while serving, and while the database is unreachable', async () => {
    const healthy = await ServiceProcess.start(proxy.route(db.url!), {
      JOBS_ENABLED: 'true',
      DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
      SHUTDOWN_TIMEOUT_SECONDS: '5',
    });
    const inFlight = Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${healthy.url}/health/ready`)
          .then((r) => r.status)
          .catch(() => 0),
      ),
    );
    const healthyExit = await healthy.terminate();
    await inFlight;

    const stranded = await ServiceProcess.start(proxy.route(db.url!), {
      JOBS_ENABLED: 'true',
      DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
      SHUTDOWN_TIMEOUT_SECONDS: '5',
    });
    await proxy.cut('blackhole');
    // Requests that are waiting on the database when the signal comes.
    const waiting = Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${stranded.url}/health/ready`)
          .then((r) => r.status)
          .catch(() => 0),
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    const strandedExit = await stranded.terminate();
    await waiting;
    await proxy.restore();
    console.log(
      `shutdown: SIGTERM to exit ${Math.round(healthyExit)} ms healthy, ${Math.round(strandedExit)} ms with the database unreachable`,
    );
    expect(healthyExit).toBeLessThan(2_000);
    expect(strandedExit).toBeLessThan(8_000);
  }, 180_000);
});
