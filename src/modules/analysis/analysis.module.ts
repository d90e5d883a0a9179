import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AnalysisReadModel, AnalyticsRollup } from '@domain/analysis/ports/analysis-read-model.port';
import { AnalysisRepository, CallHistory, ReviewerLoads, ScoringConfigRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { AnalysisSettings } from '@domain/analysis/ports/analysis-settings.port';
import { RiskScorer } from '@domain/analysis/ports/risk-scorer.port';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { CallerHistoryReadModel } from '@domain/telephony/ports/caller-history-read-model.port';
import { AppConfig } from '@infrastructure/config/app-config';
import { BuiltinRiskScorer } from '@infrastructure/scoring/builtin.risk-scorer';
import { OpenAiCompatibleRiskScorer } from '@infrastructure/scoring/openai-compatible.risk-scorer';
import { DrizzleAnalysisReadModel, DrizzleAnalyticsRollup } from '@infrastructure/persistence/analysis/drizzle-analysis.read-model';
import {
  DrizzleAnalysisRepository,
  DrizzleReviewerLoads,
  DrizzleScoringConfigRepository,
} from '@infrastructure/persistence/analysis/drizzle-analysis.repositories';
import { RecordingModule } from '../recording';
import { TelephonyModule } from '../telephony';
import { AnalysisIntakeService } from './analysis-intake.service';
import { AnalysisPipelineService } from './analysis-pipeline.service';
import { ANALYSIS_RETRY_LIMIT, ANALYTICS_REFRESH_QUEUE, PROCESS_ANALYSIS_QUEUE } from './analysis-queues';
import { AnalyticsRefreshJob } from './jobs/analytics-refresh.job';
import { AssignAnalysisHandler } from './commands/assign-analysis/assign-analysis.handler';
import { ClaimNextAnalysisHandler } from './commands/claim-next-analysis/claim-next-analysis.handler';
import { CompleteAnalysisHandler } from './commands/complete-analysis/complete-analysis.handler';
import { CreateAnalysisHandler } from './commands/create-analysis/create-analysis.handler';
import { CreateScoringConfigHandler } from './commands/create-scoring-config/create-scoring-config.handler';
import { FailAnalysisHandler } from './commands/fail-analysis/fail-analysis.handler';
import { RecordReviewMetricsHandler } from './commands/record-review-metrics/record-review-metrics.handler';
import { ReleaseAnalysisHandler } from './commands/release-analysis/release-analysis.handler';
import { ReopenAnalysisHandler } from './commands/reopen-analysis/reopen-analysis.handler';
import { RescoreAnalysisHandler } from './commands/rescore-analysis/rescore-analysis.handler';
import { RetryAnalysisHandler } from './commands/retry-analysis/retry-analysis.handler';
import { ReviewAnalysisHandler } from './commands/review-analysis/review-analysis.handler';
import { StartAnalysisProcessingHandler } from './commands/start-analysis-processing/start-analysis-processing.handler';
import { AnalysesController } from './http/analyses.controller';
import { CallOverviewController } from './http/call-overview.controller';
import { ScoringAndAnalyticsController } from './http/scoring-and-analytics.controller';
import { GetAnalysisHistoryHandler } from './queries/get-analysis-history/get-analysis-history.handler';
import { GetAnalysisHandler } from './queries/get-analysis/get-analysis.handler';
import { GetCallOverviewHandler } from './queries/get-call-overview/get-call-overview.handler';
import { GetAnalyticsSummaryHandler } from './queries/get-analytics-summary/get-analytics-summary.handler';
import { GetScoringConfigHandler } from './queries/get-scoring-config/get-scoring-config.handler';
import { ListAnalysesHandler } from './queries/list-analyses/list-analyses.handler';
import { CreateAnalysisForRecordingReaction } from './reactions/create-analysis-for-recording.reaction';
import { ScoringInputsService } from './scoring-inputs.service';
import { AnalysisExportReadModel } from '@domain/analysis/ports/analysis-export-read-model.port';
import { DrizzleAnalysisExportReadModel } from '@infrastructure/persistence/analysis/drizzle-analysis-export.read-model';
import { ExportAnalysisRowsHandler } from './queries/export-analysis-rows/export-analysis-rows.handler';
import { AnalysisPersonalDataEraser } from '@domain/analysis/ports/analysis-personal-data-eraser.port';
import { DrizzleAnalysisPersonalDataEraser } from '@infrastructure/persistence/analysis/drizzle-analysis-personal-data.eraser';
import { EraseAnalysisEvidenceHandler } from './commands/erase-analysis-evidence/erase-analysis-evidence.handler';
import { EraseReviewerNotesHandler } from './commands/erase-reviewer-notes/erase-reviewer-notes.handler';

@Module({
  imports: [RecordingModule, TelephonyModule],
  controllers: [AnalysesController, ScoringAndAnalyticsController, CallOverviewController],
  providers: [
    { provide: AnalysisExportReadModel, useClass: DrizzleAnalysisExportReadModel },
    ExportAnalysisRowsHandler,
    { provide: AnalysisPersonalDataEraser, useClass: DrizzleAnalysisPersonalDataEraser },
    EraseAnalysisEvidenceHandler,
    EraseReviewerNotesHandler,
    { provide: AnalysisRepository, useClass: DrizzleAnalysisRepository },
    { provide: ReviewerLoads, useClass: DrizzleReviewerLoads },
    { provide: ScoringConfigRepository, useClass: DrizzleScoringConfigRepository },
    // A caller's history is telephony's: read through its published read port, not its tables.
    { provide: CallHistory, useExisting: CallerHistoryReadModel },
    { provide: AnalysisReadModel, useClass: DrizzleAnalysisReadModel },
    { provide: AnalyticsRollup, useClass: DrizzleAnalyticsRollup },
    // The built-in scorer; with SCORING_MODEL_API_URL, a model's verified factors beside it.
    {
      provide: RiskScorer,
      inject: [AppConfig],
      useFactory: (config: AppConfig): RiskScorer =>
        config.scoringModel ? new OpenAiCompatibleRiskScorer(config) : new BuiltinRiskScorer(),
    },
    {
      provide: AnalysisSettings,
      inject: [AppConfig],
      useFactory: (config: AppConfig): AnalysisSettings => ({ uploadMaxBytes: config.analysisUploadMaxBytes }),
    },
    ScoringInputsService,
    AnalysisPipelineService,
    AnalysisIntakeService,
    AnalyticsRefreshJob,
    CreateAnalysisForRecordingReaction,
    CreateAnalysisHandler,
    StartAnalysisProcessingHandler,
    CompleteAnalysisHandler,
    FailAnalysisHandler,
    RetryAnalysisHandler,
    ClaimNextAnalysisHandler,
    AssignAnalysisHandler,
    ReviewAnalysisHandler,
    RecordReviewMetricsHandler,
    ReleaseAnalysisHandler,
    ReopenAnalysisHandler,
    RescoreAnalysisHandler,
    CreateScoringConfigHandler,
    ListAnalysesHandler,
    GetAnalysisHandler,
    GetCallOverviewHandler,
    GetAnalysisHistoryHandler,
    GetAnalyticsSummaryHandler,
    GetScoringConfigHandler,
  ],
})
export class AnalysisModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly pipeline: AnalysisPipelineService,
    private readonly analytics: AnalyticsRefreshJob,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.declare(PROCESS_ANALYSIS_QUEUE, { retryLimit: ANALYSIS_RETRY_LIMIT });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<{ organizationId: string; analysisId: string }>(PROCESS_ANALYSIS_QUEUE, (data, job) =>
      this.pipeline.process(data, job),
    );
    await this.jobs.work(ANALYTICS_REFRESH_QUEUE, async () => {
      await this.analytics.run();
    });
    await this.jobs.schedule(ANALYTICS_REFRESH_QUEUE, '*/5 * * * *');
  }
}
