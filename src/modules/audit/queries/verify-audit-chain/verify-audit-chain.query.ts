import { OrganizationQuery } from '../../../shared';

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

export class VerifyAuditChainQuery extends OrganizationQuery<VerifyAuditChainProps, AuditChainReport> {}
