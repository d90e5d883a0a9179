import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { StartAnalysisProcessingCommand } from './start-analysis-processing.command';
import { analysisNotFound } from '@domain/analysis/errors';

@CommandHandler(StartAnalysisProcessingCommand)
export class StartAnalysisProcessingHandler implements ICommandHandler<StartAnalysisProcessingCommand, boolean> {
  constructor(private readonly analyses: AnalysisRepository) {}

  async execute({ props: c }: StartAnalysisProcessingCommand): Promise<boolean> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw analysisNotFound();
    if (analysis.status === 'processing') return true;
    if (analysis.status !== 'pending') return false;
    analysis.startProcessing();
    await this.analyses.save(analysis);
    return true;
  }
}
