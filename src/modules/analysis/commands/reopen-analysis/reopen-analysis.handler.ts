import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { Clock } from '@domain/shared/clock';
import { ReopenAnalysisCommand } from './reopen-analysis.command';
import { existingAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(ReopenAnalysisCommand)
export class ReopenAnalysisHandler implements ICommandHandler<ReopenAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ReopenAnalysisCommand): Promise<void> {
    const analysis = await existingAnalysis(this.analyses, c.organizationId, c.analysisId);
    analysis.reopen(this.clock.now());
    await this.analyses.save(analysis);
  }
}
