import { Body, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { DEFAULT_SCORING_CONFIGURATION } from '@domain/analysis/scoring/default-scoring-configuration';
import type { ScoringConfiguration } from '@domain/analysis/scoring/risk-scoring';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
import { ProblemException } from '@infrastructure/http/problem';
import { OrganizationApi, ReadRoute } from '@infrastructure/http/routes';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { CreateScoringConfigCommand } from '../commands/create-scoring-config/create-scoring-config.command';
import { GetAnalyticsSummaryQuery } from '../queries/get-analytics-summary/get-analytics-summary.query';
import { GetScoringConfigQuery } from '../queries/get-scoring-config/get-scoring-config.query';
import { AnalyticsQueryDto, AnalyticsSummaryDto, ScoringConfigBodyDto, ScoringConfigDto, ScoringConfigListDto } from './analysis.dto';

const MAX_ANALYTICS_DAYS = 366;

@OrganizationApi('scoring and analytics', 'v1/organizations/:orgId')
export class ScoringAndAnalyticsController {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
  ) {}

  @ReadRoute({
    path: 'scoring-configs',
    permission: 'analyses:read',
    summary: 'The scoring configuration new analyses use (version 0 is the built-in default)',
    ok: ScoringConfigListDto,
  })
  async current(@OrgAccess() access: OrganizationAccess) {
    const latest = await this.queries.execute(new GetScoringConfigQuery({ organizationId: access.organizationId, version: null }));
    return { current: latest ?? { version: 0, config: DEFAULT_SCORING_CONFIGURATION, createdBy: null, createdAt: null } };
  }

  @Post('scoring-configs')
  @RequirePermission('scoring:write')
  @ApiOperation({ summary: 'A new configuration version (weights, phrase lists, thresholds); earlier versions are never rewritten' })
  @ApiCreatedResponse({ type: ScoringConfigDto })
  @ApiProblems({ 422: ['scoring_config.invalid'] })
  async create(@OrgAccess() access: OrganizationAccess, @Body() body: ScoringConfigBodyDto) {
    const createdBy = access.principal.kind === 'user' ? `user:${access.principal.userId}` : `api_key:${access.principal.keyId}`;
    const { version } = await this.commands.execute(
      new CreateScoringConfigCommand({
        organizationId: access.organizationId,
        config: body.config as unknown as ScoringConfiguration,
        createdBy,
      }),
    );
    return this.queries.execute(new GetScoringConfigQuery({ organizationId: access.organizationId, version }));
  }

  @ReadRoute({
    path: 'analytics/summary',
    permission: 'analyses:read',
    summary:
      'Per day: calls, answered, analyses, high-risk, average score, active reviewers, median review time (from a rollup; see refreshedAt)',
    ok: AnalyticsSummaryDto,
    problems: { 400: ['analytics.invalid_range'] },
  })
  summary(@OrgAccess() access: OrganizationAccess, @Query() q: AnalyticsQueryDto) {
    const from = q.from.slice(0, 10);
    const to = q.to.slice(0, 10);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (!(days >= 0) || days > MAX_ANALYTICS_DAYS) {
      throw new ProblemException(
        400,
        'analytics.invalid_range',
        `from must not be after to, and the range at most ${MAX_ANALYTICS_DAYS} days`,
      );
    }
    return this.queries.execute(new GetAnalyticsSummaryQuery({ organizationId: access.organizationId, fromDay: from, toDay: to }));
  }
}
