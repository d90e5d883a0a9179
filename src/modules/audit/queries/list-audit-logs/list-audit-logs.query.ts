import { Query } from '@nestjs/cqrs';
import type { AuditLogFilter, AuditLogView } from '@domain/audit/ports/audit-read-model.port';

export interface ListAuditLogsProps {
  readonly organizationId: string;
  readonly filter: AuditLogFilter;
  readonly beforeId: string | null;
  readonly limit: number;
}

export class ListAuditLogsQuery extends Query<AuditLogView[]> {
  constructor(readonly props: ListAuditLogsProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
