import { parse } from 'csv-parse/sync';
import { inArray, sql } from 'drizzle-orm';
import type { DbOrTransaction } from '../../db/per-connection.ts';
import { cohorts, roles, users, type Role } from '../../db/schema.ts';
import type { AfterCommit } from '../../db/write-batcher.ts';
import { AppError } from '../../errors.ts';
import { listInWords, quoted } from '../../lib/words.ts';
import { displayNameSchema, insertUser, usernameSchema } from '../accounts/accounts.ts';
import { recordAudit } from '../accounts/audit.ts';
import { issuePasswordLink, type PasswordLink } from '../accounts/password-links.ts';
import type { Actor, ServiceContext } from '../context.ts';
import { requireAdmin } from '../policy.ts';
import { unusablePasswordHash } from './accounts.ts';
import type { Transaction } from '../scoring/score-ledger.ts';
import { insertMember } from '../cohorts/cohorts.ts';

/**
 * The most rows (after the header) and bytes one import takes. The bytes stay under the API's
 * default body limit (64 KB, server/app.ts) with room for JSON's escaping: a larger class is imported
 * in several files.
 */
export const MAX_IMPORT_ROWS = 500;
export const MAX_IMPORT_BYTES = 40 * 1024;

/** The columns of an import file; a header row names them in any order, in any case. */
const COLUMNS = ['username', 'displayName', 'role', 'cohort'] as const;
type ColumnName = (typeof COLUMNS)[number];
const REQUIRED: readonly ColumnName[] = ['username', 'displayName', 'role'];

/** Header texts as people write them, reduced to letters: "Display name", "display_name", "DisplayName". */
const HEADER_NAMES: Record<string, ColumnName> = {
  username: 'username',
  user: 'username',
  login: 'username',
  displayname: 'displayName',
  name: 'displayName',
  fullname: 'displayName',
  role: 'role',
  cohort: 'cohort',
};

/** Roles as a file may name them, ignoring case: the stored names and the names the screens show. */
const ROLE_NAMES: Record<string, Role> = {
  admin: 'admin',
  administrator: 'admin',
  instructor: 'instructor',
  trainee: 'trainee',
};

/** The cells of one row as written in the file (trimmed), for a refused row's report. */
export interface ImportCells {
  username: string;
  displayName: string;
  role: string;
  cohort: string;
}

/** Why a row is refused: the column at fault (none for a malformed row) and what to do. */
export interface ImportProblem {
  field: ColumnName | null;
  message: string;
}

/** A row the import would create (or did). */
export interface AcceptedRow {
  line: number;
  username: string;
  displayName: string;
  role: Role;
  cohort: { id: number; name: string } | null;
}

/** A row that is not imported, with every reason. */
export interface RefusedRow {
  line: number;
  cells: ImportCells;
  problems: ImportProblem[];
}

/** An account the import created, with its one-time link: in this answer only. */
export interface CreatedRow extends AcceptedRow {
  id: number;
  link: PasswordLink;
}

export type ImportPreview = { dryRun: true; rows: number; accepted: AcceptedRow[]; refused: RefusedRow[] };
export type ImportReport = { dryRun: false; rows: number; created: CreatedRow[]; refused: RefusedRow[] };

interface FileRow {
  line: number;
  cells: ImportCells;
  /** Set for a row the CSV reader could not read, or with the wrong number of cells. */
  malformed?: string;
}

const refuseFile = (message: string) => new AppError('bad_request', message, 'csv');

/** The delimiter of the header line: a comma, or the semicolon or tab some spreadsheets save with. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  for (const candidate of [',', ';', '\t']) if (header.includes(candidate)) return candidate;
  return ',';
}

/** Which column each header cell names; unknown, repeated or missing columns refuse the file. */
function readHeader(header: string[]): (ColumnName | undefined)[] {
  const named = header.map((text) => HEADER_NAMES[text.toLowerCase().replace(/[^a-z]/gu, '')]);
  const unknown = header.filter((text, index) => !named[index] && text.trim() !== '');
  if (unknown.length > 0)
    throw refuseFile(
      `The header row names ${unknown.length === 1 ? 'a column' : 'columns'} Casebench does not know: ` +
        `${listInWords(unknown.map(quoted))}. The columns are username, display name, role and cohort (optional).`,
    );
  const repeated = COLUMNS.filter((column) => named.filter((name) => name === column).length > 1);
  if (repeated.length > 0)
    throw refuseFile(`The header row names the same column twice: ${listInWords(repeated.map(quoted))}.`);
  const missing = REQUIRED.filter((column) => !named.includes(column));
  if (missing.length > 0)
    throw refuseFile(
      `The first row must be a header naming the columns username, display name and role (cohort is ` +
        `optional), in any order; it lacks ${listInWords(missing.map((column) => quoted(headerText(column))))}.`,
    );
  return named;
}

