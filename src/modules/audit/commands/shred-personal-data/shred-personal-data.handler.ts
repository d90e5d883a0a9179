import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PersonalSubject } from '@domain/audit/personal-data';
import { PersonalDataVault } from '@domain/audit/ports/personal-data-vault.port';
import { ShredPersonalDataCommand } from './shred-personal-data.command';

@CommandHandler(ShredPersonalDataCommand)
export class ShredPersonalDataHandler implements ICommandHandler<ShredPersonalDataCommand, { keysDestroyed: number }> {
  constructor(private readonly vault: PersonalDataVault) {}

  async execute({ props: p }: ShredPersonalDataCommand): Promise<{ keysDestroyed: number }> {
    const subjects = [
      ...(p.phoneNumbers ?? []).map(PersonalSubject.phone),
      ...(p.emails ?? []).map(PersonalSubject.email),
      ...(p.userIds ?? []).map(PersonalSubject.user),
      ...(p.resources ?? []).map((r) => PersonalSubject.resource(r.type, r.id)),
    ];
    return { keysDestroyed: await this.vault.shred(p.organizationId, subjects) };
  }
}
