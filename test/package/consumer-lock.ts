/**
 * A package-lock.json for a fresh app that installs the packed tarball, made from this repository's own
 * lockfile. npm resolves an unlocked install from the registry's full package documents, which
 * `npm ci` never downloads, so `npm install --offline <tarball>` cannot work from the cache alone;
 * `npm ci --offline` with this lockfile fetches only tarballs, which `npm ci` left in the cache.
 */

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

export interface Lockfile {
  name: string;
  lockfileVersion: number;
  requires: boolean;
  packages: Record<string, LockEntry>;
}

/** What the app installs: the tarball (with its manifest, as packed) and registry packages at exact versions. */
export interface ConsumerPackages {
  name: string;
  tarball: { file: string; integrity: string; manifest: LockEntry & { name: string; version: string } };
  registry: readonly string[];
}

/**
 * What a package needs installed: its dependencies and its non-optional peers (npm 7+ installs those),
 * and, where the repository has them, its optional dependencies.
 */
function needs(entry: LockEntry): { name: string; optional: boolean }[] {
  const optionalPeers = new Set(
    Object.entries(entry.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional)
      .map(([name]) => name),
  );
  const required = [
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers.has(name)),
  ];
  return [
    ...required.map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
  ];
}

/** Where Node.js finds `name` from the package at `location`: the nearest node_modules up the tree. */
function resolve(packages: Record<string, LockEntry>, location: string, name: string): string | undefined {
  for (let dir = location; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === '') return undefined;
  }
}

/**
 * The registry tarball of a package, where `npm ci` downloaded it (and so where its cache keeps it). This
 * repository's lockfile leaves `resolved` out, and without it npm would ask the registry for the address.
 */
function registryTarball(location: string, version: string): string {
  const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`;
}

/**
 * The entry as the app installs it: with its tarball's address, and without the flags that describe the
 * repository's tree (dev-only, peer-only) rather than the app's.
 */
function asInstalled(location: string, entry: LockEntry): LockEntry {
  const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry;
  if (rest.inBundle || rest.resolved || !rest.version) return rest;
  return { ...rest, resolved: registryTarball(location, rest.version) };
}

export function consumerLock(repo: Lockfile, app: ConsumerPackages): Lockfile {
  const { manifest } = app.tarball;
  const rootDependencies: Record<string, string> = { [manifest.name]: `file:${app.tarball.file}` };
  for (const name of app.registry) {
    const version = repo.packages[`node_modules/${name}`]?.version;
    if (!version) throw new Error(`${name} is not in this repository's package-lock.json`);
    rootDependencies[name] = version;
  }
  const packages: Record<string, LockEntry> = {
    '': { name: app.name, dependencies: rootDependencies },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: `file:${app.tarball.file}`,
      integrity: app.tarball.integrity,
      ...(manifest.dependencies && { dependencies: manifest.dependencies }),
      ...(manifest.peerDependencies && { peerDependencies: manifest.peerDependencies }),
      ...(manifest.bin !== undefined && { bin: manifest.bin }),
      ...(manifest.engines !== undefined && { engines: manifest.engines }),
      ...(manifest.license !== undefined && { license: manifest.license }),
    },
  };
  const pending = [
    ...needs(packages[`node_modules/${manifest.name}`]).map((need) => ({ from: '', ...need })),
    ...app.registry.map((name) => ({ from: '', name, optional: false })),
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const location = resolve(repo.packages, next.from, next.name);
    if (!location) {
      if (next.optional) continue;
      throw new Error(`${next.name} (needed by ${next.from || 'the app'}) is not in package-lock.json`);
    }
    if (packages[location]) continue;
    packages[location] = asInstalled(location, repo.packages[location]!);
    for (const need of needs(repo.packages[location])) pending.push({ from: location, ...need });
  }
  return { name: app.name, lockfileVersion: 3, requires: true, packages };
}
