import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { RecordReviewMetricsCommand } from './record-review-metrics.command';
import { analysisNotFound } from '@domain/analysis/errors';

@CommandHandler(RecordReviewMetricsCommand)
export class RecordReviewMetricsHandler implements ICommandHandler<RecordReviewMetricsCommand, void> {
  constructor(private readonly analyses: AnalysisRepository) {}

  async execute({ props: c }: RecordReviewMetricsCommand): Promise<void> {
    const analysis = await this.analyses.findById(c.organizationId, c.analysisId);
    if (!analysis) throw analysisNotFound();
    analysis.recordMetrics({
      reviewerId: c.reviewerId,
      mayActForOthers: c.mayActForOthers,
      audioPlayedPercentage: c.audioPlayedPercentage,
      timeSpentSeconds: c.timeSpentSeconds,
    });
    await this.analyses.save(analysis);
  }
}
