import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Analysis } from '@domain/analysis/analysis.aggregate';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { Clock } from '@domain/shared/clock';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { PROCESS_ANALYSIS_QUEUE } from '../../analysis-queues';
import { CreateAnalysisCommand } from './create-analysis.command';

@CommandHandler(CreateAnalysisCommand)
export class CreateAnalysisHandler implements ICommandHandler<CreateAnalysisCommand, { analysisId: string; created: boolean }> {
  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async execute({ props: { organizationId, recording } }: CreateAnalysisCommand): Promise<{ analysisId: string; created: boolean }> {
    const existing = await this.analyses.findByRecording(organizationId, recording.recordingId);
    if (existing) return { analysisId: existing.id, created: false };
    const analysis = Analysis.create({ organizationId, ...recording, now: this.clock.now() });
    await this.analyses.save(analysis);
    await this.jobs.send(PROCESS_ANALYSIS_QUEUE, { organizationId, analysisId: analysis.id });
    return { analysisId: analysis.id, created: true };
  }
}
