import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { PROCESS_ANALYSIS_QUEUE } from '../../analysis-queues';
import { RetryAnalysisCommand } from './retry-analysis.command';
import { changeAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(RetryAnalysisCommand)
export class RetryAnalysisHandler implements ICommandHandler<RetryAnalysisCommand, void> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly jobs: JobQueue,
  ) {}

  async execute({ props: c }: RetryAnalysisCommand): Promise<void> {
    await changeAnalysis(this.analyses, c.organizationId, c.analysisId, (analysis) => analysis.retry());
    await this.jobs.send(PROCESS_ANALYSIS_QUEUE, { organizationId: c.organizationId, analysisId: c.analysisId });
  }
}
