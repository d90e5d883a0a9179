import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '../../../../domain/analysis/ports/analysis-repositories.port';
import { NotFoundError } from '../../../../domain/shared/domain-error';
import { JobQueue } from '../../../../domain/shared/ports/job-queue.port';
import { PROCESS_ANALYSIS_QUEUE } from '../../analysis-queues';
import { RetryAnalysisCommand } from './retry-analysis.command';

@CommandHandler(RetryAnalysisCommand)
export class RetryAnalysisHandler implements ICommandHandler<RetryAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly jobs: JobQueue,
  ) {}

  async execute({ props: c }: RetryAnalysisCommand): Promise<void> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw new NotFoundError('analysis.not_found', 'Analysis not found');
    analysis.retry();
    await this.analyses.save(analysis);
    await this.jobs.send(PROCESS_ANALYSIS_QUEUE, { organizationId: c.organizationId, analysisId: c.analysisId });
  }
}
