import { A, useBeforeLeave, useNavigate, useParams } from '@solidjs/router';
import {
  createEffect,
  createMemo,
  createResource,
  createSignal,
  For,
  lazy,
  on,
  onCleanup,
  Show,
  Suspense,
  type JSX,
} from 'solid-js';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { formatBytes } from '../../components/EvidenceList.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { Markdown } from '../../components/Markdown.tsx';
import { createAction, failureMessage, StatusMessage } from '../../components/StatusMessage.tsx';
import type { LabYamlEditorHandle, YamlProblem } from '../../editor/LabYamlEditor.tsx';
import { count, t, type MessageKey } from '../../i18n/messages.ts';
import { ApiError } from '../../lib/api.ts';
import type { AuthorAccess } from '../../lib/author-access.ts';
import { authoring, type Draft, type SelfTestResult } from '../../lib/authoring.ts';
import { AuthorsOnly } from './AuthorsOnly.tsx';
import { combinedState, createEditedFile, type EditedFile, type SaveState } from './draft-files.ts';
import { EvidenceUpload } from './EvidenceUpload.tsx';
import { ProblemList, type ShownProblem } from './ProblemList.tsx';
import { VariantPanel } from './VariantPanel.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';
import './author.css';

const LabYamlEditor = lazy(() => import('../../editor/LabYamlEditor.tsx'));

const LAB_YAML = 'lab.yaml';

const TABS = ['yaml', 'brief', 'generator', 'evidence', 'check', 'variant', 'versions'] as const;
type Tab = (typeof TABS)[number];

