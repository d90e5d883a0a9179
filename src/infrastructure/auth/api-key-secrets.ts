import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { ApiKeySecrets } from '@domain/tenancy/ports/api-key-secrets.port';
import { AppConfig } from '../config/app-config';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

function base62(bytes: Buffer, length: number): string {
  let out = '';
  for (const b of bytes) {
    if (out.length === length) break;
    if (b < 248) out += ALPHABET[b % 62]; // rejection sampling keeps the alphabet uniform
  }
  return out;
}

function checksum(body: string): string {
  let n = crc32(body) >>> 0;
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Keys look like `sb_live_<32 random base62>_<6 checksum>`: recognisable by secret
 * scanners, and a mistyped key is refused before any database lookup.
 */
@Injectable()
export class RandomApiKeySecrets extends ApiKeySecrets {
  private readonly pattern: RegExp;

  constructor(private readonly config: AppConfig) {
    super();
    this.pattern = new RegExp(`^${config.apiKeyPrefix}_([0-9A-Za-z]{${RANDOM_LENGTH}})_([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);
  }

  generate(): { key: string; prefix: string; hash: string } {
    let random = '';
    while (random.length < RANDOM_LENGTH) random += base62(randomBytes(48), RANDOM_LENGTH - random.length);
    const body = `${this.config.apiKeyPrefix}_${random}`;
    const key = `${body}_${checksum(body)}`;
    return { key, prefix: `${this.config.apiKeyPrefix}_${random.slice(0, 8)}`, hash: hashApiKey(key) };
  }

  /** Format and checksum only; says nothing about whether the key exists. */
  isWellFormed(key: string): boolean {
    const m = this.pattern.exec(key);
    return m !== null && checksum(`${this.config.apiKeyPrefix}_${m[1]}`) === m[2];
  }
}
