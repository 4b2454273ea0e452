import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .optional()
  .transform((value) => (value === undefined ? undefined : ['1', 'true', 'yes'].includes(value)));

const configSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CASEBENCH_LABS: z.string().min(1).default('labs'),
  CASEBENCH_DB: z.string().min(1).default('data/casebench.db'),
  CASEBENCH_CACHE: z.string().min(1).optional(),
  CASEBENCH_AUTHORING: z.string().min(1).optional(),
  CASEBENCH_DEMO: flag,
  CASEBENCH_DEMO_ACTIVITY: flag,
  CASEBENCH_ADMIN_USER: z.string().min(1).default('admin'),
  CASEBENCH_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  CASEBENCH_SECURE_COOKIES: flag,
  CASEBENCH_TRUST_PROXY: flag,
  CASEBENCH_SESSION_IDLE_HOURS: z.coerce.number().positive().default(12),
  CASEBENCH_SESSION_MAX_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
  CASEBENCH_PUBLIC_URL: z.url({ protocol: /^https?$/u }).optional(),
  CASEBENCH_ALLOWED_HOSTS: z.string().optional(),
});

export interface Config {
  host: string;
  port: number;
  labsDir: string;
  databasePath: string;
  cacheDir: string;
  /** Lab drafts and published lab versions (issue #14). */
  authoringDir: string;
  demo: boolean;
  /** Whether the demo includes a few answers by two trainees (scoreboard and analytics not empty). */
  demoActivity: boolean;
  adminUsername: string;
  adminPassword: string | undefined;
  secureCookies: boolean;
  trustProxy: boolean;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /**
   * The host names requests may address (DNS rebinding protection): the public URL's, the listening
   * HOST if it is a name, and CASEBENCH_ALLOWED_HOSTS; localhost and IP addresses always pass.
   * 'any' when CASEBENCH_ALLOWED_HOSTS is "*".
   */
  allowedHosts: string[] | 'any';
}

/** Reads the environment once; a bad value stops the start with a message naming the variable. */
export function readConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(environment);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid configuration: ${details}`);
  }
  const env = parsed.data;
  const dataDir = env.CASEBENCH_DB.includes('/') ? env.CASEBENCH_DB.slice(0, env.CASEBENCH_DB.lastIndexOf('/')) : '.';
  return {
    host: env.HOST,
    port: env.PORT,
    labsDir: env.CASEBENCH_LABS,
    databasePath: env.CASEBENCH_DB,
    cacheDir: env.CASEBENCH_CACHE ?? `${dataDir}/cache`,
    authoringDir: env.CASEBENCH_AUTHORING ?? `${dataDir}/authoring`,
    demo: env.CASEBENCH_DEMO ?? true,
    demoActivity: env.CASEBENCH_DEMO_ACTIVITY ?? true,
    adminUsername: env.CASEBENCH_ADMIN_USER,
    adminPassword: env.CASEBENCH_ADMIN_PASSWORD,
    secureCookies: env.CASEBENCH_SECURE_COOKIES ?? false,
    trustProxy: env.CASEBENCH_TRUST_PROXY ?? false,
    sessionIdleMs: env.CASEBENCH_SESSION_IDLE_HOURS * 3_600_000,
    sessionMaxMs: env.CASEBENCH_SESSION_MAX_HOURS * 3_600_000,
    allowedHosts: allowedHostsOf(env.CASEBENCH_ALLOWED_HOSTS, env.CASEBENCH_PUBLIC_URL, env.HOST),
  };
}

function allowedHostsOf(list: string | undefined, publicUrl: string | undefined, listenHost: string): string[] | 'any' {
  const names = (list ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.includes('*')) return 'any';
  if (publicUrl) names.push(new URL(publicUrl).hostname);
  names.push(listenHost.toLowerCase());
  return [...new Set(names)];
}
