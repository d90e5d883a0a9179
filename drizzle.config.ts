import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/infrastructure/persistence/schema/*.schema.ts',
  out: './drizzle',
  migrations: { schema: 'drizzle' },
});
