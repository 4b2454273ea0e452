import { A } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { createAction, StatusMessage } from '../../components/StatusMessage.tsx';
import { t, type MessageKey } from '../../i18n/messages.ts';
import { adminAccounts, ROLES, type Account, type OneTimeLink, type Role } from '../../lib/admin-accounts.ts';
import { client, read } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { useSession } from '../../lib/session.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import { AdminAudit, AdminOverview } from './AdminOverview.tsx';
import { ImportAccounts } from './ImportAccounts.tsx';
import { OneTimeLinkPanel } from './OneTimeLinkPanel.tsx';
import { Pager } from './Pager.tsx';
import './admin.css';

const PAGE_SIZE = 50;

const roleName = (role: Role) => t(`admin.role.${role}` as MessageKey);

function RoleSelect(props: {
  id: string;
  name?: string;
  value: Role;
  label?: string;
  onChange?: (role: Role) => void;
}) {
  return (
    <select
      id={props.id}
      name={props.name}
      aria-label={props.label}
      value={props.value}
      onChange={(event) => props.onChange?.(event.currentTarget.value as Role)}
    >
      <For each={ROLES}>{(role) => <option value={role}>{roleName(role)}</option>}</For>
    </select>
  );
}

/** Creates one account; its one-time link goes up to the page, which shows it once. */
function CreateAccountForm(props: { onCreated: (link: OneTimeLink, name: string) => void }) {
  const { busy, error, run } = createAction();
  const [role, setRole] = createSignal<Role>('trainee');
  const [cohorts] = createResource(async () => (await read(client.cohorts.$get())).cohorts);
  let form!: HTMLFormElement;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(form);
    const cohort = String(data.get('cohortId') ?? '');
    await run(async () => {
      const created = await adminAccounts.create({
        username: String(data.get('username') ?? ''),
        displayName: String(data.get('displayName') ?? ''),
        role: role(),
        ...(role() === 'trainee' && cohort ? { cohortId: Number(cohort) } : {}),
      });
      form.reset();
      setRole('trainee');
      props.onCreated(created.link, created.account.displayName);
    });
  };
  return (
    <form ref={form} class="inline-form create-account" onSubmit={submit} aria-labelledby="create-account-title">
      <h2 id="create-account-title">{t('admin.create.title')}</h2>
      <p class="muted">{t('admin.create.help')}</p>
      <div class="create-account-fields">
        <div>
          <label for="new-username">{t('admin.create.username')}</label>
          <input id="new-username" name="username" required maxlength="40" autocomplete="off" spellcheck={false} />
        </div>
        <div>
          <label for="new-display-name">{t('admin.create.displayName')}</label>
          <input id="new-display-name" name="displayName" required maxlength="80" autocomplete="off" />
        </div>
        <div>
          <label for="new-role">{t('admin.create.role')}</label>
          <RoleSelect id="new-role" name="role" value={role()} onChange={setRole} />
        </div>
        <Show when={role() === 'trainee'}>
          <div>
            <label for="new-cohort">{t('admin.create.cohort')}</label>
            <select id="new-cohort" name="cohortId">
              <option value="">{t('admin.create.noCohort')}</option>
              <For each={(cohorts.latest ?? []).filter((cohort) => !cohort.archivedAt)}>
                {(cohort) => <option value={cohort.id}>{cohort.name}</option>}
              </For>
            </select>
          </div>
        </Show>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {t('admin.create.submit')}
      </button>
    </form>
  );
}

/** What an administrator is about to do to an account, waiting for their confirmation. */
type Pending =
  | { kind: 'disable' | 'enable' | 'reset' | 'endSessions'; account: Account }
  | { kind: 'role'; account: Account; role: Role };

type ActionKind = Exclude<Pending['kind'], 'role'>;

/** One of a row's action buttons: named with the account for a screen reader, and asking for confirmation. */
function ActionButton(props: {
  kind: ActionKind;
  account: Account;
  disabled?: boolean;
  onPick: (pending: Pending) => void;
}) {
  return (
    <button
      type="button"
      disabled={props.disabled}
      aria-label={t(`admin.action.${props.kind}Label` as const, { name: props.account.displayName })}
      onClick={() => props.onPick({ kind: props.kind, account: props.account })}
    >
      {t(`admin.action.${props.kind}` as const)}
    </button>
  );
}

