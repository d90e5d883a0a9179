import { Command } from '@nestjs/cqrs';

export interface CreatedApiKey {
  id: string;
  key: string;
  prefix: string;
}

export class CreateApiKeyCommand extends Command<CreatedApiKey> {
  constructor(
    readonly organizationId: string,
    readonly name: string,
    readonly scopes: string[],
    readonly expiresAt: Date | null,
    readonly createdBy: string | null,
    /** A key can never do more than whoever creates it. */
    readonly grantable: (scope: string) => boolean,
  ) {
    super();
  }
}
