import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { Clock } from '@domain/shared/clock';
import { CompleteAnalysisCommand } from './complete-analysis.command';
import { existingAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(CompleteAnalysisCommand)
export class CompleteAnalysisHandler implements ICommandHandler<CompleteAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: CompleteAnalysisCommand): Promise<void> {
    const analysis = await existingAnalysis(this.analyses, c.organizationId, c.analysisId);
    if (analysis.status !== 'processing') return;
    analysis.scored(c.result, c.reviewThreshold, this.clock.now());
    await this.analyses.save(analysis);
  }
}
