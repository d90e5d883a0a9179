import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { RescoreAnalysisCommand } from './rescore-analysis.command';
import { analysisNotFound } from '@domain/analysis/errors';

@CommandHandler(RescoreAnalysisCommand)
export class RescoreAnalysisHandler implements ICommandHandler<RescoreAnalysisCommand, void> {
  constructor(private readonly analyses: AnalysisRepository) {}

  async execute({ props: c }: RescoreAnalysisCommand): Promise<void> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw analysisNotFound();
    analysis.rescore(c.result);
    await this.analyses.save(analysis);
  }
}
