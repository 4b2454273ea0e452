import { perConnection } from '../../db/per-connection.ts';
import { type DatabaseStamp, readDatabaseStamp } from '../../db/access-cache.ts';
import { eq } from 'drizzle-orm';
import { cohorts, users } from '../../db/schema.ts';
import { recordAudit } from '../accounts/audit.ts';

import type { Actor, ServiceContext } from '../context.ts';
import {
  accessEpochOf,
  assignedLabIds,
  describeScoreboardCohort,
  frozenForTrainees,
  keptBoardAccess,
  type ScoreboardAccess,
  type ScoreboardCohort,
  type ScoreboardVisibility,
} from './access.ts';
import { forgetFrozenBoard, frozenStandings, type Standing, type Standings } from './standings.ts';
import { liveStandings } from './board-cache.ts';
import { requireOwnCohort } from '../policy.ts';
import { inJsonList, isoOrNull, jsonList } from '../../db/sql.ts';

export { listScoreboards, type ScoreboardCohort } from './access.ts';

/** One line of a board, named the way the caller may see it. */
export interface ScoreboardRow {
  rank: number;
  /** Only for staff and on the caller's own row: trainees never get other members' ids. */
  userId: number | null;
  /** A display name or a pseudonym, by the cohort's visibility and who asks. */
  name: string;
  /** The member's pseudonym, for staff and on the caller's own row; otherwise null. */
  pseudonym: string | null;
  points: number;
  tasksSolved: number;
  /** When the points last went up (ISO), or null. */
  lastScoredAt: string | null;
  /** Points per assigned lab, in the order of the board's `labs`. */
  labPoints: number[];
  /** The caller's own row. */
  me: boolean;
}

export interface Scoreboard {
  cohort: ScoreboardCohort;
  /** This board is the one frozen at cohort.freezeAt (trainees after the freeze); staff always get the live one. */
  frozen: boolean;
  /** 'own-row': a trainee of a cohort with a hidden scoreboard gets only their own row. */
  view: 'full' | 'own-row';
  labs: { id: string; title: string }[];
  rows: ScoreboardRow[];
  /** Members ranked, including those with no points yet. */
  total: number;
}

/** What a caller's view of a board is made of: whose it is, which ranking, and how much of it. */
export interface BoardView {
  access: ScoreboardAccess;
  actor: Actor;
  frozen: boolean;
  ownRowOnly: boolean;
  labIds: string[];
  standings: Standings;
}

/** Opens the board the caller may see: live for staff and before the freeze, frozen for trainees after it. */
export function openBoardView(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  /** Read now when not given: a stamp read earlier in the request serves as well (the board is as of then). */
  stamp: DatabaseStamp = readDatabaseStamp(ctx.db),
): BoardView & { epoch: number } {
  const { access, labIds, epoch } = keptBoardAccess(ctx, actor, cohortId, stamp.epoch);
  return { access, actor, ...boardBasis(ctx, access, labIds, stamp.dataVersion), epoch };
}

/** What every viewer of one kind (staff or not) of a cohort looks at: which ranking, and how much of it. */
export function boardBasis(
  ctx: ServiceContext,
  access: ScoreboardAccess,
  labIds = assignedLabIds(ctx, access.cohort.id),
  /** This connection's data_version, when the caller has just read it. */
  dataVersion?: number,
): Omit<BoardView, 'access' | 'actor'> {
  const { cohort } = access;
  const frozen = !access.staff && frozenForTrainees(ctx, cohort);
  const standings = frozen
    ? frozenStandings(ctx, cohort.id, cohort.freezeAt!, labIds)
    : liveStandings(ctx, cohort.id, labIds, dataVersion);
  return {
    frozen,
    ownRowOnly: !access.staff && cohort.scoreboardVisibility === 'hidden',
    labIds,
    standings,
  };
}

const nameStatements = perConnection((db) => {
  const ids = inJsonList(users.id, 'userIds');
  return {
    realNames: db
      .select({ id: users.id, displayName: users.displayName, pseudonym: users.pseudonym })
      .from(users)
      .where(ids)
      .prepare(),
    pseudonyms: db.select({ id: users.id, pseudonym: users.pseudonym }).from(users).where(ids).prepare(),
  };
});

