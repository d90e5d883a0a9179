import { Command } from '@nestjs/cqrs';

export interface ForgetProfileProps {
  readonly userId: string;
}

/**
 * Erasure of a user: their profile (email, name, avatar, phone) is blanked once they belong to
 * no organization any more. Platform scope: the profile is not one organization's.
 */
export class ForgetProfileCommand extends Command<'forgotten' | 'kept' | 'none'> {
  constructor(readonly props: ForgetProfileProps) {
    super();
  }

  get organizationId(): null {
    return null;
  }
}
