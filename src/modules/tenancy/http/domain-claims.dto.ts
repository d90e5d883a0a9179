import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { DOMAIN_CLAIM_STATUSES } from '@domain/tenancy/domain-claim.aggregate';

export class ClaimDomainDto {
  @ApiProperty({ example: 'acme.com', maxLength: 253, description: 'The email domain; public email providers (gmail.com...) are refused' })
  @IsString()
  @MaxLength(253)
  domain!: string;
}

export class DomainVerificationRecordDto {
  @ApiProperty({ enum: ['TXT'] }) type!: 'TXT';
  @ApiProperty({ example: '_switchboard.acme.com', description: 'Where to publish the record' }) name!: string;
  @ApiProperty({ example: 'switchboard-domain-verification=3f9c0e5d1b2a4c6e8f0a1b2c3d4e5f60', description: "The record's value" })
  value!: string;
}

export class DomainClaimDto {
  @ApiProperty({ example: 'acme.com' }) domain!: string;
  @ApiProperty({
    enum: DOMAIN_CLAIM_STATUSES,
    description: 'Only a verified domain makes new users with a verified address there join as members',
  })
  status!: string;
  @ApiProperty({ type: DomainVerificationRecordDto, description: 'The DNS TXT record that proves the claim' })
  verification!: DomainVerificationRecordDto;
  @ApiProperty() claimedAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) verifiedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'Last DNS check (verification or the hourly re-check)' })
  lastCheckedAt!: Date | null;
}
