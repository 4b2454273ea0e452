import { For, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { QueryAnswer } from '../lib/evidence-queries.ts';

/** More periods than this make bars too thin to read: the grid below still has them all. */
const MAX_BARS = 400;

/** A period as a trainee reads it: "2024-03-06 10:00" from the ISO instant DuckDB gives. */
function periodLabel(value: unknown): string {
  const text = String(value);
  return text
    .replace('T', ' ')
    .replace(/:00(\.000)?Z$/u, '')
    .replace(/ 00:00$/u, '');
}

/** A histogram over time: one bar per period (the first column) as long as its count (the second). */
export function TimeHistogram(props: { answer: QueryAnswer }) {
  const bars = () => props.answer.rows.map((row) => ({ period: periodLabel(row[0]), count: Number(row[1]) }));
  const most = () => Math.max(1, ...bars().map((bar) => bar.count));
  return (
    <figure class="histogram" data-testid="time-histogram">
      <figcaption class="small">{t('tables.histogram')}</figcaption>
      <Show
        when={bars().length <= MAX_BARS}
        fallback={<p class="muted small">{t('tables.histogramTooMany', { count: bars().length })}</p>}
      >
        <ol>
          <For each={bars()}>
            {(bar) => (
              <li title={t('tables.histogramBar', { period: bar.period, count: bar.count })}>
                <span class="histogram-period">{bar.period}</span>
                <span class="histogram-track" aria-hidden="true">
                  <span class="histogram-bar" style={{ width: `${(bar.count / most()) * 100}%` }} />
                </span>
                <span class="histogram-count">{bar.count.toLocaleString('en')}</span>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </figure>
  );
}