/** The brief's file as lab.yaml names it (brief.md when it names none yet). */
function briefPath(labYaml: string | undefined): string {
  const named = /^brief:\s*["']?([^"'\s#]+)/mu.exec(labYaml ?? '')?.[1];
  return named ?? 'brief.md';
}

/** Selects a line of a text box, to take the author to a problem found there. */
function selectLine(input: HTMLTextAreaElement | undefined, line: number): void {
  if (!input) return;
  const lines = input.value.split('\n');
  const start = lines.slice(0, Math.max(line - 1, 0)).reduce((sum, text) => sum + text.length + 1, 0);
  input.focus();
  input.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
}

/** The generator's file as lab.yaml names it (variants.generator), or undefined for a lab without one. */
function generatorPath(labYaml: string | undefined): string | undefined {
  return /^\s+generator:\s*["']?([^"'\s#]+)/mu.exec(labYaml ?? '')?.[1];
}

/** The line of lab.yaml where a task (by id) starts, to take the author to a self-test failure. */
function taskLine(labYaml: string, taskId: string): number | undefined {
  const lines = labYaml.split('\n');
  const tasksStart = lines.findIndex((line) => /^tasks:/u.test(line));
  const escaped = taskId.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const idLine = new RegExp(`^\\s*(-\\s*)?id:\\s*["']?${escaped}["']?\\s*(#.*)?$`, 'u');
  const found = lines.findIndex((line, index) => index > tasksStart && idLine.test(line));
  return found >= 0 ? found + 1 : undefined;
}

const SAVE_STATE_TEXT: Record<SaveState, MessageKey> = {
  saved: 'author.save.saved',
  unsaved: 'author.save.unsaved',
  saving: 'author.save.saving',
  failed: 'author.save.failed',
};

/** The draft's facts under its title: what it will become, and its files. */
function DraftFacts(props: { draft: Draft }) {
  return (
    <p class="muted draft-facts">
      {props.draft.liveVersion === null
        ? t('author.draft.newLab', { labId: props.draft.labId })
        : t('author.draft.newVersion', { labId: props.draft.labId, live: props.draft.liveVersion })}
      <Show when={props.draft.version !== null}>
        {' · '}
        {t('author.draft.version', { version: props.draft.version ?? '' })}
      </Show>
      <Show when={props.draft.liveVersion !== null && (props.draft.version ?? 0) <= (props.draft.liveVersion ?? 0)}>
        <br />
        <strong class="draft-raise">
          {t('author.draft.raiseVersion', { next: (props.draft.liveVersion ?? 0) + 1 })}
        </strong>
      </Show>
    </p>
  );
}

/** The tabs of the editor: a row of buttons that wraps on a narrow screen. */
function EditorTabs(props: {
  tabs: readonly Tab[];
  current: Tab;
  onPick: (tab: Tab) => void;
  counts: Partial<Record<Tab, number>>;
}) {
  return (
    <div class="editor-tabs" role="tablist" aria-label={t('author.tabs')}>
      <For each={props.tabs}>
        {(tab) => (
          <button
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-controls={`panel-${tab}`}
            aria-selected={props.current === tab}
            tabindex={props.current === tab ? 0 : -1}
            onClick={() => props.onPick(tab)}
            onKeyDown={(event) => {
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              const next = props.tabs[(props.tabs.indexOf(tab) + step + props.tabs.length) % props.tabs.length]!;
              props.onPick(next);
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {t(`author.tab.${tab}` as MessageKey)}
            <Show when={props.counts[tab]}>
              {(problems) => (
                <>
                  <span class="tab-count" aria-hidden="true">
                    {problems()}
                  </span>
                  <span class="visually-hidden">({count('problems', problems())})</span>
                </>
              )}
            </Show>
          </button>
        )}
      </For>
    </div>
  );
}

function Panel(props: { tab: Tab; current: Tab; children: JSX.Element }) {
  return (
    <div
      role="tabpanel"
      id={`panel-${props.tab}`}
      aria-labelledby={`tab-${props.tab}`}
      hidden={props.current !== props.tab}
      class="editor-panel"
    >
      {props.children}
    </div>
  );
}

/** The self-test's outcome: passed, or each failure with its seed and task (a button to the task's line). */
function SelfTestResults(props: { result: SelfTestResult; onPickTask: (task: string) => void }) {
  return (
    <div data-testid="self-test-result">
      <Show
        when={props.result.passed}
        fallback={
          <Show when={props.result.failures.length > 0} fallback={<p class="error">{t('author.selfTest.notRun')}</p>}>
            <p class="error">{t('author.selfTest.failed', { count: props.result.failures.length })}</p>
            <ul class="problem-list" aria-label={t('author.selfTest.failures')}>
              <For each={props.result.failures}>
                {(failure) => (
                  <li>
                    <Show
                      when={failure.task}
                      fallback={
                        <p class="problem">
                          <span class="problem-place">{t('author.selfTest.seed', { seed: failure.seed })}</span>
                          <span class="problem-message">{failure.message}</span>
                        </p>
                      }
                    >
                      {(task) => (
                        <button type="button" class="problem" onClick={() => props.onPickTask(task())}>
                          <span class="problem-place">
                            {t('author.selfTest.place', { seed: failure.seed, task: task() })}
                            {failure.field ? `, ${failure.field}` : ''}
                          </span>
                          <span class="problem-message">{failure.message}</span>
                        </button>
                      )}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        }
      >
        <p class="success">
          {props.result.seeds.length > 0
            ? t('author.selfTest.passed', { seeds: props.result.seeds.join(', ') })
            : t('author.selfTest.passedFixed')}
        </p>
      </Show>
    </div>
  );
}

/** The editor of one draft: its files, its checks, the trainee's view, publishing and the lab's versions. */
function DraftEditor(props: { draftId: number; access: AuthorAccess }) {
  const navigate = useNavigate();
  const [draft, { refetch: refetchDraft }] = createResource(() => props.draftId, authoring.getDraft);
  // The draft's title and version come from lab.yaml as the server last read it: read again after each save.
  const labYaml = createEditedFile(
    () => props.draftId,
    LAB_YAML,
    () => void refetchDraft(),
  );
  const brief = createEditedFile(() => props.draftId, 'brief.md');
  // The generator's code (variants.generator): edited by administrators only, as it runs on the server.
  const generator = createEditedFile(() => props.draftId, 'generate.ts');
  const files = [labYaml, brief, generator];
  const [loaded] = createResource(
    () => props.draftId,
    async () => {
      await labYaml.load();
      await brief.load(briefPath(labYaml.text()));
      const code = generatorPath(labYaml.text());
      if (code) await generator.load(code);
      return true;
    },
  );
  const hasGenerator = () => generatorPath(labYaml.text()) !== undefined;
  const tabs = () => TABS.filter((tab) => tab !== 'generator' || hasGenerator());
  let generatorInput: HTMLTextAreaElement | undefined;
  const [tab, setTab] = createSignal<Tab>('yaml');
  const [typingProblems, setTypingProblems] = createSignal<YamlProblem[]>([]);
  const [checked, setChecked] = createSignal<ShownProblem[]>();
  const [selfTest, setSelfTest] = createSignal<SelfTestResult>();
  const [publishing, setPublishing] = createSignal(false);
  const [versionsRefresh, setVersionsRefresh] = createSignal(0);
  const [editorHandle, setEditorHandle] = createSignal<LabYamlEditorHandle>();
  const check = createAction();
  const test = createAction();
  const publish = createAction();
  let briefInput: HTMLTextAreaElement | undefined;
  let seedsInput!: HTMLInputElement;

  // The generator's file follows lab.yaml's variants.generator, as the brief's follows brief:.
  createEffect(
    on(
      () => generatorPath(labYaml.text()),
      async (path) => {
        if (loaded.state === 'ready' && path && path !== generator.path()) {
          await generator.save().catch(() => undefined);
          await generator.load(path);
        }
      },
      { defer: true },
    ),
  );

  // The brief's file follows lab.yaml's `brief:` as it is edited (once the old one is saved).
  createEffect(
    on(
      () => briefPath(labYaml.text()),
      async (path) => {
        if (loaded.state === 'ready' && path !== brief.path()) {
          await brief.save().catch(() => undefined);
          await brief.load(path);
        }
      },
      { defer: true },
    ),
  );

  const state = () => combinedState(files);
  /** Saves every edited file before the server reads the draft (check, test, preview, publish, upload). */
  const saveAll = async () => {
    for (const file of files) await file.save();
  };

  // Leaving with edits not yet on the server: the browser asks first.
  const warnBeforeLeaving = (event: BeforeUnloadEvent) => {
    if (state() !== 'saved') event.preventDefault();
  };
  window.addEventListener('beforeunload', warnBeforeLeaving);
  onCleanup(() => window.removeEventListener('beforeunload', warnBeforeLeaving));
  // Moving to another page of the app saves first; if saving fails, the author decides.
  useBeforeLeave((leaving) => {
    if (leaving.defaultPrevented || state() === 'saved') return;
    leaving.preventDefault();
    saveAll().then(
      () => leaving.retry(true),
      () => {
        if (window.confirm(t('author.save.leaveAnyway'))) leaving.retry(true);
      },
    );
  });

  /** A file changed: the check's findings in it concern the old text, and the next check says anew. */
  const editFile = (file: EditedFile, text: string) => {
    file.edit(text);
    const stale = checked()?.some((problem) => problem.file === file.path());
    if (stale) {
      setChecked((problems) => problems?.filter((problem) => problem.file !== file.path()));
      check.setStatus(undefined);
    }
  };
  const serverProblemsIn = (file: string) => (checked() ?? []).filter((problem) => problem.file === file);
  const yamlProblems = createMemo((): ShownProblem[] => [
    ...serverProblemsIn(LAB_YAML),
    ...typingProblems()
      .filter(
        (typing) =>
          // The same finding from the server's check is listed once.
          !serverProblemsIn(LAB_YAML).some((found) => found.line === typing.line && found.message === typing.message),
      )
      .map((typing) => ({ file: LAB_YAML, ...typing })),
  ]);
  const briefProblems = () => serverProblemsIn(brief.path());
  const generatorProblems = () => (hasGenerator() ? serverProblemsIn(generator.path()) : []);
  const otherProblems = () =>
    (checked() ?? []).filter(
      (problem) =>
        problem.file !== LAB_YAML &&
        problem.file !== brief.path() &&
        !(hasGenerator() && problem.file === generator.path()),
    );

  const goToLine = (line: number, column?: number) => {
    setTab('yaml');
    // The panel is shown first, so that the editor has its size when it scrolls to the line.
    requestAnimationFrame(() => editorHandle()?.revealLine(line, column));
  };
  const goTo = (problem: ShownProblem) => {
    if (problem.file === LAB_YAML) goToLine(problem.line ?? 1, problem.column);
    else if (problem.file === brief.path()) {
      setTab('brief');
      requestAnimationFrame(() => selectLine(briefInput, problem.line ?? 1));
    } else if (hasGenerator() && problem.file === generator.path()) {
      setTab('generator');
      requestAnimationFrame(() => selectLine(generatorInput, problem.line ?? 1));
    } else setTab('evidence');
  };
  const goToTask = (task: string) => {
    const line = taskLine(labYaml.text() ?? '', task);
    if (line) goToLine(line);
  };

  const runCheck = () =>
    check.run(async () => {
      await saveAll();
      const result = await authoring.validate(props.draftId);
      setChecked(result.problems);
      if (!result.valid)
        throw new Error(t('author.check.invalid', { problems: count('problems', result.problems.length) }));
      return t('author.check.valid');
    });

  const runSelfTest = () =>
    test.run(async () => {
      await saveAll();
      const seeds = seedsInput.value
        .split(',')
        .map((seed) => seed.trim())
        .filter(Boolean);
      const result = await authoring.selfTest(props.draftId, seeds.length > 0 ? seeds : undefined);
      setChecked(result.problems);
      setSelfTest(result);
      if (result.passed) return t('author.selfTest.done');
      throw new Error(
        result.problems.length > 0
          ? t('author.check.invalid', { problems: count('problems', result.problems.length) })
          : t('author.selfTest.failed', { count: result.failures.length }),
      );
    });

  const runPublish = () =>
    publish.run(async () => {
      setPublishing(false);
      await saveAll();
      try {
        const { published } = await authoring.publish(props.draftId);
        await refetchDraft();
        setVersionsRefresh((value) => value + 1);
        return t('author.publish.done', { version: published.version, labId: published.labId });
      } catch (failed) {
        // Refused because something is wrong: the check and the self-test show what, where it is.
        if (failed instanceof ApiError && failed.status === 409 && !failed.field) {
          const result = await authoring.selfTest(props.draftId).catch(() => undefined);
          if (result) {
            setChecked(result.problems);
            setSelfTest(result);
          }
        }
        throw failed;
      }
    });

  // Saved first (the preview reads the server's files); a failed save stays on the page, its reason shown.
  const previewAsTrainee = async () => {
    try {
      await saveAll();
    } catch {
      return;
    }
    navigate(`/author/drafts/${props.draftId}/preview`);
  };

  const uploaded = async () => {
    // The server wrote the new evidence entry into lab.yaml: the editor shows the file as it is now.
    await labYaml.load();
    await refetchDraft();
  };

  return (
    <Loaded resource={draft}>
      {(current) => (
        <section class="page draft-editor">
          <p class="small">
            <A href="/author">← {t('author.title')}</A>
          </p>
          <div class="draft-head">
            <div>
              <h1>{t('author.draft.title', { title: current().title ?? current().labId })}</h1>
              <DraftFacts draft={current()} />
            </div>
            <p class={`save-state ${state()}`} role="status" data-testid="save-state">
              {t(SAVE_STATE_TEXT[state()])}
              <Show when={state() === 'unsaved' || state() === 'failed'}>
                {' '}
                <button type="button" class="link-button" onClick={() => void saveAll().catch(() => undefined)}>
                  {t('author.save.now')}
                </button>
              </Show>
            </p>
          </div>
          <Show when={labYaml.failure() ?? brief.failure()}>
            {(failure) => (
              <p class="error" role="alert">
                {t('author.save.failure', { reason: failure() })}
              </p>
            )}
          </Show>
          <div class="row draft-actions">
            <button type="button" onClick={() => void runCheck()} disabled={check.busy()}>
              {t('author.check.run')}
            </button>
            <button type="button" onClick={() => void previewAsTrainee()}>
              {t('author.preview.open')}
            </button>
            <button type="button" class="primary" onClick={() => setPublishing(true)} disabled={publish.busy()}>
              {t('author.publish.open')}
            </button>
          </div>
          <StatusMessage status={check.status()} />
          <StatusMessage status={publish.status()} />
          <EditorTabs
            tabs={tabs()}
            current={tab()}
            onPick={setTab}
            counts={{
              yaml: yamlProblems().length,
              brief: briefProblems().length,
              generator: generatorProblems().length,
              evidence: otherProblems().length,
            }}
          />
          <Show
            when={loaded.state === 'ready'}
            fallback={
              <Show when={loaded.state === 'errored'} fallback={<p class="loading">{t('loading')}</p>}>
                <p class="error" role="alert">
                  {failureMessage(loaded.error)}
                </p>
              </Show>
            }
          >
            <Panel tab="yaml" current={tab()}>
              <p class="muted panel-help">{t('author.yaml.help')}</p>
              <Suspense fallback={<p class="loading">{t('author.yaml.loading')}</p>}>
                <LabYamlEditor
                  value={labYaml.text() ?? ''}
                  onChange={(text) => editFile(labYaml, text)}
                  serverProblems={serverProblemsIn(LAB_YAML).map((problem) => ({
                    line: problem.line ?? 1,
                    column: problem.column ?? 1,
                    message: problem.message,
                  }))}
                  onTypingProblems={setTypingProblems}
                  onReady={setEditorHandle}
                  label={t('author.yaml.label')}
                />
              </Suspense>
              <h2 class="problems-title">{t('author.problems.inFile', { file: LAB_YAML })}</h2>
              <Show
                when={yamlProblems().length > 0}
                fallback={<p class="success">{t('author.problems.noneTyping')}</p>}
              >
                <ProblemList
                  problems={yamlProblems()}
                  onPick={goTo}
                  label={t('author.problems.inFile', { file: LAB_YAML })}
                  testId="yaml-problems"
                />
              </Show>
            </Panel>
            <Panel tab="brief" current={tab()}>
              <p class="muted panel-help">{t('author.brief.help', { file: brief.path() })}</p>
              <ProblemList
                problems={briefProblems()}
                onPick={goTo}
                label={t('author.problems.inFile', { file: brief.path() })}
              />
              <div class="brief-editor">
                <div class="field">
                  <label for="brief-text">{t('author.brief.label', { file: brief.path() })}</label>
                  <textarea
                    id="brief-text"
                    ref={briefInput}
                    value={brief.text() ?? ''}
                    onInput={(event) => editFile(brief, event.currentTarget.value)}
                    spellcheck={true}
                  />
                </div>
                <section class="brief-preview" aria-labelledby="brief-preview-title">
                  <h2 id="brief-preview-title" class="small-heading">
                    {t('author.brief.preview')}
                  </h2>
                  <Markdown source={brief.text() ?? ''} />
                </section>
              </div>
            </Panel>
            <Show when={hasGenerator()}>
              <Panel tab="generator" current={tab()}>
                <p class="muted panel-help">
                  {props.access.mayEditCode
                    ? t('author.generator.help', { file: generator.path() })
                    : t('author.generator.locked', { file: generator.path() })}
                </p>
                <ProblemList
                  problems={generatorProblems()}
                  onPick={goTo}
                  label={t('author.problems.inFile', { file: generator.path() })}
                />
                <div class="field generator-editor">
                  <label for="generator-text">{t('author.generator.label', { file: generator.path() })}</label>
                  <textarea
                    id="generator-text"
                    ref={generatorInput}
                    class="code"
                    value={generator.text() ?? ''}
                    readOnly={!props.access.mayEditCode}
                    onInput={(event) => editFile(generator, event.currentTarget.value)}
                    spellcheck={false}
                    autocapitalize="off"
                    wrap="off"
                  />
                </div>
              </Panel>
            </Show>
            <Panel tab="evidence" current={tab()}>
              <p class="muted panel-help">{t('author.evidence.help')}</p>
              <ProblemList problems={otherProblems()} onPick={goTo} withFile label={t('author.problems.otherFiles')} />
              <h2>{t('author.evidence.files')}</h2>
              <ul class="draft-files" data-testid="draft-files">
                <For each={current().files}>
                  {(file) => (
                    <li>
                      <code>{file.path}</code> <span class="muted small">{formatBytes(file.size)}</span>
                      <Show when={file.code}>
                        {' '}
                        <span class="tag">
                          {props.access.mayEditCode ? t('author.evidence.code') : t('author.evidence.codeLocked')}
                        </span>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <EvidenceUpload draftId={props.draftId} beforeUpload={saveAll} onUploaded={uploaded} />
            </Panel>
            <Panel tab="check" current={tab()}>
              <h2>{t('author.check.title')}</h2>
              <p class="muted">{t('author.check.help')}</p>
              <button type="button" onClick={() => void runCheck()} disabled={check.busy()}>
                {t('author.check.run')}
              </button>
              <Show when={checked()}>
                {(problems) => (
                  <Show when={problems().length > 0} fallback={<p class="success">{t('author.check.valid')}</p>}>
                    <ProblemList
                      problems={problems()}
                      onPick={goTo}
                      withFile
                      label={t('author.problems.all')}
                      testId="all-problems"
                    />
                  </Show>
                )}
              </Show>
              <h2>{t('author.selfTest.title')}</h2>
              <p class="muted">{t('author.selfTest.help')}</p>
              <form
                class="row"
                onSubmit={(event) => {
                  event.preventDefault();
                  void runSelfTest();
                }}
              >
                <label for="self-test-seeds">{t('author.selfTest.seeds')}</label>
                <input id="self-test-seeds" ref={seedsInput} placeholder="seed-1, seed-2" autocomplete="off" />
                <button type="submit" disabled={test.busy()}>
                  {test.busy() ? t('author.selfTest.running') : t('author.selfTest.run')}
                </button>
              </form>
              <StatusMessage status={test.status()} />
              <Show when={selfTest()}>{(result) => <SelfTestResults result={result()} onPickTask={goToTask} />}</Show>
            </Panel>
            <Panel tab="variant" current={tab()}>
              <VariantPanel draftId={props.draftId} beforeShow={saveAll} />
            </Panel>
            <Panel tab="versions" current={tab()}>
              <VersionsPanel labId={current().labId} refresh={versionsRefresh()} />
            </Panel>
          </Show>
          <ConfirmDialog
            open={publishing()}
            title={t('author.publish.title', {
              title: current().title ?? current().labId,
              version: current().version ?? '',
            })}
            confirmLabel={t('author.publish.confirm')}
            onConfirm={() => void runPublish()}
            onCancel={() => setPublishing(false)}
          >
            <p>{t('author.publish.text')}</p>
          </ConfirmDialog>
        </section>
      )}
    </Loaded>
  );
}

/** The lab editor page of one draft. */
export default function DraftEditorPage() {
  const params = useParams<{ draftId: string }>();
  return <AuthorsOnly>{(access) => <DraftEditor draftId={Number(params.draftId)} access={access} />}</AuthorsOnly>;
}
