import { For, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { QueryAnswer } from '../lib/evidence-queries.ts';
import { histogramBars, histogramPeriodCount } from '../lib/histogram-periods.ts';

/** More periods than this make bars too thin to read: the grid below still has them all. */
const MAX_BARS = 400;

/** A period as a trainee reads it: "2024-03-06 10:00" from the ISO instant DuckDB gives. */
function periodLabel(value: string | null): string {
  if (value === null) return t('tables.histogramNoTime');
  const text = value;
  return text
    .replace('T', ' ')
    .replace(/:00(\.000)?Z$/u, '')
    .replace(/ 00:00$/u, '');
}

/**
 * A histogram over time: one bar per period (the first column, named after its unit) as long as its count
 * (the second), periods without rows included as empty bars; the grid below lists only those with rows.
 */
export function TimeHistogram(props: { answer: QueryAnswer }) {
  const unit = () => props.answer.columns[0]?.name ?? '';
  const periods = () => histogramPeriodCount(props.answer.rows, unit());
  const bars = () =>
    histogramBars(props.answer.rows, unit()).map((bar) => ({ period: periodLabel(bar.period), count: bar.count }));
  const most = () => Math.max(1, ...bars().map((bar) => bar.count));
  return (
    <figure class="histogram" data-testid="time-histogram">
      <figcaption class="small">{t('tables.histogram')}</figcaption>
      <Show
        when={periods() <= MAX_BARS}
        fallback={<p class="muted small">{t('tables.histogramTooMany', { count: periods() })}</p>}
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
