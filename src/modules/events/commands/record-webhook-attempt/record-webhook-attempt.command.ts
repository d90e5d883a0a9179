import { Command } from '@nestjs/cqrs';
import type { DeliveryMode } from '@domain/events/webhook-delivery';
import type { WebhookDeliveryStatus } from '@domain/events/ports/webhook-repositories.port';
import type { WebhookSendResult } from '@domain/events/ports/webhook-transport.port';

export interface RecordWebhookAttemptProps {
  readonly organizationId: string;
  readonly deliveryId: string;
  readonly mode: DeliveryMode;
  readonly result: WebhookSendResult;
}

export class RecordWebhookAttemptCommand extends Command<WebhookDeliveryStatus | null> {
  constructor(readonly props: RecordWebhookAttemptProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
