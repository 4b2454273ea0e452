/**
 * Finds the Chromium that the browser tests and the workspace benchmark drive, without root and
 * without a system package:
 *   1. CHROMIUM_PATH, when set (an error if it is not an executable file);
 *   2. else a system Chromium (Debian's /usr/bin/chromium, or chromium-browser, google-chrome);
 *   3. else the headless Chromium that arrives with the npm package @sparticuz/chromium, unpacked
 *      once into a folder of its own, os.tmpdir()/casebench-npm-chromium-<version>-<uid>.
 * The package would unpack into the temporary folder itself, where the files of another version of
 * it make the browser crash at start; the version in the folder's name keeps versions apart, and the
 * folder appears by one rename once complete, so test processes unpacking at the same time never
 * start a half-written browser.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { LaunchOptions } from 'playwright-core';

/** Headless, as root, and silent on the closed network (whichever Chromium it is). */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Flags of @sparticuz/chromium (made for AWS Lambda) that we leave out: those that switch off the web's
 * security model (the app under test relies on it: same-origin, mixed content, site isolation), the
 * one-process model, its own headless mode (Playwright chooses), and its --disable-features /
 * --enable-features lists, which would replace Playwright's (Chromium keeps the last of a repeated
 * switch), among them the features that stop the browser calling Google's servers at start.
 */
const PACKAGE_FLAGS_LEFT_OUT =
  /^--(?:disable-web-security|allow-running-insecure-content|disable-site-isolation-trials|single-process|headless|disable-features|enable-features)(?:=|$)/u;

export type ChromiumSource = 'CHROMIUM_PATH' | 'system' | 'npm';

export interface FoundChromium {
  source: ChromiumSource;
  /** Options for playwright-core's chromium.launch() or launchPersistentContext(). */
  launchOptions: LaunchOptions & { executablePath: string; args: string[] };
}

let found: Promise<FoundChromium> | undefined;

/** The Chromium to drive, found (and unpacked if need be) once per process. */
export function findChromium(): Promise<FoundChromium> {
  found ??= lookUp();
  found.catch(() => {
    found = undefined;
  });
  return found;
}

async function lookUp(): Promise<FoundChromium> {
  const fromEnvironment = process.env.CHROMIUM_PATH;
  if (fromEnvironment) {
    if (!(await isExecutable(fromEnvironment)))
      throw new Error(`CHROMIUM_PATH is set to ${fromEnvironment}, which is not an executable file`);
    return {
      source: 'CHROMIUM_PATH',
      launchOptions: { executablePath: fromEnvironment, args: CHROMIUM_FLAGS, headless: true },
    };
  }
  for (const candidate of SYSTEM_CHROMIUMS) {
    if (await isExecutable(candidate))
      return { source: 'system', launchOptions: { executablePath: candidate, args: CHROMIUM_FLAGS, headless: true } };
  }
  return { source: 'npm', launchOptions: await npmChromium() };
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function npmChromium(): Promise<FoundChromium['launchOptions']> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@sparticuz/chromium');
  const packageRoot = join(dirname(entry), '..', '..');
  const { version } = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const folder = join(tmpdir(), `casebench-npm-chromium-${version}-${userInfo().uid}`);
  const executablePath = join(folder, 'chromium');
  if (!(await isExecutable(executablePath))) await unpack(entry, version, folder);

  const { default: packaged } = await import('@sparticuz/chromium');
  const args = [...packaged.args.filter((flag) => !PACKAGE_FLAGS_LEFT_OUT.test(flag)), ...CHROMIUM_FLAGS];
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value;
  // The package's own NSS, NSPR and expat libraries (the binary's only needs beyond the C library),
  // so that it starts on a machine without Chromium's system packages.
  env.LD_LIBRARY_PATH = [join(folder, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  // The system's fonts if any, and the package's Open Sans: without any font, text has no width.
  env.FONTCONFIG_FILE = join(folder, 'fonts.conf');
  // This build takes navigator.language from the locale: under C or POSIX (LANG=C.UTF-8 here) it says
  // "en-US@posix", which Intl rejects; Debian's Chromium says "en-US" there, and so does this one with en_US.
  if (/^(?:C|POSIX)?(?:\.|$)/u.test(process.env.LC_ALL || process.env.LANG || '')) {
    delete env.LC_ALL;
    env.LANG = 'en_US.UTF-8';
  }
  return { executablePath, args, env, headless: true };
}

/** Unpacks the package's Chromium into a private folder first, then renames that to `folder`. */
async function unpack(entry: string, version: string, folder: string): Promise<void> {
  const staging = `${folder}.partial-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  try {
    process.stderr.write(`Unpacking @sparticuz/chromium ${version} into ${folder} (once; no system Chromium found)\n`);
    // The package unpacks into os.tmpdir(), so a child process with TMPDIR set to the staging folder
    // does it; its Lambda setting makes it unpack its Amazon Linux libraries (al2023/lib) too.
    const script = `require(${JSON.stringify(entry)}).executablePath().then((path) => console.log(path))`;
    await promisify(execFile)(process.execPath, ['-e', script], {
      env: { ...process.env, TMPDIR: staging, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
    });
    await access(join(staging, 'chromium'), constants.X_OK);
    await writeFile(
      join(staging, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        `  <dir>${join(folder, 'fonts', 'fonts')}</dir>`,
        `  <cachedir>${join(folder, 'fontconfig-cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    await rename(staging, folder).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first: its folder is as good as ours.
      if ((error.code === 'ENOTEMPTY' || error.code === 'EEXIST') && (await isExecutable(join(folder, 'chromium'))))
        return;
      throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
