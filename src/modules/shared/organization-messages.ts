import { Command, Query } from '@nestjs/cqrs';

/** The one props object of a command or query in an organization: it names the organization. */
export interface InOrganization {
  readonly organizationId: string;
}

/**
 * A command run in one organization: its props object is the whole input, and its organization
 * is what the bus runs it under (row-level security). `TResult` is what the bus answers.
 *
 *   export class AddAgentCommand extends OrganizationCommand<AddAgentProps, AgentId> {}
 */
export abstract class OrganizationCommand<TProps extends InOrganization, TResult = void> extends Command<TResult> {
  constructor(readonly props: TProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}

/** A query read in one organization; see OrganizationCommand. */
export abstract class OrganizationQuery<TProps extends InOrganization, TResult> extends Query<TResult> {
  constructor(readonly props: TProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
