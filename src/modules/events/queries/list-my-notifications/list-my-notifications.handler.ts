import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotificationRepository, type NotificationView } from '@domain/events/ports/notification-repository.port';
import { ListMyNotificationsQuery } from './list-my-notifications.query';

@QueryHandler(ListMyNotificationsQuery)
export class ListMyNotificationsHandler implements IQueryHandler<ListMyNotificationsQuery, (NotificationView & { read: boolean })[]> {
  constructor(private readonly notifications: NotificationRepository) {}

  execute({ props: q }: ListMyNotificationsQuery): Promise<(NotificationView & { read: boolean })[]> {
    return this.notifications.listForUser(q.userId, q.after, q.limit);
  }
}
