/**
 * The storm's viewers, in a child process of their own so that 3,000 streams and their refetches do
 * not delay the answers and health checks the benchmark times. Each viewer holds one event stream
 * on the cohort's board, as the scoreboard page does, and keeps the racers' points as its board last
 * showed them:
 *   - an event whose data holds rows (objects with points and a name or user id: a whole board or just
 *     what changed) is applied as it arrives;
 *   - any other event (today's `scores` notice) makes the viewer GET the board as itself, as the page
 *     does; one request at a time per viewer, and a notice during a request makes it ask once more after.
 * The benchmark reports each acknowledged solve (racer, the points it gave, when its 201 arrived);
 * a viewer reflects a solve from the moment its board shows that racer with at least those points.
 */
import { request, Agent, type IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface StormRacer {
  userId: number;
  name: string;
  pseudonym: string;
  /** Points before the storm. */
  points: number;
}

export interface StormStreamsInput {
  url: string;
  cohortId: number;
  /** Session tokens of the viewers; viewer k uses token (firstViewer + k) modulo their number. */
  tokens: string[];
  /** This process's viewers: `streams` of them, numbered from firstViewer among all processes'. */
  firstViewer: number;
  streams: number;
  racers: StormRacer[];
  /** Rows a refetched board asks for (the page's default). */
  boardRows: number;
  refetchSockets: number;
}

/** From the benchmark: what to open, a solve was acknowledged, or the storm is over. */
export type StormCommand =
  | { type: 'start'; input: StormStreamsInput }
  | { type: 'solve'; racer: number; points: number; ackAt: number }
  | { type: 'finish'; graceMs: number };

export interface StormStreamsResult {
  /** Per solve, in the order reported: ms from its acknowledgement until the last viewer reflected it, or null. */
  solveLatencies: (number | null)[];
  /**
   * Over every viewer and solve reflected: how many reflected it after each whole number of ms, as
   * [ms, count] pairs (a histogram: several processes' are added up, and a million latencies would
   * make the message slow to pass).
   */
  viewerLatencies: [number, number][];
  eventsWithRows: number;
  notices: number;
  refetches: number;
  refetchErrors: number;
  drops: number;
}

/** From the viewers' process: the streams are open (or failed to), then the result. */
export type StormReport =
  | { type: 'open'; opened: number; failed: number; ms: number }
  | { type: 'result'; result: StormStreamsResult };

const clock = () => performance.timeOrigin + performance.now();

interface Row {
  points: number;
  name?: unknown;
  userId?: unknown;
}

/** The rows of a board or event: those of a board it carries where it has one, otherwise collected (collectRows). */
function rowsOf(value: unknown): Row[] {
  const rows = (value as { board?: { rows?: unknown } } | null)?.board?.rows;
  return Array.isArray(rows) ? collectRows(rows) : collectRows(value);
}

/** Every row-like object (points with a name or user id) anywhere in a parsed board or event. */
function collectRows(value: unknown, rows: Row[] = []): Row[] {
  if (Array.isArray(value)) for (const item of value) collectRows(item, rows);
  else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (typeof object.points === 'number' && (typeof object.name === 'string' || typeof object.userId === 'number'))
      rows.push(object as unknown as Row);
    for (const field of Object.values(object)) if (typeof field === 'object') collectRows(field, rows);
  }
  return rows;
}

interface Solve {
  racer: number;
  points: number;
  ackAt: number;
  /** Viewers that have not reflected it yet. */
  remaining: number;
  lastReflectedAt: number;
}

const report = (message: StormReport, sent?: () => void) => process.send!(message, undefined, {}, sent);

