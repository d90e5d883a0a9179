import { Query } from '@nestjs/cqrs';

export interface FindUploadByHashProps {
  readonly organizationId: string;
  readonly sha256: string;
}

/** The uploaded recording with these bytes, if the organization has one. */
export class FindUploadByHashQuery extends Query<string | null> {
  constructor(readonly props: FindUploadByHashProps) {
    super();
  }

  get organizationId(): string {
    return this.props.organizationId;
  }
}
