import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AnalysisRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { RecordReviewMetricsCommand } from './record-review-metrics.command';
import { existingAnalysis } from '@domain/analysis/existing-analysis';

@CommandHandler(RecordReviewMetricsCommand)
export class RecordReviewMetricsHandler implements ICommandHandler<RecordReviewMetricsCommand, void> {
  constructor(private readonly analyses: AnalysisRepository) {}

  async execute({ props: c }: RecordReviewMetricsCommand): Promise<void> {
    const analysis = await existingAnalysis(this.analyses, c.organizationId, c.analysisId);
    analysis.recordMetrics({
      reviewerId: c.reviewerId,
      mayActForOthers: c.mayActForOthers,
      audioPlayedPercentage: c.audioPlayedPercentage,
      timeSpentSeconds: c.timeSpentSeconds,
    });
    await this.analyses.save(analysis);
  }
}