function confirmation(pending: Pending): { title: string; text: string; confirm: string } {
  const name = pending.account.displayName;
  if (pending.kind === 'role')
    return {
      title: t('admin.confirm.roleTitle', { name, role: roleName(pending.role) }),
      text: t('admin.confirm.roleText'),
      confirm: t('admin.confirm.role'),
    };
  return {
    title: t(`admin.confirm.${pending.kind}Title` as MessageKey, { name }),
    text: t(`admin.confirm.${pending.kind}Text` as MessageKey, { name }),
    confirm: t(`admin.confirm.${pending.kind}` as MessageKey),
  };
}

/**
 * A cell's heading written inside it, shown only on narrow screens, where the table's rows stand as
 * cards without the column headings (hidden from screen readers, which have the headings).
 */
function NarrowLabel(props: { text: string }) {
  return (
    <span class="narrow-label" aria-hidden="true">
      {props.text}
    </span>
  );
}

function AccountState(props: { account: Account }) {
  return (
    <Show when={!props.account.disabledAt} fallback={<span class="state-disabled">{t('admin.state.disabled')}</span>}>
      <Show when={props.account.passwordLinkExpiresAt} fallback={t('admin.state.active')}>
        {(expires) => (
          <>
            <span class="block">{t('admin.state.waiting')}</span>
            <span class="muted small">{t('admin.state.linkUntil', { time: formatDateTime(expires()) })}</span>
          </>
        )}
      </Show>
    </Show>
  );
}

