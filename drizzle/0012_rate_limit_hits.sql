-- Rate-limit counters shared by every replica (src/infrastructure/auth/database-throttler.storage.ts).
-- Unlogged: a counter lost in a crash costs nothing, and every request writes one.
CREATE UNLOGGED TABLE IF NOT EXISTS rate_limit_hits (
  key text PRIMARY KEY,
  window_started_at timestamptz NOT NULL,
  hits integer NOT NULL
);--> statement-breakpoint
REVOKE ALL ON rate_limit_hits FROM app_tenant;
