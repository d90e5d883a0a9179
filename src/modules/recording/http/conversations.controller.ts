import { Body, Param } from '@nestjs/common';
import { NotFoundError } from '@domain/shared/domain-error';
import type { ConversationView } from '@domain/recording/ports/recording-read-model.port';
import { callNotFound } from '@domain/telephony/errors';
import { OrgAccess } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { GetCallQuery, pausedIntervalsOf, type PausedIntervalView } from '../../telephony';
import { WriteConversationCommand } from '../commands/write-conversation/write-conversation.command';
import { GetConversationQuery } from '../queries/get-conversation/get-conversation.query';
import { ConversationDto, PutConversationDto } from './recording.dto';

@OrganizationApi('conversations', 'v1/organizations/:orgId/calls/:callId/conversation')
export class ConversationsController {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly commands: TransactionalCommandBus,
  ) {}

  @ReadRoute({
    permission: 'recordings:read',
    summary: "The call's transcript (text and segments), summary and language",
    ok: ConversationDto,
    problems: { 404: ['call.not_found', 'conversation.not_found'] },
  })
  async get(
    @OrgAccess() access: OrganizationAccess,
    @Param('callId', UuidParamPipe) callId: string,
  ): Promise<ConversationView & { pausedIntervals: PausedIntervalView[] }> {
    const call = orElseThrow(await this.queries.execute(new GetCallQuery({ organizationId: access.organizationId, callId })), callNotFound);
    const conversation = await this.queries.execute(new GetConversationQuery({ organizationId: access.organizationId, callId }));
    if (!conversation) throw new NotFoundError('conversation.not_found', 'This call has no conversation yet');
    return { ...conversation, pausedIntervals: pausedIntervalsOf(call.recordingPauses, call.answeredAt) };
  }

  @WriteRoute({
    method: 'PUT',
    permission: 'calls:write',
    summary: "Write the call's transcript and summary; who wrote it and when are kept and audited",
    ok: ConversationDto,
    problems: { 404: ['call.not_found'], 422: ['conversation.invalid_segment', 'conversation.too_long'] },
  })
  async put(
    @OrgAccess() access: OrganizationAccess,
    @Param('callId', UuidParamPipe) callId: string,
    @Body() body: PutConversationDto,
  ): Promise<ConversationView & { pausedIntervals: PausedIntervalView[] }> {
    if (!(await this.queries.execute(new GetCallQuery({ organizationId: access.organizationId, callId })))) throw callNotFound();
    const writtenBy = access.principal.kind === 'user' ? `user:${access.principal.userId}` : `api_key:${access.principal.keyId}`;
    await this.commands.execute(
      new WriteConversationCommand({
        organizationId: access.organizationId,
        callId,
        content: {
          transcript: body.transcript,
          segments: body.segments.map((s) => ({ ...s })),
          summary: body.summary ?? null,
          language: body.language ?? null,
        },
        source: 'api',
        writtenBy,
      }),
    );
    return this.get(access, callId);
  }
}
