import { Command } from '@nestjs/cqrs';

export interface PingWebhookEndpointProps {
  readonly organizationId: string;
  readonly endpointId: string;
}

export class PingWebhookEndpointCommand extends Command<{ deliveryId: string }> {
  constructor(readonly props: PingWebhookEndpointProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
