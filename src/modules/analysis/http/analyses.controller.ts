import { Body, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, getSchemaPath } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AnalysisFilter, AnalysisView } from '@domain/analysis/ports/analysis-read-model.port';
import { analysisNotFound } from '@domain/analysis/errors';
import { OrgAccess, RequirePermission, UserOnly } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { Idempotent } from '@infrastructure/http/idempotency.interceptor';
import { ApiIdempotencyKey, ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, DEFAULT_PAGE_SIZE, type Page } from '@infrastructure/http/pagination';
import { ProblemException } from '@infrastructure/http/problem';
import { OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { GetConversationQuery, GetRecordingQuery, GetRecordingTranscriptQuery } from '../../recording';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { AnalysisIntakeService } from '../analysis-intake.service';
import { AnalysisPipelineService } from '../analysis-pipeline.service';
import { AssignAnalysisCommand } from '../commands/assign-analysis/assign-analysis.command';
import { ClaimNextAnalysisCommand } from '../commands/claim-next-analysis/claim-next-analysis.command';
import { RecordReviewMetricsCommand } from '../commands/record-review-metrics/record-review-metrics.command';
import { ReleaseAnalysisCommand } from '../commands/release-analysis/release-analysis.command';
import { ReopenAnalysisCommand } from '../commands/reopen-analysis/reopen-analysis.command';
import { RetryAnalysisCommand } from '../commands/retry-analysis/retry-analysis.command';
import { ReviewAnalysisCommand } from '../commands/review-analysis/review-analysis.command';
import { GetAnalysisHistoryQuery } from '../queries/get-analysis-history/get-analysis-history.query';
import { GetAnalysisQuery } from '../queries/get-analysis/get-analysis.query';
import { ListAnalysesQuery } from '../queries/list-analyses/list-analyses.query';
import { AnalysisSettings } from '@domain/analysis/ports/analysis-settings.port';
import {
  AnalysisDetailDto,
  AnalysisDto,
  AnalysisPageDto,
  AnalysisQueryDto,
  AssignDto,
  CreateAnalysisDto,
  RescoreDto,
  RescoreResultDto,
  ReviewDto,
  ReviewMetricsDto,
} from './analysis.dto';

@OrganizationApi('analyses', 'v1/organizations/:orgId')
export class AnalysesController {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
    private readonly cursors: CursorCodec,
    private readonly intake: AnalysisIntakeService,
    private readonly pipeline: AnalysisPipelineService,
    private readonly settings: AnalysisSettings,
  ) {}

  @Post('analyses')
  @Idempotent()
  @RequirePermission('analyses:write')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Analyse an uploaded audio file or a call',
    description:
      'Send the audio as the multipart field `file` (streamed; WAV or MP3, up to ANALYSIS_UPLOAD_MAX_BYTES), or `{ callId }` as JSON to analyse a call’s stored recording. ' +
      'The same file (by SHA-256) or call again answers 200 with the first analysis.',
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: { file: { type: 'string', format: 'binary', description: 'The audio file' } },
          },
          encoding: { file: { contentType: 'audio/wav, audio/x-wav, audio/mpeg, application/octet-stream' } },
        },
        'application/json': {
          schema: { $ref: getSchemaPath(CreateAnalysisDto) },
          example: { callId: '0190f1f2-0000-7000-8000-00000000c411' },
        },
      },
    },
  })
  @ApiExtraModels(CreateAnalysisDto)
  @ApiCreatedResponse({ type: AnalysisDto, description: 'A new analysis' })
  @ApiOkResponse({ type: AnalysisDto, description: 'The same file or call was analysed before: its first analysis' })
  @ApiProblems({
    404: ['call.not_found', 'recording.not_found'],
    413: ['upload.too_large'],
    415: ['upload.unsupported_type'],
    422: ['upload.empty', 'upload.not_audio'],
  })
  async create(
    @OrgAccess() access: OrganizationAccess,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AnalysisView> {
    let outcome: { analysisId: string; created: boolean };
    if (req.isMultipart()) {
      const part = await req.file();
      if (!part || part.fieldname !== 'file') {
        throw new ProblemException(400, 'validation.failed', 'Send the audio as the multipart field "file"', {
          errors: [{ path: 'file', message: 'required' }],
        });
      }
      outcome = await this.intake.fromUpload(access.organizationId, {
        stream: part.file,
        fileName: part.filename ? part.filename.slice(0, 255) : null,
        contentType: part.mimetype,
        maxBytes: this.settings.uploadMaxBytes,
      });
      if (part.file.truncated) throw new ProblemException(413, 'upload.too_large', 'The file is too large');
    } else {
      const raw: unknown = req.body ?? {};
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new ProblemException(400, 'validation.failed', 'Send { callId } or a multipart file', {
          errors: [{ path: '', message: 'must be an object' }],
        });
      }
      const body = plainToInstance(CreateAnalysisDto, raw);
      const problems = await validate(body, { whitelist: true, forbidNonWhitelisted: true });
      if (problems.length > 0) {
        throw new ProblemException(400, 'validation.failed', 'Send { callId } or a multipart file', {
          errors: problems.flatMap((p) => Object.values(p.constraints ?? {}).map((message) => ({ path: p.property ?? '', message }))),
        });
      }
      outcome = await this.intake.fromCall(access.organizationId, body.callId.toLowerCase());
    }
    void reply.status(outcome.created ? 201 : 200);
    return this.get(access.organizationId, outcome.analysisId);
  }

  @ReadRoute({ path: 'analyses', permission: 'analyses:read', summary: 'Analyses, newest first', ok: AnalysisPageDto })
  async list(@OrgAccess() access: OrganizationAccess, @Query() q: AnalysisQueryDto): Promise<Page<AnalysisView>> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const filter: AnalysisFilter = {
      status: q.status,
      priority: q.priority,
      assignedTo: q.assignedTo?.toLowerCase(),
      minScore: q.minScore,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    };
    const scope = `analyses:${access.organizationId}`;
    const before = this.cursors.decode(q.cursor, scope, filter);
    const rows = await this.queries.execute(
      new ListAnalysesQuery({ organizationId: access.organizationId, filter, beforeId: before, limit: limit + 1 }),
    );
    return this.cursors.page(rows, limit, scope, filter, (a) => a.id);
  }

  @ReadRoute({
    path: 'analyses/:analysisId',
    permission: 'analyses:read',
    summary: 'One analysis, with its recording, transcript and history',
    ok: AnalysisDetailDto,
    problems: { 404: ['analysis.not_found'] },
  })
  async getOne(@OrgAccess() access: OrganizationAccess, @Param('analysisId', UuidParamPipe) analysisId: string) {
    const org = access.organizationId;
    const analysis = await this.get(org, analysisId);
    const [recording, transcript, history] = await Promise.all([
      analysis.recordingId ? this.queries.execute(new GetRecordingQuery({ organizationId: org, recordingId: analysis.recordingId })) : null,
      // The recording's transcript: its call's conversation, or an upload's own.
      analysis.recordingId
        ? this.queries.execute(new GetRecordingTranscriptQuery({ organizationId: org, recordingId: analysis.recordingId }))
        : analysis.callId
          ? this.queries.execute(new GetConversationQuery({ organizationId: org, callId: analysis.callId }))
          : null,
      this.queries.execute(new GetAnalysisHistoryQuery({ organizationId: org, analysisId })),
    ]);
    return { ...analysis, recording, transcript, history };
  }

  @WriteRoute({
    method: 'POST',
    path: 'analyses/rescore',
    permission: 'analyses:write',
    summary: "Scores the chosen analyses again with the organization's current configuration; earlier results stay in their history",
    ok: RescoreResultDto,
    problems: { 404: ['analysis.not_found'], 409: ['analysis.not_scored'] },
  })
  rescore(@OrgAccess() access: OrganizationAccess, @Body() body: RescoreDto) {
    return this.pipeline.rescore(access.organizationId, [...new Set(body.analysisIds.map((id) => id.toLowerCase()))]);
  }

  @WriteRoute({
    method: 'POST',
    path: 'analyses/:analysisId/assign',
    permission: 'analyses:write',
    summary: 'Assign to a reviewer, or to the least-loaded one',
    ok: AnalysisDto,
    problems: {
      404: ['analysis.not_found'],
      409: ['analysis.invalid_transition'],
      422: ['analysis.not_a_reviewer', 'analysis.no_reviewer'],
    },
  })
  async assign(
    @OrgAccess() access: OrganizationAccess,
    @Param('analysisId', UuidParamPipe) analysisId: string,
    @Body() body: AssignDto,
  ): Promise<AnalysisView> {
    const by = access.principal.kind === 'user' ? access.principal.userId : null;
    await this.commands.execute(
      new AssignAnalysisCommand({
        organizationId: access.organizationId,
        analysisId,
        reviewerId: body.reviewerId?.toLowerCase() ?? null,
        assignedBy: by,
      }),
    );
    return this.get(access.organizationId, analysisId);
  }

  @Post('analyses/:analysisId/review')
  @HttpCode(200)
  @UserOnly()
  @RequirePermission('reviews:write')
  @ApiOperation({ summary: 'Clear or escalate, with notes (clearing a high-priority analysis needs enough of its audio played)' })
  @ApiOkResponse({ type: AnalysisDto })
  @ApiProblems({
    403: ['analysis.not_assignee'],
    404: ['analysis.not_found'],
    409: ['analysis.invalid_transition', 'analysis.review_incomplete'],
  })
  async review(
    @OrgAccess() access: OrganizationAccess,
    @Param('analysisId', UuidParamPipe) analysisId: string,
    @Body() body: ReviewDto,
  ): Promise<AnalysisView> {
    const reviewer = this.reviewer(access);
    return this.commands.executeAndAnswer(
      new ReviewAnalysisCommand({
        organizationId: access.organizationId,
        analysisId,
        decision: body.decision,
        notes: body.notes ?? null,
        reviewerId: reviewer,
        mayActForOthers: access.can('analyses:write'),
      }),
      () => this.get(access.organizationId, analysisId),
    );
  }

  @Post('analyses/:analysisId/review-metrics')
  @HttpCode(200)
  @UserOnly()
  @RequirePermission('reviews:write')
  @ApiOperation({
    summary: 'Record your own play of the audio: the share played and the time spent (the assignee, or an admin who will decide)',
  })
  @ApiOkResponse({ type: AnalysisDto })
  @ApiProblems({ 403: ['analysis.not_assignee'], 404: ['analysis.not_found'], 409: ['analysis.not_in_review'] })
  async metrics(
    @OrgAccess() access: OrganizationAccess,
    @Param('analysisId', UuidParamPipe) analysisId: string,
    @Body() body: ReviewMetricsDto,
  ): Promise<AnalysisView> {
    await this.commands.execute(
      new RecordReviewMetricsCommand({
        organizationId: access.organizationId,
        analysisId,
        audioPlayedPercentage: body.audioPlayedPercentage,
        timeSpentSeconds: body.timeSpentSeconds ?? null,
        reviewerId: this.reviewer(access),
        mayActForOthers: access.can('analyses:write'),
      }),
    );
    return this.get(access.organizationId, analysisId);
  }

  @WriteRoute({
    method: 'POST',
    path: 'analyses/:analysisId/release',
    permission: 'reviews:write',
    summary: 'Give an analysis back to the queue, unreviewed',
    ok: AnalysisDto,
    problems: { 403: ['analysis.not_assignee'], 404: ['analysis.not_found'], 409: ['analysis.invalid_transition'] },
  })
  async release(@OrgAccess() access: OrganizationAccess, @Param('analysisId', UuidParamPipe) analysisId: string): Promise<AnalysisView> {
    const actor = access.principal.kind === 'user' ? access.principal.userId : null;
    await this.commands.execute(
      new ReleaseAnalysisCommand({
        organizationId: access.organizationId,
        analysisId,
        actorId: actor,
        mayActForOthers: access.can('analyses:write'),
      }),
    );
    return this.get(access.organizationId, analysisId);
  }

  @WriteRoute({
    method: 'POST',
    path: 'analyses/:analysisId/reopen',
    permission: 'analyses:write',
    summary: 'Reopen a cleared analysis (back to needs_review)',
    ok: AnalysisDto,
    problems: { 404: ['analysis.not_found'], 409: ['analysis.invalid_transition'] },
  })
  async reopen(@OrgAccess() access: OrganizationAccess, @Param('analysisId', UuidParamPipe) analysisId: string): Promise<AnalysisView> {
    await this.commands.execute(new ReopenAnalysisCommand({ organizationId: access.organizationId, analysisId }));
    return this.get(access.organizationId, analysisId);
  }

  @WriteRoute({
    method: 'POST',
    path: 'analyses/:analysisId/retry',
    permission: 'analyses:write',
    summary: 'Put an analysis in error back to pending',
    ok: AnalysisDto,
    problems: { 404: ['analysis.not_found'], 409: ['analysis.invalid_transition'] },
  })
  async retry(@OrgAccess() access: OrganizationAccess, @Param('analysisId', UuidParamPipe) analysisId: string): Promise<AnalysisView> {
    await this.commands.execute(new RetryAnalysisCommand({ organizationId: access.organizationId, analysisId }));
    return this.get(access.organizationId, analysisId);
  }

  @Post('review-queue/claim')
  @UserOnly()
  @RequirePermission('reviews:write')
  @ApiOperation({ summary: 'Claim the next analysis needing review (highest priority, then oldest); 204 when the queue is empty' })
  @ApiOkResponse({ type: AnalysisDto })
  @ApiNoContentResponse({ description: 'Nothing to review' })
  @ApiProblems()
  async claim(@OrgAccess() access: OrganizationAccess, @Res({ passthrough: true }) reply: FastifyReply): Promise<AnalysisView | undefined> {
    const id = await this.commands.execute(
      new ClaimNextAnalysisCommand({ organizationId: access.organizationId, reviewerId: this.reviewer(access) }),
    );
    if (!id) {
      void reply.status(204);
      return undefined;
    }
    void reply.status(200);
    return this.get(access.organizationId, id);
  }

  private reviewer(access: OrganizationAccess): string {
    if (access.principal.kind !== 'user') throw new ProblemException(403, 'auth.user_required', 'Reviews are done by people, not API keys');
    return access.principal.userId;
  }

  private async get(organizationId: string, analysisId: string): Promise<AnalysisView> {
    return orElseThrow(await this.queries.execute(new GetAnalysisQuery({ organizationId, analysisId })), analysisNotFound);
  }
}
