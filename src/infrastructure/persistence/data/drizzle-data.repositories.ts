import { Injectable } from '@nestjs/common';
import { and, asc, eq, lt, ne } from 'drizzle-orm';
import { OrganizationExport, type OrganizationExportState } from '@domain/data/organization-export.aggregate';
import { OrganizationExportDirectory, OrganizationExportRepository } from '@domain/data/ports/organization-export-repositories.port';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { TransactionContext } from '../transaction-context';
import { organizationExports } from './data.schema';

type ExportRow = typeof organizationExports.$inferSelect;

function restore(row: ExportRow): OrganizationExport {
  return OrganizationExport.restore({ ...row, status: row.status as OrganizationExportState['status'] });
}

@Injectable()
export class DrizzleOrganizationExportRepository extends OrganizationExportRepository {
  constructor(
    private readonly tx: TransactionContext,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  async findById(organizationId: string, exportId: string): Promise<OrganizationExport | null> {
    const [row] = await this.tx.db
      .select()
      .from(organizationExports)
      .where(and(eq(organizationExports.organizationId, organizationId), eq(organizationExports.id, exportId)))
      .for('update');
    return row ? restore(row) : null;
  }

  async undeletedOf(organizationId: string): Promise<OrganizationExport[]> {
    const rows = await this.tx.db
      .select()
      .from(organizationExports)
      .where(and(eq(organizationExports.organizationId, organizationId), ne(organizationExports.status, 'deleted')))
      .orderBy(asc(organizationExports.id))
      .for('update');
    return rows.map(restore);
  }

  async save(organizationExport: OrganizationExport): Promise<void> {
    const s = organizationExport.snapshot();
    await this.tx.db
      .insert(organizationExports)
      .values({ ...s })
      .onConflictDoUpdate({
        target: organizationExports.id,
        set: {
          status: s.status,
          storageBackend: s.storageBackend,
          objectKey: s.objectKey,
          rows: s.rows,
          sizeBytes: s.sizeBytes,
          sha256: s.sha256,
          failureReason: s.failureReason,
          completedAt: s.completedAt,
          deletedAt: s.deletedAt,
          updatedAt: s.updatedAt,
        },
      });
    this.uow.collect(organizationExport);
  }
}

@Injectable()
export class DrizzleOrganizationExportDirectory extends OrganizationExportDirectory {
  constructor(private readonly tx: TransactionContext) {
    super();
  }

  createdBefore(before: Date, limit: number): Promise<Array<{ organizationId: string; exportId: string }>> {
    return this.tx.db
      .select({ organizationId: organizationExports.organizationId, exportId: organizationExports.id })
      .from(organizationExports)
      .where(and(ne(organizationExports.status, 'deleted'), lt(organizationExports.createdAt, before)))
      .orderBy(asc(organizationExports.createdAt))
      .limit(limit);
  }
}
