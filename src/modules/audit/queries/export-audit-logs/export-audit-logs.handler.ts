import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditExportReadModel } from '@domain/audit/ports/audit-read-model.port';
import { ExportAuditLogsQuery, type AuditExportPage } from './export-audit-logs.query';

@QueryHandler(ExportAuditLogsQuery)
export class ExportAuditLogsHandler implements IQueryHandler<ExportAuditLogsQuery, AuditExportPage> {
  constructor(private readonly readModel: AuditExportReadModel) {}

  async execute({ props: q }: ExportAuditLogsQuery): Promise<AuditExportPage> {
    const position = q.position ?? { phase: 'sealed', ...(await this.readModel.sequenceRange(q.organizationId, q.from, q.to)) };
    if (position.phase === 'sealed') {
      const rows = await this.readModel.sealedPage(q.organizationId, position.afterSequence, position.untilSequence, q.limit);
      const last = rows[rows.length - 1];
      if (rows.length === q.limit && last) return { rows, next: { ...position, afterSequence: last.sequence! } };
      const lastSequence = Math.max(last?.sequence ?? position.afterSequence, position.untilSequence ?? 0);
      return { rows, next: { phase: 'unsealed', lastSequence, afterId: null } };
    }
    const rows = await this.readModel.unsealedPage(q.organizationId, position.lastSequence, position.afterId, q.from, q.to, q.limit);
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === q.limit && last ? { ...position, afterId: last.id } : null };
  }
}
