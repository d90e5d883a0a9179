import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { ClsService } from 'nestjs-cls';
import { CommandJournal } from '@domain/shared/ports/command-journal.port';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { TransactionContext } from '../persistence/transaction-context';

const JOURNAL = 'idempotency-journal';

/** The idempotent request being served: whose key it is, and the results already committed for it. */
export interface IdempotentRequest {
  principal: string;
  key: string;
  /** Sealed results of the commands that committed in an earlier, interrupted attempt. */
  committed: string[];
  /** How many commands this attempt has run (or replayed) so far. */
  next: number;
}

/**
 * The command journal of an Idempotency-Key request, kept in `idempotency_keys.results`. Results
 * are sealed like stored answers (a created API key's secret is one). The row is written
 * through `record_idempotent_result`, which the tenant role may call though it cannot touch the
 * table itself.
 */
@Injectable()
export class IdempotencyJournal extends CommandJournal {
  constructor(
    private readonly cls: ClsService,
    private readonly transactions: TransactionContext,
    private readonly secrets: SecretBox,
  ) {
    super();
  }

  begin(request: Omit<IdempotentRequest, 'next'>): void {
    this.cls.set(JOURNAL, { ...request, next: 0 } satisfies IdempotentRequest);
  }

  replay(): { replayed: true; result: unknown } | { replayed: false } {
    const request = this.current();
    if (!request || request.next >= request.committed.length) return { replayed: false };
    const sealed = request.committed[request.next]!;
    request.next += 1;
    return { replayed: true, result: this.open(sealed, request) };
  }

  async record(result: unknown): Promise<void> {
    const request = this.current();
    if (!request) return;
    request.next += 1;
    const sealed = this.secrets.seal(JSON.stringify(result ?? null), context(request));
    await this.transactions.db.execute(sql`select record_idempotent_result(${request.principal}, ${request.key}, ${sealed})`);
  }

  /** Whether this attempt ran or replayed a command (something may have committed). */
  touched(): boolean {
    const request = this.current();
    return !!request && (request.next > 0 || request.committed.length > 0);
  }

  private open(sealed: string, request: IdempotentRequest): unknown {
    return JSON.parse(this.secrets.open(sealed, context(request))) as unknown;
  }

  private current(): IdempotentRequest | undefined {
    return this.cls.isActive() ? (this.cls.get(JOURNAL) as IdempotentRequest | undefined) : undefined;
  }
}

const context = (request: IdempotentRequest) => `idempotency-result:${request.principal}:${request.key}`;