function runStreams(input: StormStreamsInput): void {
  const racerByKey = new Map<unknown, number>();
  input.racers.forEach((racer, index) => {
    racerByKey.set(racer.name, index);
    racerByKey.set(racer.pseudonym, index);
    racerByKey.set(racer.userId, index);
  });
  // Per racer, the acknowledged solves in the order of their points (a racer answers one at a time).
  const solvesByRacer = input.racers.map((): Solve[] => []);
  const solves: Solve[] = [];
  const viewerLatencies = new Map<number, number>();
  const counts = { eventsWithRows: 0, notices: 0, refetches: 0, refetchErrors: 0, drops: 0 };
  let finishing = false;
  let onAllReflected = () => {};

  const streamAgent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const boardAgent = new Agent({ keepAlive: true, maxSockets: input.refetchSockets });
  const boardPath = `/api/scoreboard/${input.cohortId}?limit=${input.boardRows}`;

  const reflect = (solve: Solve, at: number) => {
    const latency = Math.max(0, at - solve.ackAt);
    const ms = Math.round(latency);
    viewerLatencies.set(ms, (viewerLatencies.get(ms) ?? 0) + 1);
    solve.remaining--;
    solve.lastReflectedAt = Math.max(solve.lastReflectedAt, at);
    if (finishing && solves.every((each) => each.remaining === 0)) onAllReflected();
  };

  class Viewer {
    /** Each racer's points as this viewer's board last showed them. */
    readonly seen = input.racers.map((racer) => racer.points);
    readonly seenAt = input.racers.map(() => 0);
    private fetching = false;
    private again = false;
    stream: IncomingMessage | undefined;

    constructor(readonly cookie: string) {}

    /** Applies a board or a change: a racer's points going up reflects their solves up to those points. */
    apply(rows: Row[]): void {
      const at = clock();
      for (const row of rows) {
        const racer = racerByKey.get(typeof row.userId === 'number' ? row.userId : row.name);
        if (racer === undefined || row.points <= this.seen[racer]!) continue;
        const before = this.seen[racer]!;
        this.seen[racer] = row.points;
        this.seenAt[racer] = at;
        for (const solve of solvesByRacer[racer]!)
          if (solve.points > before && solve.points <= row.points) reflect(solve, at);
      }
    }

    refetch(): void {
      if (this.fetching) {
        this.again = true;
        return;
      }
      this.fetching = true;
      this.again = false;
      counts.refetches++;
      const done = (rows: Row[] | undefined) => {
        this.fetching = false;
        if (rows) this.apply(rows);
        else {
          counts.refetchErrors++;
          this.again = true;
        }
        if (this.again) setTimeout(() => this.refetch(), rows ? 0 : 250);
      };
      const req = request(
        `${input.url}${boardPath}`,
        { agent: boardAgent, headers: { cookie: this.cookie, 'accept-encoding': 'gzip' } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', () => done(undefined));
          response.on('end', () => {
            if (response.statusCode !== 200) return done(undefined);
            try {
              const body = Buffer.concat(chunks);
              const text = (response.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString();
              done(rowsOf({ board: JSON.parse(text) }));
            } catch {
              done(undefined);
            }
          });
        },
      );
      // A kept-alive socket the server has just closed fails at once: the retry above asks again.
      req.on('error', () => done(undefined));
      req.end();
    }

    /** Opens the stream; resolves once the server's first line arrived, rejects on a refusal. */
    open(): Promise<void> {
      return new Promise((resolve, reject) => {
        const req = request(
          `${input.url}/api/scoreboard/${input.cohortId}/stream`,
          { agent: streamAgent, headers: { cookie: this.cookie, accept: 'text/event-stream' } },
          (response) => {
            if (response.statusCode !== 200) {
              response.resume();
              return reject(new Error(`stream refused: ${response.statusCode}`));
            }
            this.stream = response;
            response.setEncoding('utf8');
            let buffer = '';
            let connected = false;
            response.on('data', (chunk: string) => {
              if (!connected) {
                connected = true;
                resolve();
              }
              buffer += chunk;
              let end = buffer.indexOf('\n\n');
              while (end >= 0) {
                this.onBlock(buffer.slice(0, end));
                buffer = buffer.slice(end + 2);
                end = buffer.indexOf('\n\n');
              }
            });
            const dropped = () => {
              if (!connected) return reject(new Error('stream closed before it started'));
              if (stopped) return;
              // As a browser does: reconnect, and reload the board, since notices may have been missed.
              counts.drops++;
              setTimeout(() => {
                if (!stopped)
                  this.open().then(
                    () => this.refetch(),
                    () => counts.drops++,
                  );
              }, 500);
            };
            response.on('end', dropped);
            response.on('error', dropped);
          },
        );
        req.on('error', reject);
        req.end();
      });
    }

    private onBlock(block: string): void {
      const data: string[] = [];
      let isEvent = false;
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || line === '') continue;
        isEvent = true;
        if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
      }
      if (!isEvent) return;
      let rows: Row[] = [];
      try {
        rows = rowsOf(JSON.parse(data.join('\n')));
      } catch {
        // Not JSON: a plain notice.
      }
      if (rows.length > 0) {
        counts.eventsWithRows++;
        this.apply(rows);
      } else {
        counts.notices++;
        this.refetch();
      }
    }
  }

  let stopped = false;
  const viewers = Array.from(
    { length: input.streams },
    (_, index) => new Viewer(`casebench_session=${input.tokens[(input.firstViewer + index) % input.tokens.length]}`),
  );

  const openAll = async () => {
    const started = clock();
    let opened = 0;
    let failed = 0;
    let next = 0;
    // A few at a time, as a class arriving: 3,000 connections at once would only measure the accept queue.
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < viewers.length) {
          const viewer = viewers[next++]!;
          await viewer.open().then(
            () => opened++,
            () => failed++,
          );
        }
      }),
    );
    report({ type: 'open', opened, failed, ms: Math.round(clock() - started) });
  };

  process.on('message', (command: StormCommand) => {
    if (command.type === 'start') return;
    if (command.type === 'solve') {
      const solve: Solve = { ...command, remaining: viewers.length, lastReflectedAt: command.ackAt };
      solves.push(solve);
      solvesByRacer[command.racer]!.push(solve);
      // A viewer whose board already showed it (the GET crossed the acknowledgement) reflected it then.
      for (const viewer of viewers)
        if (viewer.seen[command.racer]! >= command.points) reflect(solve, viewer.seenAt[command.racer]!);
      return;
    }
    finishing = true;
    const finish = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(grace);
      for (const viewer of viewers) viewer.stream?.destroy();
      streamAgent.destroy();
      boardAgent.destroy();
      const result: StormStreamsResult = {
        solveLatencies: solves.map((solve) => (solve.remaining === 0 ? solve.lastReflectedAt - solve.ackAt : null)),
        viewerLatencies: [...viewerLatencies],
        ...counts,
      };
      // Disconnected only once the result is written, so that it is not lost on the way.
      report({ type: 'result', result }, () => process.disconnect());
    };
    onAllReflected = finish;
    const grace = setTimeout(finish, command.graceMs);
    if (solves.every((solve) => solve.remaining === 0)) finish();
  });

  void openAll();
}

process.once('message', (command: StormCommand) => {
  if (command.type === 'start') runStreams(command.input);
});