/** Enough for every member of several large cohorts; past it the names are read again. */
const MAX_KEPT_NAMES = 50_000;

/**
 * Members' names as read, kept per connection while the access epoch stays (a display name that
 * changes moves it; pseudonyms never change). Real names are kept apart and only once read for a
 * board that may show them.
 */
const keptNames = perConnection(() => ({
  epoch: -1,
  realNames: new Map<number, { displayName: string; pseudonym: string }>(),
  pseudonyms: new Map<number, string>(),
}));

/** The members' names from `kept`, reading the missing ones with `read` (once, for all of them). */
function namesOf<Name>(
  kept: Map<number, Name>,
  userIds: number[],
  read: (missing: number[]) => [number, Name][],
): [number, Name][] {
  const missing = userIds.filter((userId) => !kept.has(userId));
  if (missing.length > 0) {
    if (kept.size + missing.length > MAX_KEPT_NAMES) kept.clear();
    for (const [userId, name] of read(missing)) kept.set(userId, name);
  }
  return userIds.flatMap((userId): [number, Name][] => {
    const name = kept.get(userId);
    return name === undefined ? [] : [[userId, name]];
  });
}

export interface ShownName {
  userId: number | null;
  name: string;
  pseudonym: string | null;
  me: boolean;
}

/**
 * The names a caller may see for these members: the one place that decides it. Staff see real names;
 * a trainee sees real names only in 'names' mode, and otherwise pseudonyms, with their own display
 * name on their own row. In that case other members' real names are not even read from the database.
 * Without an actor, every row is named as someone else's (the rows a kind of viewer shares).
 */
export function namesFor(
  ctx: ServiceContext,
  view: { access: ScoreboardAccess; actor: Actor | undefined },
  userIds: number[],
  /** The access epoch, when the caller has just read it. */
  epoch = accessEpochOf(ctx),
): Map<number, ShownName> {
  const { access, actor } = view;
  const shown = new Map<number, ShownName>();
  if (userIds.length === 0) return shown;
  const statements = nameStatements(ctx.db);
  const kept = keptNames(ctx.db);
  if (kept.epoch !== epoch) {
    kept.epoch = epoch;
    kept.realNames.clear();
    kept.pseudonyms.clear();
  }
  const visibility: ScoreboardVisibility = access.staff ? 'names' : access.cohort.scoreboardVisibility;
  if (visibility === 'names') {
    const read = (missing: number[]) =>
      statements.realNames
        .all({ userIds: jsonList(missing) })
        .map((user): [number, { displayName: string; pseudonym: string }] => [user.id, user]);
    for (const [id, user] of namesOf(kept.realNames, userIds, read)) {
      const me = !access.staff && id === actor?.id;
      shown.set(id, {
        userId: access.staff || me ? id : null,
        name: user.displayName,
        pseudonym: access.staff || me ? user.pseudonym : null,
        me,
      });
    }
    return shown;
  }
  const read = (missing: number[]) =>
    statements.pseudonyms
      .all({ userIds: jsonList(missing) })
      .map((user): [number, string] => [user.id, user.pseudonym]);
  for (const [id, pseudonym] of namesOf(kept.pseudonyms, userIds, read)) {
    if (actor && id === actor.id) shown.set(id, { userId: id, name: actor.displayName, pseudonym, me: true });
    else shown.set(id, { userId: null, name: pseudonym, pseudonym: null, me: false });
  }
  return shown;
}

/**
 * The members a view lists: the first `limit` of the board that pass `shown` (all by default) plus the
 * caller's own row, or only the own row.
 */
export function listedStandings(view: BoardView, limit: number, shown = (_: Standing) => true): Standing[] {
  const own = view.access.staff ? undefined : view.standings.standingOf(view.actor.id);
  if (view.ownRowOnly) return own ? [own] : [];
  const listed = view.standings.top(limit).filter(shown);
  if (own && !listed.some((standing) => standing.userId === own.userId)) listed.push(own);
  return listed;
}

/** What the board and its chart say about the board itself. */
export function boardHeading(view: BoardView) {
  return {
    cohort: describeScoreboardCohort(view.access.cohort),
    frozen: view.frozen,
    view: view.ownRowOnly ? ('own-row' as const) : ('full' as const),
  };
}

