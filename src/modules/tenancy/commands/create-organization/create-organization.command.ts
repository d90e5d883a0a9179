import { Command } from '@nestjs/cqrs';

export interface CreateOrganizationProps {
  readonly creatorUserId: string;
  readonly name: string;
  readonly domain: string | null;
}

/**
 * The creator becomes the organization's first owner; a domain given is claimed, pending until
 * verified. Platform work: the organization does not exist yet.
 */
export class CreateOrganizationCommand extends Command<{ organizationId: string }> {
  readonly organizationId = null;
  constructor(readonly props: CreateOrganizationProps) {
    super();
  }
}
