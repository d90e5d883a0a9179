import { ExportRowsReadModel } from '../../shared/data-export';

/** The kinds of record the tenancy context contributes to an organization's export, in export order. */
export const TENANCY_EXPORT_KINDS = [
  'organization',
  'domain_claim',
  'member',
  'invitation',
  'workspace',
  'workspace_member',
  'api_key',
] as const;
export type TenancyExportKind = (typeof TENANCY_EXPORT_KINDS)[number];

/**
 * The organization, its email-domain claim, members, invitations, workspaces and their members, and API keys (never the key hash).
 * Keyset pages of the tenancy context's own tables for one organization.
 */
export abstract class TenancyExportReadModel extends ExportRowsReadModel {}
