import { For, Show } from 'solid-js';
import { count, t } from '../i18n/messages.ts';
import type { Scoreboard, ScoreboardRow } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';

/** A row of the board, or a gap where ranks are left out (the caller's own row below the top rows). */
type Line = { kind: 'row'; row: ScoreboardRow } | { kind: 'gap'; hidden: number };

/** The rows with a gap wherever ranks are skipped: the server sends the top rows, then the caller's own if it is further down. */
export function withGaps(rows: ScoreboardRow[]): Line[] {
  const lines: Line[] = [];
  rows.forEach((row, index) => {
    const previous = rows[index - 1];
    if (previous && row.rank > previous.rank + 1) lines.push({ kind: 'gap', hidden: row.rank - previous.rank - 1 });
    lines.push({ kind: 'row', row });
  });
  return lines;
}

/** A cohort's ranking: rank, name, points, tasks solved, when the points last rose, and points per lab; the caller's row marked. */
export function ScoreboardTable(props: { board: Scoreboard }) {
  const columns = () => 5 + props.board.labs.length;
  return (
    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="scoreboard-caption">
      <table class="data-table scoreboard" data-testid="scoreboard-table">
        <caption id="scoreboard-caption" class="visually-hidden">
          {t('scoreboard.caption', { name: props.board.cohort.name, total: count('members', props.board.total) })}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="number">
              {t('scoreboard.column.rank')}
            </th>
            <th scope="col">{t('scoreboard.column.name')}</th>
            <th scope="col" class="number">
              {t('scoreboard.column.points')}
            </th>
            <th scope="col" class="number">
              {t('scoreboard.column.solved')}
            </th>
            <th scope="col">{t('scoreboard.column.lastScore')}</th>
            <For each={props.board.labs}>
              {(lab) => (
                <th scope="col" class="number lab-column">
                  {lab.title}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={withGaps(props.board.rows)}>
            {(line) =>
              line.kind === 'gap' ? (
                <tr class="gap">
                  <td colspan={columns()}>{t('scoreboard.gap', { rows: count('rows', line.hidden) })}</td>
                </tr>
              ) : (
                <tr
                  classList={{ me: line.row.me }}
                  aria-current={line.row.me ? 'true' : undefined}
                  data-me={line.row.me ? 'true' : undefined}
                >
                  <td class="number">{line.row.rank}</td>
                  <th scope="row">
                    {line.row.name}
                    <Show when={line.row.me}>
                      <span class="tag">{t('scoreboard.youTag')}</span>
                    </Show>
                  </th>
                  <td class="number points-cell">{line.row.points}</td>
                  <td class="number">{line.row.tasksSolved}</td>
                  <td>{line.row.lastScoredAt ? formatDateTime(line.row.lastScoredAt) : '—'}</td>
                  <For each={line.row.labPoints}>{(points) => <td class="number">{points}</td>}</For>
                </tr>
              )
            }
          </For>
        </tbody>
      </table>
    </div>
  );
}
