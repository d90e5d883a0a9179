import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { invalidErasureSubject } from '@domain/privacy/errors';
import { ErasureRequest } from '@domain/privacy/erasure-request.aggregate';
import { erasableE164, maskedPhoneNumber } from '@domain/privacy/phone-number-variants';
import { ErasureRequestRepository } from '@domain/privacy/ports/erasure-request-repository.port';
import { Clock } from '@domain/shared/clock';
import { newId } from '@domain/shared/ids';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { RequestErasureCommand } from './request-erasure.command';

@CommandHandler(RequestErasureCommand)
export class RequestErasureHandler implements ICommandHandler<RequestErasureCommand, { erasureRequestId: string }> {
  constructor(
    private readonly requests: ErasureRequestRepository,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RequestErasureCommand): Promise<{ erasureRequestId: string }> {
    const phoneNumber = erasableE164(c.phoneNumber);
    if (!phoneNumber) throw invalidErasureSubject('phoneNumber must be a phone number with its country code, such as +14155550123');
    const request = ErasureRequest.request({
      id: newId(),
      organizationId: c.organizationId,
      phoneNumber,
      masked: maskedPhoneNumber(phoneNumber),
      // Lets a later request for the same person be recognised without keeping the number.
      fingerprint: this.secrets.fingerprint(phoneNumber, `erasure-subject:${c.organizationId}`),
      requestedBy: c.requestedBy,
      now: this.clock.now(),
    });
    await this.requests.save(request);
    return { erasureRequestId: request.id };
  }
}