/** A member's place and points under the name the caller may see (see namesFor). */
export function namedStanding(names: Map<number, ShownName>, standing: Standing) {
  const name = names.get(standing.userId) ?? { userId: null, name: '(unknown)', pseudonym: null, me: false };
  return {
    rank: standing.rank,
    userId: name.userId,
    name: name.name,
    pseudonym: name.pseudonym,
    points: standing.points,
    me: name.me,
  };
}

/** The labs behind the board's columns, with their titles (the id when a lab is no longer in the library). */
export function boardLabs(ctx: ServiceContext, labIds: string[]): Scoreboard['labs'] {
  return labIds.map((id) => ({ id, title: ctx.library.labs.get(id)?.definition.title ?? id }));
}

/**
 * A cohort's scoreboard as the caller may see it: the first `limit` rows, the caller's own row
 * whatever their rank, and the points per assigned lab of the rows shown.
 */
export function getScoreboard(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { limit: number },
): Scoreboard {
  const { shared, own } = callersBoard(ctx, actor, cohortId, options.limit);
  return withOwnRow(shared, own);
}

/** getScoreboard as JSON text: the shared part is serialised once per change, a caller adds their own row. */
export function getScoreboardJson(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  options: { limit: number },
  /** Where the database stood as the request began, when the request has read it already. */
  stamp?: DatabaseStamp,
): string {
  const view = openBoardView(ctx, actor, cohortId, stamp);
  return boardJson(keptSharedBoard(ctx, view, options.limit, view.epoch), keptOwnRowJson(ctx, view, view.epoch));
}

/** The two parts of the caller's board, with the access epoch read once for both. */
function callersBoard(ctx: ServiceContext, actor: Actor, cohortId: number, limit: number) {
  const view = openBoardView(ctx, actor, cohortId);
  return { shared: keptSharedBoard(ctx, view, limit, view.epoch), own: ownRow(ctx, view, view.epoch) };
}

/** Enough for every trainee of several large cohorts; past it a cohort's rows are made again. */
const MAX_KEPT_OWN_ROWS = 20_000;

/**
 * Trainees' own rows as JSON, per cohort, for the standings version and access epoch they were made
 * at (the epoch covers names, visibility and assigned labs): a trainee who reloads a board that has
 * not changed gets the row made for their previous request. null: no row of their own.
 */
const keptOwnRows = perConnection(() => new Map<number, { made: string; rows: Map<number, string | null> }>());

/** ownRow as JSON text, kept while nothing it shows may have changed (see keptOwnRows). */
function keptOwnRowJson(ctx: ServiceContext, view: BoardView, epoch: number): OwnRowJson | undefined {
  if (view.access.staff) return undefined;
  const made = `${epoch}|${view.standings.version}|${view.frozen}`;
  const cohorts = keptOwnRows(ctx.db);
  let kept = cohorts.get(view.access.cohort.id);
  if (kept?.made !== made || kept.rows.size >= MAX_KEPT_OWN_ROWS)
    cohorts.set(view.access.cohort.id, (kept = { made, rows: new Map() }));
  let json = kept.rows.get(view.actor.id);
  if (json === undefined) {
    const own = ownRow(ctx, view, epoch);
    json = own ? JSON.stringify(own.row) : null;
    kept.rows.set(view.actor.id, json);
  }
  return json === null ? undefined : { userId: view.actor.id, json };
}

/**
 * A board as every viewer of one kind sees it (staff; or trainees under one visibility, frozen or
 * not), for one page size: the board of a viewer who is on none of its rows. Each viewer's own row
 * is put in afterwards (withOwnRow), so one of these serves all of them.
 */
export interface SharedBoard {
  board: Scoreboard;
  /** The members of board.rows, in order. */
  userIds: number[];
  /** board as JSON around its rows, made at the first use (boardJson). */
  json?: { before: string; rows: string[]; after: string };
  /** The same as bytes, for streams: the whole board, and the board up to the end of its rows (boardPieces). */
  bytes?: { whole: Buffer; open: Buffer };
}

/** A viewer's own row, as only they may see it. */
export interface OwnRow {
  userId: number;
  row: ScoreboardRow;
}

/** An own row as JSON text (JSON.stringify of OwnRow's row). */
export interface OwnRowJson {
  userId: number;
  json: string;
}

