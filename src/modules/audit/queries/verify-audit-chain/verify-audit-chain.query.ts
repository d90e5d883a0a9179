import { Query } from '@nestjs/cqrs';

export interface AuditChainReport {
  valid: boolean;
  checked: number;
  unsealed: number;
  lastSequence: number;
  brokenAt: { sequence: number; auditLogId: string; reason: string } | null;
}

export class VerifyAuditChainQuery extends Query<AuditChainReport> {
  constructor(readonly organizationId: string) {
    super();
  }
}
