import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { analysisNotFound } from '@domain/analysis/errors';
import { AnalysisRepository, ReviewerLoads } from '@domain/analysis/ports/analysis-repositories.port';
import { Clock } from '@domain/shared/clock';
import { organizationNotFound } from '@domain/tenancy/errors';
import { TenantQueryBus } from '@modules/shared';
import { GetOrganizationQuery } from '@modules/tenancy';
import { ReviewAnalysisCommand } from './review-analysis.command';

@CommandHandler(ReviewAnalysisCommand)
export class ReviewAnalysisHandler implements ICommandHandler<ReviewAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly loads: ReviewerLoads,
    private readonly queries: TenantQueryBus,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ReviewAnalysisCommand): Promise<void> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw analysisNotFound();
    // Joins this command's transaction; the settings come with their defaults applied.
    const org = await this.queries.execute(new GetOrganizationQuery({ organizationId: c.organizationId }));
    if (!org) throw organizationNotFound();
    const assignee = analysis.review({ ...c, minimumPlaybackShare: org.settings.minimumReviewPlayback, now: this.clock.now() });
    await this.analyses.save(analysis);
    await this.loads.adjust(c.organizationId, assignee, -1);
  }
}
