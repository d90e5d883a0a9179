import { OrganizationCommand } from '../../../shared';
import type { DeletionReceipt } from '@domain/privacy/ports/deletion-receipts.port';

export interface RecordDeletionReceiptsProps {
  readonly organizationId: string;
  readonly receipts: readonly DeletionReceipt[];
}

/** Receipts for copies deleted outside the database (storage, Twilio), written once the deletion happened. */
export class RecordDeletionReceiptsCommand extends OrganizationCommand<RecordDeletionReceiptsProps> {}
