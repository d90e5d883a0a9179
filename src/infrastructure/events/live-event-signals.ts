import { Injectable, Logger } from '@nestjs/common';
import { LiveEventSignals } from '../../domain/events/ports/live-event-signals.port';
import { Database } from '../persistence/database';
import { LIVE_EVENTS_CHANNEL } from './domain-event-publisher';

/**
 * The `pg_notify` the publisher sends on commit, heard with LISTEN: on PostgreSQL through a
 * dedicated postgres.js connection (so every replica hears every commit, and postgres.js
 * reconnects it), on PGlite in the one embedded instance.
 */
@Injectable()
export class PostgresLiveEventSignals extends LiveEventSignals {
  private readonly logger = new Logger(PostgresLiveEventSignals.name);

  constructor(private readonly database: Database) {
    super();
  }

  async listen(onCommit: (organizationId: string) => void, onReconnect: () => void): Promise<{ close(): Promise<void> }> {
    const handle = (payload: string) => {
      try {
        const organizationId = (JSON.parse(payload) as { organizationId?: unknown }).organizationId;
        if (typeof organizationId === 'string') onCommit(organizationId);
      } catch {
        this.logger.warn('ignored a malformed live event notification');
      }
    };
    if (this.database.pglite) {
      const unlisten = await this.database.pglite.listen(LIVE_EVENTS_CHANNEL, handle);
      return { close: () => unlisten() };
    }
    let listens = 0;
    const meta = await this.database.postgres!.listen(LIVE_EVENTS_CHANNEL, handle, () => {
      // Called on every (re)connection of the listening connection; after the first, commits may have been missed.
      if (listens++ > 0) onReconnect();
    });
    return { close: () => meta.unlisten().catch(() => undefined) };
  }
}
