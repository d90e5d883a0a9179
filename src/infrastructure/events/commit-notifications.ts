import { Injectable, Logger } from '@nestjs/common';
import { CommitNotifications, type CommitNotice } from '@domain/shared/ports/commit-notifications.port';
import { Database } from '../persistence/database';
import { LIVE_EVENTS_CHANNEL } from './domain-event-publisher';

/**
 * The publisher's `pg_notify` heard with LISTEN: on PostgreSQL one dedicated postgres.js
 * connection per process for all subscribers (postgres.js reconnects it and calls back on every
 * (re)connection: after the first, notices may have been missed, so subscribers hear of a gap);
 * on PGlite the embedded instance's own LISTEN.
 */
@Injectable()
export class PgCommitNotifications extends CommitNotifications {
  private readonly logger = new Logger(PgCommitNotifications.name);
  private readonly local = new Set<(notice: CommitNotice) => void>();

  constructor(private readonly database: Database) {
    super();
  }

  async subscribe(onNotice: (notice: CommitNotice) => void, onGap: () => void): Promise<{ close(): Promise<void> }> {
    const handle = (payload: string) => {
      let notice: Partial<CommitNotice>;
      try {
        notice = JSON.parse(payload) as Partial<CommitNotice>;
      } catch {
        this.logger.warn('ignored a malformed commit notification');
        return;
      }
      if (typeof notice.resourceType === 'string' && typeof notice.resourceId === 'string') onNotice(notice as CommitNotice);
    };
    this.local.add(onNotice);
    const forget = () => this.local.delete(onNotice);
    if (this.database.pglite) {
      const unlisten = await this.database.pglite.listen(LIVE_EVENTS_CHANNEL, handle);
      return {
        close: async () => {
          forget();
          if (!this.database.pglite?.closed) await unlisten().catch(() => undefined);
        },
      };
    }
    let connections = 0;
    const meta = await this.database.postgres!.listen(LIVE_EVENTS_CHANNEL, handle, () => {
      if (connections++ > 0) onGap();
    });
    return {
      close: async () => {
        forget();
        await meta.unlisten().catch(() => undefined);
      },
    };
  }

  announceLocally(notice: CommitNotice): void {
    for (const listener of this.local) listener(notice);
  }
}
