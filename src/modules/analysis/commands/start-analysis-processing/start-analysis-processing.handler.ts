import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '../../../../domain/analysis/ports/analysis-repositories.port';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { StartAnalysisProcessingCommand } from './start-analysis-processing.command';

@CommandHandler(StartAnalysisProcessingCommand)
export class StartAnalysisProcessingHandler implements ICommandHandler<StartAnalysisProcessingCommand, boolean> {
  constructor(
    private readonly analyses: AnalysisRepository,
  ) {}

  async execute({ props: c }: StartAnalysisProcessingCommand): Promise<boolean> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw new NotFoundError('analysis.not_found', 'Analysis not found');
    if (analysis.status === 'processing') return true;
    if (analysis.status !== 'pending') return false;
    analysis.startProcessing();
    await this.analyses.save(analysis);
    return true;
  }
}
