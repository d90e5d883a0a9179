import { OrganizationCommand } from '../../../shared';
import type { DeliveryMode } from '@domain/events/webhook-delivery';
import type { WebhookDeliveryStatus } from '@domain/events/ports/webhook-repositories.port';
import type { WebhookSendResult } from '@domain/events/ports/webhook-transport.port';

export interface RecordWebhookAttemptProps {
  readonly organizationId: string;
  readonly deliveryId: string;
  readonly mode: DeliveryMode;
  readonly result: WebhookSendResult;
}

export class RecordWebhookAttemptCommand extends OrganizationCommand<RecordWebhookAttemptProps, WebhookDeliveryStatus | null> {}
