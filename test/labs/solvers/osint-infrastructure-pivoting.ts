import { createHash } from 'node:crypto';
import type { EvidenceFiles, LabSolver } from '../solver-harness.ts';
import { csvRows } from './csv-rows.ts';

/*
 * Independent solver of "Pivoting from a phishing domain to the actor's infrastructure": reads the
 * RDAP response, the passive DNS and CT exports, the page scans, the hosting context and the capture
 * log the way an analyst would (the phishing page's address and tracking id, then every pivot
 * specific to the actor within the campaign's window), never the generator's values.
 */

interface RdapEntity {
  roles: string[];
  vcardArray?: [string, [string, unknown, string, unknown][]];
}
interface Rdap {
  ldhName: string;
  events: { eventAction: string; eventDate: string }[];
  entities: RdapEntity[];
}

const PARKED = /parked/iu;
const registered = (name: string): string => name.replace(/^www\./u, '');

function read(evidence: EvidenceFiles) {
  const rdapText = evidence.get('rdap-response')!.toString('utf8');
  const rdap = JSON.parse(rdapText) as Rdap;
  const pdns = csvRows(evidence.get('passive-dns')!.toString('utf8'));
  const ct = csvRows(evidence.get('ct-search')!.toString('utf8'));
  const scans = evidence
    .get('page-scans')!
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, string>);
  const captures = csvRows(evidence.get('capture-log')!.toString('utf8'));
  const domain = rdap.ldhName;
  const registeredAt = Date.parse(rdap.events.find((event) => event.eventAction === 'registration')!.eventDate);
  return { rdapText, rdap, pdns, ct, scans, captures, domain, registeredAt };
}

export const solve: LabSolver = (evidence) => {
  const { rdapText, rdap, pdns, ct, scans, captures, domain, registeredAt } = read(evidence);

  const fileHash = createHash('sha256').update(rdapText, 'utf8').digest('hex');
  const capture = captures.find((row) => row.saved_as === 'rdap-response.json' && row.sha256 === fileHash)!;

  // The phishing page (not the parking page) of the domain: its address and tracking id.
  const phishingScan = scans.find((scan) => scan.domain === domain && !PARKED.test(scan.page_title!))!;
  const phishingIp = phishingScan.ip!;
  const scanned = Date.parse(phishingScan.scanned_at!);
  const servedThen = pdns.find(
    (row) =>
      row.rrname === domain &&
      row.rrtype === 'A' &&
      Date.parse(row.first_seen!) <= scanned &&
      scanned <= Date.parse(row.last_seen!),
  );
  if (servedThen?.rdata !== phishingIp) throw new Error('the scan and passive DNS disagree');
  const trackingId = phishingScan.tracking_id!;

  // Pivots specific to the actor, inside the campaign's window (from the registration on).
  const inWindow = (row: Record<string, string>) => Date.parse(row.last_seen!) >= registeredAt;
  const actorNs = pdns
    .filter(
      (row) =>
        row.rrname === domain &&
        row.rrtype === 'NS' &&
        Date.parse(row.first_seen!) >= Date.parse(servedThen.first_seen!) - 3_600_000,
    )
    .map((row) => row.rdata!);
  const related = new Set<string>();
  for (const row of pdns.filter(inWindow)) {
    if (row.rrtype === 'A' && row.rdata === phishingIp) related.add(registered(row.rrname!));
    if (row.rrtype === 'NS' && actorNs.includes(row.rdata!)) related.add(registered(row.rrname!));
  }
  const actorCerts = new Set(ct.filter((row) => row.common_name === domain).map((row) => row.crt_id!));
  for (const row of ct.filter((item) => actorCerts.has(item.crt_id!))) related.add(registered(row.san!));
  for (const scan of scans.filter((item) => item.tracking_id === trackingId)) related.add(registered(scan.domain!));
  related.delete(domain);

  // Certificates of the actor's names, and their names passive DNS never saw.
  const actorNames = new Set([domain, ...related]);
  const resolved = new Set(pdns.map((row) => row.rrname!));
  const certOnly = ct
    .filter((row) => actorNames.has(row.common_name!) && !resolved.has(row.san!))
    .map((row) => row.san!);

  const registrar = rdap.entities.find((entity) => entity.roles.includes('registrar'))!;
  const adr = registrar.vcardArray![1].find((field) => field[0] === 'adr')![3] as string[];
  const state = adr[6]!;

  return {
    'registration-time': rdap.events.find((event) => event.eventAction === 'registration')!.eventDate,
    'rdap-capture': capture.captured_at!,
    'phishing-ip': phishingIp,
    'tracking-id': trackingId,
    'actor-domains': [...related],
    'cert-only-domain': certOnly[0]!,
    'source-limits': ['pdns-observed', 'shared-hosting', 'ct-issuance'],
    'registrant-route': ['Vessaland', 'Halvey'].includes(state) ? 'sap-art6' : 'mla',
  };
};

/** The answers of a trainee who falls for each task's trap: each must be graded, and not correct. */
export const commonMistakes: LabSolver = (evidence) => {
  const { rdap, pdns, ct, scans, captures, domain } = read(evidence);
  const right = solve(evidence);
  const firstA = pdns
    .filter((row) => row.rrname === domain && row.rrtype === 'A')
    .sort((a, b) => Date.parse(a.first_seen!) - Date.parse(b.first_seen!))[0]!;
  const parkedScan = scans.find((scan) => scan.domain === domain && PARKED.test(scan.page_title!))!;
  // Everything that ever shared an address or a name server with the domain.
  const values = new Set(pdns.filter((row) => row.rrname === domain).map((row) => row.rdata!));
  const sharing = new Set(pdns.filter((row) => values.has(row.rdata!)).map((row) => registered(row.rrname!)));
  sharing.delete(domain);
  const resolved = new Set(pdns.map((row) => row.rrname!));
  const resellerCert = ct.find((row) => row.san === domain && row.common_name !== domain)!.crt_id;
  const resellerUnseen = ct.find(
    (row) => row.crt_id === resellerCert && !resolved.has(row.san!) && !row.san!.startsWith('sni-'),
  )!;
  return {
    'registration-time': rdap.events.find((event) => event.eventAction === 'last changed')!.eventDate,
    'rdap-capture': captures.find(
      (row) => row.saved_as === 'rdap-response.json' && row.captured_at !== right['rdap-capture'],
    )!.captured_at!,
    'phishing-ip': firstA.rdata!,
    'tracking-id': parkedScan.tracking_id!,
    'actor-domains': [...sharing],
    'cert-only-domain': resellerUnseen.san!,
    'source-limits': ['pdns-observed', 'pdns-owner', 'ct-issuance'],
    'registrant-route': right['registrant-route'] === 'mla' ? 'sap-art6' : 'mla',
  };
};
