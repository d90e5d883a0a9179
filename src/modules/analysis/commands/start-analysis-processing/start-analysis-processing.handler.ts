import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { StartAnalysisProcessingCommand } from './start-analysis-processing.command';
import { existingAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(StartAnalysisProcessingCommand)
export class StartAnalysisProcessingHandler implements ICommandHandler<StartAnalysisProcessingCommand, boolean> {
  constructor(private readonly analyses: AnalysisRepository) {}

  async execute({ props: c }: StartAnalysisProcessingCommand): Promise<boolean> {
    const analysis = await existingAnalysis(this.analyses, c.organizationId, c.analysisId);
    if (analysis.status === 'processing') return true;
    if (analysis.status !== 'pending') return false;
    analysis.startProcessing();
    await this.analyses.save(analysis);
    return true;
  }
}
