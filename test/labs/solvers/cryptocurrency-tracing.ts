import type { EvidenceFiles, LabSolver } from '../solver-harness.ts';
import { csvRows } from './csv-rows.ts';

/*
 * Independent solver of "Following a ransom through a peel chain": reads the payment record, the
 * Tracefold CSV exports and Cobaltline's reply the way an analyst would (the ransom output, the
 * transaction that spent it, on along the output that is spent again and not paid to a service),
 * never the generator's values.
 */

/** Categories of services where the chain ends (KE/3). */
const SERVICES = ['exchange', 'instant exchange', 'broker'];

/** BTC with eight decimals as whole satoshis, so sums are exact. */
const sats = (amount: string): number => {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100_000_000 + Number(fraction.padEnd(8, '0'));
};
const btc = (value: number): string =>
  `${Math.floor(value / 100_000_000)}.${String(value % 100_000_000).padStart(8, '0')}`;

interface Reading {
  chain: string[];
  outputs: Record<string, string>[];
  entityOf: Map<string, Record<string, string>>;
  consolidation: string;
  letter: string;
  logins: Record<string, string>[];
  paymentTxid: string;
}

function read(evidence: EvidenceFiles): Reading {
  const payment = evidence.get('payment-record')!.toString('utf8');
  const ransom = /Destination:\s+(\S+)/u.exec(payment)![1]!;
  const paymentTxid = /Transaction id:\s+([0-9a-f]{64})/u.exec(payment)![1]!;
  const outputs = csvRows(evidence.get('tx-outputs')!.toString('utf8'));
  const entityOf = new Map(
    csvRows(evidence.get('cluster-attribution')!.toString('utf8')).map((row) => [row.address!, row]),
  );
  const isService = (address: string) => SERVICES.includes(entityOf.get(address)?.category ?? '');

  const chain: string[] = [];
  let current = outputs.find((row) => row.txid === paymentTxid && row.address === ransom)!.spent_by_txid!;
  let consolidation = '';
  while (current) {
    chain.push(current);
    const onward = outputs.filter(
      (row) => row.txid === current && row.spent_by_txid !== '' && !isService(row.address!),
    );
    if (onward.length === 0) {
      consolidation = outputs.find((row) => row.txid === current && row.spent_by_txid !== '')?.spent_by_txid ?? '';
      break;
    }
    current = onward[0]!.spent_by_txid!;
  }
  return {
    chain,
    outputs,
    entityOf,
    consolidation,
    letter: evidence.get('cobaltline-response')!.toString('utf8'),
    logins: csvRows(evidence.get('cobaltline-logins')!.toString('utf8')),
    paymentTxid,
  };
}

/** The account block of the letter that lists an address among its deposit addresses. */
const accountBlock = (letter: string, address: string): string =>
  letter.split(/\n(?=\d+\. Account )/u).find((block) => /Deposit addresses:.*/u.exec(block)?.[0].includes(address))!;

const cobaltTotal = (reading: Reading, txids: string[]): string =>
  btc(
    reading.outputs
      .filter(
        (row) => txids.includes(row.txid!) && reading.entityOf.get(row.address!)?.entity === 'Cobaltline Exchange',
      )
      .reduce((sum, row) => sum + sats(row.amount_btc!), 0),
  );

/** The session of an account open at an instant; the login file is CET (UTC+01:00) without an offset. */
function sessionAt(reading: Reading, account: string, instant: number, offsetHours: number): string | undefined {
  const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}Z`) - offsetHours * 3_600_000;
  return reading.logins.find(
    (row) => row.account_id === account && at(row.login_time_cet!) <= instant && instant <= at(row.session_end_cet!),
  )?.ip;
}

export const solve: LabSolver = (evidence) => {
  const reading = read(evidence);
  const { chain, outputs, letter } = reading;
  const sweep = outputs.find((row) => row.txid === chain.at(-1))!;
  const block = accountBlock(letter, sweep.address!);
  const account = /Account (CBL-\d+)/u.exec(block)![1]!;
  const holder = /Account holder:\s+(.+)/u.exec(block)![1]!.trim();
  const withdrawal = Date.parse(`${/Withdrawal requested:\s+(\S+ \S+) UTC/u.exec(block)![1]!.replace(' ', 'T')}Z`);
  const changeVout = outputs.find((row) => row.txid === chain[1] && row.spent_by_txid === chain[2])!.vout!;

  return {
    'chain-hops': chain,
    'change-output': `vout-${changeVout}`,
    'heuristic-limits': ['coinjoin', 'custodial', 'defeatable', 'corroborate'],
    'exchange-total': `${cobaltTotal(reading, chain)} BTC`,
    'account-holder': holder,
    'login-ip': sessionAt(reading, account, withdrawal, 1)!,
    'orders-and-powers': {
      'cobaltline-records': 'production-data',
      'isp-subscriber': 'production-subscriber',
      'isp-logs': 'preservation',
      'account-balance': 'freezing',
    },
    'freezing-request': ['identifiers', 'link', 'legal-basis', 'urgency'],
  };
};

/** The answers of a trainee who falls for each task's trap: each must be graded, and not correct. */
export const commonMistakes: LabSolver = (evidence) => {
  const reading = read(evidence);
  const right = solve(evidence);
  const { chain, outputs, letter } = reading;
  const sweep = outputs.find((row) => row.txid === chain.at(-1))!;
  const block = accountBlock(letter, sweep.address!);
  const account = /Account (CBL-\d+)/u.exec(block)![1]!;
  const otherHolder = [...letter.matchAll(/Account holder:\s+(.+)/gu)]
    .map((match) => match[1]!.trim())
    .find((name) => name !== right['account-holder'])!;
  const withdrawal = Date.parse(`${/Withdrawal requested:\s+(\S+ \S+) UTC/u.exec(block)![1]!.replace(' ', 'T')}Z`);
  const allTxids = [...new Set(outputs.map((row) => row.txid!))].filter((txid) => txid !== reading.consolidation);
  return {
    'chain-hops': [...chain, reading.consolidation],
    'change-output': right['change-output'] === 'vout-0' ? 'vout-1' : 'vout-0',
    'heuristic-limits': ['coinjoin', 'custodial', 'defeatable', 'corroborate', 'high-proves'],
    'exchange-total': cobaltTotal(reading, allTxids),
    'account-holder': otherHolder,
    'login-ip': sessionAt(reading, account, withdrawal, 0)!,
    'orders-and-powers': {
      'cobaltline-records': 'production-subscriber',
      'isp-subscriber': 'production-subscriber',
      'isp-logs': 'preservation',
      'account-balance': 'preservation',
    },
    'freezing-request': ['identifiers', 'link', 'legal-basis', 'urgency', 'offender-named'],
  };
};
