import { A } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, Show } from 'solid-js';
import { Loaded } from '../../components/Loaded.tsx';
import { createAction, StatusMessage } from '../../components/StatusMessage.tsx';
import { t } from '../../i18n/messages.ts';
import {
  adminPackages,
  problemPlace,
  type PackageInspection,
  type PackageInstallation,
  type PackageLab,
} from '../../lib/admin-packages.ts';
import { adminOverview } from '../../lib/admin-overview.ts';
import { FileDropZone } from '../../components/FileDropZone.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import './admin.css';
import './packages.css';

/** What installing would do to one lab, in plain words. */
function labAction(lab: PackageLab): string {
  switch (lab.action) {
    case 'install':
      return t('packages.action.install', { version: lab.version });
    case 'new-version':
      return t('packages.action.newVersion', { version: lab.version, installed: lab.installedVersion ?? '—' });
    case 'unchanged':
      return t('packages.action.unchanged', { version: lab.version });
    default:
      return lab.installedVersion === null
        ? t('packages.action.refused')
        : t('packages.action.refusedInstalled', { installed: lab.installedVersion });
  }
}

/** The package's labs: title and id, and what installing does to each. */
function PackageLabs(props: { inspection: PackageInspection }) {
  return (
    <section aria-labelledby="package-labs-title">
      <h3 id="package-labs-title">
        {props.inspection.kind === 'course'
          ? t('packages.labs.course', {
              title: props.inspection.course?.title ?? props.inspection.id,
              count: props.inspection.labs.length,
            })
          : t('packages.labs.lab')}
      </h3>
      <ul class="package-labs" data-testid="package-labs">
        <For each={props.inspection.labs}>
          {(lab) => (
            <li classList={{ refused: lab.action === 'refused' }}>
              <strong>{lab.title ?? lab.id}</strong> <code class="muted">{lab.id}</code>
              <span class="block">{labAction(lab)}</span>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.inspection.course}>
        {(course) => (
          <p data-testid="package-course">
            {t(`packages.course.${course().action}`, { title: course().title ?? course().id })}
          </p>
        )}
      </Show>
    </section>
  );
}

/** Every problem with where it is (file:line:column field), as the validator writes it. */
function PackageProblems(props: { inspection: PackageInspection }) {
  return (
    <Show
      when={props.inspection.problems.length > 0}
      fallback={
        <p class="success" data-testid="package-no-problems">
          {props.inspection.validation === 'full' ? t('packages.noProblems') : t('packages.noProblemsYet')}
        </p>
      }
    >
      <section class="package-problems" aria-labelledby="package-problems-title" data-testid="package-problems">
        <h3 id="package-problems-title">{t('packages.problems', { count: props.inspection.problems.length })}</h3>
        <p>{t('packages.problemsHelp')}</p>
        <ul>
          <For each={props.inspection.problems}>
            {(problem) => (
              <li>
                <code>{problemPlace(problem)}</code>
                <span class="block">{problem.message}</span>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}

/** The generator code in full, with the warning that it runs on the server. */
function PackageCodeView(props: { inspection: PackageInspection }) {
  return (
    <section class="package-code" aria-labelledby="package-code-title" data-testid="package-code">
      <h3 id="package-code-title">{t('packages.code.title', { count: props.inspection.code.length })}</h3>
      <div class="package-warning" role="note">
        <p>
          <strong>{t('packages.code.warningTitle')}</strong>
        </p>
        <p>{t('packages.code.warning')}</p>
      </div>
      <For each={props.inspection.code}>
        {(file) => (
          <figure class="package-code-file">
            <figcaption>
              <code>{file.path}</code> <span class="muted small">{t('packages.code.size', { bytes: file.size })}</span>
            </figcaption>
            {/* Focusable so that the keyboard can scroll it too. */}
            <pre tabindex="0" role="region" aria-label={t('packages.code.fileLabel', { path: file.path })}>
              {file.text}
            </pre>
          </figure>
        )}
      </For>
    </section>
  );
}

/** What an installation made live. */
function InstallationResult(props: { result: PackageInstallation }) {
  return (
    <section class="package-result" role="status" aria-labelledby="package-result-title" data-testid="package-result">
      <h3 id="package-result-title">{t('packages.result.title')}</h3>
      <ul>
        <For each={props.result.installed}>
          {(lab) => (
            <li>
              <code>{lab.labId}</code>{' '}
              {lab.previousVersion === null
                ? t('packages.result.new', { version: lab.version })
                : t('packages.result.newVersion', { version: lab.version, previous: lab.previousVersion })}
            </li>
          )}
        </For>
        <For each={props.result.unchanged}>
          {(id) => (
            <li>
              <code>{id}</code> {t('packages.result.unchanged')}
            </li>
          )}
        </For>
        <Show when={props.result.course}>
          {(course) => <li>{t('packages.result.course', { title: course().title })}</li>}
        </Show>
      </ul>
      <p>{t('packages.result.live')}</p>
    </section>
  );
}

/** Choose a package, read what it would install, confirm its code, install it. */
function InstallPackage(props: { onInstalled: () => void }) {
  const [file, setFile] = createSignal<File>();
  const [inspection, setInspection] = createSignal<PackageInspection>();
  // Whether the inspection shown, and so the installation, treats installed lab ids as new versions.
  const [asNewVersion, setAsNewVersion] = createSignal(false);
  const [confirmed, setConfirmed] = createSignal(false);
  const [result, setResult] = createSignal<PackageInstallation>();
  const inspecting = createAction();
  const installing = createAction();
  let fileInput!: HTMLInputElement;

  const choose = async (chosen: File | undefined) => {
    if (!chosen) return;
    setFile(chosen);
    setInspection(undefined);
    setResult(undefined);
    setConfirmed(false);
    setAsNewVersion(false);
    installing.setStatus(undefined);
    await inspecting.run(async () => {
      let report = await adminPackages.inspect(chosen, false);
      // An installed lab or course can only come in as its new version: show what that would do instead.
      const taken =
        report.labs.some((lab) => lab.installedVersion !== null && lab.action === 'refused') ||
        report.course?.action === 'refused';
      if (!report.installable && taken) {
        const asNew = await adminPackages.inspect(chosen, true);
        if (asNew.problems.length <= report.problems.length) {
          report = asNew;
          setAsNewVersion(true);
        }
      }
      setInspection(report);
    });
    // The same file can be chosen again after a change on the server.
    fileInput.value = '';
  };

  const hasCode = () => (inspection()?.code.length ?? 0) > 0;
  const mayInstall = () =>
    !!inspection()?.installable && (!hasCode() || confirmed()) && !installing.busy() && !result();

  const install = async () => {
    const chosen = file();
    const report = inspection();
    if (!chosen || !report) return;
    await installing.run(async () => {
      setResult(await adminPackages.install(chosen, asNewVersion(), report.codeSha256));
      props.onInstalled();
    });
  };

  return (
    <section class="package-install" aria-labelledby="install-title">
      <h2 id="install-title">{t('packages.install.title')}</h2>
      <p>{t('packages.install.intro')}</p>
      <FileDropZone
        testId="package-drop-zone"
        label={t('packages.install.dropZone')}
        prompt={t('packages.install.drop')}
        chooseLabel={t('packages.install.choose')}
        fileLabel={t('packages.install.fileLabel')}
        inputId="package-file"
        accept=".zip,application/zip"
        inputRef={(input) => {
          fileInput = input;
        }}
        onFile={(chosen) => void choose(chosen)}
      >
        <Show when={file()}>
          {(chosen) => (
            <p class="package-chosen" data-testid="package-chosen">
              {t('packages.install.chosen', { name: chosen().name })}
            </p>
          )}
        </Show>
      </FileDropZone>
      <Show when={inspecting.busy()}>
        <p class="loading">{t('packages.install.inspecting')}</p>
      </Show>
      <div data-testid="package-inspect-status">
        <StatusMessage status={inspecting.status()} />
      </div>
      <Show when={inspection()}>
        {(shown) => (
          <div class="package-report" data-testid="package-report">
            <PackageLabs inspection={shown()} />
            <PackageProblems inspection={shown()} />
            <Show when={shown().code.length > 0}>
              <PackageCodeView inspection={shown()} />
            </Show>
            <Show when={!result()}>
              <div class="package-confirm">
                <Show when={shown().code.length > 0 && shown().installable}>
                  <label class="package-confirm-code">
                    <input
                      type="checkbox"
                      checked={confirmed()}
                      onChange={(event) => setConfirmed(event.currentTarget.checked)}
                    />{' '}
                    {t('packages.code.confirm')}
                  </label>
                </Show>
                <Show when={asNewVersion()}>
                  <p class="muted">{t('packages.install.newVersionHelp')}</p>
                </Show>
                <button type="button" class="primary" disabled={!mayInstall()} onClick={() => void install()}>
                  {installing.busy()
                    ? t('packages.install.installing')
                    : asNewVersion()
                      ? t('packages.install.asNewVersion')
                      : t('packages.install.install')}
                </button>
                <Show when={!shown().installable}>
                  <p class="muted">{t('packages.install.cannot')}</p>
                </Show>
              </div>
            </Show>
          </div>
        )}
      </Show>
      <div data-testid="package-install-status">
        <StatusMessage status={installing.status()} />
      </div>
      <Show when={result()}>{(done) => <InstallationResult result={done()} />}</Show>
    </section>
  );
}

/** Download the package of an installed lab or course, chosen by title. */
function ExportPackage(props: { version: number }) {
  const [overview] = createResource(
    () => props.version + 1,
    () => adminOverview.overview(),
  );
  const [chosen, setChosen] = createSignal('');
  return (
    <section class="package-export" aria-labelledby="export-title">
      <h2 id="export-title">{t('packages.export.title')}</h2>
      <p>{t('packages.export.intro')}</p>
      <Loaded resource={overview}>
        {(shown) => {
          const labs = createMemo(() =>
            [...shown().library.labs].sort((left, right) => left.title.localeCompare(right.title)),
          );
          const courses = createMemo(() =>
            [...shown().library.courses].sort((left, right) => left.title.localeCompare(right.title)),
          );
          return (
            <div class="package-export-form">
              <label for="export-choice">{t('packages.export.choose')}</label>
              <select id="export-choice" value={chosen()} onChange={(event) => setChosen(event.currentTarget.value)}>
                <option value="" selected={chosen() === ''}>
                  {t('packages.export.none')}
                </option>
                <optgroup label={t('packages.export.courses')}>
                  <For each={courses()}>
                    {(course) => (
                      <option value={course.id} selected={chosen() === course.id}>
                        {course.title}
                      </option>
                    )}
                  </For>
                </optgroup>
                <optgroup label={t('packages.export.labs')}>
                  <For each={labs()}>
                    {(lab) => (
                      <option value={lab.id} selected={chosen() === lab.id}>
                        {t('packages.export.labOption', { title: lab.title, version: lab.version })}
                      </option>
                    )}
                  </For>
                </optgroup>
              </select>
              <Show when={chosen()} fallback={<span class="muted">{t('packages.export.pick')}</span>}>
                {(id) => (
                  <a
                    class="button"
                    href={adminPackages.exportUrl(id())}
                    download={`${id()}.zip`}
                    data-testid="export-link"
                  >
                    {t('packages.export.download', { id: id() })}
                  </a>
                )}
              </Show>
            </div>
          );
        }}
      </Loaded>
    </section>
  );
}

/** Lab packages (issue #14): install one from a .zip after reading it, and download one of an installed lab or course. */
export default function PackagesPage() {
  const [installs, setInstalls] = createSignal(0);
  return (
    <AdminOnly>
      <section class="page packages-page">
        <p class="muted small">
          <A href="/admin">{t('packages.back')}</A>
        </p>
        <h1>{t('packages.title')}</h1>
        <p>{t('packages.intro')}</p>
        <InstallPackage onInstalled={() => setInstalls((value) => value + 1)} />
        <ExportPackage version={installs()} />
      </section>
    </AdminOnly>
  );
}
