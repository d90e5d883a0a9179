import { Command } from '@nestjs/cqrs';

export interface DeleteOrganizationProps {
  readonly organizationId: string;
}

/** Soft delete: the organization disappears for everyone; its audit trail stays. */
export class DeleteOrganizationCommand extends Command<void> {
  constructor(readonly props: DeleteOrganizationProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
