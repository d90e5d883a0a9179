import { OrganizationQuery } from '../../../shared';

export interface GetLastLiveEventPositionProps {
  readonly organizationId: string;
}

/** Where "now" is in the organization's stream: its last committed position (0 when none). */
export class GetLastLiveEventPositionQuery extends OrganizationQuery<GetLastLiveEventPositionProps, number> {}
