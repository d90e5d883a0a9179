import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SecretBox } from '@domain/shared/ports/secret-box.port';
import { AppConfig } from '../config/app-config';

const VERSION = 'v1';

/**
 * AES-256-GCM under a key derived from ENCRYPTION_KEY. The context (workspace and field)
 * is the additional authenticated data: a ciphertext copied to another row fails to open.
 */
@Injectable()
export class AesGcmSecretBox extends SecretBox {
  private readonly encryptionKey: Buffer;
  private readonly fingerprintKey: Buffer;

  constructor(config: AppConfig) {
    super();
    this.encryptionKey = Buffer.from(hkdfSync('sha256', config.encryptionKey, 'switchboard', 'secret-box/aes-256-gcm', 32));
    this.fingerprintKey = Buffer.from(hkdfSync('sha256', config.encryptionKey, 'switchboard', 'secret-box/fingerprint', 32));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string, context: string): string {
    const [version, iv, ciphertext, tag] = sealed.split('.');
    if (version !== VERSION || !iv || ciphertext === undefined || !tag) throw new Error('Sealed secret has an unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  fingerprint(plaintext: string, context: string): string {
    return createHmac('sha256', this.fingerprintKey).update(context).update('\0').update(plaintext).digest('base64url');
  }
}
