import { settled } from './manual-clock.ts';

/** One server-sent event: its type ('message' unless named), its id if it has one, and its data lines joined. */
export interface ServerSentEvent {
  type: string;
  id?: string;
  data: string;
}

/**
 * Reads a server-sent event stream, from `app.request` or from `fetch` to a real server. Two ways to
 * read: `next()` and `ended()` wait for what the server sends (a real server, real time); `ready()`
 * and `closed()` take only what has already arrived once the work in flight has settled, so with a
 * manual clock "no event yet" is a fact about the clock, not about how long the test waited.
 */
export class EventStream {
  /** Everything received, as text. */
  text = '';
  /** The comment lines received (': heartbeat' arrives as 'heartbeat'). */
  readonly comments: string[] = [];
  private readonly events: ServerSentEvent[] = [];
  private readonly decoder = new TextDecoder();
  private unparsed = '';
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  private done = false;

  private constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The stream of a response, which must be a 200 event stream (otherwise this throws with what came instead). */
  static async open(response: Response | Promise<Response>): Promise<EventStream> {
    const answer = await response;
    const type = answer.headers.get('content-type') ?? '';
    if (answer.status !== 200 || !type.startsWith('text/event-stream') || !answer.body)
      throw new Error(`expected an event stream, got ${answer.status} ${type}: ${await answer.text()}`);
    return new EventStream(answer.body.getReader());
  }

  /** The next event, waiting for it as long as it takes; throws if the stream ends first. */
  async next(): Promise<ServerSentEvent> {
    while (this.events.length === 0) {
      if (this.done) throw new Error(`the stream ended before the next event; it sent:\n${this.text}`);
      await this.read(true);
    }
    return this.events.shift()!;
  }

  /** The events that have arrived and not been taken yet, once the work in flight has settled; never waits for more. */
  async ready(): Promise<ServerSentEvent[]> {
    await this.drain();
    return this.events.splice(0);
  }

  /** Whether the server has ended the stream, judged from what has arrived once the work in flight has settled. */
  async closed(): Promise<boolean> {
    await this.drain();
    return this.done;
  }

  /** Waits for the stream's first bytes: the server has started it. */
  async started(): Promise<void> {
    while (this.text === '' && !this.done) await this.read(true);
  }

  /** Waits until the server ends the stream (a reset connection counts); returns the events not taken yet. */
  async ended(): Promise<ServerSentEvent[]> {
    while (!this.done) await this.read(true);
    return this.events.splice(0);
  }

  /** Hangs up, as a browser closing the page does, and lets the server's clean-up run. */
  async cancel(): Promise<void> {
    this.done = true;
    await this.reader.cancel().catch(() => {});
    await settled();
  }

  /** Reads every chunk that has arrived once the work in flight has settled. */
  private async drain(): Promise<void> {
    while (!this.done && (await this.read(false)));
  }

  /** Reads one chunk, or reports that none is ready (`wait` false) once the work in flight has settled. */
  private async read(wait: boolean): Promise<boolean> {
    this.pending ??= this.reader.read();
    const result = wait ? await this.pending.catch(() => 'reset' as const) : await this.readyOrNothing(this.pending);
    if (result === undefined) return false;
    this.pending = undefined;
    if (result === 'reset' || result.done) {
      this.done = true;
      return false;
    }
    const text = this.decoder.decode(result.value, { stream: true });
    this.text += text;
    this.unparsed += text;
    this.parse();
    return true;
  }

  private async readyOrNothing(
    read: Promise<ReadableStreamReadResult<Uint8Array>>,
  ): Promise<ReadableStreamReadResult<Uint8Array> | 'reset' | undefined> {
    return Promise.race([read.catch(() => 'reset' as const), settled().then(() => undefined)]);
  }

  /** Splits complete blocks (ended by a blank line) into events and comments, as EventSource does. */
  private parse(): void {
    const blocks = this.unparsed.split(/\r\n\r\n|\n\n|\r\r/u);
    this.unparsed = blocks.pop()!;
    for (const block of blocks) {
      let type = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split(/\r\n|\n|\r/u)) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /u, '');
        if (field === '') this.comments.push(value);
        else if (field === 'event') type = value;
        else if (field === 'id') id = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) this.events.push({ type, ...(id === undefined ? {} : { id }), data: data.join('\n') });
    }
  }
}
