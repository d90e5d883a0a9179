import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/infrastructure/persistence/*/*.schema.ts',
  out: './drizzle',
  migrations: { schema: 'drizzle' },
});
