import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository, ReviewerLoads } from '@domain/analysis/ports/analysis-repositories.port';
import { ForbiddenError } from '@domain/shared/domain-error';
import { ReleaseAnalysisCommand } from './release-analysis.command';
import { existingAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(ReleaseAnalysisCommand)
export class ReleaseAnalysisHandler implements ICommandHandler<ReleaseAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly loads: ReviewerLoads,
  ) {}

  async execute({ props: c }: ReleaseAnalysisCommand): Promise<void> {
    const analysis = await existingAnalysis(this.analyses, c.organizationId, c.analysisId);
    // Not under review: the move itself is refused (409), whoever asks.
    if (analysis.status === 'in_review' && analysis.assignedTo !== c.actorId && !c.mayActForOthers) {
      throw new ForbiddenError('analysis.not_assignee', 'Only the assigned reviewer (or an admin) can release this analysis');
    }
    const from = analysis.release();
    await this.analyses.save(analysis);
    await this.loads.adjust(c.organizationId, from, -1);
  }
}
