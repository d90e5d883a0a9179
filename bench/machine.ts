import * as os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** The connection string of another database on the same server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Share of the CPUs busy over `ms`: other work on this shared machine makes figures noisy, so the bench says so. */
export async function machineBusy(ms: number): Promise<number> {
  const snapshot = () => {
    let busy = 0;
    let total = 0;
    for (const { times: t } of os.cpus()) {
      busy += t.user + t.nice + t.sys + t.irq;
      total += t.user + t.nice + t.sys + t.irq + t.idle;
    }
    return { busy, total };
  };
  const a = snapshot();
  await sleep(ms);
  const b = snapshot();
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}
