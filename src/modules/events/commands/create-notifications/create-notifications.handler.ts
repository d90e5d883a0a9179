import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Notification, notificationPlanFor } from '@domain/events/notification.aggregate';
import { NotificationRecipients, NotificationRepository } from '@domain/events/ports/notification-repository.port';
import { Clock } from '@domain/shared/clock';
import { newId } from '@domain/shared/ids';
import { CreateNotificationsCommand } from './create-notifications.command';

@CommandHandler(CreateNotificationsCommand)
export class CreateNotificationsHandler implements ICommandHandler<CreateNotificationsCommand, number> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly recipients: NotificationRecipients,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: CreateNotificationsCommand): Promise<number> {
    const plan = notificationPlanFor(c);
    if (!plan || (await this.notifications.existsForEvent(c.organizationId, c.eventId))) return 0;
    const users =
      'userId' in plan.recipients
        ? [plan.recipients.userId]
        : (await this.recipients.withRoles(c.organizationId, plan.recipients.roles)).filter(
            (u) => u !== (plan.recipients as { except: string | null }).except,
          );
    const now = this.clock.now();
    for (const userId of new Set(users)) {
      await this.notifications.save(
        Notification.create({
          id: newId(),
          organizationId: c.organizationId,
          userId,
          kind: plan.kind,
          title: plan.title,
          resourceType: c.resourceType,
          resourceId: c.resourceId,
          eventId: c.eventId,
          createdAt: now,
        }),
      );
    }
    return users.length;
  }
}
