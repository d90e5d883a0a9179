import { Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiProduces } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { audienceOf, EventTypeFilter, type LiveEvent } from '@domain/events/live-event';
import { LiveEventSettings } from '@domain/events/ports/live-event-settings.port';
import { OrgAccess, RequirePermission } from '@infrastructure/auth/auth.decorators';
import { OrganizationAccessResolver } from '@infrastructure/auth/organization-access.resolver';
import type { OrganizationAccess } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
import { ProblemException } from '@infrastructure/http/problem';
import { OrganizationApi } from '@infrastructure/http/routes';
import { IsOmittable } from '@infrastructure/http/validation';
import { TenantQueryBus } from '../../shared';
import { LiveEventHub } from '../live-event-hub.service';
import { ListLiveEventsQuery } from '../queries/list-live-events/list-live-events.query';
import { LiveEventStream } from './live-event-stream';

const POSITION = /^\d{1,15}$/;
const REPLAY_PAGE = 500;

class EventStreamQueryDto {
  @ApiPropertyOptional({
    description: 'Comma-separated event types (`analysis.needs_review`), families (`call.*`) or `*`; all events when absent',
    example: 'call.*,analysis.scored',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  types?: string;

  @ApiPropertyOptional({ description: 'Replay the events after this id, then continue live (as `Last-Event-ID`)', example: '1042' })
  @IsOmittable()
  @IsString()
  @Matches(POSITION, { message: 'after must be an event id (digits)' })
  after?: string;
}

type Permission = Parameters<OrganizationAccess['can']>[0];

@OrganizationApi('events', 'v1/organizations/:orgId/events')
export class EventsController {
  constructor(
    private readonly hub: LiveEventHub,
    private readonly queries: TenantQueryBus,
    private readonly resolver: OrganizationAccessResolver,
    private readonly settings: LiveEventSettings,
  ) {}

  @Get()
  @RequirePermission('organizations:read')
  @ApiOperation({
    summary: 'The organization’s events as they commit (Server-Sent Events)',
    description:
      'A `text/event-stream` of the domain events the caller may see (by permission and workspace), each with an ordered `id`. ' +
      'Send `Accept: text/event-stream`. Reconnect with `Last-Event-ID` (or `?after=`) to replay what was missed ' +
      '(kept 24 hours) and continue live with no gap and no duplicate. Comment lines are sent as heartbeats.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last event received: replay from after it',
    schema: { type: 'string', pattern: '^\\d{1,15}$' },
  })
  @ApiOkResponse({
    description:
      'An endless stream: `id: <position>` and `data: {id, type, organizationId, resourceType, resourceId, workspaceId, occurredAt, payload}` per event',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiProblems({
    400: ['events.invalid_types', 'events.invalid_last_event_id'],
    406: ['events.not_acceptable'],
    429: ['events.too_many_streams'],
  })
  async stream(
    @OrgAccess() access: OrganizationAccess,
    @Query() q: EventStreamQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!accept || !/\btext\/event-stream\b/i.test(accept)) {
      throw new ProblemException(406, 'events.not_acceptable', 'This is a Server-Sent Events stream: send Accept: text/event-stream');
    }
    const filter = EventTypeFilter.fromQuery(q.types);
    if (!filter)
      throw new ProblemException(
        400,
        'events.invalid_types',
        'types lists event types (call.started), families (call.*) or *, separated by commas',
      );
    const resume = lastEventId !== undefined && lastEventId.trim() !== '' ? lastEventId.trim() : q.after;
    if (resume !== undefined && !POSITION.test(resume))
      throw new ProblemException(400, 'events.invalid_last_event_id', 'Last-Event-ID must be an event id (digits)');

    const principal = access.principal;
    const principalKey = principal.kind === 'user' ? `user:${principal.userId}` : `api_key:${principal.keyId}`;
    if (!this.hub.tryOpen(principalKey)) {
      throw new ProblemException(
        429,
        'events.too_many_streams',
        `At most ${this.settings.maxStreamsPerPrincipal} event streams may be open at once: close one first`,
        {
          headers: { 'retry-after': '5' },
        },
      );
    }

    let current = access;
    const workspaces = new Map<string, Promise<string | null | undefined>>();
    const observe = async (event: LiveEvent): Promise<boolean> => {
      if (event.type === 'organization.deleted') return false;
      if (principal.kind === 'api_key') return !(event.type === 'api_key.revoked' && event.resourceId === principal.keyId);
      if (isAboutUser(event, principal.userId)) {
        // The caller's own role or workspaces changed: see with the new standing from now on; removed, the stream ends.
        const renewed = await this.resolver.resolve(principal, access.organizationId);
        if (!renewed) return false;
        current = renewed;
      }
      return true;
    };
    const visible = async (event: LiveEvent): Promise<boolean> => {
      const audience = audienceOf(event);
      if (audience.userId !== undefined) return principal.kind === 'user' && principal.userId === audience.userId;
      if (!current.can(audience.permission as Permission)) return false;
      if (!audience.workspace) return true;
      const seen = await current.visibleWorkspaces(audience.workspace.duty);
      if (seen === 'all') return true;
      let workspaceId = audience.workspace.workspaceId;
      const subject = audience.workspace.subject;
      if (workspaceId === null && subject) {
        const key = `${subject.kind}:${subject.id}`;
        let owner = workspaces.get(key);
        if (!owner) workspaces.set(key, (owner = this.resolver.workspaceOf(access.organizationId, subject.kind, subject.id)));
        workspaceId = (await owner) ?? null;
      }
      return workspaceId !== null && seen.includes(workspaceId);
    };

    let release = () => this.hub.release(principalKey);
    const stream = new LiveEventStream(reply.raw, 0, {
      filter,
      observe,
      visible,
      maxBufferedBytes: this.settings.streamBufferBytes,
      heartbeatMs: this.settings.heartbeatSeconds * 1000,
      onClose: () => {
        release();
        release = () => undefined;
        subscription?.unsubscribe();
      },
    });
    let subscription: { from: number; unsubscribe(): void } | undefined;
    try {
      subscription = await this.hub.subscribe(access.organizationId, stream);
    } catch (error) {
      stream.close();
      throw error;
    }
    if (stream.isClosed) return subscription.unsubscribe();

    stream.startAt(resume === undefined ? subscription.from : Math.min(Number(resume), subscription.from));
    reply.hijack();
    stream.open(reply.getHeaders());
    try {
      if (resume !== undefined) {
        for (;;) {
          const events = await this.queries.execute<LiveEvent[]>(
            new ListLiveEventsQuery({ organizationId: access.organizationId, after: stream.position, limit: REPLAY_PAGE }),
          );
          await stream.replay(events);
          if (events.length < REPLAY_PAGE || stream.isClosed) break;
        }
      }
      await stream.live();
    } catch {
      // The headers are sent: the client reconnects with the last id it got.
      stream.close();
    }
  }
}

function isAboutUser(event: LiveEvent, userId: string): boolean {
  return (event.resourceType === 'member' || event.resourceType === 'workspace_member') && event.payload.userId === userId;
}
