import { Param, Post, Query, Res, HttpCode } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OrganizationExportView } from '@domain/data/ports/data-read-model.port';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import { actorOf, type OrganizationAccess } from '@infrastructure/auth/principal';
import { Idempotent } from '@infrastructure/http/idempotency.interceptor';
import { ApiIdempotencyKey, ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { OrganizationApi, ReadRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { EXPORT_LINK_TTL_SECONDS } from '@modules/recording';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { RequestOrganizationExportCommand } from '../commands/request-organization-export/request-organization-export.command';
import { OrganizationExportArchivesService, type OrganizationExportWithLink } from '../organization-export-archives.service';
import { GetOrganizationExportQuery } from '../queries/get-organization-export/get-organization-export.query';
import { ListOrganizationExportsQuery } from '../queries/list-organization-exports/list-organization-exports.query';
import { OrganizationExportDto, OrganizationExportPageDto, OrganizationExportWithLinkDto } from './organization-exports.dto';

const NOT_FOUND = { 404: ['export.not_found'] };

/** The organization export as a job: the archive is written into storage, then downloaded through a signed link. Same permission as `GET /export`. */
@OrganizationApi('organizations', 'v1/organizations/:orgId/exports')
export class OrganizationExportsController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
    private readonly archives: OrganizationExportArchivesService,
  ) {}

  @Post()
  @HttpCode(202)
  @Idempotent()
  @RequirePermission('data:export')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Export every record of the organization into an NDJSON archive in storage, as a job',
    description:
      'Answers at once with the export, `pending`, and its `Location`; a job then writes the same NDJSON `GET /export` streams ' +
      'into storage and records its rows, size and SHA-256 (`completed`), or gives up after its retries (`failed`). ' +
      'Poll `GET /exports/{exportId}`, which gives a signed `downloadUrl` once completed. ' +
      'Audited: `organization_export.requested`, then `.completed` or `.failed`. ' +
      'Archives are deleted `EXPORT_ARCHIVE_RETENTION_DAYS` (7 by default) after the request.',
  })
  @ApiAcceptedResponse({
    type: OrganizationExportDto,
    description: 'Accepted: the archive is being written',
    headers: { Location: { description: 'The export: `/v1/organizations/{orgId}/exports/{exportId}`', schema: { type: 'string' } } },
  })
  @ApiProblems()
  async request(@OrgAccess() access: OrganizationAccess, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrganizationExportView> {
    const organizationId = access.organizationId;
    const view = await this.commands.executeAndAnswer(
      new RequestOrganizationExportCommand({ organizationId, requestedBy: actorOf(access.principal) }),
      ({ exportId }) => this.queries.execute(new GetOrganizationExportQuery({ organizationId, exportId })),
    );
    void reply.header('location', `/v1/organizations/${organizationId}/exports/${view.id}`);
    return view;
  }

  @ReadRoute({
    permission: 'data:export',
    summary: 'Exports of the organization, newest first',
    description: 'Without download links: `GET /exports/{exportId}` signs one.',
    ok: OrganizationExportPageDto,
  })
  list(@OrgAccess() access: OrganizationAccess, @Query() page: PageQueryDto): Promise<Page<OrganizationExportView>> {
    return this.cursors.list(page, `organization-exports:${access.organizationId}`, 'id', ({ after, limit }) =>
      this.queries.execute(new ListOrganizationExportsQuery({ organizationId: access.organizationId, after, limit })),
    );
  }

  @ReadRoute({
    path: ':exportId',
    permission: 'data:export',
    summary: 'An export: its status and, once completed, a signed link to the archive',
    description:
      `When \`completed\`, \`downloadUrl\` is a link to the NDJSON archive valid ${EXPORT_LINK_TTL_SECONDS / 60} minutes (\`downloadUrlExpiresAt\`); check the bytes against \`sha256\`. ` +
      'Each link handed out is on the audit trail (`organization_export.download_issued`). ' +
      `The archive's recording links (\`playbackUrl\`) were signed when it was written and expire ${EXPORT_LINK_TTL_SECONDS / 60} minutes later.`,
    ok: OrganizationExportWithLinkDto,
    problems: NOT_FOUND,
  })
  get(@OrgAccess() access: OrganizationAccess, @Param('exportId', UuidParamPipe) exportId: string): Promise<OrganizationExportWithLink> {
    return this.archives.withDownloadLink(access.organizationId, exportId);
  }
}
