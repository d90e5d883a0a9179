import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { FailAnalysisCommand } from './fail-analysis.command';
import { analysisNotFound } from '@domain/analysis/errors';

@CommandHandler(FailAnalysisCommand)
export class FailAnalysisHandler implements ICommandHandler<FailAnalysisCommand, void> {
  constructor(private readonly analyses: AnalysisRepository) {}

  async execute({ props: c }: FailAnalysisCommand): Promise<void> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw analysisNotFound();
    if (analysis.status !== 'processing') return;
    analysis.failed(c.reason);
    await this.analyses.save(analysis);
  }
}
