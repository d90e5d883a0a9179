import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { FailAnalysisCommand } from './fail-analysis.command';
import { existingAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(FailAnalysisCommand)
export class FailAnalysisHandler implements ICommandHandler<FailAnalysisCommand, void> {
  constructor(private readonly analyses: AnalysisRepository) {}

  async execute({ props: c }: FailAnalysisCommand): Promise<void> {
    const analysis = await existingAnalysis(this.analyses, c.organizationId, c.analysisId);
    if (analysis.status !== 'processing') return;
    analysis.failed(c.reason);
    await this.analyses.save(analysis);
  }
}
