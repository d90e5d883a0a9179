import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { RescoreAnalysisCommand } from './rescore-analysis.command';
import { existingAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(RescoreAnalysisCommand)
export class RescoreAnalysisHandler implements ICommandHandler<RescoreAnalysisCommand, void> {
  constructor(private readonly analyses: AnalysisRepository) {}

  async execute({ props: c }: RescoreAnalysisCommand): Promise<void> {
    const analysis = await existingAnalysis(this.analyses, c.organizationId, c.analysisId);
    analysis.rescore(c.result);
    await this.analyses.save(analysis);
  }
}
