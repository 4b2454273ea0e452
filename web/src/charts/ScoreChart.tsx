import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { createEffect, For, onCleanup, onMount, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { ChartSeries } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';

// Line colours with at least 3:1 contrast on white (WCAG non-text contrast), told apart by dashes too.
const COLOURS = [
  '#0b57a4',
  '#b00020',
  '#0b6e32',
  '#8a4b00',
  '#6a1b9a',
  '#00695c',
  '#37474f',
  '#ad1457',
  '#4e342e',
  '#283593',
  '#1b1f24',
];
const DASHES: (number[] | undefined)[] = [undefined, [8, 4], [2, 3], [10, 3, 2, 3], [4, 4]];
const HEIGHT = 280;

/**
 * The series as uPlot wants them: one shared time axis (seconds) with every step of every series,
 * and each series' running total at each of those times (0 before its first step). The chart ends
 * at `until` so the leader's line runs up to now.
 */
export function alignSeries(series: ChartSeries[], until: number): uPlot.AlignedData {
  const steps = series.map((entry) => entry.steps.map(([time, points]) => [Date.parse(time) / 1000, points] as const));
  const times = [...new Set(steps.flat().map(([time]) => time))].sort((a, b) => a - b);
  if (times.length === 0) return [[]];
  if (until > times.at(-1)!) times.push(until);
  const columns = steps.map((own) => {
    let next = 0;
    let current = 0;
    return times.map((time) => {
      while (next < own.length && own[next]![0] <= time) current = own[next++]![1];
      return current;
    });
  });
  return [times, ...columns];
}

function seriesLabel(entry: ChartSeries): string {
  return entry.me ? t('scoreboard.you', { name: entry.name }) : entry.name;
}

/**
 * Score over time of the leading trainees, drawn with uPlot. The canvas is hidden from assistive
 * technology; a summary and a table of the same data stand in for it.
 */
export default function ScoreChart(props: { series: ChartSeries[]; title: string }) {
  let host!: HTMLDivElement;
  let plot: uPlot | undefined;
  const drawable = () => props.series.filter((entry) => entry.steps.length > 0);

  const width = () => Math.max(280, host.clientWidth);
  const draw = () => {
    plot?.destroy();
    plot = undefined;
    const series = drawable();
    if (series.length === 0) return;
    const options: uPlot.Options = {
      width: width(),
      height: HEIGHT,
      scales: { x: { time: true }, y: { range: (_self, _min, max) => [0, Math.max(10, max * 1.1)] } },
      axes: [
        { stroke: '#1b1f24', grid: { stroke: '#e1e7ee' } },
        { stroke: '#1b1f24', grid: { stroke: '#e1e7ee' }, label: t('scoreboard.chart.points') },
      ],
      series: [
        { label: t('scoreboard.chart.time') },
        ...series.map((entry, index) => ({
          label: seriesLabel(entry),
          stroke: COLOURS[index % COLOURS.length],
          width: entry.me ? 3 : 2,
          dash: DASHES[index % DASHES.length],
          paths: uPlot.paths.stepped!({ align: 1 }),
          points: { show: false },
        })),
      ],
    };
    plot = new uPlot(options, alignSeries(series, Date.now() / 1000), host);
  };

  onMount(() => {
    const observer = new ResizeObserver(() => plot?.setSize({ width: width(), height: HEIGHT }));
    observer.observe(host);
    onCleanup(() => observer.disconnect());
  });
  createEffect(draw);
  onCleanup(() => plot?.destroy());

  return (
    <figure class="chart" aria-labelledby="score-chart-title">
      <figcaption id="score-chart-title">
        <h2>{props.title}</h2>
      </figcaption>
      <div ref={host} class="chart-canvas" aria-hidden="true" />
      <Show when={drawable().length > 0} fallback={<p class="muted">{t('scoreboard.chart.empty')}</p>}>
        <ul class="chart-summary" data-testid="chart-summary">
          <For each={drawable()}>
            {(entry) => (
              <li>
                {t('scoreboard.chart.summary', {
                  name: seriesLabel(entry),
                  rank: entry.rank,
                  points: entry.points,
                  steps: entry.steps.length,
                  last: formatDateTime(entry.steps.at(-1)![0]),
                })}
              </li>
            )}
          </For>
        </ul>
        <details class="chart-data">
          <summary>{t('scoreboard.chart.table')}</summary>
          <table>
            <caption class="visually-hidden">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('scoreboard.column.name')}</th>
                <th scope="col">{t('scoreboard.chart.time')}</th>
                <th scope="col">{t('scoreboard.chart.points')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={drawable()}>
                {(entry) => (
                  <For each={entry.steps}>
                    {([time, points]) => (
                      <tr>
                        <th scope="row">{seriesLabel(entry)}</th>
                        <td>{formatDateTime(time)}</td>
                        <td class="number">{points}</td>
                      </tr>
                    )}
                  </For>
                )}
              </For>
            </tbody>
          </table>
        </details>
      </Show>
    </figure>
  );
}
