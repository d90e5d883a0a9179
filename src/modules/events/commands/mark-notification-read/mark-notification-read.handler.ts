import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { notificationNotFound } from '@domain/events/errors';
import { NotificationRepository, type NotificationView } from '@domain/events/ports/notification-repository.port';
import { Clock } from '@domain/shared/clock';
import { MarkNotificationReadCommand } from './mark-notification-read.command';

@CommandHandler(MarkNotificationReadCommand)
export class MarkNotificationReadHandler implements ICommandHandler<MarkNotificationReadCommand, NotificationView> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: MarkNotificationReadCommand): Promise<NotificationView> {
    const view = await this.notifications.markRead(c.userId, c.notificationId, this.clock.now());
    if (!view) throw notificationNotFound();
    return view;
  }
}
