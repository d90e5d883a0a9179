import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository, ReviewerLoads } from '../../../../domain/analysis/ports/analysis-repositories.port';
import { Clock } from '../../../../domain/shared/clock';
import { ReviewAnalysisCommand } from './review-analysis.command';
import { analysisNotFound } from '../../../../domain/analysis/errors';

@CommandHandler(ReviewAnalysisCommand)
export class ReviewAnalysisHandler implements ICommandHandler<ReviewAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly loads: ReviewerLoads,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ReviewAnalysisCommand): Promise<void> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw analysisNotFound();
    const assignee = analysis.review({ ...c, now: this.clock.now() });
    await this.analyses.save(analysis);
    await this.loads.adjust(c.organizationId, assignee, -1);
  }
}
