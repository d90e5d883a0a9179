import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import type { RecordingView } from '@domain/recording/ports/recording-read-model.port';
import { callNotFound } from '@domain/telephony/errors';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
import { DeleteRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { ListAuditLogsQuery } from '../../audit';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { GetCallQuery, pausedIntervalsOf } from '../../telephony';
import { RetryRecordingImportCommand } from '../commands/retry-recording-import/retry-recording-import.command';
import { SetLegalHoldCommand } from '../commands/set-legal-hold/set-legal-hold.command';
import { GetConversationQuery } from '../queries/get-conversation/get-conversation.query';
import { ListCallRecordingsQuery } from '../queries/list-call-recordings/list-call-recordings.query';
import { RecordingAccessService } from '../recording-access.service';
import { LegalHoldDto, PlaybackUrlDto, RecordingDetailDto, RecordingDto, RecordingListDto } from './recording.dto';

@OrganizationApi('recordings', 'v1/organizations/:orgId')
export class RecordingsController {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
    private readonly access: RecordingAccessService,
  ) {}

  @ReadRoute({
    path: 'calls/:callId/recordings',
    permission: 'recordings:read',
    summary: "A call's recordings",
    ok: RecordingListDto,
    problems: { 404: ['call.not_found'] },
  })
  async ofCall(
    @OrgAccess() access: OrganizationAccess,
    @Param('callId', UuidParamPipe) callId: string,
  ): Promise<{ data: RecordingView[] }> {
    if (!(await this.queries.execute(new GetCallQuery({ organizationId: access.organizationId, callId })))) throw callNotFound();
    return { data: await this.queries.execute(new ListCallRecordingsQuery({ organizationId: access.organizationId, callId })) };
  }

  @ReadRoute({
    path: 'recordings/:recordingId',
    permission: 'recordings:read',
    summary: 'One recording, with its chain of custody',
    ok: RecordingDetailDto,
    problems: { 404: ['recording.not_found'] },
  })
  async getOne(@OrgAccess() access: OrganizationAccess, @Param('recordingId', UuidParamPipe) recordingId: string) {
    const recording = await this.access.get(access.organizationId, recordingId);
    const trail = await this.queries.execute(
      new ListAuditLogsQuery({
        organizationId: access.organizationId,
        filter: { resourceType: 'recording', resourceId: recordingId },
        beforeId: null,
        limit: 100,
      }),
    );
    const conversation = recording.callId
      ? await this.queries.execute(new GetConversationQuery({ organizationId: access.organizationId, callId: recording.callId }))
      : null;
    const call = recording.callId
      ? await this.queries.execute(new GetCallQuery({ organizationId: access.organizationId, callId: recording.callId }))
      : null;
    return {
      ...recording,
      pausedIntervals: call ? pausedIntervalsOf(call.recordingPauses, call.answeredAt) : [],
      custody: trail
        .reverse()
        .map((e) => ({ action: e.action, at: e.occurredAt, actorType: e.actorType, actorId: e.actorId, details: e.changes.after ?? {} })),
      transcriptionNote: conversation?.transcriptionNote ?? null,
    };
  }

  @Post('recordings/:recordingId/playback-url')
  @RequirePermission('recordings:read')
  @ApiOperation({ summary: 'A signed URL to play the recording, valid 5 minutes at most; every issue is audited' })
  @ApiCreatedResponse({ type: PlaybackUrlDto })
  @ApiProblems({ 404: ['recording.not_found'], 409: ['recording.not_available'] })
  playback(@OrgAccess() access: OrganizationAccess, @Param('recordingId', UuidParamPipe) recordingId: string) {
    return this.access.playbackUrl(access.organizationId, recordingId);
  }

  @DeleteRoute({
    path: 'recordings/:recordingId',
    permission: 'recordings:write',
    summary: 'Delete the audio here and at Twilio; the row keeps its metadata and hash',
    problems: { 404: ['recording.not_found'], 409: ['recording.legal_hold'] },
  })
  async remove(@OrgAccess() access: OrganizationAccess, @Param('recordingId', UuidParamPipe) recordingId: string): Promise<void> {
    await this.access.delete(access.organizationId, recordingId, 'requested');
  }

  @WriteRoute({
    method: 'PUT',
    path: 'recordings/:recordingId/legal-hold',
    permission: 'recordings:write',
    summary: 'Put a recording under legal hold (kept past retention, not deletable) or release it',
    ok: RecordingDto,
    problems: { 404: ['recording.not_found'] },
  })
  async legalHold(
    @OrgAccess() access: OrganizationAccess,
    @Param('recordingId', UuidParamPipe) recordingId: string,
    @Body() body: LegalHoldDto,
  ): Promise<RecordingView> {
    await this.commands.execute(
      new SetLegalHoldCommand({ organizationId: access.organizationId, recordingId, hold: body.hold, reason: body.reason ?? null }),
    );
    return this.access.get(access.organizationId, recordingId);
  }

  @Post('recordings/:recordingId/retry')
  @HttpCode(202)
  @RequirePermission('recordings:write')
  @ApiOperation({ summary: 'Try a failed import again' })
  @ApiAcceptedResponse({ type: RecordingDto })
  @ApiProblems({ 404: ['recording.not_found'], 409: ['recording.not_retryable'] })
  async retry(@OrgAccess() access: OrganizationAccess, @Param('recordingId', UuidParamPipe) recordingId: string): Promise<RecordingView> {
    await this.commands.execute(new RetryRecordingImportCommand({ organizationId: access.organizationId, recordingId }));
    return this.access.get(access.organizationId, recordingId);
  }
}
