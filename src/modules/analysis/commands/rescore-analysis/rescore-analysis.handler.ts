import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { RescoreAnalysisCommand } from './rescore-analysis.command';
import { changeAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(RescoreAnalysisCommand)
export class RescoreAnalysisHandler implements ICommandHandler<RescoreAnalysisCommand, void> {
  constructor(private readonly analyses: AnalysisRepository) {}

  async execute({ props: c }: RescoreAnalysisCommand): Promise<void> {
    await changeAnalysis(this.analyses, c.organizationId, c.analysisId, (analysis) => analysis.rescore(c.result));
  }
}
