import type { LabSolver } from '../solver-harness.ts';

/*
 * Independent solver of "Cloud account takeover at the ministry's supplier": reads the exported JSON
 * lines and the case note the way an analyst would (the account whose password the administrator
 * reset, its successful sign-ins from outside the tenant's region, the audit records from those
 * addresses), never the generator's values.
 */

/** The tenant's own region in the sign-in log's locations (brief). */
const HOME_REGION = 'ZZ';

type Json = Record<string, unknown>;
interface NameValue {
  Name: string;
  Value?: string;
  NewValue?: string;
}

const jsonLines = (text: string): Json[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Json);

/** The audit log's CreationTime is UTC written without a zone letter (TH/5). */
const auditInstant = (record: Json): string => `${String(record.CreationTime)}Z`;
const millis = (iso: string): number => Date.parse(iso);

export const solve: LabSolver = (evidence) => {
  const signIns = jsonLines(evidence.get('signin-log')!.toString('utf8'));
  const audit = jsonLines(evidence.get('audit-log')!.toString('utf8'));
  const caseNote = evidence.get('case-note')!.toString('utf8');

  // The account: the one whose password the administrator reset.
  const reset = audit.find((record) => record.Operation === 'Reset user password.')!;
  const victim = (reset.Target as { ID: string; Type: number }[]).find((target) => target.Type === 5)!.ID;

  // Its successful sign-ins from outside the home region: impossible travel and the intruder's addresses.
  const foreign = signIns
    .filter(
      (entry) =>
        entry.userPrincipalName === victim &&
        (entry.status as { errorCode: number }).errorCode === 0 &&
        (entry.location as { countryOrRegion: string }).countryOrRegion !== HOME_REGION,
    )
    .sort((a, b) => millis(String(a.createdDateTime)) - millis(String(b.createdDateTime)));
  const firstSignIn = String(foreign[0]!.createdDateTime);
  const intruderIps = [...new Set(foreign.map((entry) => String(entry.ipAddress)))];
  const fromIntruder = audit.filter((record) => intruderIps.includes(String(record.ClientIP)));

  // The rule created from those addresses, and every change to it.
  const created = fromIntruder.find((record) => record.Operation === 'New-InboxRule')!;
  const parameters = (record: Json) => record.Parameters as NameValue[];
  const ruleName = parameters(created).find((parameter) => parameter.Name === 'Name')!.Value!;
  const changes = fromIntruder.filter(
    (record) =>
      record.Operation === 'Set-InboxRule' &&
      parameters(record).some((parameter) => parameter.Name === 'Identity' && parameter.Value === ruleName),
  );
  const settings = new Map<string, string>();
  for (const record of [created, ...changes])
    for (const parameter of parameters(record)) settings.set(parameter.Name, parameter.Value ?? '');
  const actions: string[] = [];
  const folder = settings.get('MoveToFolder');
  if (folder === 'RSS Feeds') actions.push('rss');
  if (folder === 'Deleted Items') actions.push('deleted');
  if (settings.get('DeleteMessage') === 'True') actions.push('delete');
  if (settings.has('ForwardTo') || settings.has('RedirectTo')) actions.push('forward');
  if (settings.get('MarkAsRead') === 'True') actions.push('read');
  if (settings.get('StopProcessingRules') === 'True') actions.push('stop');

  // The consent: the application by its id (its name is accepted too, but several trainees may share a
  // name, never an id), the scopes in its permissions.
  const consent = fromIntruder.find((record) => record.Operation === 'Consent to application.')!;
  const appId = (consent.ModifiedProperties as NameValue[]).find(
    (property) => property.Name === 'TargetId.ServicePrincipalNames',
  )!.NewValue!;
  const permissions = (consent.ModifiedProperties as NameValue[]).find(
    (property) => property.Name === 'ConsentAction.Permissions',
  )!.NewValue!;
  const scopes = /Scope:\s+([^,]+),/u.exec(permissions)![1]!.trim().split(/\s+/u);

  // The invoice the fraudulent message quotes (its In-Reply-To in the case note), and what was read.
  const invoiceId = /In-Reply-To:\s*(<[^>]+>)/u.exec(caseNote)![1]!;
  const reads = fromIntruder.filter((record) => record.Operation === 'MailItemsAccessed');
  const messageIdOf = (record: Json): string =>
    (record.Folders as { FolderItems: { InternetMessageId: string }[] }[])[0]!.FolderItems[0]!.InternetMessageId;
  const invoiceReads = reads.filter((record) => messageIdOf(record) === invoiceId).map(auditInstant);
  const firstInvoiceRead = invoiceReads.sort((a, b) => millis(a) - millis(b))[0]!;
  const distinctRead = new Set(reads.map(messageIdOf)).size;

  // The last trace of the intruder in either log.
  const times = [
    ...fromIntruder.map(auditInstant),
    ...signIns
      .filter((entry) => intruderIps.includes(String(entry.ipAddress)))
      .map((entry) => String(entry.createdDateTime)),
  ];
  const last = times.reduce((latest, time) => (millis(time) > millis(latest) ? time : latest));

  return {
    'first-signin': firstSignIn,
    'attacker-ips': intruderIps,
    'rule-name': ruleName,
    'rule-actions': actions,
    'oauth-app': appId,
    'app-permissions': scopes,
    'invoice-read': firstInvoiceRead,
    'messages-read': String(distinctRead),
    'access-end': last,
  };
};

