import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { erasureLastOwner, erasureUserNotFound, invalidErasureSubject } from '@domain/privacy/errors';
import { ErasureRequest, type ErasureSubjectType } from '@domain/privacy/erasure-request.aggregate';
import { erasableE164, maskedPhoneNumber } from '@domain/privacy/phone-number-variants';
import { ErasureRequestRepository } from '@domain/privacy/ports/erasure-request-repository.port';
import { Clock } from '@domain/shared/clock';
import { newId } from '@domain/shared/ids';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { FindMemberForErasureQuery } from '@modules/tenancy';
import { RequestErasureCommand, type ErasureSubject } from './request-erasure.command';

@CommandHandler(RequestErasureCommand)
export class RequestErasureHandler implements ICommandHandler<RequestErasureCommand, { erasureRequestId: string }> {
  constructor(
    private readonly requests: ErasureRequestRepository,
    private readonly secrets: SecretBox,
    // The plain bus: tenancy's query runs inside this command's transaction.
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RequestErasureCommand): Promise<{ erasureRequestId: string }> {
    const subject = await this.subjectOf(c.organizationId, c.subject);
    const request = ErasureRequest.request({
      id: newId(),
      organizationId: c.organizationId,
      ...subject,
      // Lets a later request for the same person be recognised without keeping who it was.
      fingerprint: this.secrets.fingerprint(`${subject.subjectType}:${subject.subject}`, `erasure-subject:${c.organizationId}`),
      requestedBy: c.requestedBy,
      now: this.clock.now(),
    });
    await this.requests.save(request);
    return { erasureRequestId: request.id };
  }

  private async subjectOf(
    organizationId: string,
    given: ErasureSubject,
  ): Promise<{ subjectType: ErasureSubjectType; subject: string; masked: string }> {
    if ('phoneNumber' in given) {
      const e164 = erasableE164(given.phoneNumber);
      if (!e164) throw invalidErasureSubject('phoneNumber must be a phone number with its country code, such as +14155550123');
      return { subjectType: 'phone_number', subject: e164, masked: maskedPhoneNumber(e164) };
    }
    // Only a current member: anyone else's profile is not this organization's to erase.
    const member = await this.queries.execute(new FindMemberForErasureQuery({ organizationId, userId: given.userId }));
    if (!member) throw erasureUserNotFound();
    if (member.role === 'owner' && member.otherOwners === 0) throw erasureLastOwner();
    return { subjectType: 'user', subject: given.userId, masked: given.userId };
  }
}
