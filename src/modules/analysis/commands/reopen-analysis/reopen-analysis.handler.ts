import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { Clock } from '@domain/shared/clock';
import { ReopenAnalysisCommand } from './reopen-analysis.command';
import { analysisNotFound } from '@domain/analysis/errors';

@CommandHandler(ReopenAnalysisCommand)
export class ReopenAnalysisHandler implements ICommandHandler<ReopenAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: ReopenAnalysisCommand): Promise<void> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw analysisNotFound();
    analysis.reopen(this.clock.now());
    await this.analyses.save(analysis);
  }
}
