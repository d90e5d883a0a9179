import { Param } from '@nestjs/common';
import { callNotFound } from '@domain/telephony/errors';
import { OrgAccess } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { OrganizationApi, ReadRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus } from '../../shared';
import { GetCallOverviewQuery, type CallOverviewView } from '../queries/get-call-overview/get-call-overview.query';
import { CallOverviewDto } from './call-overview.dto';

@OrganizationApi('calls', 'v1/organizations/:orgId/calls')
export class CallOverviewController {
  constructor(private readonly queries: TenantQueryBus) {}

  @ReadRoute({
    path: ':callId',
    permission: 'calls:read',
    summary: 'One call, with its participants, legs, recordings, conversation and analysis',
    ok: CallOverviewDto,
    problems: { 404: ['call.not_found'] },
  })
  async getOne(@OrgAccess() access: OrganizationAccess, @Param('callId', UuidParamPipe) callId: string): Promise<CallOverviewView> {
    const sections = {
      recordings: access.can('recordings:read'),
      conversation: access.can('recordings:read'),
      analysis: access.can('analyses:read'),
    };
    return orElseThrow(
      await this.queries.execute(new GetCallOverviewQuery({ organizationId: access.organizationId, callId, sections })),
      callNotFound,
    );
  }
}
