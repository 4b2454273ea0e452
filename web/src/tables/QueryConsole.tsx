import { createSignal, For, lazy, Show, Suspense } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { runEvidenceQuery, type EvidenceTable, type QueryAnswer, type QueryProblem } from '../lib/evidence-queries.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { createQueryHistory, QUERY_NAME_LENGTH, type SavedQuery } from '../lib/query-history.ts';
import { tablesMentioned } from '../lib/sql-text.ts';
import { ResultGrid, type CitationSource } from './ResultGrid.tsx';

// Monaco comes with the console only.
const SqlEditor = lazy(() => import('../editor/SqlEditor.tsx'));

export interface QueryConsoleProps {
  labId: string;
  tables: EvidenceTable[];
  evidenceTitle: (evidenceId: string) => string;
  sql: string;
  onSql: (sql: string) => void;
  canCite: boolean;
  onShowLine: (evidenceId: string, line: number) => void;
}

/** The one table a query reads, with its artefact, when the answer has the line numbers to cite. */
export function citationFor(
  sql: string,
  answer: QueryAnswer,
  tables: EvidenceTable[],
  evidenceTitle: (evidenceId: string) => string,
): CitationSource | undefined {
  const read = tablesMentioned(
    sql,
    tables.map((table) => table.name),
  );
  const table = read.length === 1 ? tables.find((candidate) => candidate.name === read[0]) : undefined;
  if (!table || !answer.columns.some((column) => column.name === 'line')) return undefined;
  return { table: table.name, evidenceId: table.evidenceId, evidenceTitle: evidenceTitle(table.evidenceId) };
}

/** When a query of the history last ran, and what that run gave when it gave rows. */
function lastRunText(entry: SavedQuery): string {
  const time = formatDateTime(entry.lastRunAt);
  const run = entry.lastRun;
  if (!run) return t('tables.historyLastRun', { time });
  return t(run.truncated ? 'tables.historyLastRunMore' : 'tables.historyLastRunRows', {
    time,
    rows: run.rows.toLocaleString('en'),
    ms: run.elapsedMs.toLocaleString('en'),
  });
}

/** The SQL console: a query in Monaco, run with Ctrl+Enter or the Run button, its answer or its mistake, and the history. */
export function QueryConsole(props: QueryConsoleProps) {
  const history = createQueryHistory(props.labId);
  const [running, setRunning] = createSignal(false);
  const [answer, setAnswer] = createSignal<{ sql: string; answer: QueryAnswer }>();
  const [problem, setProblem] = createSignal<QueryProblem>();

  const run = async (sql = props.sql) => {
    const text = sql.trim();
    if (running()) return;
    if (!text) {
      setProblem({ code: 'bad_request', message: t('tables.emptyQuery') });
      return;
    }
    setRunning(true);
    setProblem(undefined);
    try {
      const outcome = await runEvidenceQuery(props.labId, text);
      if ('answer' in outcome) setAnswer({ sql: text, answer: outcome.answer });
      else {
        // The rows of an earlier query under a new mistake would read as the answer to it.
        setAnswer(undefined);
        setProblem(outcome.problem);
      }
    } finally {
      setRunning(false);
      // The server decides what it keeps (a run, a mistake, a query stopped at a limit): list it again.
      void history.refresh();
    }
  };

  const runAgain = (sql: string) => {
    props.onSql(sql);
    void run(sql);
  };

  return (
    <section class="query-console" aria-labelledby="console-title">
      <h3 id="console-title" class="visually-hidden">
        {t('tables.console')}
      </h3>
      <p class="muted small console-help">{t('tables.consoleHelp')}</p>
      <Suspense fallback={<p class="loading">{t('loading')}</p>}>
        <SqlEditor
          value={props.sql}
          onChange={(sql) => {
            props.onSql(sql);
            if (problem()) setProblem(undefined);
          }}
          onRun={() => void run()}
          tables={props.tables}
          problem={problem()}
        />
      </Suspense>
      <div class="console-actions">
        <button type="button" class="primary" onClick={() => void run()} disabled={running()}>
          {running() ? t('tables.running') : t('tables.run')}
        </button>
        <span class="muted small">{t('tables.runKeys')}</span>
      </div>
      <Show when={problem()}>
        {(shownProblem) => (
          <div class="error query-problem" role="alert" data-testid="query-problem">
            <p>{shownProblem().message}</p>
            {/* The server's message often says where already: the place is written out only when it does not. */}
            <Show
              when={
                shownProblem().position &&
                !shownProblem().message.includes(
                  `line ${shownProblem().position!.line}, column ${shownProblem().position!.column}`,
                ) &&
                shownProblem().position
              }
            >
              {(position) => (
                <p data-testid="query-problem-position">
                  {t('tables.problemAt', { line: position().line, column: position().column })}
                </p>
              )}
            </Show>
          </div>
        )}
      </Show>
      <Show when={answer()}>
        {(shownAnswer) => (
          <ResultGrid
            labId={props.labId}
            answer={shownAnswer().answer}
            fileName={`${props.labId}-query`}
            citation={citationFor(shownAnswer().sql, shownAnswer().answer, props.tables, props.evidenceTitle)}
            canCite={props.canCite}
            onShowLine={props.onShowLine}
          />
        )}
      </Show>
      <Show when={history.problem()}>
        {(message) => (
          <p class="error small" role="alert" data-testid="history-problem">
            {message()}
          </p>
        )}
      </Show>
      <Show when={history.entries().length > 0}>
        <details class="query-history">
          <summary>{t('tables.history', { count: history.entries().length })}</summary>
          <ol>
            <For each={history.entries()}>
              {(entry, index) => (
                <li classList={{ 'history-named': entry.name !== null }} data-testid="history-entry">
                  <Show when={entry.name}>{(name) => <p class="history-name">{name()}</p>}</Show>
                  <pre class="history-sql">
                    <code>{entry.sql}</code>
                  </pre>
                  <p class="muted small history-last-run">{lastRunText(entry)}</p>
                  <div class="history-actions">
                    <label class="small">
                      {t('tables.queryName')}{' '}
                      <input
                        type="text"
                        value={entry.name ?? ''}
                        maxLength={QUERY_NAME_LENGTH}
                        placeholder={t('tables.queryNamePlaceholder')}
                        aria-label={t('tables.queryNameOf', { number: index() + 1 })}
                        onChange={async (event) => {
                          const input = event.currentTarget;
                          if (input.value.trim() === (entry.name ?? '')) return;
                          // Refused: the field shows the name the query still has.
                          if (!(await history.rename(entry.id, input.value))) input.value = entry.name ?? '';
                        }}
                      />
                    </label>
                    <button type="button" class="small" onClick={() => props.onSql(entry.sql)}>
                      {t('tables.putInEditor')}
                    </button>
                    <button type="button" class="small" onClick={() => runAgain(entry.sql)} disabled={running()}>
                      {t('tables.runAgain')}
                    </button>
                    <button type="button" class="small" onClick={() => void history.remove(entry.id)}>
                      {t('tables.forget')}
                    </button>
                  </div>
                </li>
              )}
            </For>
          </ol>
        </details>
      </Show>
    </section>
  );
}
