import { A, useParams, useSearchParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, Index, lazy, Show, Suspense, untrack } from 'solid-js';
import { ArtefactHeader, ArtefactSwitcher, EvidenceList, TEXT_KINDS } from '../../components/EvidenceList.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { SplitPanes } from '../../components/SplitPanes.tsx';
import { TaskCard } from '../../components/TaskCard.tsx';
import { t } from '../../i18n/messages.ts';
import { read, type LabView } from '../../lib/api.ts';
import { failureMessage } from '../../components/StatusMessage.tsx';
import { prefetchFirstWindow } from '../../lib/evidence-window.ts';
import {
  readViewerAddress,
  viewerAddressParams,
  type AddressParams,
  type ViewerAddress,
} from '../../lib/viewer-address.ts';
import { watchTables } from '../../tables/tables-state.ts';
import { useLabSpace } from '../../lib/lab-space.tsx';

// Monaco is loaded only when the workspace needs an editor.
const EvidenceViewer = lazy(() => import('../../editor/EvidenceViewer.tsx'));
const NotesEditor = lazy(() => import('../../editor/NotesEditor.tsx'));
const TablesSurface = lazy(() => import('../../tables/TablesSurface.tsx'));

/** What the evidence pane shows: the artefacts as files, or the evidence as tables to query. */
type Surface = 'files' | 'tables';

function LabSummary(props: { lab: LabView }) {
  const points = () => props.lab.tasks.reduce((total, task) => total + task.pointsEarned, 0);
  const max = () => props.lab.tasks.reduce((total, task) => total + task.points, 0);
  const hints = () =>
    props.lab.tasks.reduce((total, task) => total + task.hints.filter((hint) => hint.unlocked).length, 0);
  const minutes = () =>
    Math.max(
      1,
      Math.round((new Date(props.lab.completedAt!).getTime() - new Date(props.lab.startedAt).getTime()) / 60_000),
    );
  return (
    <section class="lab-summary" aria-labelledby="summary-title">
      <h2 id="summary-title">{t('summary.title')}</h2>
      <dl class="summary-grid">
        <dt>{t('summary.score')}</dt>
        <dd data-testid="summary-score">{t('workspace.score', { points: points(), max: max() })}</dd>
        <dt>{t('summary.time')}</dt>
        <dd>{t('summary.minutes', { minutes: minutes() })}</dd>
        <dt>{t('summary.hints')}</dt>
        <dd>{hints()}</dd>
      </dl>
    </section>
  );
}

/** "3. Compromised account" for a task id, as the task list numbers them. */
function taskTitle(lab: LabView, taskId: string): string {
  const index = lab.tasks.findIndex((task) => task.id === taskId);
  return index < 0 ? taskId : `${index + 1}. ${lab.tasks[index]!.title}`;
}

