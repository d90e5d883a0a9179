import { OrganizationCommand } from '../../../shared';

export interface ShredPersonalDataProps {
  readonly organizationId: string;
  /** E.164 numbers whose appearances in audit rows become unreadable. */
  readonly phoneNumbers?: readonly string[];
  readonly emails?: readonly string[];
  /** Users whose IP addresses and user agents become unreadable. */
  readonly userIds?: readonly string[];
  /** Resources whose free text (notes, evidence, transcripts, summaries) becomes unreadable. */
  readonly resources?: readonly { type: string; id: string }[];
}

/**
 * Crypto-shredding: destroys the subjects' keys, so their sealed values in audit rows read
 * `[erased]` for good while the rows and their hash chain stay whole. Returns how many keys went.
 */
export class ShredPersonalDataCommand extends OrganizationCommand<ShredPersonalDataProps, { keysDestroyed: number }> {}
