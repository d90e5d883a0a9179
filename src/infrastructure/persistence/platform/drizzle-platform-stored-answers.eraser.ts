import { Injectable } from '@nestjs/common';
import { and, eq, isNotNull } from 'drizzle-orm';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { StoredAnswersEraser } from '@domain/shared/ports/stored-answers-eraser.port';
import { storedAnswerContext } from '../../http/idempotency.interceptor';
import { idempotencyKeys } from './platform.schema';
import { ERASED } from '@domain/shared/erased';
import { TransactionContext } from '../transaction-context';

/**
 * Stored answers are sealed (they can hold secrets), so they are searched opened: each of the
 * organization's answers is opened, and one that names the person is sealed again redacted.
 * Answers live as long as their keys (hours), so there are few.
 */
@Injectable()
export class DrizzleStoredAnswersEraser extends StoredAnswersEraser {
  constructor(
    private readonly tx: TransactionContext,
    private readonly secrets: SecretBox,
  ) {
    super();
  }

  async redact(organizationId: string, needles: readonly string[]): Promise<number> {
    if (needles.length === 0) return 0;
    const longestFirst = [...needles].sort((a, b) => b.length - a.length);
    const rows = await this.tx.db
      .select({ principal: idempotencyKeys.principal, key: idempotencyKeys.key, responseBody: idempotencyKeys.responseBody })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.organizationId, organizationId), isNotNull(idempotencyKeys.responseBody)));
    let changed = 0;
    for (const row of rows) {
      const sealed = (row.responseBody as { sealed?: unknown } | null)?.sealed;
      if (typeof sealed !== 'string') continue;
      const context = storedAnswerContext(row.principal, row.key);
      const text = this.secrets.open(sealed, context);
      if (!longestFirst.some((n) => text.includes(n))) continue;
      const redacted = longestFirst.reduce((t, n) => t.split(n).join(ERASED), text);
      await this.tx.db
        .update(idempotencyKeys)
        // The sealed command results only serve a request still in flight; a finished one replays its answer.
        .set({ responseBody: { sealed: this.secrets.seal(redacted, context) }, results: null })
        .where(and(eq(idempotencyKeys.principal, row.principal), eq(idempotencyKeys.key, row.key)));
      changed += 1;
    }
    return changed;
  }
}
