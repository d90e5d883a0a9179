import { Command } from '@nestjs/cqrs';

export interface UpdateWebhookEndpointProps {
  readonly organizationId: string;
  readonly endpointId: string;
  readonly url?: string;
  readonly description?: string | null;
  readonly eventTypes?: string[];
  readonly enabled?: boolean;
}

export class UpdateWebhookEndpointCommand extends Command<void> {
  constructor(readonly props: UpdateWebhookEndpointProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
