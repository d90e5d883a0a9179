import { phoneNumberNotFound } from './errors';
import type { PhoneNumber } from './phone-number.aggregate';
import type { PhoneNumberRepository } from './ports/telephony-repositories.port';

/** The workspace's number, or `phone_number.not_found`. */
export async function existingPhoneNumber(
  numbers: PhoneNumberRepository,
  organizationId: string,
  workspaceId: string,
  phoneNumberId: string,
): Promise<PhoneNumber> {
  const number = await numbers.findById(organizationId, workspaceId, phoneNumberId);
  if (!number) throw phoneNumberNotFound();
  return number;
}

/** Loads the number, lets `change` act on it and saves it: the whole of a command that changes one number. */
export async function changePhoneNumber(
  numbers: PhoneNumberRepository,
  organizationId: string,
  workspaceId: string,
  phoneNumberId: string,
  change: (number: PhoneNumber) => void,
): Promise<void> {
  const number = await existingPhoneNumber(numbers, organizationId, workspaceId, phoneNumberId);
  change(number);
  await numbers.save(number);
}
