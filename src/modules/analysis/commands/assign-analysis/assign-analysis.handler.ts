import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository, ReviewerLoads } from '@domain/analysis/ports/analysis-repositories.port';
import { Clock } from '@domain/shared/clock';
import { DomainError } from '@domain/shared/domain-error';
import { AssignAnalysisCommand } from './assign-analysis.command';
import { existingAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(AssignAnalysisCommand)
export class AssignAnalysisHandler implements ICommandHandler<AssignAnalysisCommand, { reviewerId: string }> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly loads: ReviewerLoads,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: AssignAnalysisCommand): Promise<{ reviewerId: string }> {
    const analysis = await existingAnalysis(this.analyses, c.organizationId, c.analysisId);
    const reviewerId = c.reviewerId ?? (await this.loads.leastLoadedReviewer(c.organizationId));
    if (!reviewerId) throw new DomainError('analysis.no_reviewer', 'The organization has no reviewer to assign', 'unprocessable');
    if (!(await this.loads.isReviewer(c.organizationId, reviewerId))) {
      throw new DomainError('analysis.not_a_reviewer', 'Analyses go to reviewers, admins or owners of the organization', 'unprocessable');
    }
    // Reassigning: the first reviewer is released, then the new one takes it.
    if (analysis.status === 'in_review') {
      if (analysis.assignedTo === reviewerId) return { reviewerId };
      const from = analysis.release();
      await this.loads.adjust(c.organizationId, from, -1);
    }
    analysis.assign(reviewerId, c.assignedBy, false, this.clock.now());
    await this.analyses.save(analysis);
    await this.loads.adjust(c.organizationId, reviewerId, 1);
    return { reviewerId };
  }
}
