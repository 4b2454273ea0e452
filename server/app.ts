import { Hono, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { AppError, handleError } from './errors.ts';
import { answerHeaders } from './middleware/answer-headers.ts';
import { limitRequestBodies, type BodyLimitRule } from './middleware/body-limit.ts';
import { csrfProtection } from './middleware/csrf.ts';
import { checkHost, type AllowedHosts } from './middleware/host-check.ts';
import { attachServices, type AppEnv } from './middleware/session.ts';
import { adminRoutes } from './routes/admin.ts';
import { authoringRoutes } from './routes/authoring.ts';
import { authRoutes } from './routes/auth.ts';
import { cohortRoutes } from './routes/cohorts.ts';
import { healthRoutes } from './routes/health.ts';
import { instructorRoutes } from './routes/instructor.ts';
import { scoreboardRoutes } from './routes/scoreboard.ts';
import { labRoutes } from './routes/labs.ts';
import { userRoutes } from './routes/users.ts';
import { webRoutes } from './routes/web.ts';
import type { ServiceContext } from './services/context.ts';
import { MAX_TEXT_FILE_BYTES } from './services/authoring/draft-files.ts';
import { MAX_EVIDENCE_BYTES } from './services/authoring/evidence-upload.ts';
import { MAX_PACKAGE_BYTES } from './services/admin/packages.ts';
import { ANSWER_TOO_LARGE, MAX_ANSWER_BYTES } from './services/trainee/submit-answer.ts';

export interface AppOptions {
  /** Trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy in front of Casebench. */
  trustProxy?: boolean;
  /** Extra origins allowed to send state-changing requests (the Vite dev server, say). */
  allowedOrigins?: string[];
  /** The built front end to serve (web/dist); API only when absent. */
  webDist?: string;
  /** Host names the server answers for besides localhost and IP addresses (see checkHost). */
  allowedHosts?: AllowedHosts;
}

/**
 * Body limits per route, judged before anything is parsed. Sign-in and joins take a few fields, so a
 * few KB; an answer its own limit (MAX_ANSWER_BYTES) plus the envelope; notes may hold 200,000
 * characters of any script (up to 4 bytes each in UTF-8) plus JSON quoting. Everything else is small.
 */
const BODY_LIMITS: BodyLimitRule[] = [
  { path: /^\/api\/auth\//u, maxBytes: 4 * 1024, what: 'a sign-in request' },
  { path: /^\/api\/cohorts\/join$/u, maxBytes: 1024, what: 'a join request' },
  // The envelope ({"answer": ...}) may add a little; the answer itself is measured again as stored.
  {
    path: /^\/api\/labs\/[^/]+\/tasks\/[^/]+\/submissions$/u,
    maxBytes: MAX_ANSWER_BYTES + 1024,
    what: 'an answer',
    message: ANSWER_TOO_LARGE,
  },
  { path: /^\/api\/labs\/[^/]+\/notes$/u, maxBytes: 1024 * 1024, what: 'notes' },
  // A lab package's .zip (issue #14): its unpacked size is limited again while it is read.
  { path: /^\/api\/admin\/packages$/u, maxBytes: MAX_PACKAGE_BYTES, what: 'a lab package' },
  // Lab authoring (issue #14): an evidence upload up to MAX_EVIDENCE_BYTES plus its form fields; a text
  // file up to MAX_TEXT_FILE_BYTES, which JSON quoting may grow (the service measures the text itself).
  {
    path: /^\/api\/authoring\/drafts\/[^/]+\/evidence$/u,
    maxBytes: MAX_EVIDENCE_BYTES + 64 * 1024,
    what: 'an evidence upload',
  },
  { path: /^\/api\/authoring\/drafts\/[^/]+\/file$/u, maxBytes: 6 * MAX_TEXT_FILE_BYTES, what: 'a lab file' },
];
const DEFAULT_BODY_BYTES = 64 * 1024;

/**
 * Compresses the API's JSON reads (a lab view, a window of evidence lines, search results), which
 * are text and often tens of kilobytes. Writes answer with small bodies, so the answer path keeps
 * its plain response; event streams and evidence downloads are not JSON and pass untouched.
 */
const gzipJson = compress({ contentTypeFilter: /^application\/json/u });
const compressJsonReads: MiddlewareHandler = (c, next) =>
  c.req.method === 'GET' && /\bgzip\b/iu.test(c.req.header('accept-encoding') ?? '') ? gzipJson(c, next) : next();

/**
 * The content security policy of every answer. 'unsafe-inline' stays in style-src for Monaco:
 * checked in Chromium with it removed, the workspace logged over 400 violations, all from Monaco,
 * which renders its view lines as HTML strings with style="top:…px" attributes (style-src-attr) and
 * injects <style> elements for themes and decorations (style-src-elem); neither can carry a nonce or
 * a hash. Scripts stay strict, and trainee-written Markdown is rendered without style attributes
 * (TraineeMarkdown).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Secure headers on every answer (those of hono's secureHeaders, which this replaced for speed; see
 * answerHeaders), unless a handler sets its own (an evidence view's stricter sandboxing policy).
 */
const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/**
 * API answers are personal: a shared cache must never keep them. They vary with Accept-Encoding,
 * as JSON reads are compressed for clients that take gzip (compressJsonReads).
 */
const API_HEADERS = { 'cache-control': 'no-store', vary: 'Accept-Encoding' };

/** Builds the application from its dependencies; has no side effects of its own. */
export function createApp(services: ServiceContext, options: AppOptions = {}) {
  const api = new Hono<AppEnv>()
    .use(answerHeaders(API_HEADERS))
    .use(compressJsonReads)
    .use(limitRequestBodies(BODY_LIMITS, DEFAULT_BODY_BYTES))
    .use(csrfProtection(options.allowedOrigins))
    .use(attachServices(services))
    .route('/health', healthRoutes(services.library))
    .route('/auth', authRoutes({ trustProxy: options.trustProxy ?? false }))
    .route('/users', userRoutes())
    .route('/admin', adminRoutes())
    .route('/authoring', authoringRoutes())
    .route('/cohorts', cohortRoutes())
    .route('/scoreboard', scoreboardRoutes())
    .route('/instructor', instructorRoutes())
    .route('/', labRoutes())
    .all('*', () => {
      throw new AppError('not_found', 'There is no such API route.');
    });

  const app = new Hono().use(checkHost(options.allowedHosts)).use(answerHeaders(SECURITY_HEADERS)).route('/api', api);
  if (options.webDist) app.route('/', webRoutes(options.webDist));
  app.onError(handleError);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'Not found.' } }, 404));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
