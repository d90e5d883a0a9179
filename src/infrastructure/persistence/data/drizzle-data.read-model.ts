import { Injectable } from '@nestjs/common';
import { and, desc, eq, lt } from 'drizzle-orm';
import { DataReadModel, type OrganizationExportView } from '@domain/data/ports/data-read-model.port';
import type { OrganizationExportStatus } from '@domain/data/organization-export.aggregate';
import { TransactionContext } from '../transaction-context';
import { organizationExports } from './data.schema';

const columns = {
  id: organizationExports.id,
  status: organizationExports.status,
  requestedByType: organizationExports.requestedByType,
  requestedById: organizationExports.requestedById,
  rows: organizationExports.rows,
  sizeBytes: organizationExports.sizeBytes,
  sha256: organizationExports.sha256,
  failureReason: organizationExports.failureReason,
  createdAt: organizationExports.createdAt,
  completedAt: organizationExports.completedAt,
  deletedAt: organizationExports.deletedAt,
};

const view = (row: Omit<OrganizationExportView, 'status'> & { status: string }): OrganizationExportView => ({
  ...row,
  status: row.status as OrganizationExportStatus,
});

@Injectable()
export class DrizzleDataReadModel extends DataReadModel {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  async exportView(organizationId: string, exportId: string): Promise<OrganizationExportView | null> {
    const [row] = await this.tx.db
      .select(columns)
      .from(organizationExports)
      .where(and(eq(organizationExports.organizationId, organizationId), eq(organizationExports.id, exportId)));
    return row ? view(row) : null;
  }

  async listExports(organizationId: string, afterId: string | null, limit: number): Promise<OrganizationExportView[]> {
    const rows = await this.tx.db
      .select(columns)
      .from(organizationExports)
      .where(and(eq(organizationExports.organizationId, organizationId), afterId ? lt(organizationExports.id, afterId) : undefined))
      .orderBy(desc(organizationExports.id))
      .limit(limit);
    return rows.map(view);
  }
}