/** The accounts: search, a page at a time, and what an administrator can do to each. */
function Accounts(props: { onChanged: () => void }) {
  const session = useSession();
  const [search, setSearch] = createSignal('');
  const [roleFilter, setRoleFilter] = createSignal<Role | ''>('');
  const [offset, setOffset] = createSignal(0);
  const [accounts, { refetch }] = createResource(
    () => ({ q: search().trim(), role: roleFilter() || undefined, limit: PAGE_SIZE, offset: offset() }),
    (query) => adminAccounts.list(query),
  );
  const [link, setLink] = createSignal<{ link: OneTimeLink; name: string }>();
  const [pending, setPending] = createSignal<Pending>();
  // Bumped to put a row's role select back to the stored role after a cancel or a refusal.
  const [roleReset, setRoleReset] = createSignal(0);
  const [importing, setImporting] = createSignal(false);
  const action = createAction();

  const perform = async (todo: Pending) => {
    setPending(undefined);
    const name = todo.account.displayName;
    await action.run(async () => {
      try {
        switch (todo.kind) {
          case 'disable':
            await adminAccounts.disable(todo.account.id);
            return t('admin.done.disable', { name });
          case 'enable':
            await adminAccounts.enable(todo.account.id);
            return t('admin.done.enable', { name });
          case 'role':
            await adminAccounts.changeRole(todo.account.id, todo.role);
            return t('admin.done.role', { name, role: roleName(todo.role) });
          case 'endSessions': {
            const ended = await adminAccounts.endSessions(todo.account.id);
            return t('admin.done.endSessions', { name, count: ended });
          }
          case 'reset':
            setLink({ link: await adminAccounts.resetPassword(todo.account.id), name });
            return undefined;
        }
      } finally {
        setRoleReset((value) => value + 1);
        props.onChanged();
        await refetch();
      }
    });
  };

  const columns: Column<Account>[] = [
    {
      header: t('admin.column.account'),
      rowHeader: true,
      cell: (account) => (
        <>
          <span class="block">{account.displayName}</span>
          <code class="muted">{account.username}</code>
        </>
      ),
    },
    {
      header: t('admin.column.role'),
      cell: (account) => (
        <Show keyed when={roleReset() + 1}>
          <NarrowLabel text={t('admin.column.role')} />
          <RoleSelect
            id={`role-${account.id}`}
            value={account.role}
            label={t('admin.roleOf', { name: account.displayName })}
            onChange={(role) => setPending({ kind: 'role', account, role })}
          />
        </Show>
      ),
    },
    {
      header: t('admin.column.state'),
      cell: (account) => (
        <>
          <NarrowLabel text={t('admin.column.state')} />
          <AccountState account={account} />
        </>
      ),
    },
    {
      header: t('admin.column.created'),
      cell: (account) => (
        <>
          <NarrowLabel text={t('admin.column.created')} />
          {formatDateTime(account.createdAt)}
        </>
      ),
    },
    {
      header: t('admin.column.lastSeen'),
      cell: (account) => (
        <>
          <NarrowLabel text={t('admin.column.lastSeen')} />
          {account.lastSeenAt ? formatDateTime(account.lastSeenAt) : t('admin.never')}
        </>
      ),
    },
    {
      header: t('admin.column.actions'),
      headerHidden: true,
      cell: (account) => (
        <div class="row account-actions">
          <Show
            when={account.disabledAt}
            fallback={
              <ActionButton
                kind="disable"
                account={account}
                disabled={account.id === session.user()?.id}
                onPick={setPending}
              />
            }
          >
            <ActionButton kind="enable" account={account} onPick={setPending} />
          </Show>
          <ActionButton kind="reset" account={account} disabled={Boolean(account.disabledAt)} onPick={setPending} />
          <ActionButton kind="endSessions" account={account} onPick={setPending} />
        </div>
      ),
    },
  ];

  return (
    <>
      {/* Keyed: each new link mounts the panel afresh, which then takes the focus. */}
      <Show when={link()} keyed>
        {(shown) => <OneTimeLinkPanel link={shown.link} name={shown.name} onDone={() => setLink(undefined)} />}
      </Show>
      <div class="row accounts-heading">
        <h2 id="accounts-title">{t('admin.accounts')}</h2>
        <Show when={!importing()}>
          <button type="button" onClick={() => setImporting(true)}>
            {t('admin.import.open')}
          </button>
        </Show>
      </div>
      <Show when={importing()}>
        <ImportAccounts
          onImported={() => {
            props.onChanged();
            void refetch();
          }}
          onClose={() => setImporting(false)}
        />
      </Show>
      <form class="account-search" role="search" onSubmit={(event) => event.preventDefault()}>
        <div class="account-search-text">
          <label for="account-search">{t('admin.search')}</label>
          <input
            id="account-search"
            type="search"
            value={search()}
            autocomplete="off"
            onInput={(event) => {
              setSearch(event.currentTarget.value);
              setOffset(0);
            }}
          />
        </div>
        <div>
          <label for="account-role-filter">{t('admin.filterRole')}</label>
          <select
            id="account-role-filter"
            value={roleFilter()}
            onChange={(event) => {
              setRoleFilter(event.currentTarget.value as Role | '');
              setOffset(0);
            }}
          >
            <option value="">{t('admin.allRoles')}</option>
            <For each={ROLES}>{(role) => <option value={role}>{roleName(role)}</option>}</For>
          </select>
        </div>
      </form>
      <StatusMessage status={action.status()} />
      <Loaded resource={accounts}>
        {(page) => (
          <>
            <div class="account-list">
              <DataTable
                rows={page().accounts}
                columns={columns}
                labelId="accounts-title"
                empty={t('admin.empty')}
                testId="account-table"
              />
            </div>
            <Pager
              offset={page().offset}
              shown={page().accounts.length}
              total={page().total}
              pageSize={PAGE_SIZE}
              onOffset={setOffset}
            />
          </>
        )}
      </Loaded>
      <CreateAccountForm
        onCreated={(created, name) => {
          setLink({ link: created, name });
          props.onChanged();
          void refetch();
        }}
      />
      <Show when={pending()}>
        {(todo) => (
          <ConfirmDialog
            open
            title={confirmation(todo()).title}
            confirmLabel={confirmation(todo()).confirm}
            onConfirm={() => void perform(todo())}
            onCancel={() => {
              setPending(undefined);
              setRoleReset((value) => value + 1);
            }}
          >
            <p>{confirmation(todo()).text}</p>
          </ConfirmDialog>
        )}
      </Show>
    </>
  );
}

/**
 * The administrator's start page: accounts counted, labs and their load status, every cohort; the
 * accounts (one at a time or imported from CSV); the audit log. What changes the accounts reloads
 * the figures and the log.
 */
export default function AdminPage() {
  const [changes, setChanges] = createSignal(0);
  const changed = () => setChanges((value) => value + 1);
  return (
    <AdminOnly>
      <section class="page wide">
        <h1>{t('admin.title')}</h1>
        <p class="admin-links">
          <A href="/admin/packages">{t('packages.link')}</A>
        </p>
        <AdminOverview version={changes()} />
        <Accounts onChanged={changed} />
        <AdminAudit version={changes()} />
      </section>
    </AdminOnly>
  );
}
