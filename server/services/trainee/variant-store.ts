import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VariantValues } from '../../grading/variables.ts';
import type { LoadedLab } from '../../labs/loader.ts';
import { FIXED_VARIANT, generateVariant, resolveTask, type ResolvedTask } from '../../labs/variants.ts';

/** A generated evidence file on disk. */
export interface StoredEvidenceFile {
  path: string;
  sha256: string;
  size: number;
}

/** One trainee's variant of a lab, with its evidence on disk and its tasks resolved. */
export interface LabVariant {
  seed: string;
  values: VariantValues;
  files: Map<string, StoredEvidenceFile>;
  tasks: Map<string, ResolvedTask>;
}

interface Manifest {
  values: VariantValues;
  files: Record<string, { sha256: string; size: number }>;
}

const MEMORY_LIMIT = 500;

/**
 * Generates each trainee's variant once and keeps it: evidence files and values on disk (so a
 * restart does not regenerate a gigabyte of logs), resolved tasks in a bounded in-memory cache.
 * The cache key includes the lab version and a hash of the generator's source, so a changed
 * generator never serves stale data.
 */
export class VariantStore {
  private readonly memory = new Map<string, LabVariant>();
  private readonly generatorHashes = new Map<string, string>();

  constructor(private readonly cacheDir: string) {}

  /** The variant of a lab for a seed; labs without a generator have one fixed variant. */
  get(lab: LoadedLab, seed: string): LabVariant {
    const key = this.cacheKey(lab, seed);
    const cached = this.memory.get(key);
    if (cached) {
      this.memory.delete(key);
      this.memory.set(key, cached);
      return cached;
    }
    const variant = lab.generator ? this.loadOrGenerate(lab, seed, key) : this.fixedVariant(lab);
    this.memory.set(key, variant);
    if (this.memory.size > MEMORY_LIMIT) this.memory.delete(this.memory.keys().next().value!);
    return variant;
  }

  private fixedVariant(lab: LoadedLab): LabVariant {
    return {
      seed: FIXED_VARIANT.seed,
      values: {},
      files: new Map(),
      tasks: new Map(lab.definition.tasks.map((task) => [task.id, resolveTask(task, FIXED_VARIANT)])),
    };
  }

  private loadOrGenerate(lab: LoadedLab, seed: string, key: string): LabVariant {
    const dir = join(this.cacheDir, ...key.split('/'));
    const manifestPath = join(dir, 'manifest.json');
    let manifest: Manifest | undefined;
    if (existsSync(manifestPath)) {
      try {
        manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      } catch {
        manifest = undefined;
      }
    }
    if (!manifest || Object.keys(manifest.files).some((id) => !existsSync(join(dir, id)))) {
      const generated = generateVariant(lab, seed);
      mkdirSync(dir, { recursive: true });
      for (const [id, file] of generated.files) writeAtomically(join(dir, id), file.content);
      manifest = {
        values: generated.values,
        files: Object.fromEntries(
          [...generated.files].map(([id, file]) => [id, { sha256: file.sha256, size: file.size }]),
        ),
      };
      writeAtomically(manifestPath, JSON.stringify(manifest));
    }
    const variantForTasks = { seed, values: manifest.values, files: new Map() };
    return {
      seed,
      values: manifest.values,
      files: new Map(Object.entries(manifest.files).map(([id, file]) => [id, { path: join(dir, id), ...file }])),
      tasks: new Map(lab.definition.tasks.map((task) => [task.id, resolveTask(task, variantForTasks)])),
    };
  }

  private cacheKey(lab: LoadedLab, seed: string): string {
    const { id, version } = lab.definition;
    if (!lab.generator) return `${id}/${version}/fixed`;
    // By folder, not id: a version published without a restart (issue #14) has a folder of its own.
    let generatorHash = this.generatorHashes.get(lab.dir);
    if (!generatorHash) {
      const source = readFileSync(join(lab.dir, lab.definition.variants!.generator));
      generatorHash = createHash('sha256').update(source).digest('hex').slice(0, 12);
      this.generatorHashes.set(lab.dir, generatorHash);
    }
    return `${id}/v${version}-${generatorHash}/${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves a half-written file in place. */
function writeAtomically(path: string, content: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}
