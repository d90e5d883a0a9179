import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { isUuid } from '@domain/shared/ids';
import type { NotificationPosition, NotificationView } from '@domain/events/ports/notification-repository.port';
import { CurrentPrincipal, UserOnly } from '@infrastructure/auth/auth.decorators';
import type { Principal } from '@infrastructure/auth/principal';
import { ApiProblems } from '@infrastructure/http/openapi';
import { CursorCodec, DEFAULT_PAGE_SIZE, PageMetaDto, PageQueryDto, type Page } from '@infrastructure/http/pagination';
import { ProblemException } from '@infrastructure/http/problem';
import { UuidParamPipe } from '@infrastructure/http/uuid-param.pipe';
import { TenantQueryBus, TransactionalCommandBus } from '../../shared';
import { MarkNotificationReadCommand } from '../commands/mark-notification-read/mark-notification-read.command';
import { ListMyNotificationsQuery } from '../queries/list-my-notifications/list-my-notifications.query';

class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ enum: ['analysis.assigned', 'analysis.escalated', 'recording.import_failed', 'webhook_endpoint.disabled'] }) kind!: string;
  @ApiProperty({ example: 'An analysis was assigned to you' }) title!: string;
  @ApiProperty({ example: 'analysis', description: 'What it is about' }) resourceType!: string;
  @ApiProperty() resourceId!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: Date | null;
}

class NotificationPageDto extends PageMetaDto {
  @ApiProperty({ type: [NotificationDto] }) data!: NotificationDto[];
}

const userIdOf = (principal: Principal): string => {
  if (principal.kind !== 'user')
    throw new ProblemException(403, 'auth.user_required', 'This endpoint is for signed-in users, not API keys');
  return principal.userId;
};

@ApiTags('me')
@ApiBearerAuth('supabase')
@Controller('v1/me/notifications')
export class NotificationsController {
  constructor(
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
    private readonly cursors: CursorCodec,
  ) {}

  @Get()
  @UserOnly()
  @ApiOperation({ summary: 'My notifications in every organization: unread first, then newest first' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems()
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQueryDto): Promise<Page<NotificationView>> {
    const userId = userIdOf(principal);
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const scope = `notifications:${userId}`;
    const raw = this.cursors.decode(page.cursor, scope, {});
    const after = raw === null ? null : positionOf(raw);
    const rows = await this.queries.execute(new ListMyNotificationsQuery({ userId, after, limit: limit + 1 }));
    const answer = this.cursors.page(rows, limit, scope, {}, (n) => `${n.read ? 1 : 0}:${n.id}`);
    return { ...answer, data: answer.data.map(({ read: _read, ...n }) => n) };
  }

  @Post(':notificationId/read')
  @HttpCode(200)
  @UserOnly()
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems({ 404: ['notification.not_found'] })
  read(
    @CurrentPrincipal() principal: Principal,
    @Param('notificationId', UuidParamPipe) notificationId: string,
  ): Promise<NotificationView> {
    return this.commands.execute(new MarkNotificationReadCommand({ userId: userIdOf(principal), notificationId }));
  }
}

function positionOf(raw: string): NotificationPosition {
  const [read, id] = raw.split(':');
  if ((read !== '0' && read !== '1') || !id || !isUuid(id))
    throw new ProblemException(400, 'pagination.invalid_cursor', 'The cursor is not valid for this query');
  return { read: read === '1', id };
}
