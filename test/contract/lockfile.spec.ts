import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * `npm ci` installs only from package-lock.json and refuses a lockfile out of step with
 * package.json. These are the checks it makes that broke before: the lock's root names the same
 * dependencies as package.json, and every package the lock installs finds each of its
 * dependencies, optional per-platform builds included, somewhere npm would look for it.
 */
describe('package-lock.json', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    lockfileVersion: number;
    packages: Record<string, LockEntry>;
  };

  it('records exactly the dependencies package.json declares, with the same ranges', () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(2);
    const root = lock.packages[''];
    expect(root?.dependencies ?? {}).toEqual(manifest.dependencies);
    expect(root?.devDependencies ?? {}).toEqual(manifest.devDependencies);
  });

  it('has an entry for every dependency of every locked package, optional platform builds included', () => {
    const missing: string[] = [];
    const resolves = (from: string, name: string) => {
      // Node's resolution: the package's own node_modules, then each ancestor's, then the root's.
      let dir = from;
      for (;;) {
        if (lock.packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
        if (!dir) return false;
        const up = dir.lastIndexOf('/node_modules/');
        dir = up === -1 ? '' : dir.slice(0, up);
      }
    };
    for (const [location, entry] of Object.entries(lock.packages)) {
      const wanted = { ...entry.dependencies, ...entry.optionalDependencies, ...(location === '' ? entry.devDependencies : {}) };
      for (const name of Object.keys(wanted)) if (!resolves(location, name)) missing.push(`${location || '(root)'} → ${name}`);
    }
    expect(missing).toEqual([]);
  });
});
