import { OrganizationQuery } from '../../../shared';
import type { DeletionReceiptView, ReceiptFilter } from '@domain/privacy/ports/privacy-read-model.port';

export interface ListDeletionReceiptsProps {
  readonly organizationId: string;
  readonly filter: ReceiptFilter;
  readonly after: string | null;
  readonly limit: number;
}

/** Receipts of erasures and of the retention policy, oldest first. */
export class ListDeletionReceiptsQuery extends OrganizationQuery<ListDeletionReceiptsProps, DeletionReceiptView[]> {}
