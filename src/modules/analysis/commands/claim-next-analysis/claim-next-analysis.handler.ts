import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository, ReviewerLoads } from '@domain/analysis/ports/analysis-repositories.port';
import { Clock } from '@domain/shared/clock';
import { ClaimNextAnalysisCommand } from './claim-next-analysis.command';

@CommandHandler(ClaimNextAnalysisCommand)
export class ClaimNextAnalysisHandler implements ICommandHandler<ClaimNextAnalysisCommand, string | null> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly loads: ReviewerLoads,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ClaimNextAnalysisCommand): Promise<string | null> {
    const next = await this.analyses.lockNextInQueue(c.organizationId);
    if (!next) return null;
    next.assign(c.reviewerId, c.reviewerId, true, this.clock.now());
    await this.analyses.save(next);
    await this.loads.adjust(c.organizationId, c.reviewerId, 1);
    return next.id;
  }
}
