import { Injectable, Logger } from '@nestjs/common';
import type { Analysis, AnalysisResult } from '@domain/analysis/analysis.aggregate';
import { AnalysisRepository, ScoringConfigRepository } from '@domain/analysis/ports/analysis-repositories.port';
import { RiskScorer } from '@domain/analysis/ports/risk-scorer.port';
import { BUILTIN_SCORER_VERSION } from '@domain/analysis/scoring/builtin-risk-scorer';
import { DEFAULT_SCORING_CONFIGURATION } from '@domain/analysis/scoring/default-scoring-configuration';
import type { ScoringConfiguration } from '@domain/analysis/scoring/risk-scoring';
import { Clock } from '@domain/shared/clock';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { TranscriptionError } from '../recording';
import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { GetOrganizationQuery } from '../tenancy';
import { CompleteAnalysisCommand } from './commands/complete-analysis/complete-analysis.command';
import { FailAnalysisCommand } from './commands/fail-analysis/fail-analysis.command';
import { RescoreAnalysisCommand } from './commands/rescore-analysis/rescore-analysis.command';
import { StartAnalysisProcessingCommand } from './commands/start-analysis-processing/start-analysis-processing.command';
import { ScoringInputsService } from './scoring-inputs.service';

/**
 * The pipeline, run by a job: processing, transcript, score, result; `error` with the reason
 * when a step fails on its last attempt. Outside services are called between transactions.
 */
@Injectable()
export class AnalysisPipelineService {
  private readonly logger = new Logger(AnalysisPipelineService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly analyses: AnalysisRepository,
    private readonly configs: ScoringConfigRepository,
    private readonly scorer: RiskScorer,
    private readonly inputs: ScoringInputsService,
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly clock: Clock,
  ) {}

  async process(data: { organizationId: string; analysisId: string }, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
    const { organizationId, analysisId } = data;
    if (!(await this.commands.execute(new StartAnalysisProcessingCommand({ organizationId, analysisId })))) return;
    try {
      const analysis = await this.load(organizationId, analysisId);
      if (!analysis) return;
      const last = attempt.retryCount >= attempt.retryLimit;
      const result = await this.score(analysis, { transcribe: true, lastAttempt: last });
      const org = await this.queries.execute(new GetOrganizationQuery({ organizationId }));
      await this.commands.execute(
        new CompleteAnalysisCommand({ organizationId, analysisId, result, reviewThreshold: org?.settings.reviewThreshold ?? 0.6 }),
      );
    } catch (error) {
      const last = attempt.retryCount >= attempt.retryLimit;
      // A transcription refused for good (a file too large to send, a wrong key) would be refused again.
      const hopeless = error instanceof TranscriptionError && !error.retryable;
      this.logger.warn({ err: error, analysisId, last, hopeless }, 'analysis failed');
      if (!last && !hopeless) throw error;
      await this.commands.execute(new FailAnalysisCommand({ organizationId, analysisId, reason: (error as Error).message }));
    }
  }

  /**
   * Scores again with the organization's current configuration; earlier results stay in the
   * history. The stored transcript is reused: a rescore never pays for speech to text.
   */
  async rescore(organizationId: string, analysisIds: string[]): Promise<{ rescored: string[]; skipped: string[] }> {
    const found = await this.unitOfWork.run({ organizationId }, () => this.analyses.findForRescore(organizationId, analysisIds));
    const rescored: string[] = [];
    for (const analysis of found) {
      await this.commands.execute(
        new RescoreAnalysisCommand({
          organizationId,
          analysisId: analysis.id,
          result: await this.score(analysis, { transcribe: false, lastAttempt: false }),
        }),
      );
      rescored.push(analysis.id);
    }
    return { rescored, skipped: analysisIds.filter((id) => !rescored.includes(id)) };
  }

  private async score(analysis: Analysis, options: { transcribe: boolean; lastAttempt: boolean }): Promise<AnalysisResult> {
    const { version, config } = await this.currentConfig(analysis.organizationId);
    const { input, notes } = await this.inputs.gather(analysis.snapshot(), config, options);
    const { notes: scorerNotes, ...score } = await this.scorer.score(input, config);
    return {
      ...score,
      scorerVersion: score.scorerVersion ?? BUILTIN_SCORER_VERSION,
      scoringConfigVersion: version,
      notes: [...notes, ...(scorerNotes ?? [])],
      scoredAt: this.clock.now().toISOString(),
    };
  }

  /** Version 0 is the built-in default, used until the organization writes its own. */
  private async currentConfig(organizationId: string): Promise<{ version: number; config: ScoringConfiguration }> {
    const latest = await this.unitOfWork.run({ organizationId }, () => this.configs.latest(organizationId));
    return latest ? { version: latest.version, config: latest.config } : { version: 0, config: DEFAULT_SCORING_CONFIGURATION };
  }

  private load(organizationId: string, analysisId: string): Promise<Analysis | null> {
    return this.unitOfWork.run({ organizationId }, () => this.analyses.findById(organizationId, analysisId));
  }
}
