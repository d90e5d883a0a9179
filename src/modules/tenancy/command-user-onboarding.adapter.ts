import { Injectable } from '@nestjs/common';
import { UserOnboarding, type SignedInUser } from '@domain/tenancy/ports/user-onboarding.port';
import { TransactionalCommandBus } from '../shared';
import { EnsureUserProfileCommand } from './commands/ensure-user-profile/ensure-user-profile.command';

const REMEMBERED_USERS = 10_000;

/**
 * Runs the onboarding command the first time this process sees a user with a given address
 * (and whether it is verified), so a signed-in request does not pay a write, yet an address
 * verified since is taken into account at once. Profiles are refreshed from claims after a restart.
 */
@Injectable()
export class CommandUserOnboarding extends UserOnboarding {
  private readonly seen = new Set<string>();

  constructor(private readonly commands: TransactionalCommandBus) {
    super();
  }

  async ensure(user: SignedInUser): Promise<void> {
    const key = `${user.userId}|${user.email ?? ''}|${user.emailVerified === true ? 'verified' : 'unverified'}`;
    if (this.seen.has(key)) return;
    await this.commands.execute(new EnsureUserProfileCommand({ user }));
    if (this.seen.size >= REMEMBERED_USERS) this.seen.clear();
    this.seen.add(key);
  }
}
