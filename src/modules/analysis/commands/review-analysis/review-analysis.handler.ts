import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository, ReviewerLoads } from '@domain/analysis/ports/analysis-repositories.port';
import { Clock } from '@domain/shared/clock';
import { organizationNotFound } from '@domain/tenancy/errors';
import { TenantQueryBus } from '@modules/shared';
import { GetOrganizationQuery } from '@modules/tenancy';
import { ReviewAnalysisCommand } from './review-analysis.command';
import { existingAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(ReviewAnalysisCommand)
export class ReviewAnalysisHandler implements ICommandHandler<ReviewAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly loads: ReviewerLoads,
    private readonly queries: TenantQueryBus,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ReviewAnalysisCommand): Promise<void> {
    const analysis = await existingAnalysis(this.analyses, c.organizationId, c.analysisId);
    // Joins this command's transaction; the settings come with their defaults applied.
    const org = await this.queries.execute(new GetOrganizationQuery({ organizationId: c.organizationId }));
    if (!org) throw organizationNotFound();
    const assignee = analysis.review({ ...c, minimumPlaybackShare: org.settings.minimumReviewPlayback, now: this.clock.now() });
    await this.analyses.save(analysis);
    await this.loads.adjust(c.organizationId, assignee, -1);
  }
}
