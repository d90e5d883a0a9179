import { loadConfig } from '../config/app-config';
import { AesGcmSecretBox } from './aes-gcm-secret-box';

describe('AesGcmSecretBox', () => {
  const box = new AesGcmSecretBox(loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: 'cd'.repeat(32), DATA_DIR: '.tmp' }));

  it('round-trips under its context and never shows the plaintext', () => {
    const sealed = box.seal('auth-token-123', 'twilio:ws-1:authToken');
    expect(sealed).not.toContain('auth-token-123');
    expect(box.open(sealed, 'twilio:ws-1:authToken')).toBe('auth-token-123');
    expect(box.seal('auth-token-123', 'twilio:ws-1:authToken')).not.toBe(sealed);
  });

  it('refuses a ciphertext moved to another workspace or altered', () => {
    const sealed = box.seal('auth-token-123', 'twilio:ws-1:authToken');
    expect(() => box.open(sealed, 'twilio:ws-2:authToken')).toThrow();
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'twilio:ws-1:authToken')).toThrow();
  });

  it('fingerprints deterministically per context', () => {
    expect(box.fingerprint('a', 'x')).toBe(box.fingerprint('a', 'x'));
    expect(box.fingerprint('a', 'x')).not.toBe(box.fingerprint('a', 'y'));
  });
});
