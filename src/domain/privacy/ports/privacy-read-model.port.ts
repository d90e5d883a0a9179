import type { Actor } from '../../shared/actor';
import type { ErasureOutcome, ErasureStatus, ErasureStep } from '../erasure-request.aggregate';
import type { DeletionReceipt } from './deletion-receipts.port';

export interface ErasureRequestView {
  id: string;
  subjectType: string;
  subject: string;
  status: ErasureStatus;
  outcome: ErasureOutcome | null;
  requestedBy: Actor;
  stepsDone: ErasureStep[];
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

export interface DeletionReceiptView extends Omit<DeletionReceipt, 'erasureRequestId'> {
  id: string;
  erasureRequestId: string | null;
  at: Date;
}

export interface ReceiptFilter {
  cause?: DeletionReceipt['cause'];
  erasureRequestId?: string;
  from?: Date;
  to?: Date;
}

export abstract class PrivacyReadModel {
  abstract erasureRequest(organizationId: string, id: string): Promise<ErasureRequestView | null>;
  /** Newest first, keyset-paged by id. */
  abstract erasureRequests(organizationId: string, beforeId: string | null, limit: number): Promise<ErasureRequestView[]>;
  /** Oldest first, keyset-paged by id. */
  abstract receipts(organizationId: string, filter: ReceiptFilter, afterId: string | null, limit: number): Promise<DeletionReceiptView[]>;
}