/** The rows of these members, named as `names` has them, with their solved tasks and points per lab. */
function boardRows(view: BoardView, listed: Standing[], names: Map<number, ShownName>): ScoreboardRow[] {
  const labPoints = view.standings.labPoints(listed.map((standing) => standing.userId));
  return listed.map(
    (standing): ScoreboardRow => ({
      ...namedStanding(names, standing),
      tasksSolved: standing.tasksSolved,
      lastScoredAt: isoOrNull(standing.lastScoredAt),
      labPoints: labPoints.get(standing.userId) ?? view.labIds.map(() => 0),
    }),
  );
}

/** The board of the view's kind without the caller's own row (see SharedBoard); the caller's id is not used. */
function sharedBoard(ctx: ServiceContext, view: BoardView, limit: number): SharedBoard {
  const listed = view.ownRowOnly ? [] : view.standings.top(limit);
  const userIds = listed.map((standing) => standing.userId);
  // Named as for a caller on none of these rows: a trainee's own row is named apart (ownRow).
  const names = namesFor(ctx, { access: view.access, actor: undefined }, userIds);
  return {
    board: {
      ...boardHeading(view),
      labs: boardLabs(ctx, view.labIds),
      rows: boardRows(view, listed, names),
      total: view.standings.total,
    },
    userIds,
  };
}

/**
 * Everything a shared board depends on besides the standings, the names and the cohort's row and
 * labs (which move the access epoch the boards are kept under): viewers of one kind share it.
 */
function boardKind(view: BoardView, limit: number): string {
  return `${limit}|${view.access.staff}|${view.frozen}|${view.ownRowOnly}`;
}

/** Kinds of board kept per standings version: page sizes times kinds of viewer; past it they are built again. */
const MAX_KINDS = 32;
/** Versions kept per cohort: the live standings and a frozen one, with room for a change in between. */
const MAX_VERSIONS = 4;

/**
 * The shared boards built, per cohort: by the access epoch (names, memberships, labs, the cohort's
 * settings), then by the
 * standings' version, then by kind (boardKind). A board is built once per change and kind, and
 * served to every viewer of that kind from then on.
 */
const keptBoards = perConnection(
  () => new Map<number, { epoch: number; versions: Map<string, Map<string, SharedBoard>> }>(),
);

/** sharedBoard, built once per change of what it shows and kept for every viewer of its kind. */
export function keptSharedBoard(
  ctx: ServiceContext,
  view: BoardView,
  limit: number,
  epoch = accessEpochOf(ctx),
): SharedBoard {
  const cohorts = keptBoards(ctx.db);
  let cohort = cohorts.get(view.access.cohort.id);
  if (cohort?.epoch !== epoch) cohorts.set(view.access.cohort.id, (cohort = { epoch, versions: new Map() }));
  const version = view.standings.version;
  let kinds = cohort.versions.get(version);
  if (!kinds) {
    if (cohort.versions.size >= MAX_VERSIONS) cohort.versions.delete(cohort.versions.keys().next().value!);
    cohort.versions.set(version, (kinds = new Map()));
  }
  const kind = boardKind(view, limit);
  let board = kinds.get(kind);
  if (!board) {
    if (kinds.size >= MAX_KINDS) kinds.clear();
    kinds.set(kind, (board = sharedBoard(ctx, view, limit)));
  }
  return board;
}

/** The caller's own row, for a trainee (staff have none); undefined for someone not ranked on the board. */
export function ownRow(ctx: ServiceContext, view: BoardView, epoch = accessEpochOf(ctx)): OwnRow | undefined {
  if (view.access.staff) return undefined;
  const own = view.standings.standingOf(view.actor.id);
  if (!own) return undefined;
  return { userId: own.userId, row: boardRows(view, [own], namesFor(ctx, view, [own.userId], epoch))[0]! };
}

/** The rows with the own row in its member's place when they are listed, after them otherwise. */
function placeOwnRow<Row>(rows: Row[], userIds: number[], userId: number, own: Row): Row[] {
  const placed = rows.slice();
  const at = userIds.indexOf(userId);
  if (at >= 0) placed[at] = own;
  else placed.push(own);
  return placed;
}

/** The board a caller sees: the shared one with their own row put in. */
export function withOwnRow(shared: SharedBoard, own: OwnRow | undefined): Scoreboard {
  if (!own) return shared.board;
  return { ...shared.board, rows: placeOwnRow(shared.board.rows, shared.userIds, own.userId, own.row) };
}

