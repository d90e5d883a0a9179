/** Where a copy of personal data was. */
export type ReceiptLocation =
  'database' | 'object_storage' | 'twilio' | 'audit_trail' | 'event_copies' | 'stored_answers' | 'export_archive';

/** What became of it. */
export type ReceiptAction = 'deleted' | 'redacted' | 'shredded' | 'kept' | 'already_gone' | 'nothing_found';

export interface DeletionReceipt {
  /** An erasure request, the retention policy, or someone deleting a recording. */
  cause: 'erasure' | 'retention' | 'request';
  erasureRequestId: string | null;
  resourceType: string;
  resourceId: string;
  location: ReceiptLocation;
  action: ReceiptAction;
  /** Counts, Twilio's answer, or why it was kept: never the erased data itself. */
  detail: Record<string, unknown>;
}

/** The receipts of erasures and of the retention policy, one row per copy dealt with. */
export abstract class DeletionReceipts {
  /** Writes the receipts in the caller's transaction; a receipt already written for the same copy is updated, not doubled. */
  abstract record(organizationId: string, receipts: readonly DeletionReceipt[]): Promise<void>;
}
