import { Injectable } from '@nestjs/common';
import { TenancyExportReadModel, TENANCY_EXPORT_KINDS, type TenancyExportKind } from '@domain/tenancy/ports/tenancy-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { exportPageOfKind, type ExportTable } from '../export-pages';
import {
  apiKeys,
  organizationDomains,
  organizationInvitations,
  organizationMembers,
  organizations,
  workspaceMembers,
  workspaces,
} from './tenancy.schema';
import { TransactionContext } from '../transaction-context';

const TABLES: Record<TenancyExportKind, ExportTable> = {
  organization: { table: organizations, organization: organizations.id, keys: [organizations.id] },
  domain_claim: {
    table: organizationDomains,
    organization: organizationDomains.organizationId,
    keys: [organizationDomains.organizationId],
  },
  member: { table: organizationMembers, organization: organizationMembers.organizationId, keys: [organizationMembers.userId] },
  invitation: { table: organizationInvitations, organization: organizationInvitations.organizationId, keys: [organizationInvitations.id] },
  workspace: { table: workspaces, organization: workspaces.organizationId, keys: [workspaces.id] },
  workspace_member: {
    table: workspaceMembers,
    organization: workspaceMembers.organizationId,
    keys: [workspaceMembers.workspaceId, workspaceMembers.userId],
  },
  api_key: { table: apiKeys, organization: apiKeys.organizationId, keys: [apiKeys.id], omit: ['keyHash'] },
};

@Injectable()
export class DrizzleTenancyExportReadModel extends TenancyExportReadModel {
  readonly kinds = TENANCY_EXPORT_KINDS;

  constructor(private readonly tx: TransactionContext) {
    super();
  }

  page(organizationId: string, kind: string, after: string | null, limit: number): Promise<ExportPage> {
    return exportPageOfKind(this.tx.db, TABLES, 'tenancy', kind, organizationId, after, limit);
  }
}
