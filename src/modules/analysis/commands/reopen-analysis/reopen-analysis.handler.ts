import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { Clock } from '@domain/shared/clock';
import { ReopenAnalysisCommand } from './reopen-analysis.command';
import { changeAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(ReopenAnalysisCommand)
export class ReopenAnalysisHandler implements ICommandHandler<ReopenAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ReopenAnalysisCommand): Promise<void> {
    await changeAnalysis(this.analyses, c.organizationId, c.analysisId, (analysis) => analysis.reopen(this.clock.now()));
  }
}
