import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '../../../../domain/analysis/ports/analysis-repositories.port';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { FailAnalysisCommand } from './fail-analysis.command';

@CommandHandler(FailAnalysisCommand)
export class FailAnalysisHandler implements ICommandHandler<FailAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
  ) {}

  async execute({ props: c }: FailAnalysisCommand): Promise<void> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw new NotFoundError('analysis.not_found', 'Analysis not found');
    if (analysis.status !== 'processing') return;
    analysis.failed(c.reason);
    await this.analyses.save(analysis);
  }
}
