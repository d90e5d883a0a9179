import { Readable } from 'node:stream';
import { Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { auditExportCsvHeader, auditExportCsvLine, auditExportNdjsonLine, AUDIT_EXPORT_COLUMNS } from '@domain/audit/audit-export';
import type { AuditExportPosition } from '@domain/audit/ports/audit-read-model.port';
import { IsOmittable } from '@infrastructure/http/validation';
import type { AuditLogView } from '@domain/audit/ports/audit-read-model.port';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, DEFAULT_PAGE_SIZE, PageMetaDto, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { ProblemException } from '@infrastructure/http/problem';
import { OrganizationApi, ReadRoute } from '@infrastructure/http/routes';
import { TenantQueryBus } from '../../shared';
import { ListAuditLogsQuery } from '../queries/list-audit-logs/list-audit-logs.query';
import { ExportAuditLogsQuery } from '../queries/export-audit-logs/export-audit-logs.query';
import { VerifyAuditChainQuery, type AuditChainReport } from '../queries/verify-audit-chain/verify-audit-chain.query';

class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'User or API key id' }) @IsOmittable() @IsString() @MaxLength(100) actorId?: string;
  @ApiPropertyOptional({ example: 'workspace.created' }) @IsOmittable() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ example: 'workspace' }) @IsOmittable() @IsString() @MaxLength(100) resourceType?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() @MaxLength(200) resourceId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOmittable() @IsISO8601({ strict: true }) to?: string;
}

class AuditExportQueryDto {
  @ApiPropertyOptional({ enum: ['ndjson', 'csv'], default: 'ndjson' }) @IsOmittable() @IsIn(['ndjson', 'csv']) format?: 'ndjson' | 'csv';
  @ApiPropertyOptional({ format: 'date-time', description: 'From the first sealed row that occurred at or after this time' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'To the last sealed row that occurred at or before this time' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  to?: string;
}

const EXPORT_PAGE = 1000;

class AuditChangesDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) before?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) after?: Record<string, unknown>;
}

class AuditLogDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) actorType!: string;
  @ApiProperty({ type: String, nullable: true }) actorId!: string | null;
  @ApiProperty({ example: 'workspace.created' }) action!: string;
  @ApiProperty({ example: 'workspace' }) resourceType!: string;
  @ApiProperty() resourceId!: string;
  @ApiProperty({ type: AuditChangesDto }) changes!: AuditChangesDto;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Place in the hash chain; null until sealed' }) sequence!: number | null;
  @ApiProperty({ type: String, nullable: true }) hash!: string | null;
}

class AuditLogPageDto extends PageMetaDto {
  @ApiProperty({ type: [AuditLogDto] }) data!: AuditLogDto[];
}

class BrokenLinkDto {
  @ApiProperty() sequence!: number;
  @ApiProperty({ format: 'uuid' }) auditLogId!: string;
  @ApiProperty({ example: 'audit row was altered' }) reason!: string;
}

class AuditChainReportDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ description: 'Links checked' }) checked!: number;
  @ApiProperty({ description: 'Rows written but not sealed yet' }) unsealed!: number;
  @ApiProperty() lastSequence!: number;
  @ApiProperty({ type: BrokenLinkDto, nullable: true }) brokenAt!: BrokenLinkDto | null;
}

@OrganizationApi('audit', 'v1/organizations/:orgId/audit-logs')
export class AuditLogsController {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @ReadRoute({ permission: 'audit:read', summary: 'The audit trail, newest first', ok: AuditLogPageDto })
  async list(@OrgAccess() access: OrganizationAccess, @Query() q: AuditLogQueryDto): Promise<Page<AuditLogView>> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const filter = {
      actorId: q.actorId,
      action: q.action,
      resourceType: q.resourceType,
      resourceId: q.resourceId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    };
    if ((filter.from && Number.isNaN(filter.from.getTime())) || (filter.to && Number.isNaN(filter.to.getTime()))) {
      throw new ProblemException(400, 'validation.failed', 'from and to must be valid dates');
    }
    const scope = `audit:${access.organizationId}`;
    const before = this.cursors.decode(q.cursor, scope, filter);
    const rows = await this.queries.execute(
      new ListAuditLogsQuery({ organizationId: access.organizationId, filter, beforeId: before, limit: limit + 1 }),
    );
    return this.cursors.page(rows, limit, scope, filter, (r) => r.id);
  }

  @Get('export')
  @RequirePermission('audit:read')
  @ApiOperation({
    summary: 'The audit trail with its hash chain, streamed, for offline verification',
    description:
      'Every row with its link in the chain (`sequence`, `previousHash`, `hash`), the sealed rows in sequence order, then the rows not sealed yet ' +
      '(null link). With `from`/`to`, the sealed part is the contiguous stretch of the chain from the first row that occurred at or after `from` ' +
      'to the last at or before `to`, so it verifies on its own from the `previousHash` of its first row. ' +
      '`ndjson` (default): one JSON object per line. `csv`: a header line, then one record per row (CRLF; a null is an empty unquoted field, text is quoted, ' +
      '`changes` is JSON). Check a file with `npm run cli -- audit verify <file>`.',
  })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({
    description: `Columns / keys: ${AUDIT_EXPORT_COLUMNS.join(', ')}`,
    content: { 'application/x-ndjson': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiProblems()
  async export(@OrgAccess() access: OrganizationAccess, @Query() q: AuditExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const from = q.from ? new Date(q.from) : null;
    const to = q.to ? new Date(q.to) : null;
    if ((from && Number.isNaN(from.getTime())) || (to && Number.isNaN(to.getTime()))) {
      throw new ProblemException(400, 'validation.failed', 'from and to must be valid dates');
    }
    const csv = q.format === 'csv';
    const organizationId = access.organizationId;
    const page = (position: AuditExportPosition | null) =>
      this.queries.execute(new ExportAuditLogsQuery({ organizationId, from, to, position, limit: EXPORT_PAGE }));
    // The first page before any byte is sent: a failure there is still a problem answer.
    const first = await page(null);
    async function* lines(): AsyncGenerator<string> {
      if (csv) yield auditExportCsvHeader();
      let current = first;
      for (;;) {
        // One chunk per page: the stream asks for the next page only when the client has taken this one.
        yield current.rows.map(csv ? auditExportCsvLine : auditExportNdjsonLine).join('');
        if (!current.next) return;
        current = await page(current.next);
      }
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await reply
      .header('content-type', csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${organizationId}-${stamp}.${csv ? 'csv' : 'ndjson'}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines(), { objectMode: false, highWaterMark: 1 }));
  }

  @ReadRoute({
    path: 'verify',
    permission: 'audit:read',
    summary: 'Checks the hash chain and names the first broken link',
    ok: AuditChainReportDto,
  })
  verify(@OrgAccess() access: OrganizationAccess): Promise<AuditChainReport> {
    return this.queries.execute(new VerifyAuditChainQuery({ organizationId: access.organizationId }));
  }
}