/**
 * withOwnRow as JSON text (what JSON.stringify(withOwnRow(...)) gives): the shared board is
 * serialised once and kept, a viewer costs only their own row.
 */
export function boardJson(shared: SharedBoard, own: OwnRowJson | undefined): string {
  const { before, rows, after } = sharedJson(shared);
  const placed = own ? placeOwnRow(rows, shared.userIds, own.userId, own.json) : rows;
  return before + placed.join(',') + after;
}

/**
 * boardJson in pieces whose concatenation is that text, for writing to many streams: the part every
 * viewer of the kind shares is encoded once and the same bytes go to each of them, so that a viewer
 * costs only their own row (`ownJson`, that row's JSON) and not a copy of the whole board.
 */
export function boardPieces(shared: SharedBoard, own: OwnRowJson | undefined): (string | Buffer)[] {
  const { before, rows, after } = sharedJson(shared);
  if (!shared.bytes) {
    const open = before + rows.join(',');
    shared.bytes = { whole: Buffer.from(open + after), open: Buffer.from(open) };
  }
  if (!own) return [shared.bytes.whole];
  // Listed: their row is named in place, which changes the middle of the board (a few viewers at most).
  if (shared.userIds.includes(own.userId))
    return [before + placeOwnRow(rows, shared.userIds, own.userId, own.json).join(',') + after];
  return [shared.bytes.open, `${rows.length > 0 ? ',' : ''}${own.json}${after}`];
}

/** The shared board's JSON around its rows, made at the first use and kept with it. */
function sharedJson(shared: SharedBoard): NonNullable<SharedBoard['json']> {
  if (!shared.json) {
    const text = JSON.stringify({ ...shared.board, rows: [] });
    // JSON strings escape their quotes, so this can only be the board's own rows field.
    const rowsAt = text.indexOf('"rows":[]') + '"rows":['.length;
    shared.json = {
      before: text.slice(0, rowsAt),
      rows: shared.board.rows.map((row) => JSON.stringify(row)),
      after: text.slice(rowsAt),
    };
  }
  return shared.json;
}

export interface ScoreboardSettingsInput {
  visibility?: ScoreboardVisibility;
  /** A freeze time, null to lift the freeze, undefined to leave it. */
  freezeAt?: Date | null;
}

/**
 * Changes who sees what on a cohort's board (its instructor or an admin), recorded in the audit log
 * with the old and new values. Open boards are told to reload, since what they may show has changed.
 */
export async function updateScoreboardSettings(
  ctx: ServiceContext,
  actor: Actor,
  cohortId: number,
  input: ScoreboardSettingsInput,
): Promise<Pick<ScoreboardCohort, 'visibility' | 'freezeAt'>> {
  requireOwnCohort(ctx, actor, cohortId);
  return ctx.writes.run((tx, afterCommit) => {
    const current = tx
      .select({ visibility: cohorts.scoreboardVisibility, freezeAt: cohorts.freezeAt })
      .from(cohorts)
      .where(eq(cohorts.id, cohortId))
      .get()!;
    const before = { visibility: current.visibility, freezeAt: isoOrNull(current.freezeAt) };
    const next = {
      visibility: input.visibility ?? current.visibility,
      freezeAt: input.freezeAt === undefined ? current.freezeAt : input.freezeAt,
    };
    const after = { visibility: next.visibility, freezeAt: isoOrNull(next.freezeAt) };
    if (before.visibility === after.visibility && before.freezeAt === after.freezeAt) return after;
    tx.update(cohorts)
      .set({ scoreboardVisibility: next.visibility, freezeAt: next.freezeAt })
      .where(eq(cohorts.id, cohortId))
      .run();
    recordAudit(tx, {
      actorId: actor.id,
      action: 'scoreboard.settings',
      subject: `cohort:${cohortId}`,
      details: { before, after },
      at: ctx.now(),
    });
    afterCommit(() => {
      if (before.freezeAt !== after.freezeAt) forgetFrozenBoard(ctx, cohortId);
      // No member's points moved: kept boards stay as they are.
      ctx.events.emit('scores-changed', [cohortId], []);
    });
    return after;
  });
}
