import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, gt, gte, lt, lte, type SQL } from 'drizzle-orm';
import {
  PrivacyReadModel,
  type DeletionReceiptView,
  type ErasureRequestView,
  type ReceiptFilter,
} from '@domain/privacy/ports/privacy-read-model.port';
import { TransactionContext } from '../transaction-context';
import { dataDeletionReceipts, erasureRequests } from './privacy.schema';
import { erasureStateOf } from './drizzle-privacy.repositories';

function view(row: typeof erasureRequests.$inferSelect): ErasureRequestView {
  const s = erasureStateOf(row);
  return {
    id: s.id,
    subjectType: s.subjectType,
    subject: s.subjectMasked,
    status: s.status,
    outcome: s.progress.outcome,
    requestedBy: s.requestedBy,
    stepsDone: s.progress.stepsDone,
    attempts: s.attempts,
    lastError: s.lastError,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    completedAt: s.completedAt,
  };
}

@Injectable()
export class DrizzlePrivacyReadModel extends PrivacyReadModel {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async erasureRequest(organizationId: string, id: string): Promise<ErasureRequestView | null> {
    const [row] = await this.tx.db
      .select()
      .from(erasureRequests)
      .where(and(eq(erasureRequests.organizationId, organizationId), eq(erasureRequests.id, id)));
    return row ? view(row) : null;
  }

  async erasureRequests(organizationId: string, beforeId: string | null, limit: number): Promise<ErasureRequestView[]> {
    const rows = await this.tx.db
      .select()
      .from(erasureRequests)
      .where(and(eq(erasureRequests.organizationId, organizationId), beforeId ? lt(erasureRequests.id, beforeId) : undefined))
      .orderBy(desc(erasureRequests.id))
      .limit(limit);
    return rows.map(view);
  }

  async receipts(organizationId: string, filter: ReceiptFilter, afterId: string | null, limit: number): Promise<DeletionReceiptView[]> {
    const r = dataDeletionReceipts;
    const conditions: (SQL | undefined)[] = [
      eq(r.organizationId, organizationId),
      filter.cause ? eq(r.cause, filter.cause) : undefined,
      filter.erasureRequestId ? eq(r.erasureRequestId, filter.erasureRequestId) : undefined,
      filter.from ? gte(r.at, filter.from) : undefined,
      filter.to ? lte(r.at, filter.to) : undefined,
      afterId ? gt(r.id, afterId) : undefined,
    ];
    const rows = await this.tx.db
      .select()
      .from(r)
      .where(and(...conditions))
      .orderBy(asc(r.id))
      .limit(limit);
    return rows.map((row) => ({
      id: row.id,
      cause: row.cause as DeletionReceiptView['cause'],
      erasureRequestId: row.erasureRequestId,
      resourceType: row.resourceType,
      resourceId: row.resourceId,
      location: row.location as DeletionReceiptView['location'],
      action: row.action as DeletionReceiptView['action'],
      detail: row.detail,
      at: row.at,
    }));
  }
}
