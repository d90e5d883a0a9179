import { OrganizationQuery } from '../../../shared';

export interface FindUploadByHashProps {
  readonly organizationId: string;
  readonly sha256: string;
}

/** The uploaded recording with these bytes, if the organization has one. */
export class FindUploadByHashQuery extends OrganizationQuery<FindUploadByHashProps, string | null> {}
