import { Readable } from 'node:stream';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import { actorOf, type OrganizationAccess } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
import { ProblemException } from '@infrastructure/http/problem';
import { EXPORT_LINK_TTL_SECONDS } from '@modules/recording';
import { OrganizationExportService } from '../organization-export.service';

const KINDS =
  'organization, domain_claim, member, invitation, workspace, workspace_member, api_key, twilio_account, phone_number, agent, agent_number, ' +
  'call, call_participant, recording_pause, recording, conversation, analysis, analysis_result, scoring_config, webhook_endpoint, notification, audit_log';

@ApiTags('organizations')
@ApiBearerAuth('supabase')
@ApiSecurity('apiKey')
@Controller('v1/organizations/:orgId/export')
export class OrganizationExportController {
  constructor(private readonly exports: OrganizationExportService) {}

  @Get()
  @RequirePermission('data:export')
  @ApiOperation({
    summary: 'Every record of the organization, streamed as NDJSON',
    description:
      'One line per record, `{"kind": "call", "data": {...}}`, kind after kind in a fixed order: ' +
      `${KINDS}. ` +
      'API key hashes, Twilio secrets (sealed auth tokens, their fingerprint, API key secrets) and webhook signing secrets are never included. ' +
      `Each stored recording carries \`playbackUrl\`, a signed link valid ${EXPORT_LINK_TTL_SECONDS / 60} minutes (\`playbackUrlExpiresAt\`). ` +
      'The export is put on the audit trail (`organization.exported`, with who and when) before the first line is sent. ' +
      'Send `Accept: application/x-ndjson`; anything else is answered 406.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'NDJSON, one record per line', content: { 'application/x-ndjson': { schema: { type: 'string' } } } })
  @ApiProblems({ 406: ['export.not_acceptable'] })
  async export(
    @OrgAccess() access: OrganizationAccess,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!accept || !/\bapplication\/x-ndjson\b/i.test(accept)) {
      throw new ProblemException(406, 'export.not_acceptable', 'This is an NDJSON stream: send Accept: application/x-ndjson');
    }
    const organizationId = access.organizationId;
    const chunks = await this.exports.open(organizationId, actorOf(access.principal));
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="organization-${organizationId}-${stamp}.ndjson"`)
      .header('cache-control', 'no-store')
      // One chunk per page: the next page is read only when the client has taken this one.
      .send(Readable.from(chunks, { objectMode: false, highWaterMark: 1 }));
  }
}
