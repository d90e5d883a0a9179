import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  it('refuses to start in production without a database, an encryption key and JWT settings', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      throw new Error('should have refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining([
          'DATABASE_URL is required in production',
          'ENCRYPTION_KEY is required in production',
          'SUPABASE_JWT_SECRET or SUPABASE_JWKS_URL is required in production',
        ]),
      );
    }
  });

  it('falls back to embedded defaults in development and says so', () => {
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: '.tmp/config-spec' });
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.notices.join('\n')).toMatch(/embedded PGlite/);
  });

  it('lists every bad value at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud', DATABASE_URL: 'nope' })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL/);
  });
});
