import { loadConfig } from '../config/app-config';
import { hashApiKey, RandomApiKeySecrets } from './api-key-secrets';

describe('API key secrets', () => {
  const secrets = new RandomApiKeySecrets(loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: 'ab'.repeat(32), DATA_DIR: '.tmp' }));

  it('makes recognisable, unique keys whose hash alone is kept', () => {
    const a = secrets.generate();
    const b = secrets.generate();
    expect(a.key).toMatch(/^sb_live_[0-9A-Za-z]{32}_[0-9A-Za-z]{6}$/);
    expect(a.key).not.toBe(b.key);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.key.startsWith(a.prefix)).toBe(true);
  });

  it('catches a mistyped key by its checksum', () => {
    const { key } = secrets.generate();
    expect(secrets.isWellFormed(key)).toBe(true);
    const i = 12;
    const typo = key.slice(0, i) + (key[i] === 'a' ? 'b' : 'a') + key.slice(i + 1);
    expect(secrets.isWellFormed(typo)).toBe(false);
    expect(secrets.isWellFormed('sb_live_short')).toBe(false);
  });
});
