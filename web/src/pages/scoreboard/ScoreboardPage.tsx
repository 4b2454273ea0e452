import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { createResource, createSignal, For, lazy, Match, Show, Suspense, Switch } from 'solid-js';
import { latestOf, Loaded } from '../../components/Loaded.tsx';
import { ScoreboardSettingsForm, type ScoreboardSettings } from '../../components/ScoreboardSettingsForm.tsx';
import { ScoreboardTable } from '../../components/ScoreboardTable.tsx';
import { t } from '../../i18n/messages.ts';
import { client, isStaff, read, urls, type Scoreboard, type ScoreboardSummary } from '../../lib/api.ts';
import { formatDateTime, formatTime } from '../../lib/datetime.ts';
import { listenToScores } from '../../lib/live-scores.ts';
import { useSession } from '../../lib/session.tsx';

// uPlot is loaded only here, and only once the board is shown.
const ScoreChart = lazy(() => import('../../charts/ScoreChart.tsx'));

/** How many rows the board lists by default (?top=N changes it); the trainee's own row is added below them when it is further down. */
const BOARD_ROWS = 25;
const MAX_BOARD_ROWS = 500;

function boardRows(top: string | string[] | undefined): number {
  const rows = Number(Array.isArray(top) ? top[0] : top);
  return Number.isInteger(rows) && rows >= 1 ? Math.min(rows, MAX_BOARD_ROWS) : BOARD_ROWS;
}
/** How many leading trainees the chart draws. */
const CHART_SERIES = 5;

function CohortPicker(props: { boards: ScoreboardSummary[]; current: number }) {
  const navigate = useNavigate();
  return (
    <form
      class="row cohort-picker"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(`/scoreboard/${String(new FormData(event.currentTarget).get('cohort'))}`);
      }}
    >
      <label for="cohort-picker">{t('scoreboard.pickCohort')}</label>
      <select id="cohort-picker" name="cohort">
        <For each={props.boards}>
          {(board) => (
            <option value={board.id} selected={board.id === props.current}>
              {board.name}
            </option>
          )}
        </For>
      </select>
      <button type="submit">{t('scoreboard.show')}</button>
    </form>
  );
}

/**
 * One cohort's board, kept up to date while it is on screen: the stream's events carry the board,
 * which is shown as it comes; the chart is fetched again at each of them.
 */
function CohortBoard(props: { cohortId: number; rows: number; staff: boolean }) {
  // Boards carried by the stream, counted: a board fetched meanwhile may be older than the last of them.
  let carried = 0;
  let lastCarried: Scoreboard | undefined;
  const [board, { refetch: refetchBoard, mutate: showBoard }] = createResource(
    () => props.rows,
    async (rows) => {
      const before = carried;
      const fetched = await read(
        client.scoreboard[':cohortId'].$get({
          param: { cohortId: String(props.cohortId) },
          query: { limit: String(rows) },
        }),
      );
      return carried === before ? fetched : lastCarried!;
    },
  );
  const [chart, { refetch: refetchChart }] = createResource(() =>
    read(
      client.scoreboard[':cohortId'].chart.$get({
        param: { cohortId: String(props.cohortId) },
        query: { top: String(CHART_SERIES) },
      }),
    ),
  );
  const [updatedAt, setUpdatedAt] = createSignal<Date>();
  const live = listenToScores(props.cohortId, () => props.rows, {
    onBoard(carriedBoard) {
      carried += 1;
      lastCarried = carriedBoard;
      showBoard(carriedBoard);
      void refetchChart();
      setUpdatedAt(new Date());
    },
    onBehind() {
      void refetchBoard();
      void refetchChart();
      setUpdatedAt(new Date());
    },
  });

  const saveSettings = async (settings: ScoreboardSettings) => {
    await read(
      client.scoreboard[':cohortId'].settings.$patch({ param: { cohortId: String(props.cohortId) }, json: settings }),
    );
    void refetchBoard();
  };

  return (
    <Loaded resource={board}>
      {(shown) => (
        <>
          <div class="board-head">
            <h2 class="board-title">{shown().cohort.name}</h2>
            <p class="live-state small" data-testid="live-state" data-state={live()}>
              <span class={`live-dot ${live()}`} aria-hidden="true" />
              {t(`scoreboard.live.${live()}`)}
              <Show when={updatedAt()}>{(at) => <> · {t('scoreboard.updatedAt', { time: formatTime(at()) })}</>}</Show>
            </p>
            <a class="button" href={urls.scoreboardCsv(props.cohortId)} download="">
              {t('scoreboard.csv')}
            </a>
          </div>
          <Switch>
            <Match when={shown().frozen}>
              <p class="notice" role="note">
                {t('scoreboard.frozen', { date: formatDateTime(shown().cohort.freezeAt) })}
              </p>
            </Match>
            <Match when={props.staff && shown().cohort.freezeAt}>
              {(freezeAt) => (
                <p class="notice" role="note">
                  {new Date(freezeAt()).getTime() <= Date.now()
                    ? t('scoreboard.frozenForTrainees', { date: formatDateTime(freezeAt()) })
                    : t('scoreboard.freezesAt', { date: formatDateTime(freezeAt()) })}
                </p>
              )}
            </Match>
          </Switch>
          <Show when={shown().view === 'own-row'}>
            <p class="notice" role="note">
              {t('scoreboard.hidden')}
            </p>
          </Show>
          <Show when={shown().rows.length > 0} fallback={<p>{t('scoreboard.noRows')}</p>}>
            <ScoreboardTable board={shown()} />
          </Show>
          <Show when={latestOf(chart)}>
            {(data) => (
              <Suspense fallback={<p class="loading">{t('loading')}</p>}>
                <ScoreChart series={data().series} title={t('scoreboard.chart.title')} />
              </Suspense>
            )}
          </Show>
          <Show when={props.staff}>
            <ScoreboardSettingsForm
              settings={{ visibility: shown().cohort.visibility, freezeAt: shown().cohort.freezeAt }}
              onSave={saveSettings}
            />
            <p>
              <A href={`/instructor/cohorts/${props.cohortId}`}>{t('scoreboard.manageCohort')}</A>
            </p>
          </Show>
        </>
      )}
    </Loaded>
  );
}

export default function ScoreboardPage() {
  const params = useParams<{ cohortId?: string }>();
  const [search] = useSearchParams();
  const session = useSession();
  const [boards] = createResource(async () => (await read(client.scoreboard.$get())).cohorts);
  const chosen = () => (params.cohortId ? Number(params.cohortId) : latestOf(boards)?.[0]?.id);
  return (
    <section class="page wide">
      <h1>{t('scoreboard.title')}</h1>
      <Loaded resource={boards}>
        {(list) => (
          <Show
            when={list().length > 0}
            fallback={<p>{isStaff(session.user()) ? t('scoreboard.noCohortsStaff') : t('scoreboard.noCohorts')}</p>}
          >
            <Show when={list().length > 1}>
              <CohortPicker boards={list()} current={chosen() ?? 0} />
            </Show>
            <Show when={chosen()} keyed fallback={<p class="error">{t('scoreboard.notFound')}</p>}>
              {(cohortId) => (
                <CohortBoard cohortId={cohortId} rows={boardRows(search.top)} staff={isStaff(session.user())} />
              )}
            </Show>
          </Show>
        )}
      </Loaded>
    </section>
  );
}
