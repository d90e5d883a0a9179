import { Command } from '@nestjs/cqrs';

export interface CreateWebhookEndpointProps {
  readonly organizationId: string;
  readonly url: string;
  readonly description: string | null;
  readonly eventTypes: string[];
  readonly enabled: boolean;
}

export class CreateWebhookEndpointCommand extends Command<{ endpointId: string; secret: string }> {
  constructor(readonly props: CreateWebhookEndpointProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
