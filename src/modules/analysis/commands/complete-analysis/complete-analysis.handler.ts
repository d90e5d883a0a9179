import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '../../../../domain/analysis/ports/analysis-repositories.port';
import { Clock } from '../../../../domain/shared/clock';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { CompleteAnalysisCommand } from './complete-analysis.command';

@CommandHandler(CompleteAnalysisCommand)
export class CompleteAnalysisHandler implements ICommandHandler<CompleteAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: CompleteAnalysisCommand): Promise<void> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw new NotFoundError('analysis.not_found', 'Analysis not found');
    if (analysis.status !== 'processing') return;
    analysis.scored(c.result, c.reviewThreshold, this.clock.now());
    await this.analyses.save(analysis);
  }
}
