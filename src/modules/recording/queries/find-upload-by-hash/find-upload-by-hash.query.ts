import { Query } from '@nestjs/cqrs';

/** The uploaded recording with these bytes, if the organization has one. */
export class FindUploadByHashQuery extends Query<string | null> {
  constructor(
    readonly organizationId: string,
    readonly sha256: string,
  ) {
    super();
  }
}