function headerText(column: ColumnName): string {
  return column === 'displayName' ? 'display name' : column;
}

/**
 * The rows of an import file, by csv-parse: the header row first (any order of columns, any case),
 * then one account per row; blank rows are skipped, and a row that cannot be read is kept with why.
 */
function readImportFile(csv: string): FileRow[] {
  if (Buffer.byteLength(csv, 'utf8') > MAX_IMPORT_BYTES)
    throw new AppError(
      'payload_too_large',
      `An import file may have at most ${MAX_IMPORT_BYTES / 1024} KB: split the file and import each part.`,
      'csv',
    );
  // csv-parse miscounts lines on CRLF input (as server/evidence/tables/delimited.ts found).
  const text = csv.replace(/\r\n?/gu, '\n');
  const malformed: FileRow[] = [];
  const records = parse(text, {
    delimiter: delimiterOf(text),
    info: true,
    bom: true,
    trim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const at = error as { lines?: number; message?: string } | undefined;
      // After a broken quote csv-parse may stumble again on the same record: one refusal per line.
      if (malformed.some((row) => row.line === (at?.lines ?? 0))) return;
      malformed.push({
        line: at?.lines ?? 0,
        cells: { username: '', displayName: '', role: '', cohort: '' },
        malformed: `This row cannot be read as CSV (${(at?.message ?? 'unreadable').replace(/\.$/u, '')}): check its quotes.`,
      });
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...body] = records;
  if (!header) throw refuseFile('The file is empty: it needs a header row and a row per account.');
  const columns = readHeader(header.record);
  if (body.length + malformed.length > MAX_IMPORT_ROWS)
    throw new AppError(
      'payload_too_large',
      `An import may have at most ${MAX_IMPORT_ROWS} rows besides the header, and this file has ` +
        `${body.length + malformed.length}: split it and import each part.`,
      'csv',
    );
  const rows = body.map(({ record, info }): FileRow => {
    const cells: ImportCells = { username: '', displayName: '', role: '', cohort: '' };
    for (const [index, column] of columns.entries()) if (column) cells[column] = record[index] ?? '';
    // info.lines is where the record ends; a quoted cell may span lines.
    const spanned = record.reduce((sum, cell) => sum + (cell.match(/\n/gu)?.length ?? 0), 0);
    const row: FileRow = { line: info.lines - spanned, cells };
    // A row may stop before an optional last column (a cohort left out without its comma).
    const cutShort = record.length < header.record.length && columns.slice(record.length).every((c) => c === 'cohort');
    if (record.length !== header.record.length && !cutShort)
      row.malformed =
        `This row has ${record.length} ${record.length === 1 ? 'cell' : 'cells'} and the header ` +
        `${header.record.length}: quote a cell that holds the delimiter.`;
    return row;
  });
  return [...rows, ...malformed].sort((a, b) => a.line - b.line);
}

/** What the checks of a file need from the database, read once (in the write's transaction for a real run). */
function lookups(db: DbOrTransaction, rows: FileRow[]) {
  const usernames = [
    ...new Set(
      rows.map((row) => usernameSchema.safeParse(row.cells.username)).flatMap((r) => (r.success ? [r.data] : [])),
    ),
  ];
  const taken = new Set(
    usernames.length === 0
      ? []
      : db
          .select({ username: users.username })
          .from(users)
          .where(inArray(users.username, usernames))
          .all()
          .map((row) => row.username),
  );
  const wanted = [...new Set(rows.map((row) => row.cells.cohort.toLowerCase()).filter(Boolean))];
  const cohortRows =
    wanted.length === 0
      ? []
      : db
          .select({ id: cohorts.id, name: cohorts.name, archivedAt: cohorts.archivedAt })
          .from(cohorts)
          .where(inArray(sql`lower(trim(${cohorts.name}))`, wanted))
          .all();
  const cohortsByName = new Map<string, typeof cohortRows>();
  for (const cohort of cohortRows) {
    const key = cohort.name.trim().toLowerCase();
    cohortsByName.set(key, [...(cohortsByName.get(key) ?? []), cohort]);
  }
  return { taken, cohortsByName };
}

/** Sorts every row into accepted (what it would create) and refused (with every reason). */
function checkRows(db: DbOrTransaction, rows: FileRow[]): { accepted: AcceptedRow[]; refused: RefusedRow[] } {
  const { taken, cohortsByName } = lookups(db, rows);
  const linesOf = new Map<string, number[]>();
  for (const row of rows) {
    const parsed = usernameSchema.safeParse(row.cells.username);
    if (parsed.success && !row.malformed) linesOf.set(parsed.data, [...(linesOf.get(parsed.data) ?? []), row.line]);
  }
  const accepted: AcceptedRow[] = [];
  const refused: RefusedRow[] = [];
  for (const row of rows) {
    if (row.malformed) {
      refused.push({ line: row.line, cells: row.cells, problems: [{ field: null, message: row.malformed }] });
      continue;
    }
    const problems: ImportProblem[] = [];
    const username = usernameSchema.safeParse(row.cells.username);
    if (!username.success)
      problems.push({
        field: 'username',
        message: row.cells.username ? username.error.issues[0]!.message : 'Enter a username.',
      });
    else if (taken.has(username.data))
      problems.push({ field: 'username', message: `The username ${quoted(username.data)} is taken by an account.` });
    else if ((linesOf.get(username.data)?.length ?? 0) > 1)
      problems.push({
        field: 'username',
        message: `The username ${quoted(username.data)} is on lines ${listInWords(
          linesOf.get(username.data)!.map(String),
        )} of the file: give each account one row.`,
      });
    const displayName = displayNameSchema.safeParse(row.cells.displayName);
    if (!displayName.success) problems.push({ field: 'displayName', message: displayName.error.issues[0]!.message });
    const role = ROLE_NAMES[row.cells.role.toLowerCase()];
    if (!role)
      problems.push({
        field: 'role',
        message: row.cells.role
          ? `${quoted(row.cells.role)} is not a role: write ${listInWords([...roles].reverse())}.`
          : `Enter a role: ${listInWords([...roles].reverse())}.`,
      });
    let cohort: AcceptedRow['cohort'] = null;
    if (row.cells.cohort) {
      const named = cohortsByName.get(row.cells.cohort.toLowerCase()) ?? [];
      const open = named.filter((candidate) => !candidate.archivedAt);
      if (role && role !== 'trainee')
        problems.push({
          field: 'cohort',
          message: `Only trainees can be members of a cohort: leave the cohort empty for ${
            role === 'admin' ? 'an administrator' : 'an instructor'
          }.`,
        });
      else if (named.length === 0)
        problems.push({ field: 'cohort', message: `There is no cohort named ${quoted(row.cells.cohort)}.` });
      else if (open.length === 0)
        problems.push({
          field: 'cohort',
          message: `The cohort ${quoted(named[0]!.name)} is archived: nobody can join it any more.`,
        });
      else if (open.length > 1)
        problems.push({
          field: 'cohort',
          message: `${open.length} cohorts are named ${quoted(open[0]!.name)}: rename one, then import again.`,
        });
      else cohort = { id: open[0]!.id, name: open[0]!.name };
    }
    if (problems.length > 0 || !username.success || !displayName.success || !role)
      refused.push({ line: row.line, cells: row.cells, problems });
    else accepted.push({ line: row.line, username: username.data, displayName: displayName.data, role, cohort });
  }
  return { accepted, refused };
}

/** What an import of the file would do, row by row, without writing anything. */
export function previewImport(ctx: ServiceContext, actor: Actor, csv: string): ImportPreview {
  requireAdmin(actor);
  const rows = readImportFile(csv);
  return { dryRun: true, rows: rows.length, ...checkRows(ctx.db, rows) };
}

/**
 * Creates the accounts of every acceptable row in one transaction, each with a one-time link to set
 * its password (and a trainee in its cohort), and reports the refused rows. The rows are checked
 * again inside the transaction: whatever changed since the preview counts, and an unexpected failure
 * leaves nothing written.
 */
export async function importAccounts(ctx: ServiceContext, actor: Actor, csv: string): Promise<ImportReport> {
  requireAdmin(actor);
  const rows = readImportFile(csv);
  // One scrypt for the whole file, not one per row (hundreds would hold the request for seconds): the
  // secret is random and forgotten at once, so no password opens any of these accounts until its
  // link is used, as for an account created alone.
  const unusable = await unusablePasswordHash(ctx);
  return ctx.writes.run((tx: Transaction, afterCommit: AfterCommit) => {
    const { accepted, refused } = checkRows(tx, rows);
    const now = ctx.now();
    const created = accepted.map((row): CreatedRow => {
      const account = insertUser(
        ctx,
        tx,
        { username: row.username, displayName: row.displayName, role: row.role, passwordHash: unusable },
        actor,
      );
      const link = issuePasswordLink(ctx, tx, { userId: account.id, purpose: 'new_account', createdBy: actor });
      if (row.cohort)
        insertMember(ctx, tx, afterCommit, {
          cohortId: row.cohort.id,
          userId: account.id,
          by: actor,
          details: { import: true },
        });
      return { ...row, id: account.id, link };
    });
    recordAudit(tx, {
      actorId: actor.id,
      action: 'user.import',
      subject: 'accounts',
      details: {
        rows: rows.length,
        created: created.length,
        refused: refused.length,
        refusedLines: refused.map((row) => row.line),
      },
      at: now,
    });
    return { dryRun: false, rows: rows.length, created, refused };
  });
}