export default function WorkspacePage() {
  const params = useParams<{ labId: string }>();
  const space = useLabSpace();
  const [searchParams, setSearchParams] = useSearchParams<AddressParams & { view?: string }>();
  // The editor's code is the largest download of the workspace: start it now, beside the lab's data.
  void EvidenceViewer.preload();
  const [lab, { refetch }] = createResource(
    () => params.labId,
    async (labId) => (await read(space.labs[':labId'].$get({ param: { labId } }))).lab,
  );
  const address = createMemo(() => readViewerAddress(searchParams), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  // `latest` keeps showing the lab while it is fetched again after an answer, instead of suspending
  // the page (which would throw away open editors and the feedback just shown).
  const current = () => lab.latest;
  const evidenceById = (id: string) => current()?.evidence.find((item) => item.id === id);
  // Keyed on the artefact's id, not its object: fetching the lab again after an answer or a hint
  // gives new objects for the same artefacts, and must not reopen the viewer at line 1.
  const openId = createMemo(() => {
    const id = address().artefact;
    return id && evidenceById(id) ? id : undefined;
  });
  const [tab, setTab] = createSignal(
    untrack(() => (address().artefact || searchParams.view === 'tables' ? 'pane-evidence' : 'pane-case')),
  );
  const points = () => current()?.tasks.reduce((total, task) => total + task.pointsEarned, 0) ?? 0;
  const max = () => current()?.tasks.reduce((total, task) => total + task.points, 0) ?? 0;
  // Asked at once, so that a lab whose tables take a while to build has them ready when they are wanted.
  const tables = watchTables(
    space.labs,
    untrack(() => params.labId),
  );
  const hasTables = () => tables().state !== 'none' && tables().state !== 'loading';
  // In the address (?view=tables), so that a reload, a link and the back button keep the tables in view.
  const surface = (): Surface => (searchParams.view === 'tables' ? 'tables' : 'files');
  // Mounted the first time they are shown, then kept: a query or a grid view survives going to the files.
  const tablesOpened = createMemo<boolean>((opened) => opened || surface() === 'tables', false);
  const showSurface = (next: Surface) => {
    if (next !== surface()) setSearchParams({ view: next === 'tables' ? 'tables' : undefined });
  };
  const briefOpenAtFirst = () => untrack(() => !current()?.tasks.some((task) => task.attempts > 0));

  // An artefact in the address: ask for its first lines now, while the lab and the editor's code
  // are still on their way (a kind that has no lines is refused by the server and simply dropped).
  untrack(() => {
    const { artefact, line } = address();
    if (artefact) prefetchFirstWindow(space.labs, params.labId, artefact, line);
  });

  const updateAddress = (change: Partial<ViewerAddress>) => {
    const next = viewerAddressParams({ ...address(), ...change });
    const now = viewerAddressParams(address());
    if (JSON.stringify(next) === JSON.stringify(now)) return;
    setSearchParams(next, { replace: true });
  };
  const openArtefact = (id: string) => {
    if (id === openId()) {
      showSurface('files');
      return;
    }
    // Opening another artefact is a step the trainee may want to go back from: a history entry.
    setSearchParams({ ...viewerAddressParams({ artefact: id, regex: false, caseSensitive: false }), view: undefined });
    setTab('pane-evidence');
  };
  /** A line number in a table's rows: the artefact at that line, as a step the trainee may go back from. */
  const showLine = (evidenceId: string, line: number) => {
    setSearchParams({
      ...viewerAddressParams({ artefact: evidenceId, line, regex: false, caseSensitive: false }),
      view: undefined,
    });
  };

  return (
    <Show
      when={current()}
      fallback={
        lab.error ? (
          <div class="error-panel" role="alert">
            <h1>{t('error.title')}</h1>
            <p>{failureMessage(lab.error)}</p>
            <A href={space.back?.href ?? '/'}>{space.back?.label ?? t('workspace.back')}</A>
          </div>
        ) : (
          <p class="loading">{t('loading')}</p>
        )
      }
    >
      {(view) => (
        <div class="workspace">
          <div class="workspace-header">
            <A href={space.back?.href ?? '/'} class="small">
              ← {space.back?.label ?? t('workspace.back')}
            </A>
            <h1>{view().title}</h1>
            <span class="score" data-testid="lab-score">
              {t('workspace.score', { points: points(), max: max() })}
            </span>
          </div>
          <Show when={view().state === 'closed'}>
            <p class="notice">{t('workspace.closed')}</p>
          </Show>
          {space.notice?.()}
          <SplitPanes
            main="pane-evidence"
            activeTab={tab()}
            onTab={setTab}
            panes={[
              {
                id: 'pane-case',
                label: t('workspace.tasks'),
                share: 26,
                collapsible: true,
                content: (
                  <>
                    <Show when={view().completedAt}>
                      <LabSummary lab={view()} />
                    </Show>
                    <details class="brief" open={briefOpenAtFirst()}>
                      <summary>
                        <h3>{t('workspace.brief')}</h3>
                      </summary>
                      <Markdown source={view().brief} />
                    </details>
                    <Index each={view().tasks}>
                      {(task, index) => (
                        <TaskCard
                          labId={view().id}
                          task={task()}
                          index={index}
                          readOnly={view().state === 'closed'}
                          titleOf={(taskId) => taskTitle(view(), taskId)}
                          onChanged={() => void refetch()}
                        />
                      )}
                    </Index>
                  </>
                ),
              },
              {
                id: 'pane-evidence',
                label: t('workspace.evidence'),
                share: 56,
                tools: (
                  <Show when={openId()}>
                    {(id) => <ArtefactSwitcher evidence={view().evidence} selected={id()} onOpen={openArtefact} />}
                  </Show>
                ),
                content: (
                  <>
                    <Show when={hasTables()}>
                      <div class="surface-switch" role="group" aria-label={t('workspace.surface')}>
                        <button type="button" aria-pressed={surface() === 'files'} onClick={() => showSurface('files')}>
                          {t('workspace.surfaceFiles')}
                        </button>
                        <button
                          type="button"
                          aria-pressed={surface() === 'tables'}
                          onClick={() => showSurface('tables')}
                        >
                          {t('workspace.surfaceTables')}
                        </button>
                      </div>
                    </Show>
                    <div class="evidence-surface" hidden={surface() !== 'files'}>
                      <Show
                        when={openId()}
                        keyed
                        fallback={<EvidenceList labId={view().id} evidence={view().evidence} onOpen={openArtefact} />}
                      >
                        {(id) => (
                          <Show when={evidenceById(id)}>
                            {(item) => {
                              // Before the viewer exists (its code may still be loading): it takes these lines when it starts.
                              if (TEXT_KINDS.has(item().kind))
                                prefetchFirstWindow(
                                  space.labs,
                                  view().id,
                                  id,
                                  untrack(() => address().line),
                                );
                              return (
                                <>
                                  <ArtefactHeader labId={view().id} item={item()} />
                                  <Suspense fallback={<p class="loading">{t('loading')}</p>}>
                                    <EvidenceViewer
                                      labId={view().id}
                                      evidence={item()}
                                      address={address()}
                                      onAddress={updateAddress}
                                    />
                                  </Suspense>
                                </>
                              );
                            }}
                          </Show>
                        )}
                      </Show>
                    </div>
                    <Show when={tablesOpened()}>
                      <div class="evidence-surface tables-host" hidden={surface() !== 'tables'}>
                        <Suspense fallback={<p class="loading">{t('loading')}</p>}>
                          <TablesSurface
                            labId={view().id}
                            tables={tables}
                            evidenceTitle={(id) => evidenceById(id)?.title ?? id}
                            canCite={view().state !== 'closed'}
                            onShowLine={showLine}
                          />
                        </Suspense>
                      </div>
                    </Show>
                  </>
                ),
              },
              {
                id: 'pane-notes',
                label: t('workspace.notes'),
                share: 18,
                collapsible: true,
                content: (
                  <Suspense fallback={<p class="loading">{t('loading')}</p>}>
                    <NotesEditor labId={view().id} readOnly={view().state === 'closed'} />
                  </Suspense>
                ),
              },
            ]}
          />
        </div>
      )}
    </Show>
  );
}
