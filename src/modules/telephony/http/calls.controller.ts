import { Body, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import { DomainError } from '@domain/shared/domain-error';
import { callNotFound } from '@domain/telephony/errors';
import type { CallDetailView, CallFilter, CallView } from '@domain/telephony/ports/telephony-read-model.port';
import { OrgAccess, RequirePermission, UserOnly } from '@infrastructure/auth/auth.decorators';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, DEFAULT_PAGE_SIZE, type Page } from '@infrastructure/http/pagination';
import { WorkspaceParam } from '@infrastructure/http/params';
import { ProblemException } from '@infrastructure/http/problem';
import { CreateRoute, OrganizationApi, ReadRoute, WriteRoute } from '@infrastructure/http/routes';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { orElseThrow } from '@infrastructure/http/or-else-throw';
import { TenantQueryBus } from '../../shared';
import { OutboundCallsService } from '../outbound-calls.service';
import { RecordingPausesService } from '../recording-pauses.service';
import { GetCallQuery } from '../queries/get-call/get-call.query';
import { ListCallsQuery } from '../queries/list-calls/list-calls.query';
import { SoftphoneService } from '../softphone.service';
import { CallDetailDto, CallPageDto, CallQueryDto, SoftphoneTokenDto, StartCallDto } from './telephony.dto';

/** What pausing or resuming a call's recording can answer: the caller, the call, Twilio, and the move's own conflict. */
function recordingControlProblems(conflict: string) {
  return {
    403: ['call.not_on_call'],
    404: ['call.not_found'],
    409: ['call.not_in_progress', 'call.no_recording_in_progress', conflict],
    422: ['twilio.not_configured', 'twilio.invalid_request', 'twilio.not_found'],
    502: ['twilio.auth_failed', 'twilio.unavailable'],
  };
}

@OrganizationApi('calls', 'v1/organizations/:orgId')
export class CallsController {
  constructor(
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
    private readonly outbound: OutboundCallsService,
    private readonly softphone: SoftphoneService,
    private readonly pauses: RecordingPausesService,
  ) {}

  @Post('workspaces/:workspaceId/softphone-token')
  @UserOnly()
  @RequirePermission('telephony:read')
  @ApiOperation({ summary: "A Twilio Voice access token for the caller's own agent identity (agents only)" })
  @ApiCreatedResponse({ type: SoftphoneTokenDto })
  @ApiProblems({ 403: ['agent.required'], 404: ['workspace.not_found'], 422: ['twilio.not_configured', 'twilio.softphone_not_configured'] })
  async softphoneToken(@OrgAccess() access: OrganizationAccess, @WorkspaceParam() workspaceId: string) {
    return this.softphone.tokenFor(access.organizationId, workspaceId, access.principal.kind === 'user' ? access.principal.userId : null);
  }

  @CreateRoute({
    path: 'workspaces/:workspaceId/calls',
    permission: 'calls:write',
    summary: 'Click-to-call: Twilio rings the agent, then the customer',
    created: CallDetailDto,
    problems: {
      403: ['agent.required', 'telephony.destination_not_allowed', 'telephony.premium_destination', 'telephony.daily_dial_cap_reached'],
      404: ['workspace.not_found', 'phone_number.not_found', 'agent.not_found'],
      422: [
        'twilio.not_configured',
        'phone_number.invalid',
        'twilio.invalid_number',
        'twilio.no_permission',
        'twilio.invalid_request',
        'twilio.not_found',
      ],
      502: ['twilio.auth_failed', 'twilio.unavailable'],
    },
  })
  async start(
    @OrgAccess() access: OrganizationAccess,
    @WorkspaceParam() workspaceId: string,
    @Body() body: StartCallDto,
  ): Promise<CallDetailView> {
    const agentUserId = body.agentUserId?.toLowerCase() ?? (access.principal.kind === 'user' ? access.principal.userId : null);
    if (!agentUserId)
      throw new ProblemException(400, 'validation.failed', 'agentUserId is required for API keys', {
        errors: [{ path: 'agentUserId', message: 'required for API keys' }],
      });
    if (agentUserId !== (access.principal.kind === 'user' ? access.principal.userId : null) && !access.can('telephony:write')) {
      throw new DomainError('auth.forbidden', 'Only admins start calls for another agent', 'forbidden');
    }
    const { callId } = await this.outbound.start({
      organizationId: access.organizationId,
      workspaceId,
      to: body.to,
      fromNumberId: body.fromNumberId?.toLowerCase() ?? null,
      agentUserId,
    });
    return this.get(access.organizationId, callId);
  }

  @ReadRoute({
    path: 'calls',
    permission: 'calls:read',
    summary: 'Calls, newest first: of every workspace for owners, admins and reviewers, otherwise of the workspaces the caller belongs to',
    ok: CallPageDto,
  })
  async list(@OrgAccess() access: OrganizationAccess, @Query() q: CallQueryDto): Promise<Page<CallView>> {
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const filter: CallFilter = {
      workspaceId: q.workspaceId?.toLowerCase(),
      status: q.status,
      direction: q.direction,
      agentUserId: q.agentUserId?.toLowerCase(),
      phoneNumberId: q.phoneNumberId?.toLowerCase(),
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    };
    const scope = `calls:${access.organizationId}`;
    const before = this.cursors.decode(q.cursor, scope, filter);
    const visible = await access.visibleWorkspaces('calls');
    const rows = await this.queries.execute(
      new ListCallsQuery({
        organizationId: access.organizationId,
        filter,
        beforeId: before,
        limit: limit + 1,
        only: visible === 'all' ? null : visible,
      }),
    );
    return this.cursors.page(rows, limit, scope, filter, (c) => c.id);
  }

  @WriteRoute({
    method: 'POST',
    path: 'calls/:callId/recording/pause',
    permission: 'calls:write',
    summary: "PCI pause: stops the call's live recording at Twilio (nothing is recorded, not even silence) until resumed",
    description:
      'For the agent on the call, or an admin. The paused interval is kept on the call (`recordingPauses`), audited, shown on its recording and transcript, and ignored by the scorer.',
    ok: CallDetailDto,
    problems: recordingControlProblems('call.recording_already_paused'),
  })
  async pauseRecording(@OrgAccess() access: OrganizationAccess, @Param('callId', UuidParamPipe) callId: string): Promise<CallDetailView> {
    await this.pauses.pause(access.organizationId, callId, this.recordingActor(access));
    return this.get(access.organizationId, callId);
  }

  @WriteRoute({
    method: 'POST',
    path: 'calls/:callId/recording/resume',
    permission: 'calls:write',
    summary: "Resumes the call's live recording at Twilio after a PCI pause; the paused interval is closed",
    description: 'For the agent on the call, or an admin.',
    ok: CallDetailDto,
    problems: recordingControlProblems('call.recording_not_paused'),
  })
  async resumeRecording(@OrgAccess() access: OrganizationAccess, @Param('callId', UuidParamPipe) callId: string): Promise<CallDetailView> {
    await this.pauses.resume(access.organizationId, callId, this.recordingActor(access));
    return this.get(access.organizationId, callId);
  }

  private recordingActor(access: OrganizationAccess): { userId: string | null; admin: boolean } {
    return { userId: access.principal.kind === 'user' ? access.principal.userId : null, admin: access.can('telephony:write') };
  }

  private async get(organizationId: string, callId: string): Promise<CallDetailView> {
    return orElseThrow(await this.queries.execute(new GetCallQuery({ organizationId, callId })), callNotFound);
  }
}
