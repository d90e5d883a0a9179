import { Command } from '@nestjs/cqrs';

export interface RevokeApiKeyProps {
  readonly organizationId: string;
  readonly keyId: string;
}

export class RevokeApiKeyCommand extends Command<void> {
  constructor(readonly props: RevokeApiKeyProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
