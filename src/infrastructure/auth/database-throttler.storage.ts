import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Database } from '../persistence/database';

/**
 * Rate-limit counters in PostgreSQL, so every replica counts against one budget: N replicas
 * allow what one does. One statement per limited request: a fixed window per key, restarted
 * when it has run out. Old windows are pruned now and then by the requests themselves.
 */
export class DatabaseThrottlerStorage implements ThrottlerStorage {
  private calls = 0;

  constructor(private readonly database: Database) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<{ totalHits: number; timeToExpire: number; isBlocked: boolean; timeToBlockExpire: number }> {
    const seconds = ttl / 1000;
    const { rows } = await this.database.query(
      `insert into rate_limit_hits as r (key, window_started_at, hits) values ($1, now(), 1)
       on conflict (key) do update set
         hits = case when r.window_started_at + make_interval(secs => $2) <= now() then 1 else r.hits + 1 end,
         window_started_at = case when r.window_started_at + make_interval(secs => $2) <= now() then now() else r.window_started_at end
       returning hits, extract(epoch from (window_started_at + make_interval(secs => $2) - now()))::float8 as expires_in`,
      [key, seconds],
    );
    const hits = Number(rows[0]!.hits);
    const timeToExpire = Math.max(1, Math.ceil(Number(rows[0]!.expires_in)));
    if (++this.calls % 1000 === 0) void this.prune(Math.max(seconds, blockDuration / 1000));
    return { totalHits: hits, timeToExpire, isBlocked: hits > limit, timeToBlockExpire: hits > limit ? timeToExpire : 0 };
  }

  private async prune(windowSeconds: number): Promise<void> {
    await this.database
      .query(`delete from rate_limit_hits where window_started_at < now() - make_interval(secs => $1)`, [windowSeconds * 2])
      .catch(() => undefined);
  }
}