/**
 * The answers of a trainee who falls for the lab's traps, read from the same evidence: the first attempt
 * rather than the first success, every foreign address in the log, the first rule in the log, the rule as
 * first created, the sign-in application, a scope left out, the owner's own opening of the invoice, records
 * counted instead of messages, the password reset taken for the end of the access.
 */
export const commonMistakes: LabSolver = (evidence) => {
  const signIns = jsonLines(evidence.get('signin-log')!.toString('utf8'));
  const audit = jsonLines(evidence.get('audit-log')!.toString('utf8'));
  const right = solve(evidence);
  const reset = audit.find((record) => record.Operation === 'Reset user password.')!;
  const victim = (reset.Target as { ID: string; Type: number }[]).find((target) => target.Type === 5)!.ID;
  const foreignAttempts = signIns.filter(
    (entry) =>
      entry.userPrincipalName === victim &&
      (entry.location as { countryOrRegion: string }).countryOrRegion !== HOME_REGION,
  );
  const firstAttempt = foreignAttempts
    .map((entry) => String(entry.createdDateTime))
    .sort((a, b) => millis(a) - millis(b))[0]!;
  const everyForeignIp = [
    ...new Set(
      signIns
        .filter((entry) => (entry.location as { countryOrRegion: string }).countryOrRegion !== HOME_REGION)
        .map((entry) => String(entry.ipAddress)),
    ),
  ];
  const firstRule = audit.find((record) => record.Operation === 'New-InboxRule')!;
  const firstRuleName = (firstRule.Parameters as NameValue[]).find((parameter) => parameter.Name === 'Name')!.Value!;
  const invoiceId = /In-Reply-To:\s*(<[^>]+>)/u.exec(evidence.get('case-note')!.toString('utf8'))![1]!;
  const firstOpening = audit.find(
    (record) => record.Operation === 'MailItemsAccessed' && JSON.stringify(record.Folders).includes(invoiceId),
  )!;
  const intruderIps = right['attacker-ips'] as string[];
  const records = audit.filter(
    (record) => record.Operation === 'MailItemsAccessed' && intruderIps.includes(String(record.ClientIP)),
  ).length;
  return {
    'first-signin': firstAttempt,
    'attacker-ips': everyForeignIp,
    'rule-name': firstRuleName,
    'rule-actions': (right['rule-actions'] as string[]).filter((action) => action !== 'forward'),
    'oauth-app': 'OfficeHome',
    'app-permissions': (right['app-permissions'] as string[]).slice(1),
    'invoice-read': auditInstant(firstOpening),
    'messages-read': String(records),
    'access-end': auditInstant(reset),
  };
};
