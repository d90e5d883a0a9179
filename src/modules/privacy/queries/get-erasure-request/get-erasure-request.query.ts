import { OrganizationQuery } from '../../../shared';
import type { DeletionReceiptView, ErasureRequestView } from '@domain/privacy/ports/privacy-read-model.port';

export interface ErasureRequestWithReceipt extends ErasureRequestView {
  receipt: DeletionReceiptView[];
}

export interface GetErasureRequestProps {
  readonly organizationId: string;
  readonly erasureRequestId: string;
}

/** The request, its progress and every receipt row written so far; null when there is none. */
export class GetErasureRequestQuery extends OrganizationQuery<GetErasureRequestProps, ErasureRequestWithReceipt | null> {}
