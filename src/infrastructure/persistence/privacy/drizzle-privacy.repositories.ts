import { Injectable } from '@nestjs/common';
import { and, eq, sql } from 'drizzle-orm';
import { ErasureRequest, type ErasureProgress, type ErasureRequestState } from '@domain/privacy/erasure-request.aggregate';
import { DeletionReceipts, type DeletionReceipt } from '@domain/privacy/ports/deletion-receipts.port';
import { ErasureRequestRepository } from '@domain/privacy/ports/erasure-request-repository.port';
import type { Actor } from '@domain/shared/actor';
import { newId } from '@domain/shared/ids';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { TransactionContext } from '../transaction-context';
import { dataDeletionReceipts, erasureRequests } from './privacy.schema';

type ErasureRow = typeof erasureRequests.$inferSelect;

export function erasureStateOf(row: ErasureRow): ErasureRequestState {
  return {
    ...row,
    subjectType: row.subjectType as ErasureRequestState['subjectType'],
    status: row.status as ErasureRequestState['status'],
    requestedBy: { type: row.requestedByType, id: row.requestedById } as Actor,
    progress: row.progress as ErasureProgress,
  };
}

@Injectable()
export class DrizzleErasureRequestRepository extends ErasureRequestRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async findForUpdate(organizationId: string, id: string): Promise<ErasureRequest | null> {
    const [row] = await this.tx.db
      .select()
      .from(erasureRequests)
      .where(and(eq(erasureRequests.organizationId, organizationId), eq(erasureRequests.id, id)))
      .for('update');
    return row ? ErasureRequest.restore(erasureStateOf(row)) : null;
  }

  async save(request: ErasureRequest): Promise<void> {
    const { requestedBy, ...s } = request.snapshot;
    const row = { ...s, requestedByType: requestedBy.type, requestedById: requestedBy.id };
    await this.tx.db
      .insert(erasureRequests)
      .values(row)
      .onConflictDoUpdate({
        target: erasureRequests.id,
        set: {
          subject: s.subject,
          status: s.status,
          progress: s.progress,
          attempts: s.attempts,
          lastError: s.lastError,
          completedAt: s.completedAt,
          updatedAt: s.updatedAt,
        },
      });
    this.uow.collect(request);
  }
}

@Injectable()
export class DrizzleDeletionReceipts extends DeletionReceipts {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async record(organizationId: string, receipts: readonly DeletionReceipt[]): Promise<void> {
    if (receipts.length === 0) return;
    const rows = receipts.map((r) => ({
      ...r,
      organizationId,
      id: newId(),
      dedupeKey: [r.cause, r.erasureRequestId ?? '', r.resourceType, r.resourceId, r.location].join(':'),
    }));
    await this.tx.db
      .insert(dataDeletionReceipts)
      .values(rows)
      .onConflictDoUpdate({
        target: [dataDeletionReceipts.organizationId, dataDeletionReceipts.dedupeKey],
        // A step repeated after a crash finds the copy already gone: the first receipt, which saw it go, stands.
        set: { at: sql`${dataDeletionReceipts.at}` },
      });
  }
}
