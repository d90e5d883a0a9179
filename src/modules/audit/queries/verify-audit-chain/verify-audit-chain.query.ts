import { Query } from '@nestjs/cqrs';

export interface AuditChainReport {
  valid: boolean;
  checked: number;
  unsealed: number;
  lastSequence: number;
  brokenAt: { sequence: number; auditLogId: string; reason: string } | null;
}

export interface VerifyAuditChainProps {
  readonly organizationId: string;
}

export class VerifyAuditChainQuery extends Query<AuditChainReport> {
  constructor(readonly props: VerifyAuditChainProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
