import { Command } from '@nestjs/cqrs';

export interface RetryWebhookDeliveryProps {
  readonly organizationId: string;
  readonly endpointId: string;
  readonly deliveryId: string;
}

export class RetryWebhookDeliveryCommand extends Command<void> {
  constructor(readonly props: RetryWebhookDeliveryProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
